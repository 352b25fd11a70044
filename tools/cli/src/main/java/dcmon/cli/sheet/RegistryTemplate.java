package dcmon.cli.sheet;

import java.util.List;
import java.util.Locale;

/**
 * The registry spreadsheet: its sheets and columns, each headed in Chinese with the English key in brackets,
 * e.g. {@code 统一社会信用代码 (credit_code)}. A heading may also be written in Chinese alone or as the key alone.
 * Columns mirror the registry YAML fields (config/README.md, *Registry*); docs/integration.md lists them.
 */
public final class RegistryTemplate {
    private RegistryTemplate() {}

    /** How a cell is read. */
    public enum Type {
        TEXT,
        INT,
        DECIMAL,
        BOOL,
        /** ids separated by commas, semicolons or spaces */
        LIST,
        /** a month, YYYY-MM */
        MONTH,
        /** product=amount pairs separated by semicolons */
        OUTPUT
    }

    /**
     * One column.
     *
     * @param zh       Chinese heading
     * @param key      English key, in brackets after the heading; for CSV files too
     * @param required whether every row needs a value
     * @param choices  allowed values offered as a drop-down list, or empty
     * @param help     Chinese and English explanation for the instructions sheet
     */
    public record Column(String zh, String key, Type type, boolean required, List<String> choices, String help) {
        public String heading() {
            return zh + " (" + key + ")";
        }

        /** True when a heading cell names this column: "中文 (key)", "中文" or "key". */
        public boolean matches(String heading) {
            String h = heading.strip().replace('（', '(').replace('）', ')');
            int open = h.lastIndexOf('(');
            if (open > 0 && h.endsWith(")")) {
                String zhPart = h.substring(0, open).strip();
                String keyPart = h.substring(open + 1, h.length() - 1).strip();
                return zhPart.equals(zh) || keyPart.equalsIgnoreCase(key);
            }
            return h.equals(zh) || h.toLowerCase(Locale.ROOT).equals(key);
        }
    }

    /**
     * One sheet (or CSV file).
     *
     * @param zh  sheet name
     * @param key English name: the CSV option and an accepted sheet name
     */
    public record Table(String zh, String key, String help, List<Column> columns) {
        public Column column(String key) {
            for (Column c : columns) if (c.key().equals(key)) return c;
            throw new IllegalArgumentException(key);
        }

        public boolean matches(String sheetName) {
            String n = sheetName.strip();
            return n.equals(zh) || n.equalsIgnoreCase(key) || n.equals(zh + " (" + key + ")");
        }
    }

    static final List<String> TIERS = List.of("hundred", "thousand", "ten-thousand");
    static final List<String> BOOLS = List.of("是", "否");
    static final List<String> ROLES = List.of("input", "output", "feedstock", "product", "workload");
    static final List<String> KINDS = List.of("cumulative", "interval");
    static final List<String> PRODUCT_KINDS = List.of("product", "workload");

    private static Column col(String zh, String key, Type type, boolean required, String help) {
        return new Column(zh, key, type, required, type == Type.BOOL ? BOOLS : List.of(), help);
    }

    private static Column choice(String zh, String key, boolean required, List<String> choices, String help) {
        return new Column(zh, key, Type.TEXT, required, choices, help);
    }

    private static Column creditCode() {
        return col(
                "统一社会信用代码",
                "credit_code",
                Type.TEXT,
                true,
                "单位的 18 位统一社会信用代码，须在「单位」表中 · the unit's 18-character code, listed in sheet 单位");
    }

