package dcmon.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dcmon.core.alert.Colour;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.registry.Baseline;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Gateway;
import dcmon.core.registry.IntensityTarget;
import dcmon.core.registry.Product;
import dcmon.core.registry.Registry;
import dcmon.core.registry.Tier;
import dcmon.core.registry.YearTarget;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tables from in-memory inputs: fallbacks, colours, provisional marking, scopes, number text, determinism. */
class AssessmentBuilderTest {

    static final Map<String, String> DIVISIONS =
            Map.of("420000", "湖北省", "420100", "武汉市", "420500", "宜昌市", "420600", "襄阳市");
    static final YearMonth MARCH = YearMonth.of(2026, 3);
    static final long MARCH_START = ShanghaiCalendar.startOf(LocalDate.of(2026, 3, 1));
    static final long APRIL_START = ShanghaiCalendar.startOf(LocalDate.of(2026, 4, 1));

    static Enterprise unit(String code, String city, Tier tier, double cap) {
        return new Enterprise(
                code,
                "单位" + code.substring(code.length() - 2),
                city,
                tier,
                "C30",
                new Baseline(2015, 100_000),
                List.of(new Product("clinker", "t", 110)),
                List.of(new YearTarget(2026, cap, List.of(new IntensityTarget("clinker", 105)))),
                List.of(new Gateway("GW01")),
                List.of());
    }

    static final Registry REGISTRY = new Registry(List.of(
            unit("CODE-A1", "420500", Tier.THOUSAND, 1000),
            unit("CODE-B2", "420500", Tier.TEN_THOUSAND, 200),
            unit("CODE-C3", "420100", Tier.TEN_THOUSAND, 300),
            unit("CODE-D4", "420600", Tier.TEN_THOUSAND, 0)));

