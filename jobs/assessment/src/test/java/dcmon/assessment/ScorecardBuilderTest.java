package dcmon.assessment;

import static dcmon.assessment.MonthlyExportTest.headings;
import static dcmon.assessment.MonthlyExportTest.values;
import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.registry.Baseline;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.FiveYearTarget;
import dcmon.core.registry.IntensityTarget;
import dcmon.core.registry.Point;
import dcmon.core.registry.PointKind;
import dcmon.core.registry.Product;
import dcmon.core.registry.Registry;
import dcmon.core.registry.Role;
import dcmon.core.registry.Tier;
import dcmon.core.registry.YearTarget;
import dcmon.core.scorecard.ScoringRules;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scorecard from a hand-made year: four units that meet, miss, lack data and sit on a grade bound; the workbook
 * read back with POI cell by cell; the same data gives the same bytes.
 */
class ScorecardBuilderTest {

    static final Map<String, String> DIVISIONS =
            Map.of("420000", "湖北省", "420100", "武汉市", "420500", "宜昌市", "420600", "襄阳市");
    static final Instant AFTER_YEAR = Instant.parse("2027-01-10T02:00:00Z");
    static final Instant MID_YEAR = Instant.parse("2026-07-01T02:00:00Z");
    static final long DEC_31 = ShanghaiCalendar.startOf(LocalDate.of(2026, 12, 31));
    /** The five-year plan of A and B: 10 % by 2030 from 2025, so 2 % (a fifth) due in 2026. */
    static final FiveYearTarget FIVE_YEAR =
            new FiveYearTarget(2025, 0.10, null, List.of(new FiveYearTarget.FiveYearBase("clinker", 110, null)));

    static final double MILESTONE = 110 * (1 - 0.10 * 0.2);

    @TempDir
    Path dir;

    static Enterprise unit(String code, String city, Tier tier, double cap, FiveYearTarget five) {
        return new Enterprise(
                code,
                "单位" + code.substring(code.length() - 2),
                city,
                tier,
                "C30",
                new Baseline(2015, 100_000),
                List.of(new Product("clinker", "t", 120)),
                List.of(new YearTarget(2026, cap, List.of(new IntensityTarget("clinker", 105)))),
                List.of(),
                List.of(),
                five,
                List.of());
    }

    static final Registry REGISTRY = new Registry(List.of(
            unit("CODE-A1", "420500", Tier.THOUSAND, 1000, FIVE_YEAR),
            unit("CODE-B2", "420500", Tier.TEN_THOUSAND, 200, FIVE_YEAR),
            unit("CODE-C3", "420100", Tier.TEN_THOUSAND, 300, null),
            unit("CODE-D4", "420600", Tier.TEN_THOUSAND, 500, null)));

