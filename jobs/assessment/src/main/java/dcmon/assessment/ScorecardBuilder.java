package dcmon.assessment;

import dcmon.assessment.Table.Column;
import dcmon.assessment.Table.Kind;
import dcmon.assessment.Table.Row;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.FiveYearTarget;
import dcmon.core.registry.IntensityTarget;
import dcmon.core.registry.Product;
import dcmon.core.registry.Registry;
import dcmon.core.registry.YearTarget;
import dcmon.core.scorecard.Scoring;
import dcmon.core.scorecard.ScoringRules;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the annual scorecard of a scope from the registry, the year's data (read as for its December) and the
 * reviewers' qualitative points: a pure function of its inputs (docs/exports.md, *Scorecard*).
 */
public final class ScorecardBuilder {

    private final Registry registry;
    private final Map<String, String> divisions;
    private final String provinceCode;
    private final Scoring scoring;
    private final Map<String, String> energyNames;

    public ScorecardBuilder(Registry registry, Map<String, String> divisions, String provinceCode, ScoringRules rules) {
        this(registry, divisions, provinceCode, rules, Map.of());
    }

    /** @param energyNames Chinese name of each energy key (reference tables), for the energy structure */
    public ScorecardBuilder(
            Registry registry,
            Map<String, String> divisions,
            String provinceCode,
            ScoringRules rules,
            Map<String, String> energyNames) {
        this.registry = registry;
        this.divisions = divisions;
        this.provinceCode = provinceCode;
        this.scoring = new Scoring(rules);
        this.energyNames = energyNames;
    }

    /**
     * @param data        the year's rows: {@link InfluxReader#read} for the year's December
     * @param qualitative reviewers' points by credit code, or null when none were given
     * @param now         when the data was read: a year not over by then is provisional
     */
    public Scorecard build(
            int year, Scope scope, Lang lang, MonthData data, Map<String, Double> qualitative, Instant now) {
        return build(year, scope, lang, data, List.of(), qualitative, now);
    }

    /**
     * @param pointYears the year rows of the units' energy points ({@link InfluxReader#pointYears}), for the draft
     *                   energy structure of the annual report; empty for none
     */
    public Scorecard build(
            int year,
            Scope scope,
            Lang lang,
            MonthData data,
            List<Map<String, Object>> pointYears,
            Map<String, Double> qualitative,
            Instant now) {
        Build b = new Build(year, scope, lang, data, qualitative, now);
        b.pointYears = pointYears;
        return b.run();
    }

    /** One product's year against its targets. */
    record ProductResult(
            Product product,
            Double ytdOutput,
            Double ytdKgce,
            Double targetKgce,
            String targetSource,
            Integer baseYear,
            Double baseKgce,
            Double changeVsBasePct,
            Boolean annualMet,
            Double milestoneKgce,
            Double duePct,
            Boolean cumulativeMet,
            Double energySavedTce) {}

    /** One unit's scores. */
    record UnitResult(
            Enterprise unit,
            Figures figures,
            List<ProductResult> products,
            Double overPct,
            Double totalPoints,
            Boolean annualMet,
            Boolean cumulativeMet,
            double reductionPoints,
            Double energySavedTce,
            double quantitative,
            Double qualitative,
            double total,
            ScoringRules.Grade grade,
            List<Scoring.Veto> vetoes) {}

    private final class Build extends Labels {
        final int year;
        final MonthData data;
        final Map<String, Double> qualitative;
        final boolean provisional;
        final List<Enterprise> units;
        final List<UnitResult> results = new ArrayList<>();
        List<Map<String, Object>> pointYears = List.of();
        LocalDate asOf;

        Build(int year, Scope scope, Lang lang, MonthData data, Map<String, Double> qualitative, Instant now) {
            super(lang, scope, divisions, provinceCode);
            this.year = year;
            this.data = data;
            this.qualitative = qualitative;
            this.provisional = now.toEpochMilli() < ShanghaiCalendar.startOf(LocalDate.of(year + 1, 1, 1));
            this.units = registry.enterprises().stream()
                    .filter(scope::contains)
                    .sorted(Comparator.comparing((Enterprise e) -> e.tier().ordinal())
                            .thenComparing(Enterprise::city)
                            .thenComparing(Enterprise::code))
                    .toList();
        }

