package dcmon.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.reference.ReferenceData;
import dcmon.core.reference.ReferenceLoader;
import dcmon.core.reference.RepoConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sample Hubei registry loads cleanly and has the shape the simulator and demos rely on. */
class SampleRegistryTest {
    private static ReferenceData ref;
    private static Registry registry;

    @BeforeAll
    static void load() throws Exception {
        ref = ReferenceLoader.load(RepoConfig.referenceDir());
        registry = RegistryLoader.load(RepoConfig.configDir().resolve("samples/hubei"), ref);
    }

    @Test
    void coversEveryDivisionAndTier() {
        assertThat(registry.size()).isGreaterThanOrEqualTo(60);
        Set<String> cities =
                registry.enterprises().stream().map(Enterprise::city).collect(Collectors.toSet());
        assertThat(cities)
                .hasSize(17)
                .containsExactlyInAnyOrderElementsOf(ref.divisions().keySet().stream()
                        .filter(c -> !c.equals(ref.province()))
                        .toList());
        Map<Tier, Long> byTier =
                registry.enterprises().stream().collect(Collectors.groupingBy(Enterprise::tier, Collectors.counting()));
        assertThat(byTier.get(Tier.HUNDRED)).isBetween(3L, 8L);
        assertThat(byTier.get(Tier.THOUSAND)).isBetween(10L, 20L);
        assertThat(byTier.get(Tier.TEN_THOUSAND)).isGreaterThanOrEqualTo(35L);
    }

    @Test
    void tiersMatchTheBaselines() {
        for (Enterprise e : registry.enterprises()) {
            double b = e.baseline().consumptionTce();
            assertThat(e.tier()).as(e.name()).isEqualTo(Tier.fromBaseline(b));
            assertThat(b).as(e.name()).isGreaterThanOrEqualTo(5_000);
        }
    }

    @Test
    void everyEnterpriseHasGatewayGw01AndAFewPoints() {
        for (Enterprise e : registry.enterprises()) {
            assertThat(e.hasGateway("GW01")).as(e.name()).isTrue();
            assertThat(e.gateways()).as(e.name()).hasSizeBetween(1, 3);
            assertThat(e.points()).as(e.name()).hasSizeBetween(2, 8);
            assertThat(e.points()).as(e.name()).anyMatch(p -> p.role() == Role.PRODUCT || p.role() == Role.WORKLOAD);
        }
    }

    @Test
    void atLeastTenEnterprisesHaveAPointIdNoOtherEnterpriseHas() {
        Map<String, Integer> owners = new HashMap<>();
        for (Enterprise e : registry.enterprises()) for (Point p : e.points()) owners.merge(p.id(), 1, Integer::sum);
        long withUniqueId = registry.enterprises().stream()
                .filter(e -> e.points().stream().anyMatch(p -> owners.get(p.id()) == 1))
                .count();
        assertThat(withUniqueId).isGreaterThanOrEqualTo(10);
        // and most ids are shared, so that a gateway naming another enterprise's point is not trivially caught
        assertThat(owners.get("E-MAIN-01")).isGreaterThanOrEqualTo(40);
    }

    @Test
    void exercisesEveryKindOfPoint() {
        List<Point> all = registry.enterprises().stream()
                .flatMap(e -> e.points().stream())
                .toList();
        assertThat(all)
                .filteredOn(Point::renewable)
                .hasSizeGreaterThanOrEqualTo(5)
                .allMatch(p -> p.energy().equals("electricity") && p.role() == Role.INPUT);
        assertThat(all)
                .filteredOn(p -> p.kind() == PointKind.INTERVAL)
                .extracting(Point::periodMinutes)
                .contains(15, 60);
        assertThat(all).filteredOn(p -> p.kgcePerUnit() != null).hasSizeGreaterThanOrEqualTo(2);
        assertThat(all)
                .filteredOn(p -> p.role() == Role.FEEDSTOCK)
                .extracting(Point::energy)
                .contains("crude-oil", "natural-gas");
        assertThat(all)
                .filteredOn(p -> p.role() == Role.OUTPUT)
                .extracting(Point::energy)
                .contains("electricity", "steam");
        assertThat(all)
                .filteredOn(p -> p.kind() == PointKind.CUMULATIVE && p.rollover() > 0)
                .hasSizeGreaterThan(all.size() / 2);
        assertThat(all)
                .filteredOn(p -> p.grade() != null)
                .extracting(Point::grade)
                .contains("3.5MPa", "1.0MPa");
        assertThat(registry.enterprises())
                .extracting(Enterprise::industry)
                .contains("D44", "C31", "C30", "C25", "C26", "C22", "C36", "G54", "Q84", "P83");
    }

