package dcmon.monitoring;

import dcmon.core.Topics;
import dcmon.core.alert.AlertConfig;
import dcmon.core.reading.AcceptedReadings;
import dcmon.core.reading.Rejection;
import dcmon.influx.SeriesPoint;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Wires gateway connection state and the {@code gateway.offline} alert into the job ({@link GatewayHealthFunction}):
 * the status topic's source, the signals made from accepted and rejected messages, and the keyed function.
 */
public final class GatewayHealth {
    private GatewayHealth() {}

    public static final TypeInformation<GatewaySignal> SIGNAL_TYPE = TypeInformation.of(GatewaySignal.class);

    /**
     * Options of the gateway health part, as {@code --gateway-offline-after PT1H --gateway-disconnect-grace PT5M}
     * (ISO-8601 durations, as the job's other duration options).
     *
     * @param offlineAfter    the silence that raises {@code gateway.offline}; null (the default) uses the rule's
     *                        threshold in {@code config/alerts.yaml}; given, it scales the rule to its clock
     *                        ({@link GatewayHealthFunction})
     * @param disconnectGrace how long an {@code offline} status must last before it raises (default 5 min)
     */
    public record Options(Duration offlineAfter, Duration disconnectGrace) {
        public static final String OFFLINE_AFTER = "gateway-offline-after";
        public static final String DISCONNECT_GRACE = "gateway-disconnect-grace";

        public Options {
            if (offlineAfter != null && (offlineAfter.isZero() || offlineAfter.isNegative())) {
                throw new IllegalArgumentException(OFFLINE_AFTER + " must be positive, was " + offlineAfter);
            }
            if (disconnectGrace == null) disconnectGrace = GatewayHealthFunction.DEFAULT_DISCONNECT_GRACE;
            if (disconnectGrace.isNegative()) {
                throw new IllegalArgumentException(DISCONNECT_GRACE + " must not be negative, was " + disconnectGrace);
            }
        }

        public static Options defaults() {
            return new Options(null, GatewayHealthFunction.DEFAULT_DISCONNECT_GRACE);
        }

        public static Options fromArgs(String[] args) {
            ParameterTool p = ParameterTool.fromArgs(args);
            return new Options(duration(p, OFFLINE_AFTER), duration(p, DISCONNECT_GRACE));
        }

        private static Duration duration(ParameterTool p, String option) {
            if (!p.has(option)) return null;
            String text = p.get(option);
            try {
                return Duration.parse(text);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        option + " must be an ISO-8601 duration such as PT30S or PT1H, was " + text, e);
            }
        }
    }

    /**
     * The gateway health operator (uid {@code gateway-health}) on the job's streams: one data signal per accepted
     * message, one per rejected message that names its gateway ({@link GatewaySignal#data(Rejection)}), and the
     * status topic's signals, keyed by gateway. Its main output is {@code gateway_status} and {@code alerts} rows;
     * {@link Outputs#ALERTS} carries the encoded alert events for {@code dcmon.alerts}.
     *
     * @param rejected     the validation's rejections (the usage function's add nothing: their messages were accepted)
     * @param statuses     from {@link #statuses}, or any stream of status signals
     * @param offlineAfter null for the rule's threshold
     */
    public static SingleOutputStreamOperator<SeriesPoint> attach(
            DataStream<AcceptedReadings> accepted,
            DataStream<Rejection> rejected,
            DataStream<GatewaySignal> statuses,
            RegistryProvider registry,
            AlertConfig alerts,
            Duration offlineAfter,
            Duration disconnectGrace) {
        DataStream<GatewaySignal> fromData = accepted.map(GatewaySignal::data)
                .returns(SIGNAL_TYPE)
                .name("gateway-signals-accepted")
                .uid("gateway-signals-accepted");
        DataStream<GatewaySignal> fromRejections = rejected.flatMap((Rejection r, Collector<GatewaySignal> out) -> {
                    GatewaySignal s = GatewaySignal.data(r);
                    if (s != null) out.collect(s);
                })
                .returns(SIGNAL_TYPE)
                .name("gateway-signals-rejected")
                .uid("gateway-signals-rejected");
        return fromData.union(fromRejections, statuses)
                .keyBy(GatewaySignal::key)
                .process(new GatewayHealthFunction(registry, alerts, offlineAfter, disconnectGrace))
                .returns(TypeInformation.of(SeriesPoint.class))
                .name("gateway-health")
                .uid("gateway-health");
    }

    /** The same with {@link Options}. */
    public static SingleOutputStreamOperator<SeriesPoint> attach(
            DataStream<AcceptedReadings> accepted,
            DataStream<Rejection> rejected,
            DataStream<GatewaySignal> statuses,
            RegistryProvider registry,
            AlertConfig alerts,
            Options options) {
        return attach(
                accepted, rejected, statuses, registry, alerts, options.offlineAfter(), options.disconnectGrace());
    }

    /**
     * The status topic as a stream (uid {@code gateway-status}). No watermarks: the health function works in
     * processing time, and the stream must not hold back the event time of anything it joins.
     */
    public static DataStream<GatewaySignal> statuses(StreamExecutionEnvironment env, MonitoringOptions o) {
        return env.fromSource(statusSource(o), WatermarkStrategy.noWatermarks(), "gateway-status")
                .uid("gateway-status");
    }

    /** The source of {@code dcmon.gateway.status}, with the raw source's group, offsets and isolation. */
    public static KafkaSource<GatewaySignal> statusSource(MonitoringOptions o) {
        return statusSourceBuilder(o).build();
    }

    public static KafkaSourceBuilder<GatewaySignal> statusSourceBuilder(MonitoringOptions o) {
        return KafkaSource.<GatewaySignal>builder()
                .setProperties(KafkaConnectors.clientProperties(o))
                .setBootstrapServers(o.kafkaBootstrap())
                .setTopics(Topics.GATEWAY_STATUS)
                .setGroupId(o.groupId())
                // offsets come from checkpoints; on a first start read everything there is
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new GatewayStatusDeserializer())
                .setProperty("isolation.level", "read_committed");
    }
}
