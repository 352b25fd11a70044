package dcmon.assessment;

import dcmon.assessment.Table.Column;
import dcmon.assessment.Table.Kind;
import dcmon.assessment.Table.Row;
import dcmon.core.alert.Colour;
import dcmon.core.alert.Severity;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.reading.RejectReason;
import dcmon.core.registry.Co2IntensityTarget;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.IntensityTarget;
import dcmon.core.registry.Product;
import dcmon.core.registry.Registry;
import dcmon.core.registry.Tier;
import dcmon.core.registry.YearTarget;
import dcmon.influx.InfluxQuery;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Builds the monthly assessment tables of a scope from the registry and what {@link InfluxReader} read: a pure
 * function of its inputs (docs/exports.md).
 */
public final class AssessmentBuilder {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Registry registry;
    private final Map<String, String> divisions;
    private final String provinceCode;
    private final Function<Severity, Colour> colours;

    /**
     * @param divisions    division code to name, the province included
     * @param provinceCode the province's division code (its {@code region_*} rows' region)
     * @param colours      the barometer colour of each severity (config/alerts.yaml)
     */
    public AssessmentBuilder(
            Registry registry, Map<String, String> divisions, String provinceCode, Function<Severity, Colour> colours) {
        this.registry = registry;
        this.divisions = divisions;
        this.provinceCode = provinceCode;
        this.colours = colours;
    }

    /**
     * @param now when the data was read: a month not over by then is provisional
     */
    public Assessment build(YearMonth month, Scope scope, Lang lang, MonthData data, Instant now) {
        return new Build(month, scope, lang, data, now).run();
    }

    private final class Build extends Labels {
        final YearMonth month;
        final MonthData data;
        final long monthStart;
        final boolean provisional;
        final Map<String, List<Severity>> openAlerts = new TreeMap<>();
        final List<Enterprise> units;
        final Map<String, Figures> figures = new LinkedHashMap<>();
        LocalDate asOf;

        Build(YearMonth month, Scope scope, Lang lang, MonthData data, Instant now) {
            super(lang, scope, divisions, provinceCode);
            this.month = month;
            this.data = data;
            this.monthStart = ShanghaiCalendar.startOf(month.atDay(1));
            this.provisional = now.toEpochMilli()
                    < ShanghaiCalendar.startOf(month.plusMonths(1).atDay(1));
            this.units = registry.enterprises().stream()
                    .filter(scope::contains)
                    .sorted(Comparator.comparing((Enterprise e) -> e.tier().ordinal())
                            .thenComparing(Enterprise::city)
                            .thenComparing(Enterprise::code))
                    .toList();
        }

        Assessment run() {
            openAlerts();
            for (Enterprise e : units) {
                YearTarget t = e.target(month.getYear());
                Figures f = Figures.of(
                        data.enterpriseMonths().get(e.code()),
                        monthStart,
                        data.enterpriseProgress().get(e.code()),
                        t == null ? null : t.totalCapTce());
                figures.put(e.code(), f);
                if (f.progressAt() != null) {
                    LocalDate d = ShanghaiCalendar.date(f.progressAt());
                    if (asOf == null || d.isAfter(asOf)) asOf = d;
                }
            }
            List<Table> tables = new ArrayList<>();
            tables.add(about());
            tables.add(summaryByTier());
            tables.add(summaryByDivision());
            for (Tier tier : Tier.values()) {
                if (units.stream().anyMatch(e -> e.tier() == tier)) tables.add(tierSheet(tier));
            }
            tables.add(unitsTable());
            tables.add(productsTable());
            tables.add(alertsTable());
            tables.add(qualityTable());
            return new Assessment(month, scope, lang, provisional, asOf, tables);
        }

        // ---- alerts: the state of each alert at the month's end (or now), by its latest event

        void openAlerts() {
            Map<String, Map<String, Object>> latest = new TreeMap<>();
            for (Map<String, Object> row : data.alerts()) {
                String id = InfluxReader.str(row, "id");
                if (id != null) latest.put(id, row);
            }
            for (Map<String, Object> row : latest.values()) {
                if (!"active".equals(row.get("state"))) continue;
                Severity s = Severity.ofCode(InfluxReader.str(row, "severity"));
                if (s == null) continue;
                openAlerts
                        .computeIfAbsent(subjectKey(row), k -> new ArrayList<>())
                        .add(s);
            }
        }

        String subjectKey(Map<String, Object> row) {
            String enterprise = InfluxReader.str(row, "enterprise");
            if (enterprise != null && !enterprise.isEmpty()) return enterprise;
            return InfluxReader.str(row, "level") + ":" + InfluxReader.str(row, "region");
        }

        int open(String key) {
            return openAlerts.getOrDefault(key, List.of()).size();
        }

