package dcmon.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.runtime.metrics.groups.MetricsGroupTestUtils;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBIOException;
import org.junit.jupiter.api.Test;

class InfluxSinkWriterTest {

    private static final long T0 = 1_764_518_400_000L; // 2025-12-01T00:00+08:00
    private static final long QUARTER_HOUR = 900_000L;

    private final FakeWriteClient client = new FakeWriteClient();
    private final MetricListener metrics = new MetricListener();

    @Test
    void coalescesUpdatesOfTheSameSeriesAndTimeAndWritesTheLatestOnFlush() throws Exception {
        InfluxSinkWriter writer = writer(options().build());

        writer.write(usage("E1", T0, 1.0), null);
        writer.write(usage("E2", T0, 7.0), null);
        writer.write(usage("E1", T0, 2.0), null);
        writer.write(usage("E1", T0 + QUARTER_HOUR, 4.0), null);
        writer.write(usage("E1", T0, 3.0), null);
        assertThat(client.lineProtocols).isEmpty();
        assertThat(writer.bufferedPoints()).isEqualTo(3);

        writer.flush(false);

        assertThat(client.lineProtocols)
                .containsExactly("point_usage,enterprise=E1,period=15m tce=3.0 1764518400000\n"
                        + "point_usage,enterprise=E2,period=15m tce=7.0 1764518400000\n"
                        + "point_usage,enterprise=E1,period=15m tce=4.0 1764519300000\n");
        assertThat(client.batches.get(0).database()).isEqualTo("dcmon");
        assertThat(counter(InfluxSinkWriter.POINTS_WRITTEN)).isEqualTo(3);
        assertThat(counter(InfluxSinkWriter.POINTS_COALESCED)).isEqualTo(2);
        assertThat(counter(InfluxSinkWriter.BATCHES_WRITTEN)).isEqualTo(1);
        assertThat(writer.bufferedPoints()).isZero();
    }

    @Test
    void keepsFieldsAnEarlierUpdateSetAndTheLaterOneDidNot() throws Exception {
        InfluxSinkWriter writer = writer(options().build());

        writer.write(point(T0).field("tce", 1.5).field("readings", 2L).build(), null);
        writer.write(point(T0).field("tce", 2.5).field("estimated", true).build(), null);
        writer.flush(true);

        assertThat(client.lineProtocols)
                .containsExactly(
                        "point_usage,enterprise=E1,period=15m estimated=true,readings=2i,tce=2.5 1764518400000\n");
    }

    @Test
    void writesABatchWheneverTheBufferReachesTheBatchSizeAndTheRestOnFlush() throws Exception {
        InfluxSinkWriter writer =
                writer(options().batchSize(3).retentionPolicy("one_year").build());

        for (int quarter = 0; quarter < 7; quarter++) {
            writer.write(usage("E1", T0 + quarter * QUARTER_HOUR, quarter), null);
            writer.write(usage("E1", T0 + quarter * QUARTER_HOUR, quarter + 0.5), null);
        }
        assertThat(client.batches).hasSize(3);

        writer.flush(true);

        // an update arriving after its point went out in a batch goes out in a later batch, so it still wins
        assertThat(client.batches).extracting(LineBatch::points).containsExactly(3, 3, 3, 1);
        assertThat(client.batches).extracting(LineBatch::retentionPolicy).containsOnly("one_year");
        assertThat(client.lineProtocols.get(0))
                .isEqualTo("point_usage,enterprise=E1,period=15m tce=0.5 1764518400000\n"
                        + "point_usage,enterprise=E1,period=15m tce=1.5 1764519300000\n"
                        + "point_usage,enterprise=E1,period=15m tce=2.0 1764520200000\n");
        assertThat(client.lineProtocols.get(1))
                .isEqualTo("point_usage,enterprise=E1,period=15m tce=2.5 1764520200000\n"
                        + "point_usage,enterprise=E1,period=15m tce=3.5 1764521100000\n"
                        + "point_usage,enterprise=E1,period=15m tce=4.0 1764522000000\n");
        assertThat(client.lineProtocols.get(3))
                .isEqualTo("point_usage,enterprise=E1,period=15m tce=6.5 1764523800000\n");
        assertThat(counter(InfluxSinkWriter.POINTS_WRITTEN)).isEqualTo(10);
        assertThat(counter(InfluxSinkWriter.POINTS_COALESCED)).isEqualTo(4);
        assertThat(counter(InfluxSinkWriter.BATCHES_WRITTEN)).isEqualTo(4);
    }