        Scorecard run() {
            long december = ShanghaiCalendar.startOf(YearMonth.of(year, 12).atDay(1));
            for (Enterprise e : units) {
                YearTarget t = e.target(year);
                Figures f = Figures.of(
                        data.enterpriseMonths().get(e.code()),
                        december,
                        data.enterpriseProgress().get(e.code()),
                        t == null ? null : t.totalCapTce());
                if (f.progressAt() != null) {
                    LocalDate d = ShanghaiCalendar.date(f.progressAt());
                    if (asOf == null || d.isAfter(asOf)) asOf = d;
                }
                results.add(score(e, f));
            }
            List<Table> tables = new ArrayList<>();
            tables.add(about());
            tables.add(scorecardTable());
            tables.add(productsTable());
            tables.add(energyStructureTable());
            return new Scorecard(year, scope, lang, provisional, asOf, qualitative != null, tables);
        }

        UnitResult score(Enterprise e, Figures f) {
            List<ProductResult> products = new ArrayList<>();
            for (Product p : e.products()) products.add(product(e, p));
            Boolean annual = all(products.stream().map(ProductResult::annualMet).toList());
            Boolean cumulative =
                    all(products.stream().map(ProductResult::cumulativeMet).toList());
            Double consumption = f.ytdCapBasisTce();
            Double over = Scoring.overPct(consumption, f.capTce());
            Double totalPoints = scoring.totalPoints(consumption, f.capTce());
            double reduction = scoring.reductionPoints(annual, cumulative);
            double quantitative = reduction + (totalPoints == null ? 0 : totalPoints);
            Double q = qualitative == null ? null : qualitative.get(e.code());
            double total = quantitative + (q == null ? 0 : q);
            List<Scoring.Veto> vetoes = scoring.vetoes(annual, consumption, f.capTce());
            // without the measures' points the total is incomplete: only a veto settles the grade
            ScoringRules.Grade grade = q != null || !vetoes.isEmpty() ? scoring.grade(total, !vetoes.isEmpty()) : null;
            Double saved = null;
            for (ProductResult pr : products) {
                if (pr.energySavedTce() != null)
                    saved = saved == null ? pr.energySavedTce() : saved + pr.energySavedTce();
            }
            return new UnitResult(
                    e,
                    f,
                    products,
                    over,
                    totalPoints,
                    annual,
                    cumulative,
                    reduction,
                    saved,
                    quantitative,
                    q,
                    total,
                    grade,
                    vetoes);
        }

        /**
         * A product's year from its latest progress row, the registry filling what the row lacks: the annual target
         * is the year's explicit target, else the five-year milestone; cumulative progress compares the unit
         * consumption with the five-year milestone of the year.
         */
        ProductResult product(Enterprise e, Product p) {
            Map<String, Object> row = data.enterpriseProgress().get(e.code() + "/" + p.id());
            YearTarget t = e.target(year);
            IntensityTarget explicit = t == null ? null : t.intensity(p.id());
            FiveYearTarget five = e.fiveYear();
            Double milestone = five == null ? null : five.kgceMilestone(p.id(), year);
            Double ytd = Figures.num(row, "ytd_kgce_per_unit", null);
            Double output = Figures.num(row, "ytd_output", null);
            Double target = Figures.num(
                    row, "target_kgce_per_unit", explicit != null ? Double.valueOf(explicit.kgcePerUnit()) : milestone);
            String source = row != null && row.get("target_source") != null
                    ? row.get("target_source").toString()
                    : explicit != null ? "explicit" : milestone != null ? "five-year" : null;
            FiveYearTarget.FiveYearBase fb = five == null ? null : five.base(p.id());
            Double base =
                    Figures.num(row, "base_kgce_per_unit", fb != null ? fb.kgcePerUnit() : p.baselineKgcePerUnit());
            Double baseYearNum = Figures.num(
                    row,
                    "base_year",
                    fb != null
                            ? (double) five.baseYear()
                            : e.baseline() == null
                                    ? null
                                    : (double) e.baseline().year());
            Double change = ytd == null || base == null || base == 0 ? null : (ytd / base - 1) * 100;
            Double saved = Figures.num(
                    row,
                    "energy_change_vs_base_tce",
                    ytd == null || base == null || output == null ? null : (ytd - base) * output / 1000);
            Double due = five == null || fb == null ? null : five.requiredReduction() * five.dueShare(year) * 100;
            return new ProductResult(
                    p,
                    output,
                    ytd,
                    target,
                    source,
                    baseYearNum == null ? null : baseYearNum.intValue(),
                    base,
                    change,
                    atMost(ytd, target),
                    milestone,
                    due,
                    atMost(ytd, milestone),
                    saved);
        }

