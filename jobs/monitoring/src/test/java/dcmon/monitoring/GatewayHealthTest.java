package dcmon.monitoring;

import static dcmon.monitoring.TestRegistry.CEMENT;
import static dcmon.monitoring.TestRegistry.STEEL;
import static dcmon.monitoring.TestRegistry.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dcmon.core.Topics;
import dcmon.core.alert.AlertConfig;
import dcmon.core.alert.RuleIds;
import dcmon.core.alert.Severity;
import dcmon.core.reading.AcceptedReadings;
import dcmon.core.reading.RejectReason;
import dcmon.core.reading.Rejection;
import dcmon.influx.SeriesPoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The wiring of gateway health: types, options, and a run of {@link GatewayHealth#attach} on a mini-cluster. */
class GatewayHealthTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @Test
    void signalsAndStateAreFlinkPojosWithoutGenericFields() {
        for (TypeInformation<?> type : List.<TypeInformation<?>>of(
                GatewayHealth.SIGNAL_TYPE, TypeInformation.of(GatewayHealthFunction.State.class))) {
            assertThat(type).isInstanceOf(PojoTypeInfo.class);
            PojoTypeInfo<?> pojo = (PojoTypeInfo<?>) type;
            for (int i = 0; i < pojo.getArity(); i++) {
                assertThat(pojo.getPojoFieldAt(i).getTypeInformation())
                        .as(pojo.getPojoFieldAt(i).getField().getName())
                        .isNotInstanceOf(GenericTypeInfo.class);
            }
        }
    }

    @Test
    void optionsComeFromTheJobsArguments() {
        GatewayHealth.Options d = GatewayHealth.Options.fromArgs(new String[] {"--kafka", "k:9092"});
        assertThat(d).isEqualTo(GatewayHealth.Options.defaults());
        assertThat(d.offlineAfter()).isNull();
        assertThat(d.disconnectGrace()).isEqualTo(Duration.ofMinutes(5));

        GatewayHealth.Options o = GatewayHealth.Options.fromArgs(
                new String[] {"--gateway-offline-after", "PT30S", "--gateway-disconnect-grace", "PT10S"});
        assertThat(o.offlineAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.disconnectGrace()).isEqualTo(Duration.ofSeconds(10));

        assertThatThrownBy(() -> GatewayHealth.Options.fromArgs(new String[] {"--gateway-offline-after", "PT0S"}))
                .hasMessageContaining("gateway-offline-after");
        assertThatThrownBy(() -> GatewayHealth.Options.fromArgs(new String[] {"--gateway-disconnect-grace", "PT-1S"}))
                .hasMessageContaining("gateway-disconnect-grace");
        assertThatThrownBy(() -> GatewayHealth.Options.fromArgs(new String[] {"--gateway-offline-after", "30s"}))
                .hasMessageContaining("gateway-offline-after must be an ISO-8601 duration");
    }

    @Test
    void theRuleThresholdAppliesUnlessOverriddenAndThenTheRuleIsScaled() throws Exception {
        AlertConfig alerts = GatewayHealthFunctionTest.alerts();
        GatewayHealthFunction byRule = new GatewayHealthFunction(TestRegistry.provider(), alerts);
        assertThat(byRule.offlineAfter()).isEqualTo(Duration.ofHours(1));
        assertThat(byRule.rule()).isEqualTo(alerts.rule(RuleIds.GATEWAY_OFFLINE));

        GatewayHealthFunction quick = new GatewayHealthFunction(
                TestRegistry.provider(), alerts, Duration.ofMinutes(6), GatewayHealthFunction.DEFAULT_DISCONNECT_GRACE);
        assertThat(quick.offlineAfter()).isEqualTo(Duration.ofMinutes(6));
        // 6 min against the rule's 1 h: a tenth of every threshold, margin and step
        assertThat(quick.rule().thresholds()).containsEntry(Severity.WARNING, 0.1);
        assertThat(quick.rule().clearMargin()).isCloseTo(0.05, within(1e-12));
        assertThat(quick.rule().updateStep()).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void attachRunsOnTheJobsStreamsWithRealSerializers() throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        MonitoringJob.configure(env);

        long t = at("2026-11-24T10:31:00+08:00");
        DataStream<AcceptedReadings> accepted = env.fromData(
                AcceptedReadingsTypeInfo.INSTANCE,
                TestRegistry.accepted(STEEL, "GW01", t, 1, "E-MAIN-01", "2026-11-24T10:00:00+08:00", 1.0),
                TestRegistry.accepted(STEEL, "GW01", t + 1000, 2, "E-MAIN-01", "2026-11-24T10:15:00+08:00", 2.0));
        DataStream<Rejection> rejected = env.fromData(
                TypeInformation.of(Rejection.class),
                new Rejection(
                        RejectReason.MALFORMED_JSON,
                        "not JSON",
                        Topics.readingsTopic(CEMENT, "GW02"),
                        CEMENT,
                        "GW02",
                        -1,
                        -1,
                        null,
                        Long.MIN_VALUE,
                        Double.NaN,
                        t,
                        "ab"));
        DataStream<GatewaySignal> statuses = env.fromData(
                GatewayHealth.SIGNAL_TYPE,
                GatewaySignal.online(CEMENT, "GW01", t, GatewaySignal.NO_SINCE),
                GatewaySignal.malformed(CEMENT, "GW01", t + 1),
                GatewaySignal.offline(STEEL, "GW09", t, GatewaySignal.NO_SINCE));

        SingleOutputStreamOperator<SeriesPoint> health = GatewayHealth.attach(
                accepted,
                rejected,
                statuses,
                TestRegistry.provider(),
                GatewayHealthFunctionTest.alerts(),
                GatewayHealth.Options.defaults());
        CollectingSink<SeriesPoint> rows = new CollectingSink<>("gateway-health-rows");
        CollectingSink<AlertMessage> alerts = new CollectingSink<>("gateway-health-alerts");
        health.sinkTo(rows);
        health.getSideOutput(Outputs.ALERTS).sinkTo(alerts);
        env.execute("gateway health");

        Map<String, Object> connectionByGateway = rows.received().stream()
                .filter(p -> p.measurement().equals("gateway_status"))
                .collect(Collectors.toMap(
                        p -> p.tags().get("enterprise") + "/" + p.tags().get("gateway"),
                        p -> p.fields().get("connection")));
        assertThat(connectionByGateway)
                .as("one row per gateway: nothing changed after its first signal; GW09 is not registered")
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(STEEL + "/GW01", "unknown", CEMENT + "/GW01", "online", CEMENT + "/GW02", "unknown"));
        assertThat(alerts.received()).isEmpty();
    }
}
