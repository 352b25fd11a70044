package dcmon.bench;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Wraps a sink and notes when its writers last wrote or flushed at end of input. A bounded job only finishes
 * after a final checkpoint, up to a checkpoint interval after the work is done: throughput is measured to this
 * moment instead. The mini-cluster runs in this JVM, so a static clock is seen by every writer.
 */
final class LastWriteSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    static final AtomicLong LAST = new AtomicLong();

    private final Sink<T> delegate;

    LastWriteSink(Sink<T> delegate) {
        this.delegate = delegate;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return new ForwardingWriter<>(delegate.createWriter(context)) {
            @Override
            public void write(T element, Context ctx) throws IOException, InterruptedException {
                super.write(element, ctx);
                LAST.lazySet(System.nanoTime());
            }

            @Override
            public void flush(boolean endOfInput) throws IOException, InterruptedException {
                super.flush(endOfInput);
                if (endOfInput) LAST.accumulateAndGet(System.nanoTime(), Math::max);
            }
        };
    }
}