        Colour colour(String key) {
            Colour c = Colour.GREEN;
            for (Severity s : openAlerts.getOrDefault(key, List.of())) {
                Colour sc = colours.apply(s);
                if (sc != null && sc.ordinal() > c.ordinal()) c = sc;
            }
            return c;
        }

        // ---- tables

        Table about() {
            List<Column> cols = List.of(
                    new Column("item", lang.pick("项目", "item"), Kind.TEXT),
                    new Column("value", lang.pick("内容", "value"), Kind.TEXT));
            List<Row> rows = new ArrayList<>();
            rows.add(row(lang.pick("考核月份", "month"), month.toString()));
            rows.add(row(lang.pick("范围", "scope"), scopeLabel()));
            rows.add(row(lang.pick("范围代码", "scope_code"), scope.toString()));
            rows.add(row(lang.pick("数据状态", "status"), provisional ? provisionalLabel() : lang.pick("月度数据", "final")));
            rows.add(row(lang.pick("进度数据截至", "as_of"), asOf == null ? null : asOf.toString()));
            rows.add(row(lang.pick("单位数(家)", "units"), String.valueOf(units.size())));
            rows.add(row(
                    lang.pick("数据来源", "source"),
                    lang.pick(
                            "dcmon 在线监测（InfluxDB 月度用能与进度数据）及重点用能单位名录",
                            "dcmon online monitoring (InfluxDB month totals and progress) and the unit registry")));
            return new Table("about", lang.pick("说明", "about"), title(lang.pick("说明", "About")), cols, rows);
        }

        String provisionalLabel() {
            return lang.pick(
                    "临时数据（本月尚未结束" + (asOf == null ? "" : "，截至 " + asOf) + "）",
                    "provisional (month not over" + (asOf == null ? "" : ", as of " + asOf) + ")");
        }

        Table summaryByTier() {
            List<Row> rows = new ArrayList<>();
            for (Tier tier : Tier.values()) {
                List<Enterprise> members =
                        units.stream().filter(e -> e.tier() == tier).toList();
                if (members.isEmpty() && scope.kind() != Scope.Kind.PROVINCE) continue;
                rows.add(summaryRow("tier", tier.code(), tierLabel(tier), members, false));
            }
            rows.add(totalRow());
            return new Table(
                    "summary_by_tier",
                    lang.pick("汇总-按梯队", "summary by tier"),
                    title(lang.pick("按梯队汇总", "Summary by tier")),
                    summaryColumns(),
                    rows);
        }

        Table summaryByDivision() {
            Map<String, List<Enterprise>> byCity = new TreeMap<>();
            for (Enterprise e : units)
                byCity.computeIfAbsent(e.city(), c -> new ArrayList<>()).add(e);
            List<Row> rows = new ArrayList<>();
            byCity.forEach((city, members) -> rows.add(summaryRow("city", city, divisions.get(city), members, false)));
            rows.add(totalRow());
            return new Table(
                    "summary_by_division",
                    lang.pick("汇总-按市州", "summary by division"),
                    title(lang.pick("按市州汇总", "Summary by division")),
                    summaryColumns(),
                    rows);
        }

        Row totalRow() {
            String level = scope.kind().name().toLowerCase(java.util.Locale.ROOT);
            String code = scope.kind() == Scope.Kind.PROVINCE ? provinceCode : scope.code();
            return summaryRow(level, code, lang.pick("合计", "total") + " " + scopeLabel(), units, true);
        }

        List<Column> summaryColumns() {
            return List.of(
                    text("region_code", "代码"),
                    text("region_name", "名称"),
                    new Column("units", lang.pick("单位数(家)", "units"), Kind.COUNT),
                    amount("month_tce", "本月综合能耗当量值(吨标准煤)"),
                    amount("month_tce_equal_value", "本月综合能耗等价值(吨标准煤)"),
                    amount("month_tce_policy", "本月能耗政策口径(吨标准煤)"),
                    amount("month_tco2", "本月二氧化碳排放(吨)"),
                    amount("ytd_tce", "本年累计综合能耗当量值(吨标准煤)"),
                    amount("ytd_tce_policy", "本年累计能耗政策口径(吨标准煤)"),
                    amount("cap_tce", "能耗总量上限(吨标准煤)"),
                    pct("completion_pct", "完成率(%)"),
                    pct("time_pct", "时间进度(%)"),
                    amount("projected_tce", "年末预测(吨标准煤)"),
                    pct("projected_pct", "年末预测占上限(%)"),
                    new Column("units_green", lang.pick("绿色单位(家)", "units_green"), Kind.COUNT),
                    new Column("units_yellow", lang.pick("黄色单位(家)", "units_yellow"), Kind.COUNT),
                    new Column("units_red", lang.pick("红色单位(家)", "units_red"), Kind.COUNT),
                    new Column("open_alerts", lang.pick("未解除预警(条)", "open_alerts"), Kind.COUNT),
                    text("barometer", "晴雨表"));
        }

