package dcmon.monitoring;

import static dcmon.monitoring.TestRegistry.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dcmon.core.Topics;
import dcmon.core.reading.RejectReason;
import dcmon.core.reading.Rejection;
import dcmon.influx.SeriesPoint;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole pipeline of {@link MonitoringJob#build} on a mini-cluster, with in-memory input and sinks. */
class MonitoringPipelineTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static RawMessage msg(String enterprise, String gateway, String receivedAt, String readingsJson) {
        String payload = "{\"schema\":\"dcmon.readings/1\",\"gateway\":\"" + gateway + "\",\"seq\":1,\"readings\":["
                + readingsJson + "]}";
        return new RawMessage(
                Topics.readingsTopic(enterprise, gateway), payload.getBytes(StandardCharsets.UTF_8), at(receivedAt));
    }

    private static String r(String point, String ts, double value) {
        return "{\"point\":\"" + point + "\",\"ts\":\"" + ts + "\",\"value\":" + value + "}";
    }

    @Test
    void countsExactlyRejectsWithReasonsAndRollsUpRegions() throws Exception {
        Configuration conf = new Configuration();
        // every type on the wire must have a real serializer, not Kryo's generic fallback
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        MonitoringJob.configure(env); // as in production: object reuse must not change a result

        List<RawMessage> input = List.of(
                msg(
                        STEEL,
                        "GW01",
                        "2026-11-24T10:31:00+08:00",
                        r("E-MAIN-01", "2026-11-24T10:00:00+08:00", 1000) + ","
                                + r("E-MAIN-01", "2026-11-24T10:30:00+08:00", 1600) + ","
                                + r("NO-SUCH", "2026-11-24T10:30:00+08:00", 1)),
                msg(
                        CEMENT,
                        "GW02",
                        "2026-11-24T10:31:00+08:00",
                        r("KILN-COAL", "2026-11-24T10:00:00+08:00", 5000) + ","
                                + r("KILN-COAL", "2026-11-24T10:15:00+08:00", 7000)),
                // the cement plant's gateway re-sends (QoS 1) and adds a late reading
                msg(
                        CEMENT,
                        "GW02",
                        "2026-11-24T10:32:00+08:00",
                        r("KILN-COAL", "2026-11-24T10:15:00+08:00", 7000) + ","
                                + r("KILN-COAL", "2026-11-24T09:45:00+08:00", 4000)),
                // a spoofed message: the steel plant's point published under the cement plant
                msg(CEMENT, "GW01", "2026-11-24T10:33:00+08:00", r("STEEL-OUT", "2026-11-24T10:15:00+08:00", 5)),
                new RawMessage(
                        Topics.readingsTopic(STEEL, "GW01"),
                        "not json".getBytes(StandardCharsets.UTF_8),
                        at("2026-11-24T10:34:00+08:00")));

        DataStream<RawMessage> raw = env.fromData(input).assignTimestampsAndWatermarks(MonitoringJob.watermarks());
        CollectingSink<SeriesPoint> usage = new CollectingSink<>("usage");
        CollectingSink<Rejection> rejected = new CollectingSink<>("rejected");
        MonitoringJob.build(raw, TestRegistry.provider(), MonitoringOptions.defaults(), usage, rejected);
        env.execute("pipeline test");

        Map<String, SeriesPoint> stored = new HashMap<>();
        for (SeriesPoint p : usage.received()) stored.put(p.seriesKey().toString(), p);
        long day = at("2026-11-24T00:00:00+08:00");

        double steelTce = 600 * ELEC_KGCE / 1000; // 600 kWh
        double cementTce = 3000 * 0.7143 / 1000; // 3000 kg raw coal, 09:45–10:15
        assertThat(field(stored, "enterprise_usage", Map.of("enterprise", STEEL, "period", "day"), day, "tce"))
                .isCloseTo(steelTce, within(1e-12));
        assertThat(field(stored, "enterprise_usage", Map.of("enterprise", CEMENT, "period", "day"), day, "tce"))
                .isCloseTo(cementTce, within(1e-12));
        assertThat(field(
                        stored,
                        "region_usage",
                        Map.of("level", "province", "region", "420000", "period", "day"),
                        day,
                        "tce"))
                .isCloseTo(steelTce + cementTce, within(1e-12));
        assertThat(field(
                        stored,
                        "region_usage",
                        Map.of("level", "city", "region", "420500", "period", "day"),
                        day,
                        "tce"))
                .isCloseTo(cementTce, within(1e-12));
        assertThat(field(
                        stored,
                        "region_usage",
                        Map.of("level", "tier", "region", "hundred", "period", "month"),
                        at("2026-11-01T00:00:00+08:00"),
                        "tce"))
                .isCloseTo(steelTce, within(1e-12));

        assertThat(rejected.received())
                .extracting(Rejection::reason)
                .containsExactlyInAnyOrder(
                        RejectReason.UNKNOWN_POINT, RejectReason.ENTERPRISE_MISMATCH, RejectReason.MALFORMED_JSON);
    }

    private static double field(
            Map<String, SeriesPoint> stored, String measurement, Map<String, String> tags, long time, String field) {
        List<SeriesPoint> m = stored.values().stream()
                .filter(p -> p.measurement().equals(measurement)
                        && p.timeMillis() == time
                        && p.tags().entrySet().containsAll(tags.entrySet()))
                .toList();
        assertThat(m).as("%s %s", measurement, tags).hasSize(1);
        return (Double) m.get(0).fields().get(field);
    }
}
