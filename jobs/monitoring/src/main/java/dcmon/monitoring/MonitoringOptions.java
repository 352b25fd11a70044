package dcmon.monitoring;

import dcmon.core.Topics;
import dcmon.core.reading.MessageValidator;
import dcmon.influx.InfluxSinkOptions;
import dcmon.influx.PermanentErrorMode;
import org.apache.flink.util.ParameterTool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Typed options of the monitoring job. Every option has a default fit for the embedded stack; on a cluster
 * they come as {@code --name value} arguments (see {@link #fromArgs}).
 *
 * @param kafkaBootstrap     Kafka bootstrap servers
 * @param groupId            consumer group (offsets live in checkpoints; the group only shows progress)
 * @param registryDir        registry directory (reloaded on change)
 * @param referenceDir       reference tables directory
 * @param influxUrl          InfluxDB base URL (v1 API)
 * @param influxDatabase     InfluxDB database
 * @param lateness           how old a reading may be, relative to its receipt, and still correct its buckets
 * @param futureAllowance    clock skew tolerated before a timestamp counts as in the future
 * @param checkpointInterval how often results are committed (sinks flush on every checkpoint)
 * @param parallelism        job parallelism
 * @param transactionalIdPrefix prefix of the Kafka transactions of the exactly-once rejected-topic sink
 * @param pointRollupInterval how often a reporting point's day, month and year rows are rewritten (its quarter-hour
 *                           rows and all enterprise and region rows are written at once); zero: with every message
 * @param regionCombineInterval how long the enterprise task sums region deltas before sending them to the roll-ups
 *                           ({@link RegionDeltaCombiner}); zero sends each delta at once
 * @param influxWriteLanes   concurrent InfluxDB writes per sink instance, split by series (default 2: InfluxDB parses
 *                           and indexes requests in parallel, and with one write at a time per instance it sat half idle;
 *                           docs/benchmarks.md, {@code bench influx})
 * @param influxBatchSize    distinct rows a sink instance buffers before it writes them; rows of the same series and
 *                           time coalesce within a buffer. Larger buffers write fewer rows when messages carry few
 *                           readings (a catch-up at one reading per message: a third faster with 20,000), but rows
 *                           wait longer, up to the sink's flush interval (1 s), before dashboards see them
 *                           (default {@link InfluxSinkOptions#DEFAULT_BATCH_SIZE}; docs/benchmarks.md, <i>Eighth round</i>)
 * @param stateBackend       where state lives: on the heap (default) or in RocksDB with incremental checkpoints, for
 *                           state larger than the heap ({@link StateBackendType})
 * @param influxOnPermanentError what the InfluxDB sink does with rows InfluxDB refuses for good: fail the job
 *                           (default) or put them in Kafka topic {@code dcmon.sink.dead-letter} and go on
 *                           ({@link PermanentErrorMode}; docs/notes.md, <i>InfluxDB sink</i>)
 */
public record MonitoringOptions(
        String kafkaBootstrap,
        String groupId,
        Path registryDir,
        Path referenceDir,
        String influxUrl,
        String influxDatabase,
        Duration lateness,
        Duration futureAllowance,
        Duration checkpointInterval,
        int parallelism,
        String transactionalIdPrefix,
        Duration pointRollupInterval,
        Duration regionCombineInterval,
        int influxWriteLanes,
        int influxBatchSize,
        StateBackendType stateBackend,
        PermanentErrorMode influxOnPermanentError) {

    public MonitoringOptions {
        if (influxWriteLanes < 1) throw new IllegalArgumentException("influx-write-lanes must be at least 1, was " + influxWriteLanes);
        if (influxBatchSize < 1) throw new IllegalArgumentException("influx-batch-size must be at least 1, was " + influxBatchSize);
        if (stateBackend == null) throw new IllegalArgumentException("state-backend must be given");
        if (influxOnPermanentError == null) {
            throw new IllegalArgumentException("influx-on-permanent-error must be given");
        }
    }

    public static MonitoringOptions defaults() {
        return new MonitoringOptions("127.0.0.1:9092", "dcmon-monitoring", Path.of("config/samples/hubei"), Path.of("config/reference"),
                "http://127.0.0.1:8086", "dcmon", MessageValidator.DEFAULT_LATENESS, MessageValidator.DEFAULT_FUTURE_ALLOWANCE,
                Duration.ofSeconds(10), 2, "dcmon-monitoring", Duration.ofMinutes(5), Duration.ofMillis(200), 2,
                InfluxSinkOptions.DEFAULT_BATCH_SIZE, StateBackendType.HASHMAP,
                InfluxSinkOptions.DEFAULT_ON_PERMANENT_ERROR);
    }

    /** Options from {@code --kafka host:port --registry dir --reference dir --influx url --lateness P35D …}. */
    public static MonitoringOptions fromArgs(String[] args) {
        ParameterTool p = ParameterTool.fromArgs(args);
        MonitoringOptions d = defaults();
        return new MonitoringOptions(
                p.get("kafka", d.kafkaBootstrap),
                p.get("group", d.groupId),
                Path.of(p.get("registry", d.registryDir.toString())),
                Path.of(p.get("reference", d.referenceDir.toString())),
                p.get("influx", d.influxUrl),
                p.get("influx-db", d.influxDatabase),
                Duration.parse(p.get("lateness", d.lateness.toString())),
                Duration.parse(p.get("future-allowance", d.futureAllowance.toString())),
                Duration.parse(p.get("checkpoint-interval", d.checkpointInterval.toString())),
                p.getInt("parallelism", d.parallelism),
                p.get("transactional-id-prefix", d.transactionalIdPrefix),
                Duration.parse(p.get("point-rollup-interval", d.pointRollupInterval.toString())),
                Duration.parse(p.get("region-combine-interval", d.regionCombineInterval.toString())),
                p.getInt("influx-write-lanes", d.influxWriteLanes),
                p.getInt("influx-batch-size", d.influxBatchSize),
                StateBackendType.parse(p.get("state-backend", d.stateBackend.flinkName())),
                influxOnPermanentError(p.get("influx-on-permanent-error", d.influxOnPermanentError.option())));
    }

    public MonitoringOptions withKafka(String bootstrap) { return with(c -> c.kafkaBootstrap = bootstrap); }

    public MonitoringOptions withInflux(String url) { return with(c -> c.influxUrl = url); }

    public MonitoringOptions withRegistry(Path registry, Path reference) {
        return with(c -> {
            c.registryDir = registry;
            c.referenceDir = reference;
        });
    }

    public MonitoringOptions withLateness(Duration l) { return with(c -> c.lateness = l); }

    public MonitoringOptions withCheckpointInterval(Duration i) { return with(c -> c.checkpointInterval = i); }

    public MonitoringOptions withParallelism(int n) { return with(c -> c.parallelism = n); }

    public MonitoringOptions withPointRollupInterval(Duration d) { return with(c -> c.pointRollupInterval = d); }

    public MonitoringOptions withRegionCombineInterval(Duration d) { return with(c -> c.regionCombineInterval = d); }

    public MonitoringOptions withInfluxWriteLanes(int lanes) { return with(c -> c.influxWriteLanes = lanes); }

    public MonitoringOptions withInfluxBatchSize(int rows) { return with(c -> c.influxBatchSize = rows); }

    public MonitoringOptions withStateBackend(StateBackendType b) { return with(c -> c.stateBackend = b); }

    /** @param mode {@code fail} or {@code dead-letter}; anything else is an error naming the option */
    public MonitoringOptions withInfluxOnPermanentError(String mode) {
        PermanentErrorMode parsed = influxOnPermanentError(mode);
        return with(c -> c.influxOnPermanentError = parsed);
    }

    private static PermanentErrorMode influxOnPermanentError(String mode) {
        try {
            return PermanentErrorMode.parse(mode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("influx-on-permanent-error " + e.getMessage(), e);
        }
    }

    /** These options with some changed: a new option is added to the record and to {@link Changes} only. */
    private MonitoringOptions with(Consumer<Changes> change) {
        Changes c = new Changes(this);
        change.accept(c);
        return c.options();
    }

    /** The options as plain fields, for the withers. */
    private static final class Changes {
        String kafkaBootstrap, groupId, influxUrl, influxDatabase, transactionalIdPrefix;
        Path registryDir, referenceDir;
        Duration lateness, futureAllowance, checkpointInterval, pointRollupInterval, regionCombineInterval;
        int parallelism, influxWriteLanes, influxBatchSize;
        StateBackendType stateBackend;
        PermanentErrorMode influxOnPermanentError;

        Changes(MonitoringOptions o) {
            kafkaBootstrap = o.kafkaBootstrap;
            groupId = o.groupId;
            registryDir = o.registryDir;
            referenceDir = o.referenceDir;
            influxUrl = o.influxUrl;
            influxDatabase = o.influxDatabase;
            lateness = o.lateness;
            futureAllowance = o.futureAllowance;
            checkpointInterval = o.checkpointInterval;
            parallelism = o.parallelism;
            transactionalIdPrefix = o.transactionalIdPrefix;
            pointRollupInterval = o.pointRollupInterval;
            regionCombineInterval = o.regionCombineInterval;
            influxWriteLanes = o.influxWriteLanes;
            influxBatchSize = o.influxBatchSize;
            stateBackend = o.stateBackend;
            influxOnPermanentError = o.influxOnPermanentError;
        }

        MonitoringOptions options() {
            return new MonitoringOptions(kafkaBootstrap, groupId, registryDir, referenceDir, influxUrl, influxDatabase, lateness, futureAllowance,
                    checkpointInterval, parallelism, transactionalIdPrefix, pointRollupInterval, regionCombineInterval, influxWriteLanes,
                    influxBatchSize, stateBackend, influxOnPermanentError);
        }
    }

    public String rawTopic() { return Topics.READINGS_RAW; }

    public String rejectedTopic() { return Topics.READINGS_REJECTED; }

    public InfluxSinkOptions influxSinkOptions() {
        return InfluxSinkOptions.builder(influxUrl).database(influxDatabase).createDatabase(true)
                .writeLanes(influxWriteLanes).batchSize(influxBatchSize)
                .onPermanentError(influxOnPermanentError).build();
    }
}