        /**
         * A region's row. When the whole region lies in the scope: its month totals from the job's region month row,
         * and its year to date, cap and projection from the job's region progress row, where those rows exist. Whatever
         * is left comes from the sum of the region's units in the scope.
         */
        Row summaryRow(String level, String code, String name, List<Enterprise> members, boolean total) {
            String key = level + ":" + code;
            boolean whole = scope.covers(level, code);
            Map<Long, Map<String, Object>> regionMonths =
                    whole ? data.regionMonths().get(key) : null;
            Map<String, Object> regionProgress = whole ? data.regionProgress().get(key) : null;
            Figures unitsSum =
                    Figures.sum(members.stream().map(e -> figures.get(e.code())).toList());
            Figures f;
            if (regionProgress != null) {
                f = Figures.of(regionMonths, monthStart, regionProgress, unitsSum.capTce());
            } else if (regionMonths != null && regionMonths.containsKey(monthStart)) {
                f = unitsSum.withMonthOf(Figures.of(regionMonths, monthStart, null, null));
            } else {
                f = unitsSum;
            }
            boolean regionRows = whole;
            int[] byColour = new int[Colour.values().length];
            int alerts = regionRows ? open(key) : 0;
            for (Enterprise e : members) {
                byColour[colour(e.code()).ordinal()]++;
                alerts += open(e.code());
            }
            return new Row(
                    Arrays.asList(
                            code,
                            name,
                            (long) members.size(),
                            f.monthTce(),
                            f.monthTceEqualValue(),
                            f.monthTcePolicy(),
                            f.monthTco2(),
                            f.ytdTce(),
                            f.ytdTcePolicy(),
                            f.capTce(),
                            f.completionPct(),
                            f.timePct(),
                            f.projectedTce(),
                            f.projectedPct(),
                            (long) byColour[Colour.GREEN.ordinal()],
                            (long) byColour[Colour.YELLOW.ordinal()],
                            (long) byColour[Colour.RED.ordinal()],
                            (long) alerts,
                            regionRows ? colourLabel(colour(key)) : null),
                    total);
        }

        Table tierSheet(Tier tier) {
            List<Column> cols = List.of(
                    text("row_type", "行类型"),
                    text("city", "市州代码"),
                    text("city_name", "市州"),
                    text("credit_code", "统一社会信用代码"),
                    text("name", "单位名称"),
                    text("industry", "行业代码"),
                    amount("month_tce", "本月综合能耗当量值(吨标准煤)"),
                    amount("ytd_tce", "本年累计综合能耗当量值(吨标准煤)"),
                    amount("cap_tce", "能耗总量上限(吨标准煤)"),
                    pct("completion_pct", "完成率(%)"),
                    pct("time_pct", "时间进度(%)"),
                    amount("projected_tce", "年末预测(吨标准煤)"),
                    pct("projected_pct", "年末预测占上限(%)"),
                    amount("energy_change_vs_base_tce", "节能量(吨标准煤,负值为节约)"),
                    new Column("open_alerts", lang.pick("未解除预警(条)", "open_alerts"), Kind.COUNT),
                    text("barometer", "晴雨表"));
            List<Enterprise> members =
                    units.stream().filter(e -> e.tier() == tier).toList();
            List<Row> rows = new ArrayList<>();
            boolean byCity = tier == Tier.TEN_THOUSAND;
            String city = null;
            List<Enterprise> group = new ArrayList<>();
            for (Enterprise e : members) {
                if (byCity && city != null && !city.equals(e.city())) {
                    rows.add(tierSubtotal(city, divisions.get(city) + " " + lang.pick("小计", "subtotal"), group));
                    group.clear();
                }
                city = e.city();
                group.add(e);
                Figures f = figures.get(e.code());
                rows.add(new Row(
                        Arrays.asList(
                                lang.pick("单位", "unit"),
                                e.city(),
                                divisions.get(e.city()),
                                e.code(),
                                e.name(),
                                e.industry(),
                                f.monthTce(),
                                f.ytdTce(),
                                f.capTce(),
                                f.completionPct(),
                                f.timePct(),
                                f.projectedTce(),
                                f.projectedPct(),
                                f.energyChangeVsBaseTce(),
                                (long) open(e.code()),
                                colourLabel(colour(e.code()))),
                        false));
            }
            if (byCity && !group.isEmpty()) {
                rows.add(tierSubtotal(city, divisions.get(city) + " " + lang.pick("小计", "subtotal"), group));
            }
            rows.add(tierSubtotal(null, lang.pick("合计", "total") + " " + tierLabel(tier), members));
            String name = "tier_" + tier.code().replace('-', '_');
            String sheet = lang.pick(tier.labelZh() + (byCity ? "(按市州)" : ""), tier.code());
            return new Table(name, sheet, title(lang.pick(tier.labelZh() + "企业", tier.code() + " tier")), cols, rows);
        }

