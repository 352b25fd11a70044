package dcmon.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dcmon.core.config.ConfigError;
import dcmon.core.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dual-control target fields of the registry: levels, carbon targets, the five-year block, reported months. */
class RegistryTargetsTest {
    // line numbers are part of the expected messages below: keep this text block stable
    static final String UNIT = """
            enterprises:
              - code: 91430111MA4L41YT1U
                name: 武汉示例钢铁有限公司
                city: "420100"
                industry: C31
                baseline: { year: 2015, consumption_tce: 3450000 }
                products:
                  - { id: crude-steel, unit: t, baseline_kgce_per_unit: 560.0, baseline_kgco2_per_unit: 1800 }
                  - { id: revenue, unit: 10k-yuan, kind: workload, baseline_kgce_per_unit: 90 }
                targets:
                  - year: 2026
                    total_cap_tce: { basic: 3300000, incentive: 3200000 }
                    co2_cap_t: 8000000
                    intensity: [ { product: crude-steel, kgce_per_unit: { basic: 545.0, incentive: 540.0 } } ]
                    co2_intensity: [ { product: crude-steel, kgco2_per_unit: 1750 } ]
                    verified: false
                  - { year: 2027, total_cap_tce: 3250000, intensity: [ { product: revenue, kgce_per_unit: 85 } ] }
                five_year:
                  base_year: 2025
                  required_reduction: 0.135
                  co2_required_reduction: 0.18
                  products: [ { product: crude-steel, kgce_per_unit: 550, kgco2_per_unit: 1780 } ]
                reported_months:
                  - { month: 2026-01, tce: 280000, tce_policy: 270000, tco2: 700000, output: { crude-steel: 500000 } }
                  - { month: 2026-02, tce: 260000 }
                gateways: [ { id: GW01 } ]
                points:
                  - { id: E-MAIN-01, gateway: GW01, energy: electricity, unit: kWh, role: input, max_rate_per_hour: 200000 }
                  - { id: STEEL-OUT, gateway: GW01, role: product, product: crude-steel, unit: t, max_rate_per_hour: 2000 }
            """;

    @TempDir
    Path dir;

    private RegistryLoad load(String yaml) throws IOException, ConfigException {
        Files.writeString(dir.resolve("r.yaml"), yaml);
        return RegistryLoader.check(dir, RegistryLoaderTest.REF);
    }

