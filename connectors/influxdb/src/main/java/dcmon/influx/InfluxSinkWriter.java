package dcmon.influx;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.util.concurrent.ExponentialBackoffRetryStrategy;
import org.apache.flink.util.concurrent.RetryStrategy;
import org.influxdb.InfluxDBException;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.Point;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers points, coalesces updates of the same series and time, and writes them in batches.
 *
 * <p>Everything happens on the task thread and synchronously: {@link #flush(boolean)}, which Flink
 * calls before every checkpoint barrier and at the end of input, returns only when the buffer is in
 * InfluxDB. A write that still fails after the configured retries is thrown, which fails the checkpoint
 * and the job; Flink then replays from the last checkpoint, and because every point is an absolute value
 * the replayed writes overwrite instead of adding up. A failed buffer is kept, so nothing is lost if the
 * caller flushes again.
 */
public final class InfluxSinkWriter implements SinkWriter<SeriesPoint> {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxSinkWriter.class);

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

    /**
     * Opens the writer and, if configured, creates the database (retried like a write).
     *
     * @param client taken over: closed by {@link #close()}
     */
    public InfluxSinkWriter(InfluxSinkOptions options, InfluxWriteClient client, SinkWriterMetricGroup metrics)
            throws IOException, InterruptedException {
        this.options = options;
        this.client = client;
        this.pointsWritten = metrics.counter(POINTS_WRITTEN);
        this.pointsCoalesced = metrics.counter(POINTS_COALESCED);
        this.batchesWritten = metrics.counter(BATCHES_WRITTEN);
        this.writeRetries = metrics.counter(WRITE_RETRIES);
        this.writeFailures = metrics.counter(WRITE_FAILURES);
        this.recordsSent = metrics.getNumRecordsSendCounter();
        this.recordsSendErrors = metrics.getNumRecordsSendErrorsCounter();
        if (options.createDatabase()) {
            withRetries("CREATE DATABASE " + options.database(), () -> client.createDatabase(options.database()));
        }
    }

    @Override
    public void write(SeriesPoint point, Context context) throws IOException, InterruptedException {
        SeriesPoint.SeriesKey key = point.seriesKey();
        SeriesPoint earlier = buffer.get(key);
        if (earlier == null) {
            buffer.put(key, point);
        } else {
            buffer.put(key, earlier.updatedBy(point));
            pointsCoalesced.inc();
        }
        if (buffer.size() >= options.batchSize()) {
            writeBuffer();
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        // before every checkpoint barrier too: state past the barrier already includes what the buffer holds
        writeBuffer();
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
        client.close();
    }

    private void writeBuffer() throws IOException, InterruptedException {
        if (buffer.isEmpty()) {
            return;
        }
        List<Point> points = new ArrayList<>(buffer.size());
        for (SeriesPoint point : buffer.values()) {
            points.add(toInfluxPoint(point));
        }
        BatchPoints batch = BatchPoints.database(options.database())
                .retentionPolicy(options.retentionPolicy())
                .precision(TimeUnit.MILLISECONDS)
                .points(points)
                .build();
        try {
            withRetries("writing " + points.size() + " points to " + options.database(), () -> client.write(batch));
        } catch (IOException | RuntimeException e) {
            recordsSendErrors.inc(points.size());
            throw e;
        }
        buffer.clear();
        pointsWritten.inc(points.size());
        recordsSent.inc(points.size());
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

    static Point toInfluxPoint(SeriesPoint point) {
        return Point.measurement(point.measurement())
                .time(point.timeMillis(), TimeUnit.MILLISECONDS)
                .tag(point.tags())
                .fields(point.fields())
                .build();
    }
}
