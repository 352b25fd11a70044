package dcmon.influx;

import java.io.IOException;
import java.io.InterruptedIOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Flink sink writing {@link SeriesPoint}s to InfluxDB 1.x (or any server with the v1 {@code /write}
 * API). Points reach InfluxDB at the latest when a checkpoint completes; see {@link InfluxSinkWriter}.
 *
 * <pre>{@code
 * points.sinkTo(new InfluxSink(InfluxSinkOptions.builder("http://127.0.0.1:8086").build()));
 * }</pre>
 */
public final class InfluxSink implements Sink<SeriesPoint> {

    private static final long serialVersionUID = 1L;

    private final InfluxSinkOptions options;
    private final DeadLetters.Factory deadLetters;

    /** A sink whose options' {@code onPermanentError} is {@link PermanentErrorMode#FAIL}. */
    public InfluxSink(InfluxSinkOptions options) {
        this(options, null);
    }

    /**
     * @param deadLetters opens where each writer puts the rows InfluxDB refuses for good; required when the
     *     options' {@code onPermanentError} is {@link PermanentErrorMode#DEAD_LETTER}, unused otherwise
     */
    public InfluxSink(InfluxSinkOptions options, DeadLetters.Factory deadLetters) {
        if (options.onPermanentError() == PermanentErrorMode.DEAD_LETTER && deadLetters == null) {
            throw new IllegalArgumentException("on-permanent-error dead-letter needs a DeadLetters.Factory");
        }
        this.options = options;
        this.deadLetters = options.onPermanentError() == PermanentErrorMode.DEAD_LETTER ? deadLetters : null;
    }

    public InfluxSinkOptions options() {
        return options;
    }

    @Override
    public SinkWriter<SeriesPoint> createWriter(WriterInitContext context) throws IOException {
        DeadLetters letters = deadLetters == null ? null : deadLetters.open();
        HttpInfluxWriteClient client = HttpInfluxWriteClient.connect(options);
        try {
            return new InfluxSinkWriter(
                    options, client, context.metricGroup(), context.getProcessingTimeService(), letters);
        } catch (InterruptedException e) {
            client.close();
            if (letters != null) letters.close();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while creating database " + options.database());
        } catch (IOException | RuntimeException e) {
            client.close();
            if (letters != null) letters.close();
            throw e;
        }
    }
}