    static Map<String, Object> row(long time, Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("time", time);
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    static MonthData data() {
        long jan = ShanghaiCalendar.startOf(LocalDate.of(2026, 1, 1));
        long feb = ShanghaiCalendar.startOf(LocalDate.of(2026, 2, 1));
        Map<String, Map<Long, Map<String, Object>>> months = Map.of(
                "CODE-C3",
                Map.of(
                        jan,
                        row(jan, "tce", 100.0, "tce_policy", 90.0),
                        feb,
                        row(feb, "tce", 140.0, "tce_policy", 130.0)));
        Map<String, Map<String, Object>> progress = new HashMap<>();
        // A: both targets met, 5 % under the cap
        progress.put(
                "CODE-A1",
                row(
                        DEC_31,
                        "cap_basis",
                        "policy",
                        "ytd_tce",
                        960.0,
                        "ytd_tce_equal_value",
                        1100.0,
                        "ytd_tce_policy",
                        950.0,
                        "ytd_cap_basis_tce",
                        950.0,
                        "cap_tce",
                        1000.0));
        progress.put(
                "CODE-A1/clinker",
                row(
                        DEC_31,
                        "ytd_output",
                        10_000.0,
                        "ytd_kgce_per_unit",
                        100.0,
                        "target_kgce_per_unit",
                        105.0,
                        "target_source",
                        "explicit",
                        "base_year",
                        2025L,
                        "base_kgce_per_unit",
                        110.0,
                        "energy_change_vs_base_tce",
                        -100.0));
        // B: exactly 10 % over the cap, annual target missed (106 > 105), cumulative met (106 ≤ 107.8)
        progress.put(
                "CODE-B2", row(DEC_31 - 86_400_000L, "ytd_tce", 220.0, "ytd_cap_basis_tce", 220.0, "cap_tce", 200.0));
        progress.put("CODE-B2/clinker", row(DEC_31 - 86_400_000L, "ytd_output", 1000.0, "ytd_kgce_per_unit", 106.0));
        // C: month rows only, no product data
        // D: no five-year plan; annual met; total 60 with the reviewers' points
        progress.put("CODE-D4", row(DEC_31, "ytd_tce", 450.0, "ytd_cap_basis_tce", 450.0, "cap_tce", 500.0));
        progress.put(
                "CODE-D4/clinker",
                row(DEC_31, "ytd_output", 2000.0, "ytd_kgce_per_unit", 104.0, "base_kgce_per_unit", 110.0));
        return new MonthData(months, Map.of(), progress, Map.of(), List.of());
    }

    static final Map<String, Double> QUALITATIVE = Map.of("CODE-A1", 46.0, "CODE-B2", 50.0, "CODE-D4", 35.0);

    static Scorecard build(Lang lang, Map<String, Double> qualitative, Instant now) {
        return new ScorecardBuilder(REGISTRY, DIVISIONS, "420000", ScoringRules.defaults())
                .build(2026, Scope.PROVINCE, lang, data(), qualitative, now);
    }

    @Test
    void workbookHasEveryScoreCellByCell() throws IOException {
        Map<String, byte[]> files = ExportWriter.write(build(Lang.ZH, QUALITATIVE, AFTER_YEAR), dir.resolve("out"));
        assertThat(files.keySet())
                .containsExactly(
                        "about.csv",
                        "energy_structure.csv",
                        "manifest.json",
                        "scorecard-2026-province.xlsx",
                        "scorecard.csv",
                        "scorecard_products.csv");
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(files.get("scorecard-2026-province.xlsx")))) {
            assertThat(MonthlyExportTest.sheetNames(wb)).containsExactly("说明", "年度评价考核", "产品单耗考核", "能源消费结构(草表)");
            var sheet = wb.getSheet("年度评价考核");
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue())
                    .isEqualTo("湖北省重点用能单位节能目标责任评价考核 2026年度 · 节能目标责任评价考核计分表（湖北省）");
            assertThat(headings(sheet))
                    .containsExactly(
                            "统一社会信用代码",
                            "单位名称",
                            "市州代码",
                            "市州",
                            "梯队",
                            "行业代码",
                            "年综合能耗当量值(吨标准煤)",
                            "年综合能耗等价值(吨标准煤)",
                            "年能耗政策口径(吨标准煤)",
                            "总量口径",
                            "考核口径年能耗(吨标准煤)",
                            "能耗总量上限(吨标准煤)",
                            "超出上限(%,负值为低于上限)",
                            "总量控制得分(分)",
                            "年度单耗目标完成",
                            "累计进度目标完成",
                            "单耗下降得分(分)",
                            "节能量产品单耗法(吨标准煤,负值为节约)",
                            "定量得分(分)",
                            "定性得分(分)",
                            "总分(分)",
                            "得分口径",
                            "考核等级",
                            "一票否决",
                            "否决原因",
                            "临时数据");
            assertThat(values(sheet))
                    .containsExactly(
                            Arrays.asList(
                                    "CODE-A1", "单位A1", "420500", "宜昌市", "千家", "C30", 960.0, 1100.0, 950.0, "policy",
                                    950.0, 1000.0, -5.0, 15.0, "完成", "完成", 35.0, -100.0, 50.0, 46.0, 96.0, "定量+定性",
                                    "超额完成", "否", null, "否"),
                            Arrays.asList(
                                    "CODE-C3", "单位C3", "420100", "武汉市", "万家", "C30", 240.0, null, 220.0, null, 240.0,
                                    300.0, -20.0, 15.0, "无法判定", "无法判定", 0.0, null, 15.0, null, 15.0, "仅定量部分", null, "否",
                                    null, "否"),
                            Arrays.asList(
                                    "CODE-B2",
                                    "单位B2",
                                    "420500",
                                    "宜昌市",
                                    "万家",
                                    "C30",
                                    220.0,
                                    null,
                                    null,
                                    null,
                                    220.0,
                                    200.0,
                                    10.0,
                                    5.0,
                                    "未完成",
                                    "完成",
                                    20.0,
                                    -4.0,
                                    25.0,
                                    50.0,
                                    75.0,
                                    "定量+定性",
                                    "未完成",
                                    "是",
                                    "年度单位产品能耗目标未完成 (clinker)；超过能耗总量上限 10.00%",
                                    "否"),
                            Arrays.asList(
                                    "CODE-D4", "单位D4", "420600", "襄阳市", "万家", "C30", 450.0, null, null, null, 450.0,
                                    500.0, -10.0, 15.0, "完成", "无法判定", 10.0, -12.0, 25.0, 35.0, 60.0, "定量+定性", "基本完成",
                                    "否", null, "否"));