        Row tierSubtotal(String city, String label, List<Enterprise> members) {
            Figures f =
                    Figures.sum(members.stream().map(e -> figures.get(e.code())).toList());
            long alerts = members.stream().mapToLong(e -> open(e.code())).sum();
            return new Row(
                    Arrays.asList(
                            city == null ? lang.pick("合计", "total") : lang.pick("小计", "subtotal"),
                            city,
                            city == null ? null : divisions.get(city),
                            null,
                            label,
                            null,
                            f.monthTce(),
                            f.ytdTce(),
                            f.capTce(),
                            f.completionPct(),
                            f.timePct(),
                            f.projectedTce(),
                            f.projectedPct(),
                            f.energyChangeVsBaseTce(),
                            alerts,
                            null),
                    true);
        }

        Table unitsTable() {
            List<Column> cols = List.of(
                    text("credit_code", "统一社会信用代码"),
                    text("name", "单位名称"),
                    text("city", "市州代码"),
                    text("city_name", "市州"),
                    text("tier", "梯队"),
                    text("industry", "行业代码"),
                    amount("month_tce", "本月综合能耗当量值(吨标准煤)"),
                    amount("month_tce_equal_value", "本月综合能耗等价值(吨标准煤)"),
                    amount("month_tce_policy", "本月能耗政策口径(吨标准煤)"),
                    amount("month_tco2", "本月二氧化碳排放(吨)"),
                    amount("ytd_tce", "本年累计综合能耗当量值(吨标准煤)"),
                    amount("ytd_tce_equal_value", "本年累计综合能耗等价值(吨标准煤)"),
                    amount("ytd_tce_policy", "本年累计能耗政策口径(吨标准煤)"),
                    amount("ytd_tco2", "本年累计二氧化碳排放(吨)"),
                    amount("month_deduction_tce", "本月扣除原料用能和绿电(吨标准煤)"),
                    amount("ytd_deduction_tce", "本年累计扣除原料用能和绿电(吨标准煤)"),
                    text("cap_basis", "总量口径"),
                    amount("cap_tce", "能耗总量上限(吨标准煤)"),
                    pct("completion_pct", "完成率(%)"),
                    pct("time_pct", "时间进度(%)"),
                    pct("pace_gap_pp", "进度差(百分点)"),
                    amount("projected_tce", "年末预测(吨标准煤)"),
                    pct("projected_pct", "年末预测占上限(%)"),
                    amount("energy_change_vs_base_tce", "节能量(吨标准煤,负值为节约)"),
                    text("energy_change_sense", "节能量含义"),
                    amount("co2_cap_t", "二氧化碳排放总量目标(吨)"),
                    pct("co2_completion_pct", "碳排放完成率(%)"),
                    amount("co2_projected_t", "碳排放年末预测(吨)"),
                    pct("co2_projected_pct", "碳排放年末预测占目标(%)"),
                    pct("data_completeness_pct", "数据完整率(%)"),
                    new Column("open_alerts", lang.pick("未解除预警(条)", "open_alerts"), Kind.COUNT),
                    text("barometer", "晴雨表"),
                    text("progress_as_of", "进度数据日期"),
                    text("estimated", "含估算数据"),
                    text("provisional", "临时数据"));
            List<Row> rows = new ArrayList<>();
            for (Enterprise e : units) {
                Figures f = figures.get(e.code());
                Map<String, Object> p = data.enterpriseProgress().get(e.code());
                YearTarget target = e.target(month.getYear());
                Double co2Cap = Figures.num(
                        p,
                        "co2_cap_t",
                        target == null || target.co2Cap() == null
                                ? null
                                : target.co2Cap().basic());
                rows.add(new Row(
                        Arrays.asList(
                                e.code(),
                                e.name(),
                                e.city(),
                                divisions.get(e.city()),
                                tierLabel(e.tier()),
                                e.industry(),
                                f.monthTce(),
                                f.monthTceEqualValue(),
                                f.monthTcePolicy(),
                                f.monthTco2(),
                                f.ytdTce(),
                                f.ytdTceEqualValue(),
                                f.ytdTcePolicy(),
                                f.ytdTco2(),
                                difference(f.monthTce(), f.monthTcePolicy()),
                                difference(f.ytdTce(), f.ytdTcePolicy()),
                                f.capBasis(),
                                f.capTce(),
                                f.completionPct(),
                                f.timePct(),
                                f.paceGapPp(),
                                f.projectedTce(),
                                f.projectedPct(),
                                f.energyChangeVsBaseTce(),
                                sense(f.energyChangeVsBaseTce()),
                                co2Cap,
                                Figures.num(p, "co2_completion_pct", Figures.share(f.ytdTco2(), co2Cap)),
                                Figures.num(p, "co2_projected_t", null),
                                Figures.num(p, "co2_projected_pct", null),
                                data.quality().completenessPct(e.code(), gatewayIds(e)),
                                (long) open(e.code()),
                                colourLabel(colour(e.code())),
                                f.progressAt() == null
                                        ? null
                                        : ShanghaiCalendar.date(f.progressAt()).toString(),
                                yesNo(f.estimated()),
                                yesNo(provisional)),
                        false));
            }
            return new Table(
                    "units",
                    lang.pick("单位月度及累计", "units"),
                    title(lang.pick("重点用能单位本月及本年累计", "Units: month and year to date")),
                    cols,
                    rows);
        }