    public static final Table UNITS = new Table(
            "单位",
            "units",
            "每个重点用能单位一行 · one row per key energy-using unit",
            List.of(
                    col(
                            "统一社会信用代码",
                            "credit_code",
                            Type.TEXT,
                            true,
                            "18 位，GB 32100 校验位须正确 · 18 characters, GB 32100 check character correct"),
                    col("单位名称", "name", Type.TEXT, true, "单位全称 · the unit's name"),
                    col(
                            "所在市州代码",
                            "city",
                            Type.TEXT,
                            true,
                            "GB/T 2260 市州代码，如 420100 · division code of divisions.yaml, e.g. 420100"),
                    choice(
                            "层级",
                            "tier",
                            false,
                            TIERS,
                            "hundred 百家 / thousand 千家 / ten-thousand 万家；空则按基准年能耗确定 · empty: derived from"
                                    + " the baseline"),
                    col(
                            "行业代码",
                            "industry",
                            Type.TEXT,
                            true,
                            "GB/T 4754 门类字母，可加两位大类，如 C31 · section letter, optionally with its division"),
                    col("基准年", "baseline_year", Type.INT, true, "如 2015 · e.g. 2015"),
                    col(
                            "基准年综合能耗",
                            "baseline_tce",
                            Type.DECIMAL,
                            true,
                            "吨标准煤，≥ 0 · consumption in the baseline year, tce"),
                    col(
                            "网关",
                            "gateways",
                            Type.LIST,
                            true,
                            "网关编号，多个用逗号分隔，如 GW01, GW02 · gateway ids, separated by commas"),
                    col(
                            "校验位例外",
                            "allowlisted",
                            Type.BOOL,
                            false,
                            "是：校验位不符但经登记机关确认的代码 · 是 (yes): the check character fails but the"
                                    + " code is registered so"),
                    col(
                            "五年基期年",
                            "five_year_base_year",
                            Type.INT,
                            false,
                            "“十五五”单耗下降目标的基期年；填写则须填降低率 · base year of the five-year block"),
                    col(
                            "五年单耗降低率",
                            "five_year_reduction",
                            Type.DECIMAL,
                            false,
                            "到 2030 年单耗下降比例，小数，如 0.135 · required reduction by 2030, a fraction"),
                    col(
                            "五年碳强度降低率",
                            "five_year_co2_reduction",
                            Type.DECIMAL,
                            false,
                            "到 2030 年碳强度下降比例，小数 · required CO₂ intensity reduction, a fraction"),
                    col(
                            "五年目标已核实",
                            "five_year_verified",
                            Type.BOOL,
                            false,
                            "五年目标是否已核实 · whether the five-year block is verified"),
                    col("五年目标备注", "five_year_note", Type.TEXT, false, "备注 · note")));

    public static final Table PRODUCTS = new Table(
            "产品",
            "products",
            "每个单位的每种主要产品（或工作量）一行 · one row per product or workload of a unit",
            List.of(
                    creditCode(),
                    col("产品编号", "product", Type.TEXT, true, "字母、数字、_ . -，如 crude-steel · letters, digits, _ . -"),
                    col("计量单位", "unit", Type.TEXT, true, "如 t、MWh、tkm · e.g. t, MWh, tkm"),
                    choice(
                            "类别",
                            "kind",
                            false,
                            PRODUCT_KINDS,
                            "product 产品 / workload 工作量；空则由测点确定 · empty: derived from the points"),
                    col(
                            "基准单耗",
                            "baseline_kgce_per_unit",
                            Type.DECIMAL,
                            true,
                            "kgce/产品单位，> 0 · baseline unit consumption, kgce per unit"),
                    col(
                            "基准碳强度",
                            "baseline_kgco2_per_unit",
                            Type.DECIMAL,
                            false,
                            "kgCO₂/产品单位 · baseline carbon intensity"),
                    col(
                            "五年基期单耗",
                            "five_year_kgce_per_unit",
                            Type.DECIMAL,
                            false,
                            "五年目标基期单耗，kgce/产品单位 · five-year base, kgce per unit"),
                    col(
                            "五年基期碳强度",
                            "five_year_kgco2_per_unit",
                            Type.DECIMAL,
                            false,
                            "五年目标基期碳强度，kgCO₂/产品单位 · five-year base, kgCO₂ per unit")));

    public static final Table TARGETS = new Table(
            "年度目标",
            "targets",
            "每个单位每个年度一行 · one row per unit and year",
            List.of(
                    creditCode(),
                    col("年度", "year", Type.INT, true, "不早于基准年 · not before the baseline year"),
                    col(
                            "能耗总量上限",
                            "total_cap_tce",
                            Type.DECIMAL,
                            true,
                            "基本目标，吨标准煤，> 0 · cap on total consumption (basic level), tce"),
                    col(
                            "能耗总量激励目标",
                            "total_cap_incentive_tce",
                            Type.DECIMAL,
                            false,
                            "激励目标，不高于基本目标 · incentive level, not above the basic level"),
                    col("碳排放上限", "co2_cap_t", Type.DECIMAL, false, "吨 CO₂ · CO₂ cap, t"),
                    col("碳排放激励目标", "co2_cap_incentive_t", Type.DECIMAL, false, "吨 CO₂，不高于碳排放上限 · incentive level, t"),
                    col("已核实", "verified", Type.BOOL, false, "目标是否已核实 · whether the target is verified"),
                    col("备注", "note", Type.TEXT, false, "备注 · note")));