        /** Met when the value is at most the target; unknown without both. */
        Boolean atMost(Double value, Double target) {
            return value == null || target == null ? null : value <= target;
        }

        /** Missed if any product missed; unknown if any is unknown (or there is none); else met. */
        Boolean all(List<Boolean> outcomes) {
            if (outcomes.contains(Boolean.FALSE)) return false;
            if (outcomes.isEmpty() || outcomes.contains(null)) return null;
            return true;
        }

        // ---- tables

        Table about() {
            ScoringRules r = scoring.rules();
            List<Column> cols = List.of(
                    new Column("item", lang.pick("项目", "item"), Kind.TEXT),
                    new Column("value", lang.pick("内容", "value"), Kind.TEXT));
            List<Row> rows = new ArrayList<>();
            rows.add(row(lang.pick("考核年度", "year"), String.valueOf(year)));
            rows.add(row(lang.pick("范围", "scope"), scopeLabel()));
            rows.add(row(lang.pick("范围代码", "scope_code"), scope.toString()));
            rows.add(row(
                    lang.pick("数据状态", "status"),
                    provisional
                            ? lang.pick(
                                    "临时数据（本年度尚未结束" + (asOf == null ? "" : "，截至 " + asOf) + "）",
                                    "provisional (year not over" + (asOf == null ? "" : ", as of " + asOf) + ")")
                            : lang.pick("年度数据", "final")));
            rows.add(row(lang.pick("进度数据截至", "as_of"), asOf == null ? null : asOf.toString()));
            rows.add(row(lang.pick("单位数(家)", "units"), String.valueOf(units.size())));
            rows.add(
                    row(
                            lang.pick("定性得分", "qualitative_points"),
                            qualitative != null
                                    ? lang.pick("已录入（评审人员）", "entered by reviewers")
                                    : lang.pick(
                                            "未提供：总分仅为定量部分，等级仅在一票否决时给出",
                                            "not given: totals are the quantitative part only; a grade is given only on a veto")));
            rows.add(row(
                    lang.pick("评分规则", "rules"),
                    lang.pick(
                            "目标 " + n(r.reductionBoth() + r.totalWithinCap()) + " 分 = 单位产品能耗下降 "
                                    + n(r.reductionBoth()) + " 分（年度与累计均完成 " + n(r.reductionBoth())
                                    + "；仅累计 " + n(r.reductionCumulativeOnly()) + "；仅年度 "
                                    + n(r.reductionAnnualOnly()) + "；均未完成 " + n(r.reductionNeither())
                                    + "）+ 能耗总量控制 " + n(r.totalWithinCap()) + " 分（不超上限 "
                                    + n(r.totalWithinCap()) + bandsZh(r) + "）；措施（定性） " + n(r.qualitativeMax())
                                    + " 分",
                            "targets " + n(r.reductionBoth() + r.totalWithinCap()) + " points = unit-consumption"
                                    + " reduction " + n(r.reductionBoth()) + " (annual and cumulative met "
                                    + n(r.reductionBoth()) + "; cumulative only " + n(r.reductionCumulativeOnly())
                                    + "; annual only " + n(r.reductionAnnualOnly()) + "; neither "
                                    + n(r.reductionNeither()) + ") + total control " + n(r.totalWithinCap())
                                    + " (within cap " + n(r.totalWithinCap()) + bandsEn(r) + "); measures"
                                    + " (qualitative) " + n(r.qualitativeMax()))));
            rows.add(row(lang.pick("考核等级", "grades"), gradesText(r)));
            rows.add(row(
                    lang.pick("一票否决", "veto"),
                    lang.pick(
                            "任一产品年度单位产品能耗目标未完成" + (r.vetoOverCap() ? "，或年度能耗（考核口径）超过总量上限" : "") + "，等级为"
                                    + r.lowest().zh() + "，不论得分",
                            "any product's annual unit-consumption target missed"
                                    + (r.vetoOverCap() ? ", or the year's consumption (cap basis) above the cap" : "")
                                    + ": graded " + r.lowest().en() + " whatever the score")));
            rows.add(row(
                    lang.pick("年度目标", "annual_target"),
                    lang.pick(
                            "本年度单位产品能耗目标（名录明确目标，否则为五年目标的年度里程碑）；本年累计单耗不高于目标为完成",
                            "the year's unit-consumption target (the registry's explicit target, else the five-year"
                                    + " milestone); met when the year's unit consumption is at most the target")));
            rows.add(row(
                    lang.pick("累计进度目标", "cumulative_target"),
                    lang.pick(
                            "自五年基期起累计下降不少于五年下降目标按年均分摊的应完成部分（基期 2025 年时每年 20%）；单耗不高于当年里程碑为完成",
                            "the fall since the five-year base year is at least the share of the five-year reduction"
                                    + " due by the year (20 % of it per year for a 2025 base); met when the unit consumption is at most"
                                    + " the year's milestone")));
            rows.add(row(
                    lang.pick("节能量", "energy_saved"),
                    lang.pick(
                            "产品单耗法 ΔE = Σ(报告期单耗 − 基期单耗) × 报告期产量（GB/T 13234），负值为节约",
                            "product method ΔE = Σ (e_report − e_base) × output_report (GB/T 13234); negative ="
                                    + " saving")));
            rows.add(row(
                    lang.pick("下降率", "change_vs_base"),
                    lang.pick("(报告期单耗 ÷ 基期单耗 − 1) × 100%，负值为下降", "(report ÷ base − 1) × 100 %; negative = fall")));
            rows.add(row(
                    lang.pick("数据来源", "source"),
                    lang.pick(
                            "dcmon 在线监测（InfluxDB 年度用能与进度数据）、重点用能单位名录及评分规则配置",
                            "dcmon online monitoring (InfluxDB year totals and progress), the unit registry and the"
                                    + " scoring rules")));
            return new Table("about", lang.pick("说明", "about"), title(lang.pick("说明", "About")), cols, rows);
        }