    private List<String> errors(String from, String to) throws IOException {
        assertThat(UNIT).contains(from);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(UNIT.replace(from, to)));
        assertThat(e).as("expected the registry to be rejected").isNotNull();
        return e.errors().stream().map(this::relative).toList();
    }

    private String relative(ConfigError x) {
        return dir.relativize(Path.of(x.file())) + ":" + x.line() + ": " + x.field() + ": " + x.message();
    }

    @Test
    void loadsLevelsCarbonTargetsTheFiveYearBlockAndReportedMonths() throws Exception {
        Enterprise e = load(UNIT).registry().enterprise("91430111MA4L41YT1U");
        YearTarget t = e.target(2026);
        assertThat(t.totalCapTce()).isEqualTo(3_300_000);
        assertThat(t.totalCap()).isEqualTo(new Level(3_300_000, 3_200_000.0));
        assertThat(t.co2Cap()).isEqualTo(Level.of(8_000_000));
        assertThat(t.intensity()).containsExactly(new IntensityTarget("crude-steel", 545.0, 540.0));
        assertThat(t.co2Intensity()).containsExactly(new Co2IntensityTarget("crude-steel", 1750, null));
        assertThat(e.target(2027).co2Cap()).isNull();
        assertThat(e.product("revenue").kind()).isEqualTo(ProductKind.WORKLOAD);
        assertThat(e.product("crude-steel").baselineKgco2PerUnit()).isEqualTo(1800.0);

        FiveYearTarget f = e.fiveYear();
        assertThat(f.baseYear()).isEqualTo(2025);
        // linear share: 2026 is one fifth of the way from 2025 to 2030
        assertThat(f.kgceMilestone("crude-steel", 2026)).isCloseTo(550 * (1 - 0.135 / 5), within(1e-9));
        assertThat(f.kgceMilestone("crude-steel", 2030)).isCloseTo(475.75, within(1e-9));
        assertThat(f.kgceMilestone("crude-steel", 2031)).isCloseTo(475.75, within(1e-9));
        assertThat(f.kgco2Milestone("crude-steel", 2028)).isCloseTo(1780 * (1 - 0.18 * 3 / 5), within(1e-9));
        assertThat(f.kgceMilestone("revenue", 2026)).isNull();

        assertThat(e.reportedMonths())
                .containsExactly(
                        new ReportedMonth(
                                YearMonth.of(2026, 1), 280_000, 270_000.0, 700_000.0, Map.of("crude-steel", 500_000.0)),
                        new ReportedMonth(YearMonth.of(2026, 2), 260_000, null, null, Map.of()));
    }

    @Test
    void aTargetForAProductNoPointCountsIsAWarning() throws Exception {
        RegistryLoad loaded = load(UNIT);
        assertThat(loaded.warnings())
                .map(this::relative)
                .containsExactly(
                        "r.yaml:17: enterprises[0].targets[1].intensity[0].product: no product or workload point counts"
                                + " 'revenue': its output must be reported by hand (reported_months) for its unit"
                                + " consumption to be computed");
    }

    @Test
    void aReductionOfOneOrMoreWouldTakeTheMilestoneBelowZero() throws IOException {
        assertThat(errors("required_reduction: 0.135", "required_reduction: 1.2"))
                .containsExactly(
                        "r.yaml:20: enterprises[0].five_year.required_reduction: a reduction of 120 % takes the 2030"
                                + " milestone to -20 % of the base, at or below zero; write the share as a fraction below 1"
                                + " (0.135 for 13.5 %)");
    }

    @Test
    void negativeTargetsAndLevelsAreRejected() throws IOException {
        assertThat(errors("incentive: 540.0", "incentive: -1"))
                .containsExactly(
                        "r.yaml:14: enterprises[0].targets[0].intensity[0].kgce_per_unit.incentive: must be greater than 0,"
                                + " found -1");
        assertThat(errors("incentive: 3200000", "incentive: 3400000"))
                .containsExactly(
                        "r.yaml:12: enterprises[0].targets[0].total_cap_tce.incentive: the incentive level is the stricter"
                                + " one and may not exceed the basic level 3300000, found 3400000");
    }

    @Test
    void targetsAndBasesMustNameDeclaredProducts() throws IOException {
        assertThat(errors("{ product: crude-steel, kgce_per_unit: 550,", "{ product: clinker, kgce_per_unit: 550,"))
                .containsExactly("r.yaml:22: enterprises[0].five_year.products[0].product: product 'clinker' is not"
                        + " declared in this enterprise's products (declared: crude-steel, revenue)");
        assertThat(errors("co2_intensity: [ { product: crude-steel", "co2_intensity: [ { product: coke"))
                .containsExactly("r.yaml:15: enterprises[0].targets[0].co2_intensity[0].product: product 'coke' is"
                        + " not declared in this enterprise's products (declared: crude-steel, revenue)");
        assertThat(errors("output: { crude-steel: 500000 }", "output: { steel: 500000 }"))
                .containsExactly(
                        "r.yaml:24: enterprises[0].reported_months[0].output.steel: product 'steel' is not declared in this"
                                + " enterprise's products (declared: crude-steel, revenue)");
    }

    @Test
    void aCarbonIntensityTargetNeedsACarbonBaseline() throws IOException {
        String noBase = UNIT.replace(", baseline_kgco2_per_unit: 1800", "").replace(", kgco2_per_unit: 1780", "");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(noBase));
        assertThat(e.errors())
                .map(this::relative)
                .containsExactly(
                        "r.yaml:15: enterprises[0].targets[0].co2_intensity[0].product: no CO₂ baseline for 'crude-steel':"
                                + " set baseline_kgco2_per_unit on the product or kgco2_per_unit in five_year.products");
    }

    @Test
    void theFiveYearBaseCannotPrecedeTheBaseline() throws IOException {
        assertThat(errors("base_year: 2025", "base_year: 2010"))
                .containsExactly(
                        "r.yaml:19: enterprises[0].five_year.base_year: base year 2010 is before the baseline year 2015");
    }

    @Test
    void reportedMonthsAreYearMonthsGivenOnce() throws IOException {
        assertThat(errors("month: 2026-02", "month: 2026-13"))
                .containsExactly(
                        "r.yaml:25: enterprises[0].reported_months[1].month: '2026-13' is not a month; write it YYYY-MM,"
                                + " e.g. 2026-01");
        assertThat(errors("month: 2026-02", "month: 2026/02"))
                .containsExactly(
                        "r.yaml:25: enterprises[0].reported_months[1].month: '2026/02' is not a month; write it YYYY-MM,"
                                + " e.g. 2026-01");
        assertThat(errors("month: 2026-02", "month: 2026-01"))
                .containsExactly(
                        "r.yaml:25: enterprises[0].reported_months[1].month: duplicate reported month 2026-01 (first on"
                                + " line 24)");
        assertThat(errors("tce: 260000", "tce: -5"))
                .containsExactly("r.yaml:25: enterprises[0].reported_months[1].tce: must be 0 or greater, found -5");
    }

    @Test
    void productKindIsProductOrWorkload() throws IOException {
        assertThat(errors("kind: workload", "kind: service"))
                .containsExactly(
                        "r.yaml:9: enterprises[0].products[1].kind: unknown kind 'service'; allowed: product, workload");
    }
}