    public static final Table PRODUCT_TARGETS = new Table(
            "产品目标",
            "product_targets",
            "每个单位、年度、产品一行；年度须在「年度目标」中 · one row per unit, year and product; the year" + " must be in sheet 年度目标",
            List.of(
                    creditCode(),
                    col("年度", "year", Type.INT, true, "年度 · year"),
                    col("产品编号", "product", Type.TEXT, true, "「产品」表中的产品 · a product of sheet 产品"),
                    col(
                            "单耗目标",
                            "kgce_per_unit",
                            Type.DECIMAL,
                            false,
                            "kgce/产品单位 · unit consumption target, kgce per unit"),
                    col("单耗激励目标", "kgce_incentive", Type.DECIMAL, false, "激励目标 · incentive level"),
                    col(
                            "碳强度目标",
                            "kgco2_per_unit",
                            Type.DECIMAL,
                            false,
                            "kgCO₂/产品单位；须有基准碳强度 · carbon intensity target; needs a CO₂ base"),
                    col("碳强度激励目标", "kgco2_incentive", Type.DECIMAL, false, "激励目标 · incentive level")));

    public static final Table REPORTED_MONTHS = new Table(
            "上报月度",
            "reported_months",
            "单位自行上报、未（完整）监测月份的数据 · figures a unit reported for months not (fully) monitored",
            List.of(
                    creditCode(),
                    col("月份", "month", Type.MONTH, true, "YYYY-MM，如 2026-01 · e.g. 2026-01"),
                    col("综合能耗", "tce", Type.DECIMAL, true, "吨标准煤 · GB/T 2589 total, tce"),
                    col("政策口径能耗", "tce_policy", Type.DECIMAL, false, "扣除原料用能和绿证电力后，吨标准煤 · policy total, tce"),
                    col("二氧化碳", "tco2", Type.DECIMAL, false, "吨 · CO₂, t"),
                    col(
                            "产量",
                            "output",
                            Type.OUTPUT,
                            false,
                            "产品编号=产量，多个用分号分隔，如 clinker=1163120 · product=amount; separated by" + " semicolons"),
                    col("备注", "note", Type.TEXT, false, "备注 · note")));

    public static final Table POINTS = new Table(
            "计量点",
            "points",
            "每个计量点一行 · one row per measurement point",
            List.of(
                    creditCode(),
                    col("网关", "gateway", Type.TEXT, true, "「单位」表中该单位的网关 · a gateway of the unit"),
                    col(
                            "测点编号",
                            "point",
                            Type.TEXT,
                            true,
                            "单位内唯一；字母、数字、_ . - · unique in the unit; letters, digits, _ . -"),
                    choice(
                            "角色",
                            "role",
                            true,
                            ROLES,
                            "input 输入 / output 输出 / feedstock 原料 / product 产品 / workload 工作量"),
                    col(
                            "能源品种",
                            "energy",
                            Type.TEXT,
                            false,
                            "能源测点：energy.yaml 的品种，如 electricity · energy points: a key of energy.yaml"),
                    col("等级", "grade", Type.TEXT, false, "如蒸汽 3.5MPa · e.g. steam 3.5MPa"),
                    col(
                            "计量单位",
                            "unit",
                            Type.TEXT,
                            true,
                            "与能源品种或产品的单位一致，如 kWh · the energy row's or the product's unit"),
                    col("产品编号", "product", Type.TEXT, false, "产品和工作量测点：「产品」表中的产品 · product and workload points only"),
                    choice(
                            "类型",
                            "kind",
                            false,
                            KINDS,
                            "cumulative 累计值（默认）/ interval 区间值 · cumulative (default) or interval"),
                    col(
                            "翻转值",
                            "rollover",
                            Type.DECIMAL,
                            false,
                            "累计值测点：寄存器回零的值 · cumulative points: the value the register wraps at"),
                    col("周期", "period", Type.INT, false, "区间值测点：分钟，1、5 或 15 的倍数，默认 15 · interval points: minutes"),
                    col(
                            "每小时最大值",
                            "max_rate_per_hour",
                            Type.DECIMAL,
                            true,
                            "合理性上限，计量单位/小时，> 0 · plausibility bound, unit per hour"),
                    col(
                            "绿证电力",
                            "renewable",
                            Type.BOOL,
                            false,
                            "仅电力输入测点 · electricity input points only (green certificates)"),
                    col(
                            "实测折标系数",
                            "kgce_per_unit",
                            Type.DECIMAL,
                            false,
                            "kgce/计量单位，覆盖参考表 · measured calorific value, overrides the table")));

    /** Every data sheet, in workbook order. */
    public static final List<Table> TABLES =
            List.of(UNITS, PRODUCTS, TARGETS, PRODUCT_TARGETS, REPORTED_MONTHS, POINTS);

    /** Name of the instructions sheet. */
    public static final String INSTRUCTIONS = "说明";
}