        Table productsTable() {
            List<Column> cols = List.of(
                    text("credit_code", "统一社会信用代码"),
                    text("name", "单位名称"),
                    text("product", "产品"),
                    text("product_unit", "产品计量单位"),
                    amount("month_output", "本月产量(产品计量单位)"),
                    amount("ytd_output", "本年累计产量(产品计量单位)"),
                    intensity("month_kgce_per_unit", "本月单位产品综合能耗(千克标准煤/产品计量单位)"),
                    intensity("ytd_kgce_per_unit", "本年累计单位产品综合能耗(千克标准煤/产品计量单位)"),
                    intensity("target_kgce_per_unit", "单位产品能耗目标(千克标准煤/产品计量单位)"),
                    pct("target_gap_pct", "与目标差(%,正值为高于目标)"),
                    new Column("base_year", lang.pick("基期年份", "base_year"), Kind.TEXT),
                    intensity("base_kgce_per_unit", "基期单位产品综合能耗(千克标准煤/产品计量单位)"),
                    pct("change_vs_base_pct", "较基期变化(%,负值为下降)"),
                    amount("energy_change_vs_base_tce", "节能量GB/T 13234(吨标准煤,负值为节约)"),
                    text("energy_change_sense", "节能量含义"),
                    intensity("ytd_kgco2_per_unit", "本年累计单位产品碳排放(千克二氧化碳/产品计量单位)"),
                    intensity("co2_target_kgco2_per_unit", "单位产品碳排放目标(千克二氧化碳/产品计量单位)"),
                    pct("co2_target_gap_pct", "与碳排放目标差(%,正值为高于目标)"));
            List<Row> rows = new ArrayList<>();
            long monthEndExclusive =
                    ShanghaiCalendar.startOf(month.plusMonths(1).atDay(1));
            for (Enterprise e : units) {
                Map<Long, Map<String, Object>> months = data.enterpriseMonths().get(e.code());
                Map<String, Object> monthRow = months == null ? null : months.get(monthStart);
                YearTarget target = e.target(month.getYear());
                for (Product product : e.products()) {
                    Map<String, Object> p = data.enterpriseProgress().get(e.code() + "/" + product.id());
                    boolean inMonth = p != null
                            && (Long) p.get(InfluxQuery.TIME) >= monthStart
                            && (Long) p.get(InfluxQuery.TIME) < monthEndExclusive;
                    String outputField = "output_" + product.id();
                    Double ytdOutput = Figures.num(p, "ytd_output", sumOutput(months, outputField));
                    IntensityTarget it = target == null ? null : target.intensity(product.id());
                    Co2IntensityTarget co2 = target == null ? null : target.co2Intensity(product.id());
                    Double baseYear = Figures.num(
                            p,
                            "base_year",
                            e.baseline() == null ? null : (double) e.baseline().year());
                    Double change = Figures.num(p, "energy_change_vs_base_tce", null);
                    rows.add(new Row(
                            Arrays.asList(
                                    e.code(),
                                    e.name(),
                                    product.id(),
                                    product.unit(),
                                    Figures.num(monthRow, outputField, null),
                                    ytdOutput,
                                    inMonth ? Figures.num(p, "mtd_kgce_per_unit", null) : null,
                                    Figures.num(p, "ytd_kgce_per_unit", null),
                                    Figures.num(p, "target_kgce_per_unit", it == null ? null : it.kgcePerUnit()),
                                    Figures.num(p, "target_gap_pct", null),
                                    baseYear == null ? null : String.valueOf(baseYear.intValue()),
                                    Figures.num(p, "base_kgce_per_unit", product.baselineKgcePerUnit()),
                                    Figures.num(p, "change_vs_base_pct", null),
                                    change,
                                    sense(change),
                                    Figures.num(p, "ytd_kgco2_per_unit", null),
                                    Figures.num(
                                            p, "co2_target_kgco2_per_unit", co2 == null ? null : co2.kgco2PerUnit()),
                                    Figures.num(p, "co2_target_gap_pct", null)),
                            false));
                }
            }
            return new Table(
                    "products",
                    lang.pick("产品单耗", "products"),
                    title(lang.pick("主要产品单位产品能耗及节能量", "Products: unit consumption and energy saved")),
                    cols,
                    rows);
        }

