package dcmon.bench;

import dcmon.core.Topics;
import dcmon.influx.InfluxQuery;
import dcmon.influx.InfluxSink;
import dcmon.influx.SeriesPoint;
import dcmon.monitoring.KafkaConnectors;
import dcmon.monitoring.LocalJob;
import dcmon.monitoring.MonitoringJob;
import dcmon.monitoring.MonitoringOptions;
import dcmon.monitoring.RawMessage;
import dcmon.monitoring.RegistryProvider;
import dcmon.monitoring.StateBackendType;
import dcmon.stack.EmbeddedKafka;
import dcmon.stack.InfluxdServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The monitoring job over pre-filled Kafka: the pipeline of {@link MonitoringJob#build} with the job's Kafka
 * source (bounded to what the topic holds, so the run ends when all input is consumed), the InfluxDB sink
 * on a real influxd and the exactly-once rejected-topic sink, on a local mini-cluster, as fast as it goes.
 */
final class JobRun {
    /** What to run. */
    record Settings(
            int parallelism,
            int partitions,
            Duration checkpointInterval,
            boolean influx,
            StateBackendType stateBackend,
            int influxBatchSize) {}

    /**
     * Rounds the job processes before the clock starts: records received from {@code timedFrom} on are timed, the
     * {@code readings} before them are not counted.
     */
    record Warmup(long timedFrom, long readings) {
        static final Warmup NONE = new Warmup(Long.MIN_VALUE, 0);
    }

    /**
     * @param readings        readings consumed
     * @param elapsed         from the job running (or, after a warm-up, its first timed record) to its last InfluxDB write (the
     *                        final checkpoint after it is not counted)
     * @param wall            from submission to the job finished (includes starting the mini-cluster)
     * @param provinceYearTce the province's year total as stored in InfluxDB, NaN without InfluxDB
     */
    record Result(long readings, Duration elapsed, Duration wall, double provinceYearTce) {
        double readingsPerSecond() {
            return readings / (elapsed.toNanos() / 1e9);
        }
    }

    private JobRun() {}

    static Result run(
            SyntheticRegistry synthetic,
            RegistryProvider provider,
            long start,
            long messages,
            Warmup warmup,
            Settings s,
            Path workDir,
            PrintWriter log)
            throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(workDir.resolve("kafka"), 0)) {
            kafka.createTopics(s.partitions(), Topics.READINGS_RAW, Topics.READINGS_REJECTED, Topics.GATEWAY_STATUS);
            long t0 = System.nanoTime();
            long readings =
                    KafkaPrefill.write(kafka.bootstrapServers(), new SyntheticTraffic(synthetic, start, messages));
            log.printf(
                    "prefilled %d messages (%d readings) in %.1f s%n",
                    messages, readings, (System.nanoTime() - t0) / 1e9);
            log.flush();
            InfluxdServer influxd = s.influx() ? InfluxdServer.start(workDir.resolve("influxdb"), 0) : null;
            try {
                MonitoringOptions o = MonitoringOptions.builder()
                        .kafkaBootstrap(kafka.bootstrapServers())
                        .influxUrl(influxd == null ? "http://127.0.0.1:1" : influxd.url())
                        .parallelism(s.parallelism())
                        .checkpointInterval(s.checkpointInterval())
                        .stateBackend(s.stateBackend())
                        .influxBatchSize(s.influxBatchSize())
                        .build();
                Result r = runJob(provider, o, s, warmup, workDir, readings - warmup.readings());
                double tce = influxd == null ? Double.NaN : provinceYearTce(o, synthetic);
                return new Result(r.readings(), r.elapsed(), r.wall(), tce);
            } finally {
                if (influxd != null) influxd.close();
            }
        }
    }

    private static Result runJob(
            RegistryProvider provider, MonitoringOptions o, Settings s, Warmup warmup, Path workDir, long readings)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, s.parallelism());
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                workDir.resolve("checkpoints").toUri().toString());
        LocalJob.configureStateBackend(conf, o.stateBackend(), workDir.resolve("checkpoints"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(s.parallelism(), conf);
        env.enableCheckpointing(o.checkpointInterval().toMillis());
        MonitoringJob.configure(env);
        KafkaSource<RawMessage> source = KafkaConnectors.rawSourceBuilder(o)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(new ClockStartingDeserializer(warmup.timedFrom()))
                .build();
        DataStream<RawMessage> raw = env.fromSource(source, MonitoringJob.watermarks(), "readings-raw")
                .uid("readings-raw");
        Sink<SeriesPoint> usage =
                new LastWriteSink<>(s.influx() ? new InfluxSink(o.influxSinkOptions()) : new DiscardingSink<>());
        MonitoringJob.build(raw, provider, o, usage, KafkaConnectors.rejectedSink(o));

        ClockStartingDeserializer.FIRST_TIMED.set(0); // before the source can read a record
        long submitted = System.nanoTime();
        JobClient client = env.executeAsync("dcmon bench");
        while (client.getJobStatus().get() != JobStatus.RUNNING
                && !client.getJobStatus().get().isGloballyTerminalState()) {
            Thread.sleep(10);
        }
        long running = System.nanoTime();
        LastWriteSink.LAST.set(running);
        // without a warm-up the clock runs from here, as it always did
        if (warmup == Warmup.NONE) ClockStartingDeserializer.FIRST_TIMED.set(running);
        client.getJobExecutionResult().get();
        long done = System.nanoTime();
        long timed = ClockStartingDeserializer.FIRST_TIMED.get();
        if (timed == 0) throw new IllegalStateException("the job read no record of the timed rounds");
        return new Result(
                readings,
                Duration.ofNanos(LastWriteSink.LAST.get() - timed),
                Duration.ofNanos(done - submitted),
                Double.NaN);
    }

    private static double provinceYearTce(MonitoringOptions o, SyntheticRegistry synthetic) {
        try (InfluxQuery q = InfluxQuery.connect(o.influxUrl(), o.influxDatabase())) {
            List<Map<String, Object>> rows = q.query(
                    "SELECT last(tce) AS tce FROM region_usage WHERE \"level\" = 'province' AND \"period\" = 'year'"
                            + " AND \"region\" = '" + synthetic.reference().province() + "'");
            return rows.isEmpty() ? Double.NaN : ((Number) rows.get(0).get("tce")).doubleValue();
        }
    }
}
