package dcmon.monitoring;

import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink of single rows taking the lists of rows {@link EnterpriseUsageFunction} emits: each row of a list goes to
 * the wrapped sink's writer, in order. For sinks that only write (no committer, no writer state), as the InfluxDB
 * sink does.
 */
final class EachRowSink<T> implements Sink<List<T>> {
    private static final long serialVersionUID = 1L;

    private final Sink<T> rows;

    EachRowSink(Sink<T> rows) {
        this.rows = rows;
    }

    @Override
    public SinkWriter<List<T>> createWriter(WriterInitContext context) throws IOException {
        SinkWriter<T> writer = rows.createWriter(context);
        return new SinkWriter<>() {
            @Override
            public void write(List<T> batch, Context ctx) throws IOException, InterruptedException {
                for (int i = 0; i < batch.size(); i++) writer.write(batch.get(i), ctx);
            }

            @Override
            public void writeWatermark(Watermark watermark) throws IOException, InterruptedException {
                writer.writeWatermark(watermark);
            }

            @Override
            public void flush(boolean endOfInput) throws IOException, InterruptedException {
                writer.flush(endOfInput);
            }

            @Override
            public void close() throws Exception {
                writer.close();
            }
        };
    }
}
