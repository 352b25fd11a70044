package dcmon.monitoring;

import dcmon.core.reading.AcceptedReadings;
import dcmon.core.reading.Rejection;
import dcmon.influx.InfluxSink;
import dcmon.influx.SeriesPoint;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.rocksdb.CompressionType;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The monitoring job: raw gateway messages → validation → per-enterprise usage → regional roll-ups, with
 * usage to InfluxDB and rejections to Kafka. {@link #build} wires the pipeline from given input and sinks,
 * so tests run the very same pipeline with test sources and sinks; {@link #main} only adds Kafka and InfluxDB.
 */
public final class MonitoringJob {
    private MonitoringJob() {}

    /** Watermarks follow the bridge's receive time; a minute of disorder covers several bridge instances. */
    public static final Duration OUT_OF_ORDERNESS = Duration.ofMinutes(1);
    public static final Duration IDLENESS = Duration.ofMinutes(1);

    /**
     * RocksDB's compression by level: none in L0 and L1, LZ4 below (Flink's suggested balance; its default is Snappy
     * everywhere). A point's recent part is rewritten with nearly every message, so its values pass through the upper
     * levels again and again, and compressing them there cost the job more than a tenth of its rate
     * (docs/benchmarks.md, seventh round); the data that settles in the lower levels is still compressed.
     */
    static final List<CompressionType> ROCKSDB_COMPRESSION =
            List.of(CompressionType.NO_COMPRESSION, CompressionType.NO_COMPRESSION, CompressionType.LZ4_COMPRESSION);

    /** What a fetch of the raw topic waits for, at most {@link #FETCH_MAX_WAIT}. */
    static final int FETCH_MIN_BYTES = 64 * 1024;
    static final Duration FETCH_MAX_WAIT = Duration.ofMillis(50);

    public static WatermarkStrategy<RawMessage> watermarks() {
        return WatermarkStrategy.<RawMessage>forBoundedOutOfOrderness(OUT_OF_ORDERNESS)
                .withTimestampAssigner((msg, kafkaTs) -> msg.receivedAt)
                .withIdleness(IDLENESS);
    }

    /** Builds the pipeline on {@code raw} (which must carry event timestamps and watermarks). */
    public static void build(DataStream<RawMessage> raw, RegistryProvider registry, MonitoringOptions o,
                             Sink<SeriesPoint> usageSink, Sink<Rejection> rejectedSink) {
        SingleOutputStreamOperator<AcceptedReadings> accepted = raw
                .process(new ValidateFunction(registry, o.lateness(), o.futureAllowance()))
                .returns(AcceptedReadingsTypeInfo.INSTANCE)
                .name("validate").uid("validate");

        SingleOutputStreamOperator<List<SeriesPoint>> enterpriseUsage = accepted
                .keyBy(a -> a.enterprise)
                .process(new EnterpriseUsageFunction(registry, o.lateness(), o.pointRollupInterval()))
                .returns(new ListTypeInfo<>(SeriesPoint.class))
                .name("enterprise-usage").uid("enterprise-usage");

        DataStream<SeriesPoint> regionUsage = enterpriseUsage.getSideOutput(Outputs.REGION_DELTAS)
                // chained to enterprise-usage: sums the 12 deltas of every message before they are serialized
                .transform("region-combine", TypeInformation.of(RegionDelta.class), new RegionDeltaCombiner(o.regionCombineInterval()))
                .name("region-combine").uid("region-combine")
                .keyBy(RegionDelta::rollupKey)
                .process(new RegionRollupFunction(o.lateness()))
                .name("region-rollup").uid("region-rollup");

        // One sink per stream rather than a union: a sink with a single input chains to its producer, so the
        // many point and enterprise rows reach the writer without being serialized between tasks. Each writer
        // coalesces its own series; the two streams never write the same series.
        enterpriseUsage.sinkTo(new EachRowSink<>(usageSink)).name("influxdb").uid("influxdb-sink");
        regionUsage.sinkTo(usageSink).name("influxdb-regions").uid("influxdb-sink-regions");
        accepted.getSideOutput(Outputs.REJECTED)
                .union(enterpriseUsage.getSideOutput(Outputs.REJECTED))
                .sinkTo(rejectedSink).name("rejected").uid("rejected-sink");
    }

    public static KafkaSource<RawMessage> kafkaSource(MonitoringOptions o) {
        return kafkaSourceBuilder(o).build();
    }

    /** The source's settings, for callers that add more (a bounded run over what a topic holds). */
    public static KafkaSourceBuilder<RawMessage> kafkaSourceBuilder(MonitoringOptions o) {
        return KafkaSource.<RawMessage>builder()
                .setBootstrapServers(o.kafkaBootstrap())
                .setTopics(o.rawTopic())
                .setGroupId(o.groupId())
                // offsets come from checkpoints; on a first start read everything there is
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawMessageDeserializer())
                .setProperty("isolation.level", "read_committed")
                // A fetch waits up to 50 ms for 64 KiB instead of returning each new record at once: at one reading per
                // message the source otherwise fetched a few records at a time, and Kafka and the job spent a third of
                // their CPU on fetch requests (docs/benchmarks.md, fix 33).
                .setProperty("fetch.min.bytes", String.valueOf(FETCH_MIN_BYTES))
                .setProperty("fetch.max.wait.ms", String.valueOf(FETCH_MAX_WAIT.toMillis()));
    }

    public static KafkaSink<Rejection> rejectedSink(MonitoringOptions o) {
        return KafkaSink.<Rejection>builder()
                .setBootstrapServers(o.kafkaBootstrap())
                .setRecordSerializer(new RejectionSerializer(o.rejectedTopic()))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(o.transactionalIdPrefix())
                // must outlast a checkpoint interval plus recovery, and stay under the broker's maximum
                .setProperty("transaction.timeout.ms", "600000")
                .build();
    }

    /**
     * Settings every run of the job needs. Object reuse: chained operators hand records over without a deep
     * copy each. Safe here because no function keeps or changes an input record after it returns, and what the
     * functions emit (series points, rejections) is immutable or never touched again.
     */
    public static void configure(StreamExecutionEnvironment env) {
        env.getConfig().enableObjectReuse();
    }

    /**
     * The Flink settings of the chosen state backend: its type, incremental checkpoints where it has them, and for
     * RocksDB bloom filters, since the job reads state by exact key (a point's series, a period's totals) and a
     * filter spares a lookup the files that cannot hold the key. How much memory RocksDB gets is the cluster's
     * setting ({@link LocalJob} sets it for a run in this JVM).
     */
    public static Configuration stateBackendConfig(StateBackendType backend) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, backend.flinkName());
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, backend.incrementalCheckpoints());
        if (backend == StateBackendType.ROCKSDB) {
            conf.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
            conf.set(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL, ROCKSDB_COMPRESSION);
        }
        return conf;
    }

    /**
     * On a cluster the state backend is the cluster's ({@code state.backend.type} in its configuration) unless the
     * job is started with {@code --state-backend}: an operator's choice is not overridden by a default of the job.
     */
    static Optional<Configuration> clusterStateBackend(String[] args) {
        if (!ParameterTool.fromArgs(args).has("state-backend")) return Optional.empty();
        return Optional.of(stateBackendConfig(MonitoringOptions.fromArgs(args).stateBackend()));
    }

    /** Adds the Kafka source and the InfluxDB and Kafka sinks to {@code env}; the state backend is the caller's. */
    public static void buildWithConnectors(StreamExecutionEnvironment env, MonitoringOptions o, RegistryProvider registry) {
        buildWithConnectors(env, o, registry, influxSink(o));
    }

    /** The InfluxDB sink; with {@code --influx-on-permanent-error dead-letter}, refused rows go to Kafka. */
    public static InfluxSink influxSink(MonitoringOptions o) {
        return new InfluxSink(o.influxSinkOptions(), KafkaDeadLetters.factory(o.kafkaBootstrap()));
    }

    /** The same with another sink of the usage rows (a benchmark's). */
    public static void buildWithConnectors(StreamExecutionEnvironment env, MonitoringOptions o, RegistryProvider registry,
                                           Sink<SeriesPoint> usageSink) {
        env.setParallelism(o.parallelism());
        env.enableCheckpointing(o.checkpointInterval().toMillis());
        configure(env);
        DataStream<RawMessage> raw = env.fromSource(kafkaSource(o), watermarks(), "readings-raw").uid("readings-raw");
        build(raw, registry, o, usageSink, rejectedSink(o));
    }

    public static void main(String[] args) throws Exception {
        MonitoringOptions o = MonitoringOptions.fromArgs(args);
        RegistryDirectory registry = new RegistryDirectory(o.registryDir(), o.referenceDir(), 10_000);
        registry.loadOrThrow(); // fail fast on a broken registry before submitting anything
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        clusterStateBackend(args).ifPresent(env::configure);
        buildWithConnectors(env, o, registry);
        env.execute("dcmon monitoring");
    }
}