    static Map<String, Object> row(long time, Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("time", time);
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    static MonthData data() {
        Map<String, Map<Long, Map<String, Object>>> months = Map.of(
                "CODE-A1",
                        Map.of(
                                MARCH_START - 5 * 86_400_000L * 6,
                                row(MARCH_START - 5 * 86_400_000L * 6, "tce", 10.0),
                                MARCH_START,
                                row(MARCH_START, "tce", 20.0, "output_clinker", 200.0)),
                "CODE-B2", Map.of(MARCH_START, row(MARCH_START, "tce", 50.0)),
                "CODE-C3", Map.of(MARCH_START, row(MARCH_START, "tce", 60.0)));
        List<Map<String, Object>> alerts = List.of(
                // A: raised as breach, cleared: not open
                row(
                        MARCH_START + 1,
                        "id",
                        "x",
                        "seq",
                        1.0,
                        "state",
                        "active",
                        "severity",
                        "breach",
                        "enterprise",
                        "CODE-A1"),
                row(
                        MARCH_START + 2,
                        "id",
                        "x",
                        "seq",
                        2.0,
                        "state",
                        "cleared",
                        "severity",
                        "breach",
                        "enterprise",
                        "CODE-A1"),
                // B: a watch on a gateway and a breach on the unit: red, 2 open
                row(
                        MARCH_START + 3,
                        "id",
                        "y",
                        "seq",
                        1.0,
                        "state",
                        "active",
                        "severity",
                        "watch",
                        "enterprise",
                        "CODE-B2",
                        "gateway",
                        "GW01"),
                row(
                        MARCH_START + 4,
                        "id",
                        "z",
                        "seq",
                        1.0,
                        "state",
                        "active",
                        "severity",
                        "breach",
                        "enterprise",
                        "CODE-B2"),
                // C: info only: green, 1 open
                row(
                        MARCH_START + 5,
                        "id",
                        "w",
                        "seq",
                        1.0,
                        "state",
                        "active",
                        "severity",
                        "info",
                        "enterprise",
                        "CODE-C3"));
        return new MonthData(months, Map.of(), Map.of(), Map.of(), alerts);
    }

    static Assessment build(Scope scope, Lang lang, Instant now) {
        return new AssessmentBuilder(REGISTRY, DIVISIONS, "420000", MonthlyExport::defaultColour)
                .build(MARCH, scope, lang, data(), now);
    }

    @Test
    void withoutProgressTheYearIsTheSumOfTheMonthsAndTheCapTheRegistrys() {
        Assessment a = build(Scope.PROVINCE, Lang.EN, Instant.ofEpochMilli(APRIL_START));
        Table units = a.table("units");
        List<Object> first = units.rows().get(0).cells();
        assertThat(first.get(units.column("credit_code"))).isEqualTo("CODE-A1");
        assertThat(first.get(units.column("month_tce"))).isEqualTo(20.0);
        assertThat(first.get(units.column("ytd_tce"))).isEqualTo(30.0);
        assertThat(first.get(units.column("cap_tce"))).isEqualTo(1000.0);
        assertThat(first.get(units.column("completion_pct"))).isEqualTo(3.0);
        assertThat(first.get(units.column("time_pct"))).isNull();
        assertThat(first.get(units.column("progress_as_of"))).isNull();
        Table products = a.table("products");
        List<Object> clinker = products.rows().get(0).cells();
        assertThat(clinker.get(products.column("month_output"))).isEqualTo(200.0);
        assertThat(clinker.get(products.column("target_kgce_per_unit"))).isEqualTo(105.0);
        assertThat(clinker.get(products.column("base_kgce_per_unit"))).isEqualTo(110.0);
        assertThat(clinker.get(products.column("base_year"))).isEqualTo("2015");
        assertThat(a.asOf()).isNull();
        assertThat(a.provisional()).isFalse();
    }

    @Test
    void theBarometerIsTheColourOfTheMostSevereOpenAlert() {
        Table units = build(Scope.PROVINCE, Lang.EN, Instant.ofEpochMilli(APRIL_START))
                .table("units");
        Map<Object, List<Object>> byCode = new HashMap<>();
        for (Table.Row r : units.rows()) byCode.put(r.cells().get(0), r.cells());
        int colour = units.column("barometer");
        int open = units.column("open_alerts");
        assertThat(byCode.get("CODE-A1").get(colour)).isEqualTo(Colour.GREEN.code());
        assertThat(byCode.get("CODE-A1").get(open)).isEqualTo(0L);
        assertThat(byCode.get("CODE-B2").get(colour)).isEqualTo("red");
        assertThat(byCode.get("CODE-B2").get(open)).isEqualTo(2L);
        assertThat(byCode.get("CODE-C3").get(colour)).isEqualTo("green");
        assertThat(byCode.get("CODE-C3").get(open)).isEqualTo(1L);
    }

    @Test
    void aMonthIsProvisionalUntilItsLastMillisecond() {
        assertThat(build(Scope.PROVINCE, Lang.ZH, Instant.ofEpochMilli(APRIL_START - 1))
                        .provisional())
                .isTrue();
        assertThat(build(Scope.PROVINCE, Lang.ZH, Instant.ofEpochMilli(APRIL_START))
                        .provisional())
                .isFalse();
    }

    @Test
    void tenThousandUnitsAreGroupedByCityWithSubtotals() {
        Table t = build(Scope.PROVINCE, Lang.EN, Instant.ofEpochMilli(APRIL_START))
                .table("tier_ten_thousand");
        assertThat(t.rows())
                .extracting(r -> r.cells().get(0) + " " + r.cells().get(1) + " "
                        + r.cells().get(6))
                .containsExactly(
                        "unit 420100 60.0",
                        "subtotal 420100 60.0",
                        "unit 420500 50.0",
                        "subtotal 420500 50.0",
                        "unit 420600 null",
                        "subtotal 420600 null",
                        "total null 110.0");
        assertThat(t.rows())
                .extracting(Table.Row::subtotal)
                .containsExactly(false, true, false, true, false, true, true);
        // a zero cap gives no share rather than an infinity
        assertThat(t.rows().get(4).cells().get(t.column("completion_pct"))).isNull();
    }

    @Test
    void scopesCutUnitsAndSummaries() {
        Assessment city = build(Scope.parse("city:420500", DIVISIONS), Lang.EN, Instant.ofEpochMilli(APRIL_START));
        assertThat(city.table("units").rows()).extracting(r -> r.cells().get(0)).containsExactly("CODE-A1", "CODE-B2");
        assertThat(city.table("summary_by_tier").rows())
                .extracting(r -> r.cells().get(0) + " " + r.cells().get(2) + " "
                        + r.cells().get(3))
                .containsExactly("thousand 1 20.0", "ten-thousand 1 50.0", "420500 2 70.0");
        assertThat(city.table("tier_hundred")).isNull();

        Assessment tier = build(Scope.parse("tier:thousand", DIVISIONS), Lang.EN, Instant.ofEpochMilli(APRIL_START));
        assertThat(tier.table("units").rows()).extracting(r -> r.cells().get(0)).containsExactly("CODE-A1");
        assertThat(tier.table("tier_ten_thousand")).isNull();
    }

    @Test
    void scopeTextIsChecked() {
        assertThat(Scope.parse("province", DIVISIONS)).isEqualTo(Scope.PROVINCE);
        assertThat(Scope.parse("tier:ten-thousand", DIVISIONS).key()).isEqualTo("tier-ten-thousand");
        assertThat(Scope.parse("city:420500", DIVISIONS).toString()).isEqualTo("city:420500");
        assertThatThrownBy(() -> Scope.parse("city:420000", DIVISIONS)).hasMessageStartingWith("unknown division");
        assertThatThrownBy(() -> Scope.parse("tier:million", DIVISIONS)).hasMessageStartingWith("unknown tier");
        assertThatThrownBy(() -> Scope.parse("420500", DIVISIONS)).hasMessageStartingWith("unknown scope");
    }

    @Test
    void csvNumbersAreWrittenInFullWithoutExponentOrGrouping() {
        assertThat(CsvWriter.cell(1.0E7)).isEqualTo("10000000");
        assertThat(CsvWriter.cell(1.0E-7)).isEqualTo("0.0000001");
        assertThat(CsvWriter.cell(-1200.0)).isEqualTo("-1200");
        assertThat(CsvWriter.cell(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(CsvWriter.cell(-0.0)).isEqualTo("0");
        assertThat(CsvWriter.cell(Double.NaN)).isEmpty();
        assertThat(CsvWriter.cell(null)).isEmpty();
        assertThat(CsvWriter.cell(3L)).isEqualTo("3");
    }

    @Test
    void theWorkbookBytesDependOnTheTablesOnly() throws Exception {
        Assessment a = build(Scope.PROVINCE, Lang.ZH, Instant.ofEpochMilli(APRIL_START));
        byte[] first = XlsxWriter.write(a);
        Thread.sleep(1100);
        assertThat(XlsxWriter.write(build(Scope.PROVINCE, Lang.ZH, Instant.ofEpochMilli(APRIL_START + 86_400_000L))))
                .isEqualTo(first);
    }
}
