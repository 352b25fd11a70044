package dcmon.monitoring;

import static dcmon.monitoring.TestRegistry.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcmon.core.Topics;
import dcmon.core.reading.AcceptedReadings;
import dcmon.influx.SeriesPoint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DataQuality#attach} behind validation and counting, on a mini-cluster, with real serializers only. */
class DataQualityPipelineTest {
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
    void rejectionsOfBothStagesRaiseAlertsWithTheirRows() throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        MonitoringJob.configure(env);

        List<RawMessage> input = List.of(
                msg(
                        STEEL,
                        "GW01",
                        "2026-11-24T10:31:00+08:00",
                        r("E-MAIN-01", "2026-11-24T10:00:00+08:00", 1000) + ","
                                + r("E-MAIN-01", "2026-11-24T10:15:00+08:00", 1600) + ","
                                + r("NO-SUCH", "2026-11-24T10:30:00+08:00", 1)),
                // the same ts with another value: a conflict, found while counting
                msg(STEEL, "GW01", "2026-11-24T10:32:00+08:00", r("E-MAIN-01", "2026-11-24T10:15:00+08:00", 1700)),
                // an unregistered unit and a broken payload: skipped, never thrown on
                msg(
                        "91000000000000000X",
                        "GW01",
                        "2026-11-24T10:33:00+08:00",
                        r("E-1", "2026-11-24T10:15:00+08:00", 5)),
                new RawMessage(
                        "not/a/topic", "not json".getBytes(StandardCharsets.UTF_8), at("2026-11-24T10:34:00+08:00")));
        RegistryProvider registry = TestRegistry.provider();
        MonitoringOptions o = MonitoringOptions.defaults();
        DataStream<RawMessage> raw = env.fromData(input).assignTimestampsAndWatermarks(MonitoringJob.watermarks());
        SingleOutputStreamOperator<AcceptedReadings> accepted = raw.process(
                        new ValidateFunction(registry, o.lateness(), o.futureAllowance()))
                .returns(AcceptedReadingsTypeInfo.INSTANCE);
        SingleOutputStreamOperator<List<SeriesPoint>> usage = accepted.keyBy(a -> a.enterprise)
                .process(new EnterpriseUsageFunction(registry, o.lateness()))
                .returns(new org.apache.flink.api.java.typeutils.ListTypeInfo<>(SeriesPoint.class));

        SingleOutputStreamOperator<SeriesPoint> quality = DataQuality.attach(
                accepted,
                accepted.getSideOutput(Outputs.REJECTED),
                usage.getSideOutput(Outputs.REJECTED),
                registry,
                DataQualityFunctionTest.ALERTS);
        CollectingSink<SeriesPoint> rows = new CollectingSink<>("quality-rows");
        CollectingSink<AlertMessage> alerts = new CollectingSink<>("quality-alerts");
        quality.sinkTo(rows);
        quality.getSideOutput(Outputs.ALERTS).sinkTo(alerts);
        env.execute("data quality pipeline test");

        ObjectMapper json = new ObjectMapper();
        List<String> raised = new ArrayList<>();
        for (AlertMessage m : alerts.received()) {
            JsonNode a = json.readTree(m.json);
            assertThat(a.path("id").asText()).isEqualTo(m.id);
            raised.add(a.path("rule").asText() + " "
                    + a.path("subject").path("code").asText() + " "
                    + a.path("event").asText());
        }
        assertThat(raised)
                .containsExactlyInAnyOrder(
                        "reading.unknown_point " + STEEL + "/GW01 raised",
                        "reading.conflict " + STEEL + "/E-MAIN-01 raised");
        assertThat(rows.received()).hasSize(2).allMatch(p -> p.measurement().equals("alerts"));
        // the input ends before the day does: the day is not judged
        assertThat(rows.received()).noneMatch(p -> p.measurement().equals("data_quality"));
    }
}
