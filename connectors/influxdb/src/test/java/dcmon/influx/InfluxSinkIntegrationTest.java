package dcmon.influx;

import static dcmon.influx.InfluxSchema.Measurements.ENTERPRISE_PROGRESS;
import static dcmon.influx.InfluxSchema.Measurements.ENTERPRISE_USAGE;
import static dcmon.influx.InfluxSchema.Measurements.POINT_USAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dcmon.influx.InfluxSchema.Periods;
import dcmon.influx.InfluxSchema.Tags;
import dcmon.stack.InfluxdServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.runtime.metrics.groups.MetricsGroupTestUtils;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.influxdb.InfluxDBException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink and the read helpers against a real influxd, started once for the class. */
class InfluxSinkIntegrationTest {

    private static final String ENTERPRISE_A = "91420100MA4K0000XX";
    private static final String ENTERPRISE_B = "91420500MA4K0001XX";
    private static final String ENTERPRISE_C = "91420500MA4K0002XX";
    /** 2025-12-01T00:00+08:00, the start of a Shanghai day. */
    private static final long DAY_1 = 1_764_518_400_000L;

    private static final long DAY_2 = DAY_1 + 86_400_000L;
    private static final long QUARTER_HOUR = 900_000L;
    private static final long HOUR = 3_600_000L;

    @TempDir
    static Path dataDir;

    private static InfluxdServer influxd;

    @BeforeAll
    static void startInfluxd() throws IOException {
        influxd = InfluxdServer.start(dataDir, 0);
    }

    @AfterAll
    static void stopInfluxd() {
        influxd.close();
    }

    @Test
    void writerStoresTheLastUpdateOfEachSeriesWithMillisecondTimesAndTypedFields() throws Exception {
        InfluxSinkOptions options = options("writer_test").build();
        try (InfluxSinkWriter writer = openWriter(options, new MetricListener());
                InfluxQuery influx = InfluxQuery.connect(options)) {
            writer.write(
                    pointUsage(DAY_1)
                            .field("amount", 1000.0)
                            .field("tce", 0.1229)
                            .field("estimated", false)
                            .build(),
                    null);
            writer.write(
                    pointUsage(DAY_1)
                            .field("amount", 1200.0)
                            .field("tce", 0.14748)
                            .field("estimated", true)
                            .build(),
                    null);
            writer.write(
                    pointUsage(DAY_1 + QUARTER_HOUR + 7)
                            .field("amount", 800.0)
                            .field("tce", 0.09832)
                            .field("estimated", false)
                            .field("readings", 2L)
                            .field("quality", "manual")
                            .build(),
                    null);
            writer.flush(false);
            // a later flush re-writes a stored point: InfluxDB overwrites it instead of adding one
            writer.write(
                    pointUsage(DAY_1)
                            .field("amount", 1300.0)
                            .field("tce", 0.15977)
                            .field("estimated", false)
                            .build(),
                    null);
            writer.flush(true);

            assertThat(influx.query("SELECT * FROM point_usage"))
                    .containsExactly(
                            Map.of(
                                    "time",
                                    DAY_1,
                                    "amount",
                                    1300.0,
                                    "tce",
                                    0.15977,
                                    "estimated",
                                    false,
                                    "enterprise",
                                    ENTERPRISE_A,
                                    "point",
                                    "E-MAIN-01",
                                    "energy",
                                    "electricity",
                                    "period",
                                    Periods.QUARTER_HOUR),
                            Map.of(
                                    "time",
                                    DAY_1 + QUARTER_HOUR + 7,
                                    "amount",
                                    800.0,
                                    "tce",
                                    0.09832,
                                    "estimated",
                                    false,
                                    "readings",
                                    2.0,
                                    "quality",
                                    "manual",
                                    "enterprise",
                                    ENTERPRISE_A,
                                    "point",
                                    "E-MAIN-01",
                                    "energy",
                                    "electricity",
                                    "period",
                                    Periods.QUARTER_HOUR));
            assertThat(influx.query("SHOW FIELD KEYS FROM point_usage"))
                    .containsExactly(
                            Map.of("fieldKey", "amount", "fieldType", "float"),
                            Map.of("fieldKey", "estimated", "fieldType", "boolean"),
                            Map.of("fieldKey", "quality", "fieldType", "string"),
                            Map.of("fieldKey", "readings", "fieldType", "integer"),
                            Map.of("fieldKey", "tce", "fieldType", "float"));
        }
    }

