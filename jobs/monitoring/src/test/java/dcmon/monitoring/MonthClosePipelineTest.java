package dcmon.monitoring;

import static dcmon.monitoring.TestRegistry.*;
import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.Topics;
import dcmon.core.monthly.MonthlyJson;
import dcmon.core.monthly.MonthlySnapshot;
import dcmon.core.reading.Rejection;
import dcmon.influx.SeriesPoint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The month close through the whole {@link MonitoringJob#build} on a mini-cluster: readings in, snapshots out. */
class MonthClosePipelineTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static RawMessage msg(String receivedAt, int seq, String ts, double value) {
        String payload = "{\"schema\":\"dcmon.readings/1\",\"gateway\":\"GW01\",\"seq\":" + seq + ",\"readings\":["
                + "{\"point\":\"E-MAIN-01\",\"ts\":\"" + ts + "\",\"value\":" + value + "}]}";
        return new RawMessage(
                Topics.readingsTopic(STEEL, "GW01"), payload.getBytes(StandardCharsets.UTF_8), at(receivedAt));
    }

    @Test
    void aMonthsReadingsComeOutAsItsSnapshotsOfTheUnitAndItsRegionsWithTheUsageRowsTotals() throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        MonitoringJob.configure(env);

        List<RawMessage> input = List.of(
                msg("2026-11-30T22:00:30+08:00", 1, "2026-11-30T22:00:00+08:00", 1000),
                msg("2026-11-30T23:00:30+08:00", 2, "2026-11-30T23:00:00+08:00", 1600),
                // days later the unit reports again: its watermark passes November's end plus the grace
                msg("2026-12-04T00:05:30+08:00", 3, "2026-12-04T00:05:00+08:00", 2200));
        DataStream<RawMessage> raw = env.fromData(input).assignTimestampsAndWatermarks(MonitoringJob.watermarks());
        DataStream<GatewaySignal> statuses = raw.flatMap((RawMessage m, Collector<GatewaySignal> out) -> {})
                .returns(TypeInformation.of(GatewaySignal.class));
        CollectingSink<SeriesPoint> rows = new CollectingSink<>("month-close-rows");
        CollectingSink<MonthlyMessage> monthly = new CollectingSink<>("month-close-monthly");
        EnterpriseProgressFunctionTest.config();
        ProgressSettings settings = EnterpriseProgressFunctionTest.settings();
        MonitoringJob.build(
                raw,
                statuses,
                TestRegistry.provider(),
                settings,
                MonitoringOptions.defaults(),
                rows,
                new CollectingSink<Rejection>("month-close-rejected"),
                new CollectingSink<AlertMessage>("month-close-alerts"),
                monthly);
        env.execute("month close pipeline test");

        List<MonthlySnapshot> snapshots = new ArrayList<>();
        for (MonthlyMessage m : monthly.received()) {
            snapshots.add(MonthlyJson.read(new String(m.json, StandardCharsets.UTF_8)));
        }
        assertThat(snapshots)
                .extracting(MonthlySnapshot::id)
                .containsExactlyInAnyOrder(
                        "enterprise:" + STEEL + "|2026-11|r1",
                        "city:420100|2026-11|r1",
                        "tier:hundred|2026-11|r1",
                        "province:420000|2026-11|r1");
        double novemberTce = 0;
        for (SeriesPoint p : rows.received()) {
            Map<String, String> tags = p.tags();
            if (p.measurement().equals("enterprise_usage")
                    && "month".equals(tags.get("period"))
                    && p.timeMillis() == at("2026-11-01T00:00:00+08:00")) {
                novemberTce = (double) p.fields().get("tce"); // the last row written is the month's total
            }
        }
        // 600 kWh at 0.1229 kgce/kWh, and the last hour's share of the 600 kWh spread over the 4,385 minutes to
        // December
        assertThat(novemberTce)
                .isCloseTo((600 + 600.0 * 60 / 4385) * 0.1229 / 1000, org.assertj.core.data.Offset.offset(1e-12));
        for (MonthlySnapshot s : snapshots) {
            assertThat(s.monthTotals().get("tce")).as(s.id()).isEqualTo(novemberTce);
            assertThat(s.progress().get("mtd_tce")).as(s.id()).isEqualTo(novemberTce);
        }
    }
}