    @Test
    void lanesSplitBatchesBySeriesWriteConcurrentlyAndKeepEachSeriesInOrder() throws Exception {
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        InfluxWriteClient client = new InfluxWriteClient() {
            @Override
            public void write(LineBatch batch) {
                threads.add(Thread.currentThread().getName());
                lines.addAll(List.of(batch.lines().split("\n")));
            }

            @Override
            public void createDatabase(String database) {}

            @Override
            public void close() {}
        };
        InfluxSinkWriter writer = new InfluxSinkWriter(
                options().batchSize(4).writeLanes(3).build(),
                client,
                MetricsGroupTestUtils.mockWriterMetricGroup(metrics.getMetricGroup()),
                null,
                (java.util.concurrent.Executor) null);

        List<String> enterprises = List.of("E1", "E2", "E3", "E4", "E5", "E6", "E7");
        for (int update = 1; update <= 60; update++) {
            for (String e : enterprises) writer.write(usage(e, T0, update), null);
        }
        writer.flush(true);
        writer.close();

        assertThat(threads).as("more than one lane wrote").hasSizeGreaterThan(1);
        // per series, what arrived is a rising sequence ending with the last update: no older value overtook a newer
        // one
        java.util.Map<String, Double> last = new java.util.HashMap<>();
        for (String line : lines) {
            String enterprise =
                    line.substring(line.indexOf("enterprise=") + 11, line.indexOf(',', line.indexOf("enterprise=")));
            double tce = Double.parseDouble(line.substring(line.indexOf("tce=") + 4, line.lastIndexOf(' ')));
            assertThat(tce)
                    .as("update of %s after %s", enterprise, last.get(enterprise))
                    .isGreaterThan(last.getOrDefault(enterprise, 0.0));
            last.put(enterprise, tce);
        }
        assertThat(last).hasSize(7).allSatisfy((e, tce) -> assertThat(tce).isEqualTo(60.0));
        assertThat(counter(InfluxSinkWriter.POINTS_WRITTEN)).isEqualTo(lines.size());
    }

    @Test
    void flushWithNothingBufferedWritesNothing() throws Exception {
        InfluxSinkWriter writer = writer(options().build());

        writer.flush(false);
        writer.flush(true);

        assertThat(client.attempts).isZero();
    }

    @Test
    void retriesAFailedWriteAndSucceedsWhenTheServerRecovers() throws Exception {
        InfluxSinkWriter writer = writer(options().maxRetries(3).build());
        client.failNext(new InfluxDBIOException(new IOException("Connection refused")));
        client.failNext(new InfluxDBIOException(new IOException("Connection refused")));

        writer.write(usage("E1", T0, 1.0), null);
        writer.flush(false);

        assertThat(client.attempts).isEqualTo(3);
        assertThat(client.lineProtocols)
                .containsExactly("point_usage,enterprise=E1,period=15m tce=1.0 1764518400000\n");
        assertThat(counter(InfluxSinkWriter.WRITE_RETRIES)).isEqualTo(2);
        assertThat(counter(InfluxSinkWriter.WRITE_FAILURES)).isZero();
    }

