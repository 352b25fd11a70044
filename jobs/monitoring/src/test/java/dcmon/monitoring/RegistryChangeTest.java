package dcmon.monitoring;

import static dcmon.monitoring.TestRegistry.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dcmon.core.Topics;
import dcmon.core.reading.AcceptedReadings;
import dcmon.core.reading.RejectReason;
import dcmon.core.reading.Rejection;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Point;
import dcmon.core.registry.PointKind;
import dcmon.core.registry.Registry;
import dcmon.core.registry.Role;
import dcmon.influx.SeriesPoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Registry changes reach running functions without a restart, and without losing what they hold. */
class RegistryChangeTest {
    private static final Duration LATENESS = Duration.ofDays(35);

    /** A sub-meter added in version 2. */
    static final Point ELEC_SUB = new Point(
            "E-SUB-02",
            "GW01",
            "electricity",
            null,
            "kWh",
            PointKind.CUMULATIVE,
            1_000_000,
            Role.INPUT,
            null,
            10_000,
            15,
            false,
            null);

    /** Version 2: the steel plant gains E-SUB-02 and loses its coke point; the cement plant is unchanged. */
    static Registry version2() {
        Registry v1 = TestRegistry.registry();
        Enterprise s = v1.enterprise(STEEL);
        Enterprise steel = new Enterprise(
                s.code(),
                s.name(),
                s.city(),
                s.tier(),
                s.industry(),
                s.baseline(),
                s.products(),
                s.targets(),
                s.gateways(),
                List.of(ELEC, STEEL_OUT, ELEC_SUB));
        return new Registry(List.of(steel, v1.enterprise(CEMENT)));
    }

    private static AcceptedReadings readings(long receivedAt, Object... pointTsValue) {
        return TestRegistry.accepted(STEEL, "GW01", receivedAt, 9, pointTsValue);
    }