        String bandsZh(ScoringRules r) {
            StringBuilder b = new StringBuilder();
            for (ScoringRules.OverBand o : r.totalOver())
                b.append("；超出不足 ").append(n(o.belowPct())).append("% ").append(n(o.points()));
            return b.append("；其余 ").append(n(r.totalOverRest())).toString();
        }

        String bandsEn(ScoringRules r) {
            StringBuilder b = new StringBuilder();
            for (ScoringRules.OverBand o : r.totalOver())
                b.append("; over < ").append(n(o.belowPct())).append(" % ").append(n(o.points()));
            return b.append("; otherwise ").append(n(r.totalOverRest())).toString();
        }

        String gradesText(ScoringRules r) {
            List<String> parts = new ArrayList<>();
            for (ScoringRules.Grade g : r.grades()) {
                String label = lang.pick(g.zh(), g.en());
                parts.add(
                        g.minPoints() == null ? label + lang.pick(" 其余", " below") : label + " ≥ " + n(g.minPoints()));
            }
            return String.join(lang.pick("；", "; "), parts)
                    + lang.pick("（分界值属于较高等级）", " (a bound belongs to the higher grade)");
        }

        Table scorecardTable() {
            List<Column> cols = List.of(
                    text("credit_code", "统一社会信用代码"),
                    text("name", "单位名称"),
                    text("city", "市州代码"),
                    text("city_name", "市州"),
                    text("tier", "梯队"),
                    text("industry", "行业代码"),
                    amount("year_tce", "年综合能耗当量值(吨标准煤)"),
                    amount("year_tce_equal_value", "年综合能耗等价值(吨标准煤)"),
                    amount("year_tce_policy", "年能耗政策口径(吨标准煤)"),
                    text("cap_basis", "总量口径"),
                    amount("cap_basis_tce", "考核口径年能耗(吨标准煤)"),
                    amount("cap_tce", "能耗总量上限(吨标准煤)"),
                    pct("over_cap_pct", "超出上限(%,负值为低于上限)"),
                    points("total_control_points", "总量控制得分(分)"),
                    text("annual_target_met", "年度单耗目标完成"),
                    text("cumulative_target_met", "累计进度目标完成"),
                    points("reduction_points", "单耗下降得分(分)"),
                    amount("energy_saved_tce", "节能量产品单耗法(吨标准煤,负值为节约)"),
                    points("quantitative_points", "定量得分(分)"),
                    points("qualitative_points", "定性得分(分)"),
                    points("total_points", "总分(分)"),
                    text("score_basis", "得分口径"),
                    text("grade", "考核等级"),
                    text("veto", "一票否决"),
                    text("veto_reason", "否决原因"),
                    text("provisional", "临时数据"));
            List<Row> rows = new ArrayList<>();
            for (UnitResult u : results) {
                Enterprise e = u.unit();
                Figures f = u.figures();
                rows.add(new Row(
                        Arrays.asList(
                                e.code(),
                                e.name(),
                                e.city(),
                                divisions.get(e.city()),
                                e.tier() == null
                                        ? null
                                        : lang.pick(e.tier().labelZh(), e.tier().code()),
                                e.industry(),
                                f.ytdTce(),
                                f.ytdTceEqualValue(),
                                f.ytdTcePolicy(),
                                f.capBasis(),
                                f.ytdCapBasisTce(),
                                f.capTce(),
                                u.overPct(),
                                u.totalPoints(),
                                met(u.annualMet()),
                                met(u.cumulativeMet()),
                                u.reductionPoints(),
                                u.energySavedTce(),
                                u.quantitative(),
                                u.qualitative(),
                                u.total(),
                                u.qualitative() != null
                                        ? lang.pick("定量+定性", "quantitative+qualitative")
                                        : lang.pick("仅定量部分", "quantitative only"),
                                u.grade() == null
                                        ? null
                                        : lang.pick(u.grade().zh(), u.grade().code()),
                                yesNo(!u.vetoes().isEmpty()),
                                vetoReason(u),
                                yesNo(provisional)),
                        false));
            }
            return new Table(
                    "scorecard",
                    lang.pick("年度评价考核", "scorecard"),
                    title(lang.pick("节能目标责任评价考核计分表", "Energy-saving target scorecard")),
                    cols,
                    rows);
        }