    @Test
    void anAllowListedCodeIsIncluded() {
        assertThat(registry.enterprises())
                .filteredOn(e -> !CreditCode.isValid(e.code()))
                .hasSize(1)
                .allMatch(e -> CreditCode.isWellFormed(e.code()));
    }

    /**
     * Targets are set against the simulator's load (about the baseline, shaped by industry): 2026 caps and
     * intensity targets stay near the baseline, and a few units are set tight so that a run shows yellow and red.
     */
    @Test
    void targetsAreNearTheBaselines() {
        for (Enterprise e : registry.enterprises()) {
            assertThat(e.targets()).as(e.name()).extracting(YearTarget::year).containsExactly(2025, 2026);
            for (YearTarget t : e.targets()) {
                assertThat(t.totalCapTce() / e.baseline().consumptionTce())
                        .as(e.name())
                        .isBetween(0.5, 1.25);
                for (IntensityTarget it : t.intensity()) {
                    Product p = e.product(it.product());
                    assertThat(it.kgcePerUnit() / p.baselineKgcePerUnit())
                            .as(e.name())
                            .isBetween(0.85, 1.05);
                }
            }
        }
        long tight = registry.enterprises().stream()
                .filter(e -> e.target(2026).intensity().stream()
                        .anyMatch(
                                it -> it.kgcePerUnit() < e.product(it.product()).baselineKgcePerUnit()))
                .count();
        assertThat(tight)
                .as("units with a 2026 intensity target below their baseline")
                .isBetween(10L, 25L);
    }

    @Test
    void hundredTierUnitsHaveCarbonCapsAndFiveYearBlocksAndTwoUnitsReportedMonths() {
        for (Enterprise e : registry.enterprises()) {
            boolean hundred = e.tier() == Tier.HUNDRED;
            assertThat(e.fiveYear() != null).as(e.name()).isEqualTo(hundred);
            assertThat(e.target(2026).co2Cap() != null).as(e.name()).isEqualTo(hundred);
        }
        assertThat(registry.enterprises())
                .filteredOn(e -> !e.reportedMonths().isEmpty())
                .hasSize(2);
    }

    /** max_rate_per_hour is about 4× the typical rate, and typical rates add up to the baseline. */
    @Test
    void plausibilityBoundsAreConsistentWithTheBaseline() {
        for (Enterprise e : registry.enterprises()) {
            double netTcePerHourAtMax = 0;
            for (Point p : e.points()) {
                if (!p.role().isEnergy()) continue;
                double kgce = p.kgcePerUnit() != null ? p.kgcePerUnit() : ref.kgcePerUnit(p.energy(), p.grade());
                double tce = p.maxRatePerHour() * kgce / 1000;
                netTcePerHourAtMax += p.role() == Role.OUTPUT ? -tce : tce;
            }
            double baselinePerHour = e.baseline().consumptionTce() / 8760;
            assertThat(netTcePerHourAtMax / baselinePerHour).as(e.name()).isBetween(3.0, 5.0);

            double productPerHourAtMax = e.points().stream()
                    .filter(p -> p.role() == Role.PRODUCT || p.role() == Role.WORKLOAD)
                    .mapToDouble(Point::maxRatePerHour)
                    .sum();
            double baselineIntensity = e.products().get(0).baselineKgcePerUnit();
            assertThat(productPerHourAtMax * baselineIntensity / 1000 / baselinePerHour)
                    .as(e.name())
                    .isBetween(3.0, 5.0);
        }
    }
}