    @Test
    void failsTheFlushAfterMaxRetriesAndStaysFailed() throws Exception {
        InfluxSinkWriter writer = writer(options().maxRetries(2).build());
        for (int i = 0; i < 3; i++) {
            client.failNext(new InfluxDBIOException(new IOException("Connection refused")));
        }
        writer.write(usage("E1", T0, 1.0), null);
        writer.write(usage("E2", T0, 2.0), null);

        assertThatThrownBy(() -> writer.flush(false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("writing 2 points to dcmon failed after 3 attempt(s)")
                .hasCauseInstanceOf(InfluxDBIOException.class);
        assertThat(client.attempts).isEqualTo(3);
        assertThat(counter(InfluxSinkWriter.WRITE_RETRIES)).isEqualTo(2);
        assertThat(counter(InfluxSinkWriter.WRITE_FAILURES)).isEqualTo(1);

        // the job fails and replays from its last checkpoint: this writer takes nothing more
        assertThatThrownBy(() -> writer.write(usage("E1", T0, 1.5), null))
                .hasMessageContaining("failed after 3 attempt(s)");
        assertThatThrownBy(() -> writer.flush(false)).hasMessageContaining("failed after 3 attempt(s)");
        assertThat(client.attempts).isEqualTo(3);
        assertThat(counter(InfluxSinkWriter.POINTS_WRITTEN)).isZero();
    }

    @Test
    void writesOnItsOwnThreadInOrderAndFlushWaitsForEveryBatch() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());
        BlockingWriteClient slow = new BlockingWriteClient(release, threads);
        InfluxSinkWriter writer = new InfluxSinkWriter(
                options().batchSize(1).build(),
                slow,
                MetricsGroupTestUtils.mockWriterMetricGroup(metrics.getMetricGroup()));

        writer.write(usage("E1", T0, 1.0), null); // handed over; the I/O thread blocks in the client
        writer.write(usage("E1", T0, 2.0), null); // second batch waits behind it, the task thread goes on
        assertThat(slow.lineProtocols).isEmpty();

        java.util.concurrent.CompletableFuture<Void> flushed = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                writer.flush(false);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertThat(flushed).isNotDone();
        release.countDown();
        flushed.get(10, TimeUnit.SECONDS);

        assertThat(slow.lineProtocols)
                .containsExactly(
                        "point_usage,enterprise=E1,period=15m tce=1.0 1764518400000\n",
                        "point_usage,enterprise=E1,period=15m tce=2.0 1764518400000\n");
        assertThat(threads).allMatch(t -> t.startsWith("influxdb-writer-"));
        writer.close();
    }

    @Test
    void anErrorOnTheWriterThreadIsThrownFromTheNextWrite() throws Exception {
        client.failNext(
                InfluxDBException.buildExceptionForErrorState("{\"error\":\"database not found: \\\"dcmon\\\"\"}"));
        InfluxSinkWriter writer = new InfluxSinkWriter(
                options().batchSize(1).maxRetries(0).build(),
                client,
                MetricsGroupTestUtils.mockWriterMetricGroup(metrics.getMetricGroup()));

        // the I/O thread may fail before the handing-over write returns, which then throws already; else the next one
        // does
        IOException thrown = org.assertj.core.api.Assertions.catchThrowableOfType(
                IOException.class, () -> writer.write(usage("E1", T0, 1.0), null));
        if (thrown == null) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (client.attempts == 0 && System.nanoTime() < deadline) Thread.sleep(5);
            Thread.sleep(50);
            thrown = org.assertj.core.api.Assertions.catchThrowableOfType(
                    IOException.class, () -> writer.write(usage("E2", T0, 2.0), null));
        }