        String vetoReason(UnitResult u) {
            List<String> parts = new ArrayList<>();
            for (Scoring.Veto v : u.vetoes()) {
                switch (v) {
                    case ANNUAL_TARGET_MISSED -> {
                        List<String> missed = u.products().stream()
                                .filter(p -> Boolean.FALSE.equals(p.annualMet()))
                                .map(p -> p.product().id())
                                .toList();
                        parts.add(lang.pick("年度单位产品能耗目标未完成", "annual unit-consumption target missed") + " ("
                                + String.join(", ", missed) + ")");
                    }
                    case OVER_CAP ->
                        parts.add(lang.pick("超过能耗总量上限 ", "over the cap by ")
                                + String.format(java.util.Locale.ROOT, "%.2f", u.overPct()) + "%");
                }
            }
            return parts.isEmpty() ? null : String.join(lang.pick("；", "; "), parts);
        }

        Table productsTable() {
            List<Column> cols = List.of(
                    text("credit_code", "统一社会信用代码"),
                    text("name", "单位名称"),
                    text("product", "产品"),
                    text("product_unit", "产品计量单位"),
                    amount("year_output", "年产量(产品计量单位)"),
                    intensity("year_kgce_per_unit", "年单位产品综合能耗(千克标准煤/产品计量单位)"),
                    intensity("target_kgce_per_unit", "年度单耗目标(千克标准煤/产品计量单位)"),
                    text("target_source", "目标来源"),
                    text("annual_target_met", "年度目标完成"),
                    new Column("base_year", lang.pick("基期年份", "base_year"), Kind.TEXT),
                    intensity("base_kgce_per_unit", "基期单位产品综合能耗(千克标准煤/产品计量单位)"),
                    pct("change_vs_base_pct", "较基期变化率(%,(报告期÷基期−1)×100,负值为下降)"),
                    pct("cumulative_due_pct", "累计应下降(%)"),
                    intensity("cumulative_milestone_kgce_per_unit", "累计进度目标单耗(千克标准煤/产品计量单位)"),
                    text("cumulative_target_met", "累计进度目标完成"),
                    amount("energy_saved_tce", "节能量ΔE=Σ(e报告期−e基期)×产量(吨标准煤,负值为节约)"));
            List<Row> rows = new ArrayList<>();
            for (UnitResult u : results) {
                for (ProductResult p : u.products()) {
                    rows.add(new Row(
                            Arrays.asList(
                                    u.unit().code(),
                                    u.unit().name(),
                                    p.product().id(),
                                    p.product().unit(),
                                    p.ytdOutput(),
                                    p.ytdKgce(),
                                    p.targetKgce(),
                                    p.targetSource(),
                                    met(p.annualMet()),
                                    p.baseYear() == null ? null : String.valueOf(p.baseYear()),
                                    p.baseKgce(),
                                    p.changeVsBasePct(),
                                    p.duePct(),
                                    p.milestoneKgce(),
                                    met(p.cumulativeMet()),
                                    p.energySavedTce()),
                            false));
                }
            }
            return new Table(
                    "scorecard_products",
                    lang.pick("产品单耗考核", "products"),
                    title(lang.pick("单位产品能耗目标完成情况", "Unit consumption against targets")),
                    cols,
                    rows);
        }

