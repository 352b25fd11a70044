package dcmon.influx;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.util.concurrent.ExponentialBackoffRetryStrategy;
import org.apache.flink.util.concurrent.RetryStrategy;
import org.influxdb.InfluxDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers points, coalesces updates of the same series and time, and writes them in batches.
 *
 * <p>Buffering and coalescing happen on the task thread; a full buffer (batch size reached, flush interval
 * passed, or a checkpoint) is handed to one I/O thread of this writer, so the job goes on computing while
 * InfluxDB takes the batch. One thread keeps batches in order — a later value of a series always lands after
 * an earlier one — and at most {@value #MAX_BATCHES_IN_FLIGHT} batches wait for it, after which the task
 * thread waits too (backpressure). {@link #flush(boolean)}, which Flink calls before every checkpoint barrier
 * and at the end of input, returns only when every batch handed over is in InfluxDB. A write that still fails
 * after the configured retries is remembered and the first such error is thrown from the next {@code write}
 * or {@code flush}, which fails the checkpoint and the job; Flink then replays from the last checkpoint, and
 * because every point is an absolute value the replayed writes overwrite instead of adding up.
 */
public final class InfluxSinkWriter implements SinkWriter<SeriesPoint> {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxSinkWriter.class);

    /** Batches handed to the I/O thread and not yet written, at most. */
    static final int MAX_BATCHES_IN_FLIGHT = 2;

    /** Upper bound of one pause between retries, whatever maxRetries is. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    public static final String POINTS_WRITTEN = "pointsWritten";
    public static final String POINTS_COALESCED = "pointsCoalesced";
    public static final String BATCHES_WRITTEN = "batchesWritten";
    public static final String WRITE_RETRIES = "writeRetries";
    public static final String WRITE_FAILURES = "writeFailures";

    private final InfluxSinkOptions options;
    private final InfluxWriteClient client;
    /** Insertion ordered, so a batch goes out in the order the job emitted the series. */
    private final Map<SeriesPoint.SeriesKey, SeriesPoint> buffer = new LinkedHashMap<>();

    private final Counter pointsWritten;
    private final Counter pointsCoalesced;
    private final Counter batchesWritten;
    private final Counter writeRetries;
    private final Counter writeFailures;
    private final Counter recordsSent;
    private final Counter recordsSendErrors;
    /** Writes what waited {@code flushInterval}; null when the sink writes only on batch size and checkpoints. */
    private final ProcessingTimeService timers;
    private boolean flushScheduled;
    /** Writes batches in the order they were handed over. */
    private final Executor io;
    private final ExecutorService ownIo;
    private final Semaphore inFlight = new Semaphore(MAX_BATCHES_IN_FLIGHT);
    /** The first write that failed for good; thrown from the next write or flush. */
    private final AtomicReference<IOException> failure = new AtomicReference<>();

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
    public InfluxSinkWriter(InfluxSinkOptions options, InfluxWriteClient client, SinkWriterMetricGroup metrics,
            ProcessingTimeService timers) throws IOException, InterruptedException {
        this(options, client, metrics, timers, null);
    }

    /**
     * @param io where batches are written, in order; null for a thread of this writer. Tests pass a direct
     *     executor to write on the calling thread.
     */
    InfluxSinkWriter(InfluxSinkOptions options, InfluxWriteClient client, SinkWriterMetricGroup metrics,
            ProcessingTimeService timers, Executor io) throws IOException, InterruptedException {
        this.ownIo = io == null ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "influxdb-writer-" + options.database());
            t.setDaemon(true);
            return t;
        }) : null;
        this.io = io == null ? ownIo : io;
        this.options = options;
        this.timers = options.flushInterval().isZero() ? null : timers;
        this.client = client;
        this.pointsWritten = metrics.counter(POINTS_WRITTEN, new ThreadSafeSimpleCounter());
        this.pointsCoalesced = metrics.counter(POINTS_COALESCED);
        this.batchesWritten = metrics.counter(BATCHES_WRITTEN, new ThreadSafeSimpleCounter());
        this.writeRetries = metrics.counter(WRITE_RETRIES, new ThreadSafeSimpleCounter());
        this.writeFailures = metrics.counter(WRITE_FAILURES, new ThreadSafeSimpleCounter());
        this.recordsSent = metrics.getNumRecordsSendCounter();
        this.recordsSendErrors = metrics.getNumRecordsSendErrorsCounter();
        if (options.createDatabase()) {
            withRetries("CREATE DATABASE " + options.database(), () -> client.createDatabase(options.database()));
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
            timers.registerTimer(timers.getCurrentProcessingTime() + options.flushInterval().toMillis(), time -> {
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
        if (ownIo != null) {
            ownIo.shutdownNow();
            try {
                ownIo.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        client.close();
    }

    private void throwIfFailed() throws IOException {
        IOException f = failure.get();
        if (f != null) throw new IOException(f.getMessage(), f.getCause());
    }

    /** Hands the buffer to the I/O thread; waits while {@value #MAX_BATCHES_IN_FLIGHT} batches are pending. */
    private void sendBuffer() throws IOException, InterruptedException {
        if (buffer.isEmpty()) {
            return;
        }
        List<SeriesPoint> batch = new ArrayList<>(buffer.values());
        buffer.clear();
        inFlight.acquire();
        try {
            io.execute(() -> {
                try {
                    if (failure.get() == null) write(batch);
                } catch (IOException e) {
                    failure.compareAndSet(null, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    inFlight.release();
                }
            });
        } catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
        throwIfFailed();
    }

    /** On the I/O thread: one batch, with retries. */
    private void write(List<SeriesPoint> batch) throws IOException, InterruptedException {
        LineBatch request = new LineBatch(options.database(), options.retentionPolicy(), batch.size(), LineProtocol.of(batch));
        try {
            withRetries("writing " + batch.size() + " points to " + options.database(), () -> client.write(request));
        } catch (IOException | RuntimeException e) {
            recordsSendErrors.inc(batch.size());
            throw e;
        }
        pointsWritten.inc(batch.size());
        recordsSent.inc(batch.size());
        batchesWritten.inc();
    }

    /**
     * Runs a request, retrying failures that InfluxDB or the network may recover from, with exponential
     * backoff. Errors no retry can fix (a field type conflict, a parse error, a missing database) fail at
     * once.
     */
    private void withRetries(String what, Runnable request) throws IOException, InterruptedException {
        RetryStrategy retry = new ExponentialBackoffRetryStrategy(
                options.maxRetries(), options.initialBackoff(), MAX_BACKOFF);
        int attempt = 1;
        while (true) {
            try {
                request.run();
                return;
            } catch (RuntimeException e) {
                boolean retryable = e instanceof InfluxDBException influxError && influxError.isRetryWorth();
                if (!retryable || retry.getNumRemainingRetries() == 0) {
                    writeFailures.inc();
                    throw new IOException(what + " failed after " + attempt + " attempt(s): " + e.getMessage(), e);
                }
                writeRetries.inc();
                LOG.warn("{} failed (attempt {}), retrying in {}: {}", what, attempt, retry.getRetryDelay(),
                        e.getMessage());
                Thread.sleep(retry.getRetryDelay().toMillis());
                retry = retry.getNextRetryStrategy();
                attempt++;
            }
        }
    }
}