        Double sumOutput(Map<Long, Map<String, Object>> months, String field) {
            if (months == null) return null;
            Double s = null;
            for (Map<String, Object> row : months.values()) {
                Double v = Figures.num(row, field, null);
                if (v != null) s = s == null ? v : s + v;
            }
            return s;
        }

        Table alertsTable() {
            List<Column> cols = List.of(
                    text("time", "时间(北京时间)"),
                    text("alert_id", "预警编号"),
                    new Column("seq", lang.pick("事件序号", "seq"), Kind.COUNT),
                    text("event", "事件"),
                    text("state", "状态"),
                    text("severity", "严重程度"),
                    text("rule", "规则"),
                    text("subject_code", "对象代码"),
                    text("subject_name", "对象名称"),
                    text("city", "市州代码"),
                    text("period", "考核期"),
                    new Column("value", lang.pick("当前值", "value"), Kind.PCT),
                    new Column("threshold", lang.pick("阈值", "threshold"), Kind.PCT),
                    text("message", "说明"),
                    text("review_status", "审核状态"),
                    text("reviewed_by", "审核人"),
                    text("reviewed_at", "审核时间(北京时间)"));
            List<Row> rows = new ArrayList<>();
            for (Map<String, Object> r : data.alerts()) {
                long time = (Long) r.get(InfluxQuery.TIME);
                if (time < monthStart) continue;
                String enterprise = InfluxReader.str(r, "enterprise");
                String subject;
                String name;
                String city;
                if (enterprise != null && !enterprise.isEmpty()) {
                    Enterprise e = registry.enterprise(enterprise);
                    if (e == null || !scope.contains(e)) continue;
                    String gateway = InfluxReader.str(r, "gateway");
                    String point = InfluxReader.str(r, "point");
                    subject = enterprise
                            + (gateway != null && !gateway.isEmpty() ? "/" + gateway : "")
                            + (point != null && !point.isEmpty() ? "/" + point : "");
                    name = e.name();
                    city = e.city();
                } else {
                    String level = InfluxReader.str(r, "level");
                    String region = InfluxReader.str(r, "region");
                    if (level == null || region == null || !scope.covers(level, region)) continue;
                    subject = level + ":" + region;
                    name = regionName(level, region);
                    city = level.equals("city") ? region : null;
                }
                rows.add(new Row(
                        Arrays.asList(
                                ShanghaiCalendar.zoned(time).format(TIME),
                                InfluxReader.str(r, "id"),
                                r.get("seq") instanceof Number n ? (Object) n.longValue() : null,
                                label(InfluxReader.str(r, "event"), EVENTS),
                                label(InfluxReader.str(r, "state"), STATES),
                                label(InfluxReader.str(r, "severity"), SEVERITIES),
                                InfluxReader.str(r, "rule"),
                                subject,
                                name,
                                city,
                                InfluxReader.str(r, "period"),
                                Figures.num(r, "value", null),
                                Figures.num(r, "threshold", null),
                                InfluxReader.str(r, lang == Lang.ZH ? "message_zh" : "message_en"),
                                reviewStatus(InfluxReader.str(r, "id")),
                                review(InfluxReader.str(r, "id"), ConsoleState.Review::actor),
                                review(InfluxReader.str(r, "id"), v -> reviewTime(v.at()))),
                        false));
            }
            return new Table(
                    "alerts",
                    lang.pick("本月预警", "alerts"),
                    title(lang.pick("本月预警事件", "Alert events of the month")),
                    cols,
                    rows);
        }

        // ---- data quality: per registered gateway, the month's data_quality rows and offline hours