        /**
         * Draft of the annual report's energy consumption structure (能源消费结构): per unit and energy, the year's
         * amounts by role and their tce, from the points' year rows. Delivered energy is deducted from the net
         * (GB/T 2589), as in the totals; product and workload counters carry no energy and are left out.
         */
        Table energyStructureTable() {
            List<Column> cols = List.of(
                    text("credit_code", "统一社会信用代码"),
                    text("name", "单位名称"),
                    text("energy", "能源品种代码"),
                    text("energy_name", "能源品种"),
                    text("energy_unit", "计量单位"),
                    amount("consumed_amount", "消费量(实物量,含原料用能)"),
                    amount("feedstock_amount", "其中原料用能(实物量)"),
                    amount("delivered_amount", "外供量(实物量)"),
                    amount("consumed_tce", "消费量折标准煤(吨标准煤)"),
                    amount("delivered_tce", "外供量折标准煤(吨标准煤)"),
                    amount("net_tce", "净消费折标准煤(吨标准煤)"),
                    pct("share_pct", "占综合能耗比重(%)"));
            List<Row> rows = new ArrayList<>();
            Map<String, Map<String, double[]>> byUnit = new LinkedHashMap<>();
            Map<String, String> units = new LinkedHashMap<>();
            for (Map<String, Object> r : pointYears) {
                String code = InfluxReader.str(r, "enterprise");
                Enterprise e = code == null ? null : registry.enterprise(code);
                if (e == null || !scope.contains(e)) continue;
                dcmon.core.registry.Point p = e.point(InfluxReader.str(r, "point"));
                if (p == null || !p.role().isEnergy() || p.energy() == null) continue;
                double amount = Figures.num(r, "amount", 0.0), tce = Figures.num(r, "tce", 0.0);
                // consumed amount, feedstock amount, delivered amount, consumed tce, delivered tce
                double[] v = byUnit.computeIfAbsent(e.code(), k -> new java.util.TreeMap<>())
                        .computeIfAbsent(p.energy(), k -> new double[5]);
                units.putIfAbsent(e.code() + "/" + p.energy(), p.unit());
                switch (p.role()) {
                    case INPUT -> {
                        v[0] += amount;
                        v[3] += tce;
                    }
                    case FEEDSTOCK -> {
                        v[0] += amount;
                        v[1] += amount;
                        v[3] += tce;
                    }
                    default -> {
                        v[2] += amount;
                        v[4] += tce;
                    }
                }
            }
            for (UnitResult u : results) {
                Map<String, double[]> energies = byUnit.get(u.unit().code());
                if (energies == null) continue;
                double net = 0;
                for (double[] v : energies.values()) net += v[3] - v[4];
                for (Map.Entry<String, double[]> en : energies.entrySet()) {
                    double[] v = en.getValue();
                    rows.add(new Row(
                            Arrays.asList(
                                    u.unit().code(),
                                    u.unit().name(),
                                    en.getKey(),
                                    lang.pick(energyNames.getOrDefault(en.getKey(), en.getKey()), en.getKey()),
                                    units.get(u.unit().code() + "/" + en.getKey()),
                                    v[0],
                                    v[1],
                                    v[2],
                                    v[3],
                                    v[4],
                                    v[3] - v[4],
                                    net == 0 ? null : (v[3] - v[4]) / net * 100),
                            false));
                }
                rows.add(new Row(
                        Arrays.asList(
                                u.unit().code(),
                                u.unit().name(),
                                null,
                                lang.pick("合计", "total"),
                                null,
                                null,
                                null,
                                null,
                                sum(energies, 3),
                                sum(energies, 4),
                                net,
                                net == 0 ? null : 100.0),
                        true));
            }
            return new Table(
                    "energy_structure",
                    lang.pick("能源消费结构(草表)", "energy structure"),
                    title(lang.pick("能源利用状况报告草表：能源消费结构", "Annual energy report draft: consumption by energy")),
                    cols,
                    rows);
        }

