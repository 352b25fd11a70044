package dcmon.core.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dcmon.core.reference.EnergyType;
import dcmon.core.reference.ReferenceData;
import dcmon.core.registry.Point;
import dcmon.core.registry.PointKind;
import dcmon.core.registry.Role;
import java.util.Map;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class EnergyConversionTest {
    private static final Offset<Double> EPS = within(1e-12);

    private static final ReferenceData REF = new ReferenceData(
            Map.of(
                    "electricity",
                            new EnergyType("electricity", "电力", "kWh", 0.1229, 0, Map.of(), "GB/T 2589-2020", true),
                    // 1.9003 tCO2/t = 0.0019003 tCO2/kg
                    "raw-coal",
                            new EnergyType("raw-coal", "原煤", "kg", 0.7143, 0.0019003, Map.of(), "GB/T 2589-2020", true),
                    // 21.650 tCO2 per 10^4 m3 = 0.002165 tCO2/m3
                    "natural-gas",
                            new EnergyType(
                                    "natural-gas", "天然气", "m3", 1.2143, 0.002165, Map.of(), "GB/T 2589-2020", true),
                    "steam",
                            new EnergyType(
                                    "steam",
                                    "蒸汽",
                                    "kg",
                                    0.0943,
                                    0,
                                    Map.of("3.5MPa", 0.1257, "1.0MPa", 0.1086),
                                    "petrochemical practice",
                                    false)),
            Map.of(2025, 0.3, 2026, 0.29),
            Map.of(2023, 0.5306),
            Map.of("420100", "武汉市", "420000", "湖北省"),
            "420000");

    private final EnergyConversion conversion = new EnergyConversion(REF);

    private static Point point(String energy, String grade, Role role, String product, boolean renewable, Double kgce) {
        return new Point(
                "P1", "GW01", energy, grade, "u", PointKind.CUMULATIVE, 0, role, product, 1e9, 15, renewable, kgce);
    }

    private static void assertFootprint(Footprint f, double tce, double tceEqual, double tcePolicy, double tco2) {
        assertThat(f.tce()).as("tce").isCloseTo(tce, EPS);
        assertThat(f.tceEqualValue()).as("tce_equal_value").isCloseTo(tceEqual, EPS);
        assertThat(f.tcePolicy()).as("tce_policy").isCloseTo(tcePolicy, EPS);
        assertThat(f.tco2()).as("tco2").isCloseTo(tco2, EPS);
    }

    @Test
    void inputElectricityAtEquivalentAndEqualValueWithGridFactorFallingBackToTheLatestYear() {
        Point p = point("electricity", null, Role.INPUT, null, false, null);
        // 10,000 kWh × 0.1229 kgce/kWh = 1,229 kgce = 1.229 tce (当量值)
        // 10,000 kWh × 0.29 kgce/kWh (2026 等价值) = 2.9 tce
        // grid factor: 2026 not configured, latest earlier year 2023 → 10,000 × 0.5306 kg = 5.306 t
        assertFootprint(conversion.convert(p, 10_000, 2026), 1.229, 2.9, 1.229, 5.306);
        // 2025 等价值 0.3: 10,000 × 0.3 / 1000 = 3.0 tce
        assertFootprint(conversion.convert(p, 10_000, 2025), 1.229, 3.0, 1.229, 5.306);
    }

    @Test
    void renewableElectricityCountsInGbTotalsButNotInPolicyTotalNorCo2() {
        Point p = point("electricity", null, Role.INPUT, null, true, null);
        // 10,000 kWh: 1.229 tce, 2.9 tce equal value (2026), policy 0 (green certificates), CO2 0
        assertFootprint(conversion.convert(p, 10_000, 2026), 1.229, 2.9, 0, 0);
    }

    @Test
    void coalInputUsesTableCoefficientAndFuelFactor() {
        Point p = point("raw-coal", null, Role.INPUT, null, false, null);
        // 1,000 kg × 0.7143 = 714.3 kgce = 0.7143 tce; not electricity → equal value = tce
        // CO2: 1,000 kg × 0.0019003 t/kg = 1.9003 t
        assertFootprint(conversion.convert(p, 1_000, 2026), 0.7143, 0.7143, 0.7143, 1.9003);
    }

    @Test
    void measuredCalorificValueOverridesTheTable() {
        Point p = point("raw-coal", null, Role.INPUT, null, false, 0.65);
        assertThat(conversion.kgcePerUnit(p)).isEqualTo(0.65);
        // 1,000 kg × 0.65 = 650 kgce = 0.65 tce; CO2 still from the table factor 1,000 × 0.0019003 = 1.9003 t
        assertFootprint(conversion.convert(p, 1_000, 2026), 0.65, 0.65, 0.65, 1.9003);
    }

    @Test
    void measuredValueOnElectricityChangesOnlyTheEquivalentValue() {
        Point p = point("electricity", null, Role.INPUT, null, false, 0.12);
        // 1,000 kWh × 0.12 = 0.12 tce; equal value stays 1,000 × 0.29 = 0.29 tce; CO2 1,000 × 0.5306 = 0.5306 t
        assertFootprint(conversion.convert(p, 1_000, 2026), 0.12, 0.29, 0.12, 0.5306);
    }

    @Test
    void feedstockGasCountsInGbTotalsOnly() {
        Point p = point("natural-gas", null, Role.FEEDSTOCK, null, false, null);
        // 1,000 m3 × 1.2143 = 1,214.3 kgce = 1.2143 tce; policy total and CO2 leave feedstock out
        assertFootprint(conversion.convert(p, 1_000, 2026), 1.2143, 1.2143, 0, 0);
    }

    @Test
    void gasInputEmitsCo2() {
        Point p = point("natural-gas", null, Role.INPUT, null, false, null);
        // 10,000 m3 × 1.2143 / 1000 = 12.143 tce; CO2 10,000 × 0.002165 = 21.65 t
        assertFootprint(conversion.convert(p, 10_000, 2026), 12.143, 12.143, 12.143, 21.65);
    }

    @Test
    void outputElectricityIsDeductedFromEveryTotal() {
        Point p = point("electricity", null, Role.OUTPUT, null, false, null);
        // 2,000 kWh delivered in 2025: −2,000 × 0.1229 / 1000 = −0.2458 tce; −2,000 × 0.3 / 1000 = −0.6 tce;
        // CO2 −2,000 × 0.5306 / 1000 = −1.0612 t
        assertFootprint(conversion.convert(p, 2_000, 2025), -0.2458, -0.6, -0.2458, -1.0612);
    }

    @Test
    void steamGradeSelectsItsCoefficient() {
        Point p = point("steam", "3.5MPa", Role.INPUT, null, false, null);
        // 10,000 kg × 0.1257 / 1000 = 1.257 tce; steam carries no direct CO2 factor here
        assertFootprint(conversion.convert(p, 10_000, 2026), 1.257, 1.257, 1.257, 0);
        Point unknownGrade = point("steam", "9MPa", Role.INPUT, null, false, null);
        assertThatThrownBy(() -> conversion.convert(unknownGrade, 1, 2026))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown grade 9MPa of steam");
    }

    @Test
    void productAndWorkloadPointsAndZeroAmountsCarryNoEnergy() {
        Point product = point(null, null, Role.PRODUCT, "crude-steel", false, null);
        Point workload = point(null, null, Role.WORKLOAD, "freight", false, null);
        assertThat(conversion.convert(product, 5_231.0, 2026)).isSameAs(Footprint.ZERO);
        assertThat(conversion.convert(workload, 12.0, 2026)).isSameAs(Footprint.ZERO);
        assertThat(conversion.convert(point("electricity", null, Role.INPUT, null, false, null), 0, 2026))
                .isSameAs(Footprint.ZERO);
    }

    @Test
    void yearFallbackUsesLatestEarlierYearElseEarliest() {
        // 2024 precedes every configured year → the earliest (2025: 0.3); 2030 → the latest earlier (2026: 0.29)
        assertThat(REF.electricityEqualValueKgcePerKwh(2024)).isEqualTo(0.3);
        assertThat(REF.electricityEqualValueKgcePerKwh(2025)).isEqualTo(0.3);
        assertThat(REF.electricityEqualValueKgcePerKwh(2026)).isEqualTo(0.29);
        assertThat(REF.electricityEqualValueKgcePerKwh(2030)).isEqualTo(0.29);
        assertThat(REF.gridKgCo2PerKwh(2020)).isEqualTo(0.5306);
        assertThat(REF.gridKgCo2PerKwh(2027)).isEqualTo(0.5306);

        Point p = point("electricity", null, Role.INPUT, null, false, null);
        // 1,000 kWh in 2024: equal value 1,000 × 0.3 / 1000 = 0.3 tce; in 2030: 1,000 × 0.29 / 1000 = 0.29 tce
        assertThat(conversion.convert(p, 1_000, 2024).tceEqualValue()).isCloseTo(0.3, EPS);
        assertThat(conversion.convert(p, 1_000, 2030).tceEqualValue()).isCloseTo(0.29, EPS);
    }

    @Test
    void yearsBetweenConfiguredRowsTakeTheLatestEarlierRow() {
        ReferenceData gaps = new ReferenceData(
                Map.of(),
                Map.of(2020, 0.32, 2023, 0.3, 2025, 0.29),
                Map.of(2019, 0.6, 2022, 0.57),
                Map.of("420000", "湖北省"),
                "420000");
        assertThat(IntStream.of(1990, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2100)
                        .mapToDouble(gaps::electricityEqualValueKgcePerKwh)
                        .toArray())
                .containsExactly(0.32, 0.32, 0.32, 0.32, 0.32, 0.3, 0.3, 0.29, 0.29, 0.29);
        assertThat(IntStream.of(2018, 2019, 2020, 2021, 2022, 2023, Integer.MAX_VALUE, Integer.MIN_VALUE)
                        .mapToDouble(gaps::gridKgCo2PerKwh)
                        .toArray())
                .containsExactly(0.6, 0.6, 0.6, 0.6, 0.57, 0.57, 0.57, 0.6);
    }

    @Test
    void theBufferPathGivesTheRecordPathsValuesBitForBitForEveryRole() {
        Point[] points = {
            point("electricity", null, Role.INPUT, null, false, null),
            point("electricity", null, Role.INPUT, null, true, null),
            point("electricity", null, Role.OUTPUT, null, false, null),
            point("raw-coal", null, Role.FEEDSTOCK, null, false, null),
            point("raw-coal", null, Role.INPUT, null, false, 0.65),
            point("steam", "1.0MPa", Role.OUTPUT, null, false, null),
            point("natural-gas", null, Role.INPUT, null, false, null),
            point(null, null, Role.PRODUCT, "crude-steel", false, null),
        };
        FootprintBuffer buffer = new FootprintBuffer();
        for (Point p : points) {
            for (double amount : new double[] {0, 0.1, 1_234.567, -3.25}) {
                for (int year : new int[] {2024, 2025, 2026}) {
                    conversion.convert(p, amount, year, buffer);
                    assertSameValues(buffer, conversion.convert(p, amount, year));
                    conversion.gross(p, amount, year, buffer);
                    assertSameValues(buffer, conversion.gross(p, amount, year));
                }
            }
        }
        // a buffer is overwritten, not added to
        conversion.convert(points[0], 10_000, 2026, buffer);
        conversion.convert(points[7], 5.0, 2026, buffer);
        assertThat(buffer.toFootprint()).isEqualTo(Footprint.ZERO);
    }

    private static void assertSameValues(FootprintBuffer b, Footprint f) {
        // +0.0 and -0.0 add the same to any total
        assertThat(new double[] {b.tce + 0.0, b.tceEqualValue + 0.0, b.tcePolicy + 0.0, b.tco2 + 0.0})
                .containsExactly(f.tce() + 0.0, f.tceEqualValue() + 0.0, f.tcePolicy() + 0.0, f.tco2() + 0.0);
    }

    @Test
    void footprintArithmetic() {
        Footprint a = new Footprint(1, 2, 3, 4);
        Footprint b = new Footprint(0.5, -1, 0, 2);
        assertThat(a.plus(b)).isEqualTo(new Footprint(1.5, 1, 3, 6));
        assertThat(a.times(-2)).isEqualTo(new Footprint(-2, -4, -6, -8));
        assertThat(Footprint.ZERO.plus(a)).isEqualTo(a);
    }
}
