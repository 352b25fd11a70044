package dcmon.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.junit.jupiter.api.Test;

class EachRowSinkTest {
    /** Notes what its writer is asked to do. */
    private static final class NotingSink implements Sink<String> {
        final List<String> calls = new ArrayList<>();

        @Override
        public SinkWriter<String> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(String row, Context ctx) {
                    calls.add("write " + row);
                }

                @Override
                public void writeWatermark(Watermark watermark) {
                    calls.add("watermark " + watermark.getTimestamp());
                }

                @Override
                public void flush(boolean endOfInput) {
                    calls.add("flush " + endOfInput);
                }

                @Override
                public void close() {
                    calls.add("close");
                }
            };
        }
    }

    @Test
    void everyRowOfEveryListReachesTheWrappedWriterInOrderAndSoDoFlushesWatermarksAndClose() throws Exception {
        NotingSink rows = new NotingSink();
        SinkWriter<List<String>> writer = new EachRowSink<>(rows).createWriter(null);

        writer.write(List.of("a", "b"), null);
        writer.write(List.of(), null);
        writer.flush(false);
        writer.write(List.of("c"), null);
        writer.writeWatermark(new Watermark(42));
        writer.flush(true);
        writer.close();

        assertThat(rows.calls)
                .containsExactly("write a", "write b", "flush false", "write c", "watermark 42", "flush true", "close");
    }
}