        assertThat(thrown).isNotNull().hasMessageContaining("database not found");
        assertThat(client.attempts).isEqualTo(1);
        writer.close();
    }

    /** Blocks every write until released, and records on which thread it ran. */
    private static final class BlockingWriteClient implements InfluxWriteClient {
        final List<String> lineProtocols = java.util.Collections.synchronizedList(new ArrayList<>());
        private final java.util.concurrent.CountDownLatch release;
        private final List<String> threads;

        BlockingWriteClient(java.util.concurrent.CountDownLatch release, List<String> threads) {
            this.release = release;
            this.threads = threads;
        }

        @Override
        public void write(LineBatch batch) {
            threads.add(Thread.currentThread().getName());
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lineProtocols.add(batch.lines());
        }

        @Override
        public void createDatabase(String database) {}

        @Override
        public void close() {}
    }

    @Test
    void aFailureFromAFullBufferIsThrownFromWrite() throws Exception {
        InfluxSinkWriter writer = writer(options().batchSize(2).maxRetries(0).build());
        client.failNext(new InfluxDBIOException(new IOException("Connection reset")));

        writer.write(usage("E1", T0, 1.0), null);

        assertThatThrownBy(() -> writer.write(usage("E2", T0, 2.0), null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("failed after 1 attempt(s)");
    }

    @Test
    void doesNotRetryWhatNoRetryCanFix() throws Exception {
        InfluxSinkWriter writer = writer(options().maxRetries(5).build());
        // the body InfluxDB 1.x answers such a write with
        client.failNext(InfluxDBException.buildExceptionForErrorState(
                "{\"error\":\"partial write: field type conflict: input field \\\"tce\\\" on measurement "
                        + "\\\"point_usage\\\" is type integer, already exists as type float dropped=1\"}"));

        writer.write(usage("E1", T0, 1.0), null);

        assertThatThrownBy(() -> writer.flush(false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("failed after 1 attempt(s)")
                .hasMessageContaining("field type conflict");
        assertThat(client.attempts).isEqualTo(1);
        assertThat(counter(InfluxSinkWriter.WRITE_RETRIES)).isZero();
        assertThat(counter(InfluxSinkWriter.PERMANENT_FAILURES)).isEqualTo(1);
        assertThat(counter(InfluxSinkWriter.WRITE_FAILURES)).isEqualTo(1);
    }

    @Test
    void aPermanentErrorFailsTheJobWithAMessageSayingWhatToFix() throws Exception {
        InfluxSinkWriter writer = writer(options().build());
        client.failNext(new InfluxHttpException(
                401, InfluxDBException.buildExceptionForErrorState("{\"error\":\"authorization failed\"}")));

        writer.write(usage("E1", T0, 1.0), null);

        assertThatThrownBy(() -> writer.flush(false))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("writing 1 points to dcmon failed after 1 attempt(s): authorization failed")
                .hasMessageContaining("permanent error (authorization failed)")
                .hasMessageContaining("Restarting replays the same rows")
                .hasMessageContaining("check the sink's user and password")
                .hasMessageContaining("on-permanent-error dead-letter")
                .hasCauseInstanceOf(InfluxHttpException.class);
        assertThat(client.attempts).isEqualTo(1);
        assertThat(counter(InfluxSinkWriter.PERMANENT_FAILURES)).isEqualTo(1);
        assertThat(counter(InfluxSinkWriter.DEAD_LETTERS)).isZero();
    }

    @Test
    void deadLetterModeIsolatesTheRefusedRowsWritesTheRestAndGoesOn() throws Exception {
        RefusingClient refusing = new RefusingClient("enterprise=E3,", "enterprise=E6,");
        FakeDeadLetters letters = new FakeDeadLetters();
        InfluxSinkWriter writer = new InfluxSinkWriter(
                options().onPermanentError(PermanentErrorMode.DEAD_LETTER).build(),
                refusing,
                MetricsGroupTestUtils.mockWriterMetricGroup(metrics.getMetricGroup()),
                null,
                Runnable::run,
                letters);

        for (int e = 1; e <= 8; e++) writer.write(usage("E" + e, T0, e), null);
        writer.flush(false);

        assertThat(letters.sent)
                .extracting(DeadLetter::line)
                .containsExactly(
                        "point_usage,enterprise=E3,period=15m tce=3.0 1764518400000",
                        "point_usage,enterprise=E6,period=15m tce=6.0 1764518400000");
        assertThat(letters.sent).allSatisfy(letter -> {
            assertThat(letter.errorClass()).isEqualTo("org.influxdb.InfluxDBException$FieldTypeConflictException");
            assertThat(letter.error()).startsWith("partial write: field type conflict");
            assertThat(letter.measurement()).isEqualTo("point_usage");
            assertThat(letter.timeMillis()).isEqualTo(T0);
            assertThat(letter.database()).isEqualTo("dcmon");
        });
        assertThat(refusing.stored).containsExactlyInAnyOrder("E1", "E2", "E4", "E5", "E7", "E8");
        // 8 refused; halves of 4 refused; quarters: E1 E2 ok, E3 E4 refused, E5 E6 refused, E7 E8 ok; then singles
        assertThat(refusing.requests).isEqualTo(1 + 2 + 4 + 4);
        assertThat(letters.flushes).isEqualTo(1);
        assertThat(counter(InfluxSinkWriter.DEAD_LETTERS)).isEqualTo(2);
        assertThat(counter(InfluxSinkWriter.PERMANENT_FAILURES)).isEqualTo(1);
        assertThat(counter(InfluxSinkWriter.WRITE_FAILURES)).isZero();
        assertThat(counter(InfluxSinkWriter.WRITE_RETRIES)).isZero();
        assertThat(counter(InfluxSinkWriter.POINTS_WRITTEN)).isEqualTo(6);

        writer.write(usage("E1", T0, 10.0), null); // the writer goes on
        writer.flush(false);
        assertThat(counter(InfluxSinkWriter.POINTS_WRITTEN)).isEqualTo(7);
        writer.close();
        assertThat(letters.closed).isTrue();
    }

    @Test
    void deadLetterModeSetsAWholeRequestAsideWhenTheRequestItselfIsRefused() throws Exception {
        FakeDeadLetters letters = new FakeDeadLetters();
        InfluxSinkWriter writer = new InfluxSinkWriter(
                options().onPermanentError(PermanentErrorMode.DEAD_LETTER).build(),
                client,
                MetricsGroupTestUtils.mockWriterMetricGroup(metrics.getMetricGroup()),
                null,
                Runnable::run,
                letters);
        client.failNext(InfluxDBException.buildExceptionForErrorState("{\"error\":\"database not found: dcmon\"}"));

        writer.write(usage("E1", T0, 1.0), null);
        writer.write(usage("E2", T0, 2.0), null);
        writer.flush(false);

        // splitting would only repeat the refusal
        assertThat(client.attempts).isEqualTo(1);
        assertThat(letters.sent)
                .extracting(DeadLetter::errorClass)
                .containsOnly("org.influxdb.InfluxDBException$DatabaseNotFoundException")
                .hasSize(2);
        assertThat(counter(InfluxSinkWriter.DEAD_LETTERS)).isEqualTo(2);
    }

    @Test
    void deadLetterModeStillFailsOnATransientErrorOutOfRetries() throws Exception {
        FakeDeadLetters letters = new FakeDeadLetters();
        InfluxSinkWriter writer = new InfluxSinkWriter(
                options()
                        .maxRetries(1)
                        .onPermanentError(PermanentErrorMode.DEAD_LETTER)
                        .build(),
                client,
                MetricsGroupTestUtils.mockWriterMetricGroup(metrics.getMetricGroup()),
                null,
                Runnable::run,
                letters);
        client.failNext(new InfluxDBIOException(new IOException("Connection refused")));
        client.failNext(new InfluxDBIOException(new IOException("Connection refused")));

        writer.write(usage("E1", T0, 1.0), null);

        assertThatThrownBy(() -> writer.flush(false)).hasMessageContaining("failed after 2 attempt(s)");
        assertThat(letters.sent).isEmpty();
        assertThat(counter(InfluxSinkWriter.PERMANENT_FAILURES)).isZero();
    }

    @Test
    void aDeadLetterThatCannotBeStoredFailsTheFlush() throws Exception {
        FakeDeadLetters letters = new FakeDeadLetters();
        letters.flushError = new IOException("dead-letter topic unreachable");
        InfluxSinkWriter writer = new InfluxSinkWriter(
                options().onPermanentError(PermanentErrorMode.DEAD_LETTER).build(),
                new RefusingClient("enterprise=E1,"),
                MetricsGroupTestUtils.mockWriterMetricGroup(metrics.getMetricGroup()),
                null,
                Runnable::run,
                letters);

        writer.write(usage("E1", T0, 1.0), null);

        assertThatThrownBy(() -> writer.flush(false)).hasMessage("dead-letter topic unreachable");
    }

    @Test
    void deadLetterModeNeedsDeadLetters() {
        InfluxSinkOptions options =
                options().onPermanentError(PermanentErrorMode.DEAD_LETTER).build();

        assertThatThrownBy(() -> writer(options))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dead-letter");
        assertThatThrownBy(() -> new InfluxSink(options))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DeadLetters.Factory");
    }

    /** Refuses, like InfluxDB a field type conflict, every request with a line containing one of some texts. */
    private static final class RefusingClient implements InfluxWriteClient {
        final List<String> stored = new ArrayList<>();
        private final List<String> refused;
        int requests;

        RefusingClient(String... refused) {
            this.refused = List.of(refused);
        }

        @Override
        public void write(LineBatch batch) {
            requests++;
            if (refused.stream().anyMatch(batch.lines()::contains)) {
                throw new InfluxHttpException(
                        400,
                        InfluxDBException.buildExceptionForErrorState(
                                "{\"error\":\"partial write: field type conflict: input field \\\"tce\\\" on "
                                        + "measurement \\\"point_usage\\\" is type float, already exists as type string "
                                        + "dropped=1\"}"));
            }
            for (String line : batch.lines().split("\n")) {
                stored.add(line.substring(line.indexOf("enterprise=") + 11, line.indexOf(",period")));
            }
        }

        @Override
        public void createDatabase(String database) {}

        @Override
        public void close() {}
    }

    /** Keeps what it is sent. */
    private static final class FakeDeadLetters implements DeadLetters {
        final List<DeadLetter> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        IOException flushError;
        int flushes;
        boolean closed;

        @Override
        public void send(DeadLetter letter) {
            sent.add(letter);
        }

        @Override
        public void flush() throws IOException {
            flushes++;
            if (flushError != null) throw flushError;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void createsTheDatabaseAtOpenWhenAskedToRetryingLikeAWrite() throws Exception {
        client.failNext(new InfluxDBIOException(new IOException("Connection refused")));

        writer(options().database("energy").createDatabase(true).build());

        assertThat(client.createdDatabases).containsExactly("energy");
        assertThat(counter(InfluxSinkWriter.WRITE_RETRIES)).isEqualTo(1);
    }

    @Test
    void leavesTheDatabaseAloneByDefault() throws Exception {
        writer(options().database("energy").build());

        assertThat(client.createdDatabases).isEmpty();
    }

    @Test
    void closeReleasesTheClientWithoutWriting() throws Exception {
        InfluxSinkWriter writer = writer(options().build());
        writer.write(usage("E1", T0, 1.0), null);

        writer.close();

        assertThat(client.closed).isTrue();
        assertThat(client.attempts).isZero();
    }

    @Test
    void writesWhatWaitedTheFlushIntervalWithoutWaitingForACheckpoint() throws Exception {
        ManualTimers timers = new ManualTimers();
        InfluxSinkWriter writer = new InfluxSinkWriter(
                options().flushInterval(Duration.ofMillis(500)).build(),
                client,
                MetricsGroupTestUtils.mockWriterMetricGroup(metrics.getMetricGroup()),
                timers,
                Runnable::run);

        writer.write(usage("E1", T0, 1.0), null);
        writer.write(usage("E2", T0, 2.0), null);
        assertThat(timers.due).containsExactly(500L); // one timer for the buffer, not one per point

        timers.advanceTo(499);
        assertThat(client.lineProtocols).isEmpty();
        timers.advanceTo(500);
        assertThat(client.lineProtocols)
                .containsExactly("point_usage,enterprise=E1,period=15m tce=1.0 1764518400000\n"
                        + "point_usage,enterprise=E2,period=15m tce=2.0 1764518400000\n");

        writer.write(usage("E1", T0, 3.0), null);
        assertThat(timers.due).containsExactly(1000L);
        timers.advanceTo(1000);
        assertThat(client.lineProtocols).hasSize(2);
        assertThat(writer.bufferedPoints()).isZero();
    }

    @Test
    void aZeroFlushIntervalWritesOnlyOnBatchSizeAndCheckpoints() throws Exception {
        ManualTimers timers = new ManualTimers();
        InfluxSinkWriter writer = new InfluxSinkWriter(
                options().flushInterval(Duration.ZERO).build(),
                client,
                MetricsGroupTestUtils.mockWriterMetricGroup(metrics.getMetricGroup()),
                timers,
                Runnable::run);

        writer.write(usage("E1", T0, 1.0), null);

        assertThat(timers.due).isEmpty();
        writer.flush(false);
        assertThat(client.lineProtocols).hasSize(1);
    }

    /** Processing time that moves only when the test says so; timers fire in order, on the test thread. */
    private static final class ManualTimers implements org.apache.flink.api.common.operators.ProcessingTimeService {
        long now;
        final java.util.TreeMap<Long, List<ProcessingTimeCallback>> timers = new java.util.TreeMap<>();
        final List<Long> due = new ArrayList<>();

        @Override
        public long getCurrentProcessingTime() {
            return now;
        }

        @Override
        public java.util.concurrent.ScheduledFuture<?> registerTimer(long time, ProcessingTimeCallback callback) {
            timers.computeIfAbsent(time, t -> new ArrayList<>()).add(callback);
            due.add(time);
            return null;
        }

        void advanceTo(long time) throws Exception {
            now = time;
            while (!timers.isEmpty() && timers.firstKey() <= time) {
                var next = timers.pollFirstEntry();
                due.remove(next.getKey());
                for (ProcessingTimeCallback c : next.getValue()) c.onProcessingTime(next.getKey());
            }
        }
    }

    /** A writer that writes its batches on the calling thread, so the tests see each write at once. */
    private InfluxSinkWriter writer(InfluxSinkOptions options) throws Exception {
        return new InfluxSinkWriter(
                options,
                client,
                MetricsGroupTestUtils.mockWriterMetricGroup(metrics.getMetricGroup()),
                null,
                Runnable::run);
    }

    private static InfluxSinkOptions.Builder options() {
        // a backoff of 1 ms keeps the retry tests fast
        return InfluxSinkOptions.builder("http://influx.invalid:8086").initialBackoff(Duration.ofMillis(1));
    }

    private long counter(String name) {
        return metrics.getCounter(name).map(Counter::getCount).orElseThrow();
    }

    private static SeriesPoint usage(String enterprise, long time, double tce) {
        return SeriesPoint.builder(InfluxSchema.Measurements.POINT_USAGE)
                .tag(InfluxSchema.Tags.ENTERPRISE, enterprise)
                .tag(InfluxSchema.Tags.PERIOD, InfluxSchema.Periods.QUARTER_HOUR)
                .field("tce", tce)
                .timeMillis(time)
                .build();
    }

    private static SeriesPoint.Builder point(long time) {
        return SeriesPoint.builder(InfluxSchema.Measurements.POINT_USAGE)
                .tag(InfluxSchema.Tags.ENTERPRISE, "E1")
                .tag(InfluxSchema.Tags.PERIOD, InfluxSchema.Periods.QUARTER_HOUR)
                .timeMillis(time);
    }

    /** Records what the writer sends; fails the next calls with queued exceptions. */
    private static final class FakeWriteClient implements InfluxWriteClient {
        final List<LineBatch> batches = new ArrayList<>();
        final List<String> lineProtocols = new ArrayList<>();
        final List<String> createdDatabases = new ArrayList<>();
        final Deque<RuntimeException> failures = new ArrayDeque<>();
        int attempts;
        boolean closed;

        void failNext(RuntimeException failure) {
            failures.add(failure);
        }

        @Override
        public void write(LineBatch batch) {
            attempts++;
            if (!failures.isEmpty()) {
                throw failures.poll();
            }
            batches.add(batch);
            lineProtocols.add(batch.lines());
        }

        @Override
        public void createDatabase(String database) {
            if (!failures.isEmpty()) {
                throw failures.poll();
            }
            createdDatabases.add(database);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
