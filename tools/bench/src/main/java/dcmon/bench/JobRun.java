package dcmon.bench;

import dcmon.core.Topics;
import dcmon.core.calendar.ShanghaiCalendar;
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
     * @param readings        timed readings consumed
     * @param elapsed         from the source's first timed record to the usage sink's last row or end-of-input
     *                        flush (the final checkpoint after it is not counted)
     * @param wall            from submission to the job finished (includes starting the mini-cluster)
     * @param provinceYearTce the province's year total as stored in InfluxDB, or, without InfluxDB, as the last
     *                        province row reaching the sink; NaN when there was none
     * @param messagesRead    records the job's source read
     * @param messagesWritten records pre-filled into Kafka
     */
    record Result(
            long readings,
            Duration elapsed,
            Duration wall,
            double provinceYearTce,
            long messagesRead,
            long messagesWritten) {
        double readingsPerSecond() {
            return readings / (elapsed.toNanos() / 1e9);
        }
    }

    /** What the job itself measured: its clock, and how many records its source read. */
    private record Timing(Duration elapsed, Duration wall, long read) {}

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
            KafkaPrefill.keepForever(kafka, Topics.READINGS_RAW);
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
                Sink<SeriesPoint> usage = new WatchedSink(
                        influxd != null ? new InfluxSink(o.influxSinkOptions()) : new DiscardingSink<>(),
                        synthetic.reference().province(),
                        ShanghaiCalendar.yearStart(start));
                Timing t = runJob(provider, o, s, usage, warmup, workDir);
                double tce = influxd != null ? provinceYearTce(o, synthetic) : WatchedSink.PROVINCE_YEAR_TCE.get();
                return new Result(readings - warmup.readings(), t.elapsed(), t.wall(), tce, t.read(), messages);
            } finally {
                if (influxd != null) influxd.close();
            }
        }
    }

    private static Timing runJob(
            RegistryProvider provider,
            MonitoringOptions o,
            Settings s,
            Sink<SeriesPoint> usage,
            Warmup warmup,
            Path workDir)
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
        MonitoringJob.build(raw, provider, o, usage, KafkaConnectors.rejectedSink(o));

        // before the source can read a record: the clock starts at the first (timed) record it reads, whatever
        // the sink, and not when the job is scheduled, which would count deploying the tasks
        ClockStartingDeserializer.reset();
        long submitted = System.nanoTime();
        WatchedSink.reset(submitted);
        JobClient client = env.executeAsync("dcmon bench");
        client.getJobExecutionResult().get();
        long done = System.nanoTime();
        long timed = ClockStartingDeserializer.FIRST_TIMED.get();
        if (timed == 0) {
            throw new IllegalStateException("the job read " + ClockStartingDeserializer.READ.sum()
                    + " records and none of the timed rounds; were the prefilled records deleted from Kafka?");
        }
        return new Timing(
                Duration.ofNanos(WatchedSink.LAST.get() - timed),
                Duration.ofNanos(done - submitted),
                ClockStartingDeserializer.READ.sum());
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
