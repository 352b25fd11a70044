package dcmon.simulator;

import static dcmon.simulator.Fixtures.*;
import static dcmon.simulator.SimulatorRunTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcmon.core.Topics;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.PointKind;
import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Two-day runs of the sample registry with the demo scenarios, against the same runs without them. */
class ScenarioRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Scenarios DEMO = Scenarios.demo().resolve(REGISTRY, FROM);

    private static Run withScenarios(String faults) {
        return generate(history(faults, 1).scenarios(Scenarios.demo()));
    }

    @Test
    void unitsWithoutAScenarioPublishWhatTheyPublishWithout() {
        Run base = run("none", 1);
        Run with = withScenarios("none");
        List<String> scenarioUnits = new ArrayList<>();
        DEMO.ahead().forEach(a -> scenarioUnits.add(a.code()));
        scenarioUnits.add(DEMO.intensityMiss().code());
        scenarioUnits.add(DEMO.silentGateway().code());
        scenarioUnits.add(DEMO.stuckMeter().code());
        for (Enterprise e : REGISTRY.enterprises()) {
            if (scenarioUnits.contains(e.code())) continue;
            assertThat(with.truth().enterprises().get(e.code()))
                    .as(e.code())
                    .isEqualTo(base.truth().enterprises().get(e.code()));
        }
    }

    @Test
    void aheadUnitsConsumeFasterThanTheirCapAllowsAndKeepTheirUnitConsumption() {
        Run base = run("none", 1);
        Run with = withScenarios("none");
        for (Scenarios.Ahead a : DEMO.ahead()) {
            Enterprise e = REGISTRY.enterprise(a.code());
            double before = tce(base, a.code());
            double after = tce(with, a.code());
            // rates stay below 80 % of each meter's maximum, which may clip a peak
            assertThat(after / before).as(a.code()).isBetween(0.9 * a.factor(), a.factor() * 1.0001);
            double perYear = after / 2 * 365;
            assertThat(perYear)
                    .as("%s: two days' rate over a year against its cap", a.code())
                    .isGreaterThan(1.1 * e.target(2026).totalCapTce());
            double outBefore = output(base, a.code());
            double outAfter = output(with, a.code());
            assertThat((after / outAfter) / (before / outBefore))
                    .as("unit consumption")
                    .isCloseTo(1.0, offset(0.1));
        }
    }

    @Test
    void theIntensityMissUnitProducesLessOnTheSameEnergy() {
        Run base = run("none", 1);
        Run with = withScenarios("none");
        String code = DEMO.intensityMiss().code();
        assertClose(tce(with, code), tce(base, code), code + " tce");
        assertThat(output(with, code) / output(base, code)).isCloseTo(Scenarios.INTENSITY_MISS_OUTPUT, offset(0.02));
        Enterprise e = REGISTRY.enterprise(code);
        double target = e.target(2026).intensity(e.products().get(0).id()).kgcePerUnit();
        double kgcePerUnit = tce(with, code) * 1000 / output(with, code);
        assertThat(kgcePerUnit)
                .as("unit consumption above its target by more than 10 %")
                .isGreaterThan(1.1 * target);
    }

    @Test
    void theSilentGatewayDropsItsConnectionHalfWayAndPublishesNothingAfter() {
        Run with = withScenarios("all");
        Scenarios.SilentGateway s = DEMO.silentGateway();
        String readings = Topics.readingsTopic(s.code(), s.gateway());
        String status = Topics.statusTopic(s.code(), s.gateway());
        int will = -1;
        int before = 0;
        List<OutgoingMessage> m = with.messages();
        for (int i = 0; i < m.size(); i++) {
            if (m.get(i).kind() == OutgoingMessage.Kind.WILL) {
                assertThat(will).as("one Last Will").isEqualTo(-1);
                assertThat(m.get(i).topic()).isEqualTo(status);
                assertThat(new String(m.get(i).payload())).isEqualTo("{\"state\":\"offline\"}");
                will = i;
            } else if (m.get(i).topic().equals(readings) || m.get(i).topic().equals(status)) {
                if (will >= 0)
                    throw new AssertionError(
                            "message " + i + " after the drop: " + m.get(i).kind());
                if (m.get(i).topic().equals(readings)) before++;
            }
        }
        assertThat(will).isPositive();
        assertThat(before).isPositive();
        // its readings end at the middle of the window: 2026-11-18 00:00
        TreeMap<LocalDate, ?> days =
                new TreeMap<>(with.truth().enterprises().get(s.code()).days());
        assertThat(days.lastKey()).isEqualTo(LocalDate.of(2026, 11, 18));
        assertThat(with.summary().messages() + with.summary().statusMessages())
                .as("the Will is the broker's, not counted")
                .isEqualTo(m.size() - 1);
    }

    @Test
    void inLiveModeTheGatewayIsGoneOnceTheRunHasCaughtUpWithNow() throws IOException {
        Scenarios.SilentGateway s = DEMO.silentGateway();
        Run live = generate(history("none", 1)
                .mode(Mode.LIVE)
                .to(NOW)
                .scenarios(Scenarios.parse("none", List.of("silent-gateway:" + s.code() + "/" + s.gateway()))));
        String readings = Topics.readingsTopic(s.code(), s.gateway());
        OffsetDateTime last = null;
        boolean dropped = false;
        for (OutgoingMessage m : live.messages()) {
            if (m.kind() == OutgoingMessage.Kind.WILL) dropped = true;
            if (!m.topic().equals(readings)) continue;
            assertThat(dropped).as("readings after the drop").isFalse();
            for (JsonNode r : JSON.readTree(m.payload()).path("readings")) {
                OffsetDateTime ts = OffsetDateTime.parse(r.path("ts").asText());
                if (last == null || ts.isAfter(last)) last = ts;
            }
        }
        assertThat(dropped).isTrue();
        // now is 14:00: the tick of 14:00 is the first it misses
        assertThat(last).isEqualTo(OffsetDateTime.parse("2026-11-20T13:45:00+08:00"));
    }

    @Test
    void theStuckMeterRepeatsItsRegisterWhileTheUnitsOtherMetersMove() throws IOException {
        Run with = withScenarios("all");
        Scenarios.StuckMeter s = DEMO.stuckMeter();
        Map<String, List<Double>> values = new HashMap<>();
        for (OutgoingMessage m : with.messages()) {
            if (m.kind() != OutgoingMessage.Kind.LIVE || !m.topic().startsWith("dcmon/v1/" + s.code() + "/")) continue;
            JsonNode root = JSON.readTree(m.payload());
            for (JsonNode r : root.path("readings")) {
                values.computeIfAbsent(r.path("point").asText(), k -> new ArrayList<>())
                        .add(r.path("value").asDouble());
            }
        }
        List<Double> stuck = values.get(s.point());
        assertThat(stuck).hasSizeGreaterThan(100);
        assertThat(stuck.stream().distinct().count())
                .as("values of %s", s.point())
                .isEqualTo(1);
        Enterprise e = REGISTRY.enterprise(s.code());
        long moving = e.points().stream()
                .filter(p -> !p.id().equals(s.point())
                        && p.kind() == PointKind.CUMULATIVE
                        && p.role().isEnergy())
                .filter(p -> values.get(p.id()).stream().distinct().count() > 100)
                .count();
        assertThat(moving).as("other meters that move").isPositive();
        assertThat(with.truth()
                        .enterprises()
                        .get(s.code())
                        .points()
                        .get(s.point())
                        .values())
                .allSatisfy(v -> assertThat(v).isZero());
    }

    @Test
    void theGroundTruthStaysExactWithScenariosAndFaults() {
        Run run = withScenarios("all");
        assertThat(run.truth().scenarios()).isEqualTo(DEMO.toString()).contains("stuck-meter:");
        assertThat(GroundTruth.fromJson(run.truth().toJson()).scenarios()).isEqualTo(DEMO.toString());
        assertThat(run("none", 1).truth().scenarios()).isEqualTo("none");
        JobRulesCrossCheckTest.Job job = new JobRulesCrossCheckTest.Job();
        for (OutgoingMessage m : run.messages()) job.receive(m, NOW.toEpochMilli());
        assertThat(job.rejections).isEqualTo(run.truth().rejections());
        run.truth()
                .enterprises()
                .forEach((code, e) -> e.days().forEach((day, t) -> {
                    assertClose(job.days.get(code).get(day)[0], t.tce(), code + " " + day + " tce");
                    assertClose(job.days.get(code).get(day)[3], t.tco2(), code + " " + day + " tco2");
                }));
        assertThat(job.days.keySet()).isEqualTo(run.truth().enterprises().keySet());
    }

    private static double tce(Run run, String code) {
        return run.truth().enterprises().get(code).days().values().stream()
                .mapToDouble(GroundTruth.Totals::tce)
                .sum();
    }

    private static double output(Run run, String code) {
        return run.truth().enterprises().get(code).days().values().stream()
                .flatMap(t -> t.outputs().values().stream())
                .mapToDouble(Double::doubleValue)
                .sum();
    }
}