        Table qualityTable() {
            List<Column> cols = new ArrayList<>(List.of(
                    text("city", "市州代码"),
                    text("city_name", "市州"),
                    text("credit_code", "统一社会信用代码"),
                    text("name", "单位名称"),
                    text("gateway", "网关"),
                    new Column("days_judged", lang.pick("已判定天数(天)", "days_judged"), Kind.COUNT),
                    new Column("expected_slots", lang.pick("应有数据时段(个)", "expected_slots"), Kind.COUNT),
                    new Column("covered_slots", lang.pick("有数据时段(个)", "covered_slots"), Kind.COUNT),
                    pct("completeness_pct", "数据完整率(%)"),
                    amount("offline_hours", "离线时长(小时)"),
                    text("maintenance_windows", "报备时段"),
                    amount("maintenance_hours", "报备时长(小时)"),
                    new Column("received", lang.pick("接收读数(条)", "received"), Kind.COUNT),
                    new Column("rejected", lang.pick("拒收读数(条)", "rejected"), Kind.COUNT),
                    new Column("rejected_messages", lang.pick("整报文拒收(条)", "rejected_messages"), Kind.COUNT)));
            for (RejectReason r : RejectReason.values()) {
                cols.add(new Column(
                        "rejected_" + r.code(),
                        lang.pick("拒收-" + REASONS_SHORT.getOrDefault(r, r.code()) + "(条)", "rejected_" + r.code()),
                        Kind.COUNT));
            }
            List<Row> rows = new ArrayList<>();
            List<Quality.GatewayQuality> all = new ArrayList<>();
            Double allMaintenance = null;
            for (Enterprise e : units) {
                for (String g : gatewayIds(e)) {
                    Quality.GatewayQuality q = data.quality().of(e.code(), g);
                    if (q != null) all.add(q);
                    List<ConsoleState.Window> windows = windows(e.code(), g);
                    Double hours = maintenanceHours(windows);
                    if (hours != null) allMaintenance = (allMaintenance == null ? 0 : allMaintenance) + hours;
                    rows.add(qualityRow(
                            Arrays.asList(e.city(), divisions.get(e.city()), e.code(), e.name(), g),
                            q == null ? List.of() : List.of(q),
                            windowsText(windows),
                            hours,
                            false));
                }
            }
            rows.add(qualityRow(
                    Arrays.asList(null, null, null, lang.pick("合计", "total") + " " + scopeLabel(), null),
                    all,
                    null,
                    allMaintenance,
                    true));
            return new Table(
                    "data_quality",
                    lang.pick("数据质量", "data quality"),
                    title(lang.pick("网关数据质量", "Data quality by gateway")),
                    cols,
                    rows);
        }

        /** A gateway's row, or the total over {@code qs}; figures empty when there is nothing to sum. */
        Row qualityRow(
                List<Object> keys,
                List<Quality.GatewayQuality> qs,
                String windows,
                Double maintenanceHours,
                boolean total) {
            List<Object> cells = new ArrayList<>(keys);
            if (qs.isEmpty()) {
                for (int i = 0; i < 10 + RejectReason.values().length; i++) cells.add(null);
                cells.set(keys.size() + 5, windows);
                cells.set(keys.size() + 6, maintenanceHours);
                return new Row(cells, total);
            }
            long days = 0, expected = 0, covered = 0, received = 0, rejected = 0, messages = 0;
            Double offline = null;
            Map<String, Long> reasons = new TreeMap<>();
            for (Quality.GatewayQuality q : qs) {
                days += q.days();
                expected += q.expected();
                covered += q.covered();
                received += q.received();
                rejected += q.rejected();
                messages += q.rejectedMessages();
                if (q.offlineHours() != null) offline = (offline == null ? 0 : offline) + q.offlineHours();
                q.rejectedByReason().forEach((r, n) -> reasons.merge(r, n, Long::sum));
            }
            cells.addAll(Arrays.asList(
                    days,
                    expected,
                    covered,
                    expected == 0 ? null : 100.0 * covered / expected,
                    offline,
                    windows,
                    maintenanceHours,
                    received,
                    rejected,
                    messages));
            for (RejectReason r : RejectReason.values()) cells.add(reasons.getOrDefault(r.code(), 0L));
            return new Row(cells, total);
        }

        /** The open 报备 windows of the gateway (its own and the whole unit's) that overlap the month, by start. */
        List<ConsoleState.Window> windows(String enterprise, String gateway) {
            long end = ShanghaiCalendar.startOf(month.plusMonths(1).atDay(1));
            return data.console().windows().values().stream()
                    .filter(w -> !w.cancelled() && enterprise.equals(w.enterprise()))
                    .filter(w -> w.gateway() == null || w.gateway().equals(gateway))
                    .filter(w -> w.starts() < end && w.ends() > monthStart)
                    .sorted(Comparator.comparingLong(ConsoleState.Window::starts)
                            .thenComparingLong(ConsoleState.Window::id))
                    .toList();
        }

        /** Hours of the month inside any of the windows (overlaps counted once); null when the console was not read. */
        Double maintenanceHours(List<ConsoleState.Window> windows) {
            if (!data.console().read()) return null;
            long end = ShanghaiCalendar.startOf(month.plusMonths(1).atDay(1));
            long covered = 0, reached = monthStart;
            for (ConsoleState.Window w : windows) {
                long from = Math.max(w.starts(), reached), to = Math.min(w.ends(), end);
                if (to > from) {
                    covered += to - from;
                    reached = to;
                }
            }
            return covered / 3_600_000.0;
        }

        String windowsText(List<ConsoleState.Window> windows) {
            if (windows.isEmpty()) return null;
            DateTimeFormatter f = DateTimeFormatter.ofPattern("MM-dd HH:mm");
            List<String> parts = new ArrayList<>();
            for (ConsoleState.Window w : windows) {
                parts.add(ShanghaiCalendar.zoned(w.starts()).format(f) + "–"
                        + ShanghaiCalendar.zoned(w.ends()).format(f) + " " + w.reason());
            }
            return String.join(lang.pick("；", "; "), parts);
        }

