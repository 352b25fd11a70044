package dcmon.monitoring;

import java.util.function.LongSupplier;
import org.apache.flink.metrics.Counter;

/**
 * A counter metric that shows a count kept elsewhere: counting keeps plain fields, which metrics read when reported.
 * Only its owner counts, so it cannot be changed through the metric.
 */
final class CountView implements Counter {
    private final LongSupplier count;

    CountView(LongSupplier count) {
        this.count = count;
    }

    @Override
    public void inc() {
        throw readOnly();
    }

    @Override
    public void inc(long n) {
        throw readOnly();
    }

    @Override
    public void dec() {
        throw readOnly();
    }

    @Override
    public void dec(long n) {
        throw readOnly();
    }

    @Override
    public long getCount() {
        return count.getAsLong();
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("a view of a count kept by the job's counting");
    }
}
