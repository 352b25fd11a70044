package dcmon.bench;

import java.io.IOException;
import org.apache.flink.api.connector.sink2.SinkWriter;

/** A writer that passes everything on to another; the bench's sink wrappers override what they watch or filter. */
class ForwardingWriter<T> implements SinkWriter<T> {
    private final SinkWriter<T> delegate;

    ForwardingWriter(SinkWriter<T> delegate) {
        this.delegate = delegate;
    }

    @Override
    public void write(T element, Context ctx) throws IOException, InterruptedException {
        delegate.write(element, ctx);
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        delegate.flush(endOfInput);
    }

    @Override
    public void close() throws Exception {
        delegate.close();
    }
}