        List<String> gatewayIds(Enterprise e) {
            return e.gateways().stream().map(g -> g.id()).sorted().toList();
        }

        // ---- labels

        String title(String what) {
            String zh = divisions.getOrDefault(provinceCode, "") + "重点用能单位能耗双控月度考核 " + month.getYear() + "年"
                    + month.getMonthValue() + "月 · " + what + "（" + scopeLabel() + "）"
                    + (provisional ? " · " + provisionalLabel() : "");
            String en = "Dual-control monthly assessment " + month + " · " + what + " (" + scopeLabel() + ")"
                    + (provisional ? " · " + provisionalLabel() : "");
            return lang.pick(zh, en);
        }

        String regionName(String level, String region) {
            if (level.equals("tier")) {
                Tier t = Tier.ofCode(region);
                return t == null ? region : tierLabel(t);
            }
            return divisions.getOrDefault(region, region);
        }

        String tierLabel(Tier t) {
            return t == null ? null : lang.pick(t.labelZh(), t.code());
        }

        String colourLabel(Colour c) {
            return switch (c) {
                case GREEN -> lang.pick("绿色", "green");
                case YELLOW -> lang.pick("黄色", "yellow");
                case RED -> lang.pick("红色", "red");
            };
        }

        /** The feedstock and green-electricity deduction: the GB/T 2589 total less the policy total. */
        Double difference(Double total, Double policy) {
            return total == null || policy == null ? null : total - policy;
        }

        /** The alert's review status by the console's latest action; new without one; empty when not read. */
        String reviewStatus(String alertId) {
            if (!data.console().read()) return null;
            ConsoleState.Review r = data.console().reviews().get(alertId);
            return label(r == null ? "new" : r.status(), REVIEW_STATUSES);
        }

        String review(String alertId, Function<ConsoleState.Review, String> field) {
            ConsoleState.Review r = data.console().reviews().get(alertId);
            return r == null ? null : field.apply(r);
        }

        String reviewTime(String iso) {
            return iso == null
                    ? null
                    : java.time.OffsetDateTime.parse(iso)
                            .atZoneSameInstant(ShanghaiCalendar.ZONE)
                            .format(TIME);
        }

        String sense(Double change) {
            if (change == null) return null;
            if (change < 0) return lang.pick("节约", "saved");
            if (change > 0) return lang.pick("超耗", "excess");
            return lang.pick("持平", "none");
        }

        String label(String code, Map<String, String> zh) {
            if (code == null) return null;
            return lang == Lang.ZH ? zh.getOrDefault(code, code) : code;
        }
    }

    /** Short Chinese names of the reject reasons for the headings (RejectReason has the full descriptions). */
    private static final Map<RejectReason, String> REASONS_SHORT = new java.util.EnumMap<>(Map.ofEntries(
            Map.entry(RejectReason.OVERSIZED, "报文过大"),
            Map.entry(RejectReason.BAD_TOPIC, "主题错误"),
            Map.entry(RejectReason.MALFORMED_JSON, "非法JSON"),
            Map.entry(RejectReason.WRONG_SCHEMA, "报文格式不符"),
            Map.entry(RejectReason.UNKNOWN_ENTERPRISE, "未登记企业"),
            Map.entry(RejectReason.UNKNOWN_GATEWAY, "未登记网关"),
            Map.entry(RejectReason.GATEWAY_MISMATCH, "网关不符"),
            Map.entry(RejectReason.ENTERPRISE_MISMATCH, "企业不符"),
            Map.entry(RejectReason.UNKNOWN_POINT, "未登记测点"),
            Map.entry(RejectReason.BAD_TIMESTAMP, "时间戳错误"),
            Map.entry(RejectReason.FUTURE_TIMESTAMP, "时间超前"),
            Map.entry(RejectReason.TOO_LATE, "迟到超限"),
            Map.entry(RejectReason.LATE_COVERED, "迟到已覆盖"),
            Map.entry(RejectReason.BAD_VALUE, "读数无效"),
            Map.entry(RejectReason.NEGATIVE_VALUE, "读数为负"),
            Map.entry(RejectReason.NEGATIVE_STEP, "累计值倒退"),
            Map.entry(RejectReason.SUSPECT_STEP, "增量可疑"),
            Map.entry(RejectReason.CONFLICT, "读数冲突")));

    private static final Map<String, String> EVENTS = Map.of("raised", "触发", "updated", "更新", "cleared", "解除");
    private static final Map<String, String> REVIEW_STATUSES =
            Map.of("new", "待审核", "acknowledged", "已确认", "resolved", "已处理", "dismissed", "已排除");
    private static final Map<String, String> STATES = Map.of("active", "未解除", "cleared", "已解除");
    private static final Map<String, String> SEVERITIES =
            Map.of("info", "提示", "watch", "关注", "warning", "预警", "breach", "超标");
}