    @Test
    void aNewVersionKeepsEverySeriesCountsTheNewPointAndRejectsTheRemovedOne() throws Exception {
        SwappableRegistry registry = new SwappableRegistry(TestRegistry.registry(), TestRegistry.reference());
        try (KeyedOneInputStreamOperatorTestHarness<String, AcceptedReadings, List<SeriesPoint>> harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new EnterpriseUsageFunction(registry, LATENESS), a -> a.enterprise, Types.STRING)) {
            long rx = at("2026-11-24T10:16:00+08:00");
            harness.processElement(new StreamRecord<>(
                    readings(
                            rx,
                            "E-MAIN-01",
                            "2026-11-24T10:00:00+08:00",
                            1000,
                            "E-MAIN-01",
                            "2026-11-24T10:15:00+08:00",
                            1100,
                            "COKE-01",
                            "2026-11-24T10:00:00+08:00",
                            400),
                    rx));

            registry.swap(version2());
            long rx2 = at("2026-11-24T10:31:00+08:00");
            harness.processElement(new StreamRecord<>(
                    readings(
                            rx2,
                            "E-MAIN-01",
                            "2026-11-24T10:30:00+08:00",
                            1250,
                            "E-SUB-02",
                            "2026-11-24T10:15:00+08:00",
                            500,
                            "COKE-01",
                            "2026-11-24T10:15:00+08:00",
                            300,
                            "E-SUB-02",
                            "2026-11-24T10:30:00+08:00",
                            540),
                    rx2));

            Map<String, SeriesPoint> stored = new HashMap<>();
            for (List<SeriesPoint> rows : harness.extractOutputValues())
                for (SeriesPoint p : rows) stored.put(p.seriesKey().toString(), p);
            // E-MAIN-01 continues from its last reading (1100): 150 kWh in [10:15, 10:30), 250 kWh in the day
            assertThat(amount(stored, "E-MAIN-01", "15m", "2026-11-24T10:15:00+08:00"))
                    .isEqualTo(150.0);
            assertThat(amount(stored, "E-MAIN-01", "day", "2026-11-24T00:00:00+08:00"))
                    .isEqualTo(250.0);
            // the new point counts from its first reading: 40 kWh
            assertThat(amount(stored, "E-SUB-02", "day", "2026-11-24T00:00:00+08:00"))
                    .isEqualTo(40.0);
            assertThat(amount(stored, "E-SUB-02", "15m", "2026-11-24T10:15:00+08:00"))
                    .isEqualTo(40.0);
            // coke counted under version 1 stays counted: 400 kg over [10:00, 11:00)
            assertThat(amount(stored, "COKE-01", "day", "2026-11-24T00:00:00+08:00"))
                    .isEqualTo(400.0);

            SeriesPoint day = stored.values().stream()
                    .filter(p -> p.measurement().equals("enterprise_usage")
                            && p.tags().get("period").equals("day")
                            && p.timeMillis() == at("2026-11-24T00:00:00+08:00"))
                    .findFirst()
                    .orElseThrow();
            assertThat((Double) day.fields().get("tce"))
                    .isCloseTo((250 + 40) * ELEC_KGCE / 1000 + 400 * COKE_KGCE / 1000, within(1e-12));

            List<Rejection> rejected = harness.getSideOutput(Outputs.REJECTED).stream()
                    .map(StreamRecord::getValue)
                    .toList();
            assertThat(rejected).singleElement().satisfies(r -> {
                assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_POINT);
                assertThat(r.point()).isEqualTo("COKE-01");
                assertThat(r.index()).isEqualTo(2);
                assertThat(r.value()).isEqualTo(300.0);
                assertThat(r.ts()).isEqualTo(at("2026-11-24T10:15:00+08:00"));
            });
        }
    }

    private static double amount(Map<String, SeriesPoint> stored, String point, String period, String start) {
        List<SeriesPoint> m = stored.values().stream()
                .filter(p -> p.measurement().equals("point_usage")
                        && p.tags().get("point").equals(point)
                        && p.tags().get("period").equals(period)
                        && p.timeMillis() == at(start))
                .toList();
        assertThat(m).as("%s %s %s", point, period, start).hasSize(1);
        return (Double) m.get(0).fields().get("amount");
    }

    @Test
    void validationFollowsTheNewVersion() throws Exception {
        SwappableRegistry registry = new SwappableRegistry(TestRegistry.registry(), TestRegistry.reference());
        try (OneInputStreamOperatorTestHarness<RawMessage, AcceptedReadings> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new ValidateFunction(registry, LATENESS, Duration.ofMinutes(10)))) {
            String topic = Topics.readingsTopic(STEEL, "GW01");
            byte[] payload = ("{\"schema\":\"dcmon.readings/1\",\"gateway\":\"GW01\",\"seq\":3,\"readings\":["
                            + "{\"point\":\"E-SUB-02\",\"ts\":\"2026-11-24T10:15:00+08:00\",\"value\":500},"
                            + "{\"point\":\"COKE-01\",\"ts\":\"2026-11-24T10:15:00+08:00\",\"value\":300}]}")
                    .getBytes(StandardCharsets.UTF_8);
            long rx = at("2026-11-24T10:16:00+08:00");

            harness.processElement(new StreamRecord<>(new RawMessage(topic, payload, rx), rx));
            registry.swap(version2());
            harness.processElement(new StreamRecord<>(new RawMessage(topic, payload, rx), rx));

            List<AcceptedReadings> accepted = harness.extractOutputValues();
            assertThat(accepted).hasSize(2);
            assertThat(accepted.get(0).points).containsExactly("COKE-01");
            assertThat(accepted.get(1).points).containsExactly("E-SUB-02");
            assertThat(harness.getSideOutput(Outputs.REJECTED))
                    .extracting(r -> r.getValue().point() + " " + r.getValue().reason())
                    .containsExactly("E-SUB-02 UNKNOWN_POINT", "COKE-01 UNKNOWN_POINT");
        }
    }
}
