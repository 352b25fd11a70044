package dcmon.simulator;

import static dcmon.simulator.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dcmon.core.registry.Enterprise;
import dcmon.core.registry.PointKind;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Parsing scenario options and picking their units from the sample registry. */
class ScenariosTest {

    @Test
    void noneByDefaultAndDemoPicksEveryKindOnUnitsOfTheirOwnTheSameWayEachTime() throws Exception {
        assertThat(history("none", 1).build().scenarios().isNone()).isTrue();
        assertThat(Scenarios.parse(null, List.of()).isNone()).isTrue();
        assertThat(Scenarios.parse("none", null).isNone()).isTrue();

        Scenarios demo = history("none", 1).scenarios(Scenarios.demo()).build().scenarios();
        assertThat(demo.isResolved()).isTrue();
        assertThat(demo.ahead()).hasSize(Scenarios.DEMO_AHEAD_UNITS);
        assertThat(demo.intensityMiss()).isNotNull();
        assertThat(demo.silentGateway()).isNotNull();
        assertThat(demo.stuckMeter()).isNotNull();
        Set<String> units = new HashSet<>();
        demo.ahead().forEach(a -> units.add(a.code()));
        units.add(demo.intensityMiss().code());
        units.add(demo.silentGateway().code());
        units.add(demo.stuckMeter().code());
        assertThat(units).as("one unit per scenario").hasSize(Scenarios.DEMO_AHEAD_UNITS + 3);

        assertThat(Scenarios.demo().resolve(REGISTRY, FROM)).isEqualTo(demo);
        assertThat(demo.resolve(REGISTRY, FROM))
                .as("resolving again changes nothing")
                .isEqualTo(demo);

        for (Scenarios.Ahead a : demo.ahead()) {
            Enterprise e = REGISTRY.enterprise(a.code());
            double cap = e.target(2026).totalCapTce();
            assertThat(a.factor()).isBetween(Scenarios.MIN_AHEAD_FACTOR, Scenarios.MAX_AHEAD_FACTOR);
            assertThat(a.factor() * e.baseline().consumptionTce()).isGreaterThan(cap);
        }
        assertThat(demo.ahead())
                .as("one ahead unit with a CO₂ cap")
                .anySatisfy(a -> assertThat(
                                REGISTRY.enterprise(a.code()).target(2026).co2Cap())
                        .isNotNull());
        Enterprise miss = REGISTRY.enterprise(demo.intensityMiss().code());
        assertThat(miss.products()).hasSize(1);
        // on target by design: only the scenario takes it past its target
        assertThat(miss.target(2026).intensity(miss.products().get(0).id()).kgcePerUnit())
                .isGreaterThanOrEqualTo(miss.products().get(0).baselineKgcePerUnit());
        assertThat(miss.reportedMonths()).isEmpty();
        Enterprise stuck = REGISTRY.enterprise(demo.stuckMeter().code());
        assertThat(stuck.point(demo.stuckMeter().point()).kind()).isNotEqualTo(PointKind.INTERVAL);
        assertThat(REGISTRY.enterprise(demo.silentGateway().code()).gateways()).hasSizeGreaterThan(1);

        List<String> lines = demo.describe(REGISTRY);
        assertThat(lines).hasSize(Scenarios.DEMO_AHEAD_UNITS + 3);
        assertThat(lines.get(0)).startsWith("ahead: " + demo.ahead().get(0).code());
        assertThat(String.join("\n", lines))
                .contains("silent-gateway: " + demo.silentGateway().code() + "/"
                        + demo.silentGateway().gateway())
                .contains("stuck-meter: " + demo.stuckMeter().code() + "/"
                        + demo.stuckMeter().point());
    }

    @Test
    void anExplicitEntryReplacesThePickOfItsKind() {
        String steel = "91420112MA4ALXWN9U";
        Scenarios s = Scenarios.parse(
                        "demo",
                        List.of(
                                "silent-gateway:" + steel + "/GW02@wall:2m",
                                "stuck-meter:" + steel + "/COKE-01@6h",
                                "ahead:" + steel + ", 91420702207908414Y"))
                .resolve(REGISTRY, FROM);
        assertThat(s.silentGateway())
                .isEqualTo(
                        new Scenarios.SilentGateway(steel, "GW02", new Scenarios.After(null, Duration.ofMinutes(2))));
        assertThat(s.stuckMeter())
                .isEqualTo(new Scenarios.StuckMeter(steel, "COKE-01", new Scenarios.After(Duration.ofHours(6), null)));
        assertThat(s.ahead()).extracting(Scenarios.Ahead::code).containsExactly(steel, "91420702207908414Y");
        assertThat(s.intensityMiss()).as("still picked").isNotNull();
        assertThat(s.toString())
                .contains("silent-gateway:" + steel + "/GW02@wall:2m", "stuck-meter:" + steel + "/COKE-01@6h");

        Scenarios only = Scenarios.parse("ahead,stuck-meter", List.of()).resolve(REGISTRY, FROM);
        assertThat(only.ahead()).hasSize(Scenarios.DEMO_AHEAD_UNITS);
        assertThat(only.stuckMeter()).isNotNull();
        assertThat(only.silentGateway()).isNull();
        assertThat(only.intensityMiss()).isNull();
    }

    @Test
    void aKindNoUnitCanCarryIsSaidSo() {
        Scenarios s =
                Scenarios.parse("ahead,intensity-miss", List.of()).resolve(REGISTRY, at("2031-03-01T00:00:00+08:00"));
        assertThat(s.ahead()).isEmpty();
        assertThat(s.intensityMiss()).isNull();
        assertThat(s.describe(REGISTRY))
                .containsExactly(
                        "ahead: no unit of the registry fits (targets for 2031?)",
                        "intensity-miss: no unit of the registry fits (targets for 2031?)");
    }

    @Test
    void badEntriesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Scenarios.parse("fast", List.of()))
                .hasMessageContaining("unknown scenario 'fast'")
                .hasMessageContaining("silent-gateway");
        assertThatThrownBy(() -> Scenarios.parse("none", List.of("ahead"))).hasMessageContaining("names no unit");
        assertThatThrownBy(() -> Scenarios.parse("none", List.of("silent-gateway:91420112MA4ALXWN9U")))
                .hasMessageContaining("CODE/ID");
        assertThatThrownBy(() -> Scenarios.parse("none", List.of("stuck-meter:91420112MA4ALXWN9U/COKE-01@soon")))
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Scenarios.parse("none", List.of("ahead:914200000000000000"))
                        .resolve(REGISTRY, FROM))
                .hasMessageContaining("no enterprise 914200000000000000");
        assertThatThrownBy(() -> Scenarios.parse("none", List.of("silent-gateway:91420112MA4ALXWN9U/GW09"))
                        .resolve(REGISTRY, FROM))
                .hasMessageContaining("no gateway GW09");
        assertThatThrownBy(() -> Scenarios.parse("none", List.of("stuck-meter:91420112MA4ALXWN9U/PV-01"))
                        .resolve(REGISTRY, FROM))
                .hasMessageContaining("no cumulative point PV-01");
    }
}
