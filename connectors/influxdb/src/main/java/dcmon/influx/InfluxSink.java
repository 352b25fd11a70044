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

    public InfluxSink(InfluxSinkOptions options) {
        this.options = options;
    }

    public InfluxSinkOptions options() {
        return options;
    }

    @Override
    public SinkWriter<SeriesPoint> createWriter(WriterInitContext context) throws IOException {
        HttpInfluxWriteClient client = HttpInfluxWriteClient.connect(options);
        try {
            return new InfluxSinkWriter(options, client, context.metricGroup(), context.getProcessingTimeService());
        } catch (InterruptedException e) {
            client.close();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while creating database " + options.database());
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }
}
