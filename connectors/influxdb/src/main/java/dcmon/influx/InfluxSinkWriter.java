package dcmon.influx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers points, coalesces updates of the same series and time, and writes them in batches.
 *
 * <p>Buffering and coalescing happen on the task thread; a full buffer (batch size reached, flush interval
 * passed, or a checkpoint) is handed to the I/O threads of this writer, so the job goes on computing while
 * InfluxDB takes the batch. There is one thread per write lane ({@link InfluxSinkOptions#writeLanes()}); a batch
 * is split between the lanes by series, and each lane writes in order, so a later value of a series always lands
 * after an earlier one. At most {@value #MAX_BATCHES_IN_FLIGHT} batches are under way, after which the task
 * thread waits too (backpressure). {@link #flush(boolean)}, which Flink calls before every checkpoint barrier
 * and at the end of input, returns only when every batch handed over is in InfluxDB. A write that still fails
 * after the configured retries is remembered and the first such error is thrown from the next {@code write}
 * or {@code flush}, which fails the checkpoint and the job; Flink then replays from the last checkpoint, and
 * because every point is an absolute value the replayed writes overwrite instead of adding up.
 *
 * <p>Which failures are retried is {@link InfluxErrorClassifier}'s call, how often and how long apart
 * {@link InfluxRetryStrategy}'s. An error no retry can fix (a field type conflict, say) is never retried: with
 * {@link PermanentErrorMode#FAIL} it fails the job at once with a message saying what to fix; with
 * {@link PermanentErrorMode#DEAD_LETTER} the writer halves the refused request until it has the refused rows,
 * hands those to {@link DeadLetters}, writes the rest, and goes on.
 */
public final class InfluxSinkWriter implements SinkWriter<SeriesPoint> {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxSinkWriter.class);

    /** Batches handed to the I/O thread and not yet written, at most. */
    static final int MAX_BATCHES_IN_FLIGHT = 2;

    public static final String POINTS_WRITTEN = "pointsWritten";
    public static final String POINTS_COALESCED = "pointsCoalesced";
    public static final String BATCHES_WRITTEN = "batchesWritten";
    public static final String WRITE_RETRIES = "writeRetries";
    public static final String WRITE_FAILURES = "writeFailures";
    /** Batches InfluxDB refused with an error no retry can fix. */
    public static final String PERMANENT_FAILURES = "permanentFailures";
    /** Rows handed to {@link DeadLetters}. */
    public static final String DEAD_LETTERS = "deadLetters";

    private final InfluxSinkOptions options;
    private final InfluxWriteClient client;
    /** Insertion ordered, so a batch goes out in the order the job emitted the series. */
    private final Map<SeriesPoint.SeriesKey, SeriesPoint> buffer = new LinkedHashMap<>();

    private final Counter pointsWritten;
    private final Counter pointsCoalesced;
    private final Counter batchesWritten;
    private final Counter writeRetries;
    private final Counter writeFailures;
    private final Counter permanentFailures;
    private final Counter deadLettered;
    private final Counter recordsSent;
    private final Counter recordsSendErrors;
    /** Writes what waited {@code flushInterval}; null when the sink writes only on batch size and checkpoints. */
    private final ProcessingTimeService timers;

    private boolean flushScheduled;
    /** Per lane: writes its part of each batch in the order the batches were handed over. */
    private final Executor[] lanes;

    private final List<ExecutorService> ownIo = new ArrayList<>();
    private final Semaphore inFlight = new Semaphore(MAX_BATCHES_IN_FLIGHT);
    /** The first write that failed for good; thrown from the next write or flush. */
    private final AtomicReference<IOException> failure = new AtomicReference<>();

    private final InfluxRetryStrategy retries;
    /** Where refused rows go; null when permanent errors fail the job. */
    private final DeadLetters deadLetters;

    /**
     * Opens the writer and, if configured, creates the database (retried like a write).
     *
     * @param client taken over: closed by {@link #close()}
     */
    public InfluxSinkWriter(InfluxSinkOptions options, InfluxWriteClient client, SinkWriterMetricGroup metrics)
            throws IOException, InterruptedException {
        this(options, client, metrics, null);
    }

    /**
     * @param timers the task's processing-time service: the buffer is written at the latest {@code
     *     flushInterval} after its first point (timers run on the task thread, like {@link #write})
     */
    public InfluxSinkWriter(
            InfluxSinkOptions options,
            InfluxWriteClient client,
            SinkWriterMetricGroup metrics,
            ProcessingTimeService timers)
            throws IOException, InterruptedException {
        this(options, client, metrics, timers, (Executor) null);
    }

    /**
     * @param io where batches are written, in order; null for a thread of this writer. Tests pass a direct
     *     executor to write on the calling thread.
     */
    InfluxSinkWriter(
            InfluxSinkOptions options,
            InfluxWriteClient client,
            SinkWriterMetricGroup metrics,
            ProcessingTimeService timers,
            Executor io)
            throws IOException, InterruptedException {
        this(options, client, metrics, timers, io, null);
    }

    /**
     * @param deadLetters where rows refused for good go, taken over (closed by {@link #close()}); required with
     *     {@link PermanentErrorMode#DEAD_LETTER}, ignored with {@link PermanentErrorMode#FAIL}
     */
    public InfluxSinkWriter(
            InfluxSinkOptions options,
            InfluxWriteClient client,
            SinkWriterMetricGroup metrics,
            ProcessingTimeService timers,
            DeadLetters deadLetters)
            throws IOException, InterruptedException {
        this(options, client, metrics, timers, null, deadLetters);
    }

    InfluxSinkWriter(
            InfluxSinkOptions options,
            InfluxWriteClient client,
            SinkWriterMetricGroup metrics,
            ProcessingTimeService timers,
            Executor io,
            DeadLetters deadLetters)
            throws IOException, InterruptedException {
        if (options.onPermanentError() == PermanentErrorMode.DEAD_LETTER && deadLetters == null) {
            throw new IllegalArgumentException("on-permanent-error dead-letter needs somewhere to put dead letters");
        }
        this.deadLetters = options.onPermanentError() == PermanentErrorMode.DEAD_LETTER ? deadLetters : null;
        this.lanes = new Executor[options.writeLanes()];
        for (int lane = 0; lane < lanes.length; lane++) {
            if (io != null) {
                lanes[lane] = io;
                continue;
            }
            String name = "influxdb-writer-" + options.database() + (lanes.length > 1 ? "-" + lane : "");
            ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
            ownIo.add(thread);
            lanes[lane] = thread;
        }
        this.options = options;
        this.timers = options.flushInterval().isZero() ? null : timers;
        this.client = client;
        this.pointsWritten = metrics.counter(POINTS_WRITTEN, new ThreadSafeSimpleCounter());
        this.pointsCoalesced = metrics.counter(POINTS_COALESCED);
        this.batchesWritten = metrics.counter(BATCHES_WRITTEN, new ThreadSafeSimpleCounter());
        this.writeRetries = metrics.counter(WRITE_RETRIES, new ThreadSafeSimpleCounter());
        this.writeFailures = metrics.counter(WRITE_FAILURES, new ThreadSafeSimpleCounter());
        this.permanentFailures = metrics.counter(PERMANENT_FAILURES, new ThreadSafeSimpleCounter());
        this.deadLettered = metrics.counter(DEAD_LETTERS, new ThreadSafeSimpleCounter());
        this.retries = InfluxRetryStrategy.of(options, writeRetries);
        this.recordsSent = metrics.getNumRecordsSendCounter();
        this.recordsSendErrors = metrics.getNumRecordsSendErrorsCounter();
        if (options.createDatabase()) {
            try {
                retries.run("CREATE DATABASE " + options.database(), () -> client.createDatabase(options.database()));
            } catch (InfluxRequestException e) {
                writeFailures.inc();
                throw e;
            }
        }
    }

    @Override
    public void write(SeriesPoint point, Context context) throws IOException, InterruptedException {
        throwIfFailed();
        SeriesPoint.SeriesKey key = point.seriesKey();
        SeriesPoint earlier = buffer.get(key);
        if (earlier == null) {
            buffer.put(key, point);
        } else {
            buffer.put(key, earlier.updatedBy(point));
            pointsCoalesced.inc();
        }
        if (buffer.size() >= options.batchSize()) {
            sendBuffer();
        } else if (timers != null && !flushScheduled) {
            flushScheduled = true;
            timers.registerTimer(
                    timers.getCurrentProcessingTime() + options.flushInterval().toMillis(), time -> {
                        flushScheduled = false;
                        sendBuffer();
                    });
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        // called before every checkpoint barrier: a checkpoint completes only once its results are in InfluxDB
        sendBuffer();
        inFlight.acquire(MAX_BATCHES_IN_FLIGHT);
        inFlight.release(MAX_BATCHES_IN_FLIGHT);
        throwIfFailed();
        if (deadLetters != null) deadLetters.flush();
    }

    /** Points waiting for the next batch, after coalescing. */
    int bufferedPoints() {
        return buffer.size();
    }

    @Override
    public void close() {
        // Not flushed: Flink flushes at end of input, and after a failure the data comes again from the
        // last checkpoint.
        if (!buffer.isEmpty()) {
            LOG.info("Closing with {} unflushed points; they are replayed from the last checkpoint", buffer.size());
        }
        for (ExecutorService thread : ownIo) thread.shutdownNow();
        for (ExecutorService thread : ownIo) {
            try {
                thread.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        client.close();
        if (deadLetters != null) deadLetters.close();
    }

    private void throwIfFailed() throws IOException {
        IOException f = failure.get();
        if (f != null) throw new IOException(f.getMessage(), f.getCause());
    }

    /** Hands the buffer to the lanes; waits while {@value #MAX_BATCHES_IN_FLIGHT} batches are under way. */
    private void sendBuffer() throws IOException, InterruptedException {
        if (buffer.isEmpty()) {
            return;
        }
        // by series: each series always takes the same lane, which writes in order
        List<List<SeriesPoint>> parts = new ArrayList<>(lanes.length);
        for (int lane = 0; lane < lanes.length; lane++) parts.add(new ArrayList<>(buffer.size() / lanes.length + 1));
        for (Map.Entry<SeriesPoint.SeriesKey, SeriesPoint> e : buffer.entrySet()) {
            parts.get(Math.floorMod(e.getKey().hashCode(), lanes.length)).add(e.getValue());
        }
        buffer.clear();
        inFlight.acquire();
        // the batch is under way until its last non-empty part is written
        AtomicInteger partsLeft =
                new AtomicInteger((int) parts.stream().filter(p -> !p.isEmpty()).count());
        for (int lane = 0; lane < lanes.length; lane++) {
            List<SeriesPoint> points = parts.get(lane);
            if (points.isEmpty()) continue;
            try {
                lanes[lane].execute(() -> {
                    try {
                        if (failure.get() == null) write(points);
                    } catch (IOException e) {
                        failure.compareAndSet(null, e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        if (partsLeft.decrementAndGet() == 0) inFlight.release();
                    }
                });
            } catch (RuntimeException e) {
                // this part and the ones after it will never run: the batch is no longer under way once the rest is
                int notStarted = (int) parts.subList(lane, lanes.length).stream()
                        .filter(p -> !p.isEmpty())
                        .count();
                if (partsLeft.addAndGet(-notStarted) == 0) inFlight.release();
                throw e;
            }
        }
        throwIfFailed();
    }

    /** On the I/O thread: one batch, with retries; what InfluxDB refuses for good fails or is set aside. */
    private void write(List<SeriesPoint> batch) throws IOException, InterruptedException {
        try {
            send(batch);
        } catch (InfluxRequestException e) {
            if (e.permanent()) permanentFailures.inc();
            if (!e.permanent() || deadLetters == null) {
                writeFailures.inc();
                recordsSendErrors.inc(batch.size());
                throw e.permanent() ? permanentFailure(e) : e;
            }
            LOG.warn(
                    "InfluxDB refused {} points for good ({}); setting the refused ones aside as dead letters: {}",
                    batch.size(),
                    e.classification().reason(),
                    e.getMessage());
            isolate(batch, e);
        }
    }

    /** One request with retries; counts what it wrote. */
    private void send(List<SeriesPoint> points) throws InfluxRequestException, InterruptedException {
        LineBatch request =
                new LineBatch(options.database(), options.retentionPolicy(), points.size(), LineProtocol.of(points));
        retries.run("writing " + points.size() + " points to " + options.database(), () -> client.write(request));
        pointsWritten.inc(points.size());
        recordsSent.inc(points.size());
        batchesWritten.inc();
    }

    /**
     * Halves refused rows and writes each half, until the refused rows are single and go to the dead letters.
     * Rows refused as a whole request (credentials, database) are not split: every smaller request would be
     * refused too. InfluxDB may have stored the good rows of a partial write already; writing them again
     * overwrites them with the same values.
     */
    private void isolate(List<SeriesPoint> refused, InfluxRequestException error)
            throws IOException, InterruptedException {
        if (refused.size() == 1 || error.classification().kind() == InfluxErrorClassifier.Kind.PERMANENT_REQUEST) {
            for (SeriesPoint point : refused) {
                deadLetters.send(DeadLetter.of(point, options.database(), options.retentionPolicy(), error.getCause()));
            }
            deadLettered.inc(refused.size());
            recordsSendErrors.inc(refused.size());
            return;
        }
        int half = refused.size() / 2;
        for (List<SeriesPoint> part : List.of(refused.subList(0, half), refused.subList(half, refused.size()))) {
            try {
                send(part);
            } catch (InfluxRequestException e) {
                if (!e.permanent()) {
                    writeFailures.inc();
                    recordsSendErrors.inc(part.size());
                    throw e;
                }
                isolate(part, e);
            }
        }
    }

    /** The error that fails the job: says that a restart alone replays the same rows into the same error. */
    private static IOException permanentFailure(InfluxRequestException e) {
        InfluxErrorClassifier.Classification error = e.classification();
        return new IOException(
                e.getMessage() + " -- InfluxDB refused the rows with a permanent error ("
                        + error.reason() + "), which no retry can fix. Restarting replays the same rows from the last "
                        + "checkpoint and fails the same way until the cause is fixed: " + error.fix() + ". Or run the "
                        + "sink with on-permanent-error dead-letter to set such rows aside.",
                e.getCause());
    }
}