    @Test
    void escapedNamesAndAnyDoubleArriveExactly() throws Exception {
        InfluxSinkOptions options = options("escape_test").build();
        double[] values = {1.0E-5, 0.1 + 0.2, 1.2345678901234567E20, -3.0E-300, 21237867.611481, Double.MAX_VALUE};
        try (InfluxSinkWriter writer = openWriter(options, new MetricListener());
                InfluxQuery influx = InfluxQuery.connect(options)) {
            for (int i = 0; i < values.length; i++) {
                writer.write(
                        SeriesPoint.builder("odd name,1")
                                .tag("tag key=1", "a value, with=signs")
                                .tag("n", "v" + i)
                                .field("x", values[i])
                                .field("note", "say \"hi\" \\ bye")
                                .timeMillis(DAY_1 + i)
                                .build(),
                        null);
            }
            writer.flush(true);

            List<Map<String, Object>> rows = influx.query("SELECT * FROM \"odd name,1\"");
            assertThat(rows).hasSize(values.length);
            for (int i = 0; i < values.length; i++) {
                assertThat(rows.get(i))
                        .containsEntry("x", values[i])
                        .containsEntry("tag key=1", "a value, with=signs")
                        .containsEntry("note", "say \"hi\" \\ bye")
                        .containsEntry("n", "v" + i);
            }
        }
    }

    @Test
    void checkpointedFlinkJobWritesTheFinalValueOfEverySeries() throws Exception {
        InfluxSinkOptions options = options("job_test").batchSize(4).build();
        // every enterprise-day is emitted three times with a growing running total, as the job does
        List<SeriesPoint> points = new ArrayList<>();
        for (int update = 1; update <= 3; update++) {
            points.add(enterpriseUsage(ENTERPRISE_A, "420100", DAY_1, 10.0 * update));
            points.add(enterpriseUsage(ENTERPRISE_B, "420500", DAY_1, 100.0 * update));
            points.add(enterpriseUsage(ENTERPRISE_C, "420500", DAY_1, 1000.0 * update));
            points.add(enterpriseUsage(ENTERPRISE_A, "420100", DAY_2, 20.0 * update));
        }
        Configuration config = new Configuration();
        // proves the points travel with SeriesPointSerializer: Kryo would fail the job
        config.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(2);
        env.enableCheckpointing(100);
        env.fromData(points)
                // one writer per series, as in the monitoring job, so updates stay in order
                .keyBy(point -> point.seriesKey().toString())
                .sinkTo(new InfluxSink(options))
                .name("influx");

        env.execute("influx-sink-test");

        try (InfluxQuery influx = InfluxQuery.connect(options)) {
            assertThat(influx.query("SELECT tce FROM enterprise_usage GROUP BY enterprise"))
                    .containsExactly(
                            Map.of("time", DAY_1, "enterprise", ENTERPRISE_A, "tce", 30.0),
                            Map.of("time", DAY_2, "enterprise", ENTERPRISE_A, "tce", 60.0),
                            Map.of("time", DAY_1, "enterprise", ENTERPRISE_B, "tce", 300.0),
                            Map.of("time", DAY_1, "enterprise", ENTERPRISE_C, "tce", 3000.0));
            assertThat(influx.sumByTag(
                            ENTERPRISE_USAGE,
                            "tce",
                            Tags.CITY,
                            Map.of(Tags.PERIOD, Periods.DAY),
                            Instant.ofEpochMilli(DAY_1),
                            Instant.ofEpochMilli(DAY_2)))
                    .containsExactly(Map.entry("420100", 30.0), Map.entry("420500", 3300.0));
        }
    }

