package dcmon.monitoring;

import dcmon.core.broker.BrokerSample;
import dcmon.core.config.ConfigException;
import dcmon.core.reading.AcceptedReadings;
import dcmon.core.reading.Rejection;
import dcmon.influx.InfluxSink;
import dcmon.influx.SeriesPoint;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The monitoring job: raw gateway messages → validation → per-enterprise usage → regional roll-ups → progress
 * against targets and alerts, with usage and progress to InfluxDB, rejections and alerts to Kafka. {@link #build} wires the pipeline from given input and sinks,
 * so tests run the very same pipeline with test sources and sinks; {@link #main} only adds Kafka
 * ({@link KafkaConnectors}) and InfluxDB, on the state backend the cluster or the arguments name
 * ({@link StateBackends}).
 */
public final class MonitoringJob {
    private MonitoringJob() {}

    /** Watermarks follow the bridge's receive time; a minute of disorder covers several bridge instances. */
    public static final Duration OUT_OF_ORDERNESS = Duration.ofMinutes(1);

    public static final Duration IDLENESS = Duration.ofMinutes(1);

    public static WatermarkStrategy<RawMessage> watermarks() {
        return WatermarkStrategy.<RawMessage>forBoundedOutOfOrderness(OUT_OF_ORDERNESS)
                .withTimestampAssigner((msg, kafkaTs) -> msg.receivedAt)
                .withIdleness(IDLENESS);
    }

    /** The usage part of the pipeline alone, without progress and alerts (for tests of counting). */
    public static void build(
            DataStream<RawMessage> raw,
            RegistryProvider registry,
            MonitoringOptions o,
            Sink<SeriesPoint> usageSink,
            Sink<Rejection> rejectedSink) {
        build(raw, null, registry, null, o, usageSink, rejectedSink, null);
    }

    /**
     * Builds the pipeline on {@code raw} (which must carry event timestamps and watermarks). With {@code progress}
     * given, it also computes progress against the targets, checks the data's quality and the gateways' health
     * ({@code statuses}: their status messages) and raises alerts to {@code alertSink}.
     */
    public static void build(
            DataStream<RawMessage> raw,
            DataStream<GatewaySignal> statuses,
            RegistryProvider registry,
            ProgressSettings progress,
            MonitoringOptions o,
            Sink<SeriesPoint> usageSink,
            Sink<Rejection> rejectedSink,
            Sink<AlertMessage> alertSink) {
        build(raw, statuses, registry, progress, o, usageSink, rejectedSink, alertSink, null);
    }

    /** The same, with the month close's snapshots to {@code monthlySink} (none when null). */
    public static void build(
            DataStream<RawMessage> raw,
            DataStream<GatewaySignal> statuses,
            RegistryProvider registry,
            ProgressSettings progress,
            MonitoringOptions o,
            Sink<SeriesPoint> usageSink,
            Sink<Rejection> rejectedSink,
            Sink<AlertMessage> alertSink,
            Sink<MonthlyMessage> monthlySink) {
        build(raw, statuses, null, registry, progress, o, usageSink, rejectedSink, alertSink, monthlySink);
    }

    /**
     * The same, with the MQTT broker's backlog from the bridges' {@code brokers} samples ({@link BrokerBacklog}; none
     * when null).
     */
    public static void build(
            DataStream<RawMessage> raw,
            DataStream<GatewaySignal> statuses,
            DataStream<BrokerSample> brokers,
            RegistryProvider registry,
            ProgressSettings progress,
            MonitoringOptions o,
            Sink<SeriesPoint> usageSink,
            Sink<Rejection> rejectedSink,
            Sink<AlertMessage> alertSink,
            Sink<MonthlyMessage> monthlySink) {
        SingleOutputStreamOperator<AcceptedReadings> accepted = raw.process(
                        new ValidateFunction(registry, o.lateness(), o.futureAllowance()))
                .returns(AcceptedReadingsTypeInfo.INSTANCE)
                .name("validate")
                .uid("validate");

        SingleOutputStreamOperator<List<SeriesPoint>> enterpriseUsage = accepted.keyBy(a -> a.enterprise)
                .process(new EnterpriseUsageFunction(registry, o.lateness(), o.pointRollupInterval(), o.hotWindow()))
                .returns(new ListTypeInfo<>(SeriesPoint.class))
                .name("enterprise-usage")
                .uid("enterprise-usage");

        DataStream<RegionDelta> deltas = enterpriseUsage
                .getSideOutput(Outputs.REGION_DELTAS)
                // chained to enterprise-usage: sums the deltas of every message before they are serialized
                .transform(
                        "region-combine",
                        TypeInformation.of(RegionDelta.class),
                        new RegionDeltaCombiner(o.regionCombineInterval()))
                .name("region-combine")
                .uid("region-combine");

        DataStream<SeriesPoint> regionUsage = deltas.filter(d -> !isOwnProgress(d))
                .name("region-deltas")
                .keyBy(RegionDelta::rollupKey)
                .process(new RegionRollupFunction(o.lateness()))
                .name("region-rollup")
                .uid("region-rollup");

        // One sink per stream rather than a union: a sink with a single input chains to its producer, so the
        // many point and enterprise rows reach the writer without being serialized between tasks. Each writer
        // coalesces its own series; the streams never write the same series.
        enterpriseUsage.sinkTo(new EachRowSink<>(usageSink)).name("influxdb").uid("influxdb-sink");
        regionUsage.sinkTo(usageSink).name("influxdb-regions").uid("influxdb-sink-regions");
        accepted.getSideOutput(Outputs.REJECTED)
                .union(enterpriseUsage.getSideOutput(Outputs.REJECTED))
                .sinkTo(rejectedSink)
                .name("rejected")
                .uid("rejected-sink");

        if (progress == null) return;
        DataStream<AlertMessage> progressAlerts = buildProgress(deltas, registry, progress, o, usageSink, monthlySink);
        SingleOutputStreamOperator<SeriesPoint> quality = DataQuality.attach(
                accepted,
                accepted.getSideOutput(Outputs.REJECTED),
                enterpriseUsage.getSideOutput(Outputs.REJECTED),
                registry,
                progress.alerts());
        quality.sinkTo(usageSink).name("influxdb-quality").uid("influxdb-sink-quality");
        SingleOutputStreamOperator<SeriesPoint> health = GatewayHealth.attach(
                accepted,
                accepted.getSideOutput(Outputs.REJECTED),
                statuses,
                registry,
                progress.alerts(),
                o.gatewayHealth());
        health.sinkTo(usageSink).name("influxdb-gateway-health").uid("influxdb-sink-gateway-health");
        DataStream<AlertMessage> alerts =
                progressAlerts.union(quality.getSideOutput(Outputs.ALERTS), health.getSideOutput(Outputs.ALERTS));
        if (brokers != null) {
            SingleOutputStreamOperator<SeriesPoint> backlog = BrokerBacklog.attach(brokers, progress.alerts());
            backlog.sinkTo(usageSink).name("influxdb-broker-backlog").uid("influxdb-sink-broker-backlog");
            alerts = alerts.union(backlog.getSideOutput(Outputs.ALERTS));
        }
        alerts.sinkTo(alertSink).name("alerts").uid("alerts-sink");
    }

    private static boolean isOwnProgress(RegionDelta d) {
        return UsagePoints.LEVEL_ENTERPRISE.equals(d.level);
    }

    /** Progress per enterprise and region, returning their alerts: docs/design.md, *Targets and alerts*. */
    private static DataStream<AlertMessage> buildProgress(
            DataStream<RegionDelta> deltas,
            RegistryProvider registry,
            ProgressSettings settings,
            MonitoringOptions o,
            Sink<SeriesPoint> usageSink,
            Sink<MonthlyMessage> monthlySink) {
        SingleOutputStreamOperator<SeriesPoint> enterpriseProgress = deltas.filter(MonitoringJob::isOwnProgress)
                .name("progress-deltas")
                .keyBy(d -> d.region)
                .process(new EnterpriseProgressFunction(registry, settings, o.lateness()))
                .name("enterprise-progress")
                .uid("enterprise-progress");
        SingleOutputStreamOperator<SeriesPoint> regionProgress = enterpriseProgress
                .getSideOutput(Outputs.PROGRESS_SHARES)
                .keyBy(ProgressShare::rollupKey)
                .process(new RegionProgressFunction(registry, settings, o.lateness()))
                .name("region-progress")
                .uid("region-progress");
        enterpriseProgress.sinkTo(usageSink).name("influxdb-progress").uid("influxdb-sink-progress");
        regionProgress.sinkTo(usageSink).name("influxdb-region-progress").uid("influxdb-sink-region-progress");
        if (monthlySink != null) {
            enterpriseProgress
                    .getSideOutput(Outputs.MONTHLY)
                    .union(regionProgress.getSideOutput(Outputs.MONTHLY))
                    .sinkTo(monthlySink)
                    .name("monthly")
                    .uid("monthly-sink");
        }
        return enterpriseProgress.getSideOutput(Outputs.ALERTS).union(regionProgress.getSideOutput(Outputs.ALERTS));
    }

    /**
     * Settings every run of the job needs. Object reuse: chained operators hand records over without a deep
     * copy each. Safe here because no function keeps or changes an input record after it returns, and what the
     * functions emit (series points, rejections) is immutable or never touched again.
     */
    public static void configure(StreamExecutionEnvironment env) {
        env.getConfig().enableObjectReuse();
    }

    /** Adds the Kafka source and the InfluxDB and Kafka sinks to {@code env}; the state backend is the caller's. */
    public static void buildWithConnectors(
            StreamExecutionEnvironment env, MonitoringOptions o, RegistryProvider registry) throws ConfigException {
        buildWithConnectors(env, o, registry, influxSink(o));
    }

    /** The InfluxDB sink; with {@code --influx-on-permanent-error dead-letter}, refused rows go to Kafka. */
    public static InfluxSink influxSink(MonitoringOptions o) {
        return new InfluxSink(o.influxSinkOptions(), KafkaDeadLetters.factory(o.kafkaBootstrap(), o.kafkaProperties()));
    }

    /** The same with another sink of the usage rows (a benchmark's). */
    public static void buildWithConnectors(
            StreamExecutionEnvironment env, MonitoringOptions o, RegistryProvider registry, Sink<SeriesPoint> usageSink)
            throws ConfigException {
        env.setParallelism(o.parallelism());
        env.enableCheckpointing(o.checkpointInterval().toMillis());
        configure(env);
        RegistryProvider.Snapshot snapshot = registry.current();
        DataStream<RawMessage> raw = env.fromSource(KafkaConnectors.rawSource(o), watermarks(), "readings-raw")
                .uid("readings-raw");
        build(
                raw,
                GatewayHealth.statuses(env, o),
                BrokerBacklog.samples(env, o),
                registry,
                ProgressSettings.load(o, snapshot.registry(), snapshot.reference()),
                o,
                usageSink,
                KafkaConnectors.rejectedSink(o),
                KafkaConnectors.alertSink(o),
                KafkaConnectors.monthlySink(o));
    }

    public static void main(String[] args) throws Exception {
        MonitoringOptions o = MonitoringOptions.fromArgs(args);
        RegistryDirectory registry = new RegistryDirectory(o.registryDir(), o.referenceDir(), 10_000);
        registry.loadOrThrow(); // fail fast on a broken registry before submitting anything
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        StateBackends.forCluster(args).ifPresent(env::configure);
        buildWithConnectors(env, o, registry);
        env.execute("dcmon monitoring");
    }
}