            var products = wb.getSheet("产品单耗考核");
            assertThat(values(products))
                    .containsExactly(
                            Arrays.asList(
                                    "CODE-A1",
                                    "单位A1",
                                    "clinker",
                                    "t",
                                    10_000.0,
                                    100.0,
                                    105.0,
                                    "explicit",
                                    "完成",
                                    "2025",
                                    110.0,
                                    (100.0 / 110 - 1) * 100,
                                    0.10 * 0.2 * 100,
                                    MILESTONE,
                                    "完成",
                                    -100.0),
                            Arrays.asList(
                                    "CODE-C3",
                                    "单位C3",
                                    "clinker",
                                    "t",
                                    null,
                                    null,
                                    105.0,
                                    "explicit",
                                    "无法判定",
                                    "2015",
                                    120.0,
                                    null,
                                    null,
                                    null,
                                    "无法判定",
                                    null),
                            Arrays.asList(
                                    "CODE-B2",
                                    "单位B2",
                                    "clinker",
                                    "t",
                                    1000.0,
                                    106.0,
                                    105.0,
                                    "explicit",
                                    "未完成",
                                    "2025",
                                    110.0,
                                    (106.0 / 110 - 1) * 100,
                                    0.10 * 0.2 * 100,
                                    MILESTONE,
                                    "完成",
                                    -4.0),
                            Arrays.asList(
                                    "CODE-D4",
                                    "单位D4",
                                    "clinker",
                                    "t",
                                    2000.0,
                                    104.0,
                                    105.0,
                                    "explicit",
                                    "完成",
                                    "2015",
                                    110.0,
                                    (104.0 / 110 - 1) * 100,
                                    null,
                                    null,
                                    "无法判定",
                                    -12.0));
            assertThat(values(wb.getSheet("说明")))
                    .contains(
                            List.of("考核年度", "2026"),
                            List.of("数据状态", "年度数据"),
                            List.of("进度数据截至", "2026-12-31"),
                            List.of("考核等级", "超额完成 ≥ 95；完成 ≥ 80；基本完成 ≥ 60；未完成 其余（分界值属于较高等级）"));
        }
        String manifest = new String(files.get("manifest.json"), StandardCharsets.UTF_8);
        assertThat(manifest).contains("\"kind\" : \"scorecard\"", "\"year\" : 2026", "\"qualitative\" : true");
        assertThat(Files.readAllBytes(dir.resolve("out/scorecard.csv"))).isEqualTo(files.get("scorecard.csv"));
    }

    @Test
    void withoutQualitativePointsTotalsAreQuantitativeAndOnlyAVetoGrades() {
        Scorecard s = build(Lang.ZH, null, AFTER_YEAR);
        Table t = s.table("scorecard");
        int total = t.column("total_points"), basis = t.column("score_basis"), grade = t.column("grade");
        int qualitative = t.column("qualitative_points");
        assertThat(t.rows()).extracting(r -> r.cells().get(qualitative)).containsOnlyNulls();
        assertThat(t.rows()).extracting(r -> r.cells().get(total)).containsExactly(50.0, 15.0, 25.0, 25.0);
        assertThat(t.rows()).extracting(r -> r.cells().get(basis)).containsOnly("仅定量部分");
        // only B, vetoed, has a grade
        assertThat(t.rows()).extracting(r -> r.cells().get(grade)).containsExactly(null, null, "未完成", null);
        assertThat(s.qualitative()).isFalse();
    }

    @Test
    void aYearNotOverIsProvisional() {
        Scorecard s = build(Lang.ZH, QUALITATIVE, MID_YEAR);
        assertThat(s.provisional()).isTrue();
        Table t = s.table("scorecard");
        assertThat(t.title()).endsWith(" · 临时数据");
        assertThat(t.rows())
                .extracting(r -> r.cells().get(t.column("provisional")))
                .containsOnly("是");
        assertThat(s.table("about").rows())
                .anySatisfy(r -> assertThat(r.cells()).containsExactly("数据状态", "临时数据（本年度尚未结束，截至 2026-12-31）"));
    }

    @Test
    void englishHeadingsAreSnakeCaseAndGradesTheirCodes() throws IOException {
        Scorecard s = build(Lang.EN, QUALITATIVE, AFTER_YEAR);
        Map<String, byte[]> files = ExportWriter.files(s);
        assertThat(files).containsKey("scorecard-2026-province-en.xlsx");
        String csv = new String(files.get("scorecard.csv"), StandardCharsets.UTF_8);
        assertThat(csv)
                .startsWith("\uFEFFcredit_code,name,city,city_name,tier,industry,year_tce,year_tce_equal_value,"
                        + "year_tce_policy,cap_basis,cap_basis_tce,cap_tce,over_cap_pct,total_control_points,"
                        + "annual_target_met,cumulative_target_met,reduction_points,energy_saved_tce,"
                        + "quantitative_points,qualitative_points,total_points,score_basis,grade,veto,veto_reason,"
                        + "provisional\r\n");
        Table t = s.table("scorecard");
        assertThat(t.rows())
                .extracting(r -> r.cells().get(t.column("grade")))
                .containsExactly("exceeded", null, "not_completed", "basically_completed");
        assertThat(ExportWriter.defaultDir(Path.of("var/exports"), s))
                .isEqualTo(Path.of("var/exports/scorecard-2026-en"));
    }

    static Point point(String id, String energy, String unit, Role role) {
        return new Point(id, "GW01", energy, null, unit, PointKind.CUMULATIVE, 0, role, null, 1e9, 15, false, null);
    }

    @Test
    void energyStructureDraftSumsTheYearRowsByEnergyAndRole() {
        Enterprise a = REGISTRY.enterprise("CODE-A1");
        Enterprise withPoints = new Enterprise(
                a.code(),
                a.name(),
                a.city(),
                a.tier(),
                a.industry(),
                a.baseline(),
                a.products(),
                a.targets(),
                a.gateways(),
                List.of(
                        point("E1", "electricity", "kWh", Role.INPUT),
                        point("E2", "electricity", "kWh", Role.INPUT),
                        point("C1", "raw-coal", "t", Role.FEEDSTOCK),
                        point("S1", "steam", "t", Role.OUTPUT),
                        new Point(
                                "P1",
                                "GW01",
                                null,
                                null,
                                "t",
                                PointKind.CUMULATIVE,
                                0,
                                Role.PRODUCT,
                                "clinker",
                                1e9,
                                15,
                                false,
                                null)),
                a.fiveYear(),
                List.of());
        long jan = ShanghaiCalendar.startOf(LocalDate.of(2026, 1, 1));
        List<Map<String, Object>> years = List.of(
                row(
                        jan,
                        "enterprise",
                        "CODE-A1",
                        "point",
                        "E1",
                        "energy",
                        "electricity",
                        "amount",
                        1_000_000.0,
                        "tce",
                        122.9),
                row(
                        jan,
                        "enterprise",
                        "CODE-A1",
                        "point",
                        "E2",
                        "energy",
                        "electricity",
                        "amount",
                        500_000.0,
                        "tce",
                        61.45),
                row(jan, "enterprise", "CODE-A1", "point", "C1", "energy", "raw-coal", "amount", 1000.0, "tce", 714.3),
                row(jan, "enterprise", "CODE-A1", "point", "S1", "energy", "steam", "amount", 100.0, "tce", 12.8),
                row(jan, "enterprise", "CODE-A1", "point", "P1", "energy", "product", "amount", 10_000.0, "tce", 0.0),
                // not in the registry: left out
                row(jan, "enterprise", "NOPE", "point", "E1", "energy", "electricity", "amount", 1.0, "tce", 1.0));
        Scorecard s = new ScorecardBuilder(
                        new Registry(List.of(withPoints)),
                        DIVISIONS,
                        "420000",
                        ScoringRules.defaults(),
                        Map.of("electricity", "电力", "raw-coal", "原煤", "steam", "蒸汽"))
                .build(2026, Scope.PROVINCE, Lang.ZH, data(), years, null, AFTER_YEAR);
        double net = 122.9 + 61.45 + 714.3 - 12.8;
        assertThat(s.table("energy_structure").rows())
                .extracting(Table.Row::cells)
                .containsExactly(
                        Arrays.asList(
                                "CODE-A1",
                                "单位A1",
                                "electricity",
                                "电力",
                                "kWh",
                                1_500_000.0,
                                0.0,
                                0.0,
                                122.9 + 61.45,
                                0.0,
                                122.9 + 61.45,
                                (122.9 + 61.45) / net * 100),
                        Arrays.asList(
                                "CODE-A1",
                                "单位A1",
                                "raw-coal",
                                "原煤",
                                "t",
                                1000.0,
                                1000.0,
                                0.0,
                                714.3,
                                0.0,
                                714.3,
                                714.3 / net * 100),
                        Arrays.asList(
                                "CODE-A1",
                                "单位A1",
                                "steam",
                                "蒸汽",
                                "t",
                                0.0,
                                0.0,
                                100.0,
                                0.0,
                                12.8,
                                -12.8,
                                -12.8 / net * 100),
                        Arrays.asList(
                                "CODE-A1",
                                "单位A1",
                                null,
                                "合计",
                                null,
                                null,
                                null,
                                null,
                                122.9 + 61.45 + 714.3,
                                12.8,
                                net,
                                100.0));
    }

    @Test
    void sameDataGivesTheSameBytes() throws IOException {
        Map<String, byte[]> first = ExportWriter.write(build(Lang.ZH, QUALITATIVE, AFTER_YEAR), dir.resolve("a"));
        Map<String, byte[]> second = ExportWriter.write(build(Lang.ZH, QUALITATIVE, AFTER_YEAR), dir.resolve("b"));
        assertThat(second.keySet()).isEqualTo(first.keySet());
        for (String name : first.keySet()) {
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(name)))
                    .as(name)
                    .isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(name)));
        }
    }
}