    @Test
    void theSinkOperatorWritesItsBufferBeforeACheckpointBarrierPasses() throws Exception {
        InfluxSinkOptions options = options("barrier_test").build();
        try (OneInputStreamOperatorTestHarness<SeriesPoint, CommittableMessage<Void>> harness = harness(options);
                InfluxQuery influx = InfluxQuery.connect(options)) {
            harness.open();
            harness.processElement(enterpriseUsage(ENTERPRISE_A, "420100", DAY_1, 1.0), 0);
            harness.processElement(enterpriseUsage(ENTERPRISE_B, "420500", DAY_1, 2.0), 0);
            harness.processElement(enterpriseUsage(ENTERPRISE_A, "420100", DAY_1, 3.0), 0);
            assertThat(influx.query("SELECT enterprise, tce FROM enterprise_usage"))
                    .isEmpty();

            harness.prepareSnapshotPreBarrier(1);

            assertThat(influx.query("SELECT enterprise, tce FROM enterprise_usage"))
                    .containsExactly(
                            Map.of("time", DAY_1, "enterprise", ENTERPRISE_A, "tce", 3.0),
                            Map.of("time", DAY_1, "enterprise", ENTERPRISE_B, "tce", 2.0));
        }
    }

    @Test
    void aCheckpointFailsWhenNothingListensAtTheUrl() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort();
        }
        InfluxSinkOptions options = InfluxSinkOptions.builder("http://127.0.0.1:" + deadPort)
                .maxRetries(1)
                .initialBackoff(Duration.ofMillis(10))
                .build();
        try (OneInputStreamOperatorTestHarness<SeriesPoint, CommittableMessage<Void>> harness = harness(options)) {
            harness.open();
            harness.processElement(enterpriseUsage(ENTERPRISE_A, "420100", DAY_1, 1.0), 0);

            assertThatThrownBy(() -> harness.prepareSnapshotPreBarrier(1))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("writing 1 points to dcmon failed after 2 attempt(s)");
        }
    }

    @Test
    void aFlushThatFailsWhileInfluxdIsDownFailsTheCheckpointAndTheReplayLandsOnceItIsBack() throws Exception {
        InfluxSinkOptions options = options("recovery_test")
                .maxRetries(2)
                .initialBackoff(Duration.ofMillis(10))
                .build();
        MetricListener metrics = new MetricListener();
        try (InfluxSinkWriter writer = openWriter(options, metrics)) {
            writer.write(enterpriseUsage(ENTERPRISE_A, "420100", DAY_1, 12.5), null);
            writer.write(enterpriseUsage(ENTERPRISE_B, "420500", DAY_1, 7.25), null);
            int port = influxd.port();
            influxd.close();

            assertThatThrownBy(() -> writer.flush(false))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("writing 2 points to recovery_test failed after 3 attempt(s)");
            assertThat(counter(metrics, InfluxSinkWriter.WRITE_RETRIES)).isEqualTo(2);
            assertThat(counter(metrics, InfluxSinkWriter.WRITE_FAILURES)).isEqualTo(1);
            influxd = InfluxdServer.start(dataDir, port);
        }
        // Flink restarts the job from its last checkpoint: a new writer receives the same points again
        MetricListener replayMetrics = new MetricListener();
        try (InfluxSinkWriter writer = openWriter(options, replayMetrics)) {
            writer.write(enterpriseUsage(ENTERPRISE_A, "420100", DAY_1, 12.5), null);
            writer.write(enterpriseUsage(ENTERPRISE_B, "420500", DAY_1, 7.25), null);
            writer.flush(false);
        }
        assertThat(counter(replayMetrics, InfluxSinkWriter.POINTS_WRITTEN)).isEqualTo(2);
        try (InfluxQuery influx = InfluxQuery.connect(options)) {
            assertThat(influx.query("SELECT enterprise, tce FROM enterprise_usage"))
                    .containsExactly(
                            Map.of("time", DAY_1, "enterprise", ENTERPRISE_A, "tce", 12.5),
                            Map.of("time", DAY_1, "enterprise", ENTERPRISE_B, "tce", 7.25));
        }
    }

    @Test
    void aFieldTypeConflictFailsTheWriterAtOnceWithoutRetries() throws Exception {
        InfluxSinkOptions options = options("conflict_fail_test").maxRetries(5).build();
        MetricListener metrics = new MetricListener();
        try (InfluxSinkWriter writer = openWriter(options, metrics)) {
            writeStringTce(writer, ENTERPRISE_A);
            writer.write(enterpriseUsage(ENTERPRISE_B, "420500", DAY_1, 7.25), null);

            assertThatThrownBy(() -> writer.flush(false))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("writing 1 points to conflict_fail_test failed after 1 attempt(s): "
                            + "partial write: field type conflict: input field \"tce\" on measurement "
                            + "\"enterprise_usage\" is type float, already exists as type string")
                    .hasMessageContaining("permanent error (field type conflict), which no retry can fix")
                    .hasMessageContaining("Restarting replays the same rows");
            assertThat(counter(metrics, InfluxSinkWriter.WRITE_RETRIES)).isZero();
            assertThat(counter(metrics, InfluxSinkWriter.PERMANENT_FAILURES)).isEqualTo(1);
            assertThat(counter(metrics, InfluxSinkWriter.WRITE_FAILURES)).isEqualTo(1);
            assertThat(counter(metrics, InfluxSinkWriter.BATCHES_WRITTEN)).isEqualTo(1); // the string row's
            // the writer stays failed: the job restarts from its last checkpoint
            assertThatThrownBy(() -> writer.write(enterpriseUsage(ENTERPRISE_C, "420500", DAY_1, 1.0), null))
                    .hasMessageContaining("field type conflict");
        }
    }

    @Test
    void deadLetterModeSetsTheConflictingRowsAsideAndStoresTheOthers() throws Exception {
        InfluxSinkOptions options = options("conflict_letter_test")
                .onPermanentError(PermanentErrorMode.DEAD_LETTER)
                .build();
        MetricListener metrics = new MetricListener();
        List<DeadLetter> letters = java.util.Collections.synchronizedList(new ArrayList<>());
        DeadLetters collecting = new DeadLetters() {
            @Override
            public void send(DeadLetter letter) {
                letters.add(letter);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        try (InfluxSinkWriter writer = new InfluxSinkWriter(
                        options,
                        HttpInfluxWriteClient.connect(options),
                        MetricsGroupTestUtils.mockWriterMetricGroup(metrics.getMetricGroup()),
                        null,
                        collecting);
                InfluxQuery influx = InfluxQuery.connect(options)) {
            writeStringTce(writer, ENTERPRISE_A);
            // progress rows are fine; the two usage rows give tce a float where InfluxDB stores a string (in the
            // same shard: hours after the string, as InfluxDB's weekly shards start on Mondays)
            for (int day = 0; day < 5; day++) {
                writer.write(progress(ENTERPRISE_B, DAY_1 + day * 86_400_000L, 100.0 + day), null);
                if (day == 1 || day == 3) {
                    writer.write(enterpriseUsage(ENTERPRISE_B, "420500", DAY_1 + day * HOUR, day), null);
                }
            }
            writer.flush(false);

            assertThat(letters)
                    .extracting(DeadLetter::line)
                    .containsExactlyInAnyOrder(
                            "enterprise_usage,city=420500,enterprise=" + ENTERPRISE_B
                                    + ",industry=C31,period=day,tier=thousand tce=1.0 " + (DAY_1 + HOUR),
                            "enterprise_usage,city=420500,enterprise=" + ENTERPRISE_B
                                    + ",industry=C31,period=day,tier=thousand tce=3.0 " + (DAY_1 + 3 * HOUR));
            assertThat(letters).allSatisfy(letter -> {
                assertThat(letter.measurement()).isEqualTo(ENTERPRISE_USAGE);
                assertThat(letter.errorClass()).isEqualTo("org.influxdb.InfluxDBException$FieldTypeConflictException");
                assertThat(letter.error()).startsWith("partial write: field type conflict: input field \"tce\"");
            });
            assertThat(influx.query("SELECT ytd FROM enterprise_progress")).hasSize(5);
            assertThat(influx.query("SELECT tce FROM enterprise_usage"))
                    .containsExactly(Map.of("time", DAY_1, "tce", "n/a"));
            assertThat(counter(metrics, InfluxSinkWriter.DEAD_LETTERS)).isEqualTo(2);
            assertThat(counter(metrics, InfluxSinkWriter.PERMANENT_FAILURES)).isEqualTo(1);
            assertThat(counter(metrics, InfluxSinkWriter.WRITE_FAILURES)).isZero();
        }
    }

    @Test
    void aWriteRetriedWhileInfluxdIsDownLandsOnceItIsBack() throws Exception {
        InfluxSinkOptions options = options("comeback_test")
                .maxRetries(30)
                .initialBackoff(Duration.ofMillis(50))
                .build();
        MetricListener metrics = new MetricListener();
        try (InfluxSinkWriter writer = openWriter(options, metrics)) {
            writer.write(enterpriseUsage(ENTERPRISE_A, "420100", DAY_1, 12.5), null);
            writer.write(enterpriseUsage(ENTERPRISE_B, "420500", DAY_1, 7.25), null);
            writer.write(enterpriseUsage(ENTERPRISE_C, "420500", DAY_1, 3.0), null);
            int port = influxd.port();
            influxd.close();

            java.util.concurrent.CompletableFuture<Void> flushed =
                    java.util.concurrent.CompletableFuture.runAsync(() -> {
                        try {
                            writer.flush(false);
                        } catch (Exception e) {
                            throw new java.util.concurrent.CompletionException(e);
                        }
                    });
            // influxd comes back only once the writer has failed and is retrying
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (counter(metrics, InfluxSinkWriter.WRITE_RETRIES) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(counter(metrics, InfluxSinkWriter.WRITE_RETRIES)).isPositive();
            assertThat(flushed).isNotDone();
            influxd = InfluxdServer.start(dataDir, port);
            flushed.get(60, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(counter(metrics, InfluxSinkWriter.POINTS_WRITTEN)).isEqualTo(3);
            assertThat(counter(metrics, InfluxSinkWriter.BATCHES_WRITTEN)).isEqualTo(1);
            assertThat(counter(metrics, InfluxSinkWriter.WRITE_FAILURES)).isZero();
        }
        try (InfluxQuery influx = InfluxQuery.connect(options)) {
            assertThat(influx.query("SELECT count(tce) FROM enterprise_usage"))
                    .containsExactly(Map.of("time", 0L, "count", 3.0));
        }
    }

    @Test
    void writesToTheConfiguredRetentionPolicy() throws Exception {
        InfluxSinkOptions options =
                options("retention_test").retentionPolicy("ten_years").build();
        try (InfluxSinkWriter writer = openWriter(options, new MetricListener());
                InfluxQuery influx = InfluxQuery.connect(options)) {
            influx.query("CREATE RETENTION POLICY ten_years ON retention_test DURATION 3650d REPLICATION 1");
            writer.write(enterpriseUsage(ENTERPRISE_A, "420100", DAY_1, 1.5), null);
            writer.flush(true);

            assertThat(influx.query("SELECT tce FROM retention_test.ten_years.enterprise_usage"))
                    .containsExactly(Map.of("time", DAY_1, "tce", 1.5));
            assertThat(influx.query("SELECT tce FROM retention_test.autogen.enterprise_usage"))
                    .isEmpty();
        }
    }

    @Test
    void readHelpersAnswerPerTagWithBoundParameters() throws Exception {
        InfluxSinkOptions options = options("query_test").build();
        try (InfluxSinkWriter writer = openWriter(options, new MetricListener());
                InfluxQuery influx = InfluxQuery.connect(options)) {
            writer.write(enterpriseUsage(ENTERPRISE_A, "420100", DAY_1, 10.0), null);
            writer.write(enterpriseUsage(ENTERPRISE_B, "420500", DAY_1, 20.0), null);
            writer.write(enterpriseUsage(ENTERPRISE_C, "420500", DAY_1, 30.0), null);
            writer.write(enterpriseUsage(ENTERPRISE_C, "420500", DAY_2, 40.0), null);
            writer.write(progress(ENTERPRISE_A, DAY_1, 100.0), null);
            writer.write(progress(ENTERPRISE_A, DAY_2, 110.0), null);
            writer.write(progress(ENTERPRISE_B, DAY_1, 200.0), null);
            writer.flush(true);

            assertThat(influx.sumByTag(
                            ENTERPRISE_USAGE,
                            "tce",
                            Tags.CITY,
                            Map.of(Tags.PERIOD, Periods.DAY),
                            Instant.ofEpochMilli(DAY_1),
                            Instant.ofEpochMilli(DAY_2 + 1)))
                    .containsExactly(Map.entry("420100", 10.0), Map.entry("420500", 90.0));
            assertThat(influx.sumByTag(
                            ENTERPRISE_USAGE,
                            "tce",
                            Tags.ENTERPRISE,
                            Map.of(Tags.CITY, "420500", Tags.PERIOD, Periods.DAY),
                            Instant.ofEpochMilli(DAY_2),
                            Instant.ofEpochMilli(DAY_2 + 1)))
                    .containsExactly(Map.entry(ENTERPRISE_C, 40.0));
            assertThat(influx.lastByTag(ENTERPRISE_PROGRESS, "ytd", Tags.ENTERPRISE, Map.of()))
                    .containsExactly(Map.entry(ENTERPRISE_A, 110.0), Map.entry(ENTERPRISE_B, 200.0));
            assertThat(influx.query(
                            "SELECT tce FROM enterprise_usage WHERE enterprise = $enterprise",
                            Map.of("enterprise", ENTERPRISE_C)))
                    .containsExactly(Map.of("time", DAY_1, "tce", 30.0), Map.of("time", DAY_2, "tce", 40.0));
            // a quote in a value is data, not InfluxQL
            assertThat(influx.lastByTag(ENTERPRISE_PROGRESS, "ytd", Tags.ENTERPRISE, Map.of(Tags.CITY, "x' OR ''='")))
                    .isEmpty();
            assertThatThrownBy(() -> influx.query("SELECT FROM nowhere"))
                    .isInstanceOf(InfluxDBException.class)
                    .hasMessageContaining("SELECT FROM nowhere");
        }
    }

    /** Stores {@code tce} of {@code enterprise_usage} as a string, so that a float {@code tce} later conflicts. */
    private static void writeStringTce(InfluxSinkWriter writer, String enterprise) throws Exception {
        writer.write(
                SeriesPoint.builder(ENTERPRISE_USAGE)
                        .tag(Tags.ENTERPRISE, enterprise)
                        .field("tce", "n/a")
                        .timeMillis(DAY_1)
                        .build(),
                null);
        writer.flush(false);
    }

    private static InfluxSinkOptions.Builder options(String database) {
        return InfluxSinkOptions.builder(influxd.url()).database(database).createDatabase(true);
    }

    private static OneInputStreamOperatorTestHarness<SeriesPoint, CommittableMessage<Void>> harness(
            InfluxSinkOptions options) throws Exception {
        return new OneInputStreamOperatorTestHarness<>(
                new SinkWriterOperatorFactory<SeriesPoint, Void>(new InfluxSink(options)),
                SeriesPointSerializer.INSTANCE);
    }

    private static InfluxSinkWriter openWriter(InfluxSinkOptions options, MetricListener metrics) throws Exception {
        return new InfluxSinkWriter(
                options,
                HttpInfluxWriteClient.connect(options),
                MetricsGroupTestUtils.mockWriterMetricGroup(metrics.getMetricGroup()));
    }

    private static long counter(MetricListener metrics, String name) {
        return metrics.getCounter(name).map(Counter::getCount).orElseThrow();
    }

    private static SeriesPoint.Builder pointUsage(long time) {
        return SeriesPoint.builder(POINT_USAGE)
                .tag(Tags.ENTERPRISE, ENTERPRISE_A)
                .tag(Tags.POINT, "E-MAIN-01")
                .tag(Tags.ENERGY, "electricity")
                .tag(Tags.PERIOD, Periods.QUARTER_HOUR)
                .timeMillis(time);
    }

    private static SeriesPoint enterpriseUsage(String enterprise, String city, long day, double tce) {
        return SeriesPoint.builder(ENTERPRISE_USAGE)
                .tag(Tags.ENTERPRISE, enterprise)
                .tag(Tags.CITY, city)
                .tag(Tags.TIER, "thousand")
                .tag(Tags.INDUSTRY, "C31")
                .tag(Tags.PERIOD, Periods.DAY)
                .field("tce", tce)
                .timeMillis(day)
                .build();
    }

    private static SeriesPoint progress(String enterprise, long day, double ytd) {
        return SeriesPoint.builder(ENTERPRISE_PROGRESS)
                .tag(Tags.ENTERPRISE, enterprise)
                .tag(Tags.CITY, "420100")
                .tag(Tags.TIER, "thousand")
                .field("ytd", ytd)
                .timeMillis(day)
                .build();
    }
}