        double sum(Map<String, double[]> energies, int i) {
            double s = 0;
            for (double[] v : energies.values()) s += v[i];
            return s;
        }

        // ---- labels

        String title(String what) {
            String zh = divisions.getOrDefault(provinceCode, "") + "重点用能单位节能目标责任评价考核 " + year + "年度 · " + what + "（"
                    + scopeLabel() + "）" + (provisional ? " · 临时数据" : "");
            String en = "Annual energy-saving target scorecard " + year + " · " + what + " (" + scopeLabel() + ")"
                    + (provisional ? " · provisional" : "");
            return lang.pick(zh, en);
        }

        String met(Boolean b) {
            if (b == null) return lang.pick("无法判定", "unknown");
            return lang.pick(b ? "完成" : "未完成", b ? "met" : "missed");
        }

        Column points(String key, String zh) {
            return new Column(key, lang.pick(zh, key), Kind.PCT);
        }
    }

    static String n(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    static Map<String, Object> head(Scorecard s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", ExportWriter.SCHEMA);
        m.put("kind", "scorecard");
        m.put("year", s.year());
        m.put("scope", s.scope().toString());
        m.put("lang", s.lang().name().toLowerCase(java.util.Locale.ROOT));
        m.put("provisional", s.provisional());
        m.put("as_of", s.asOf() == null ? null : s.asOf().toString());
        m.put("qualitative", s.qualitative());
        return m;
    }
}
