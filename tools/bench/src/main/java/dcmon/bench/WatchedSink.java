package dcmon.bench;

import dcmon.core.calendar.Period;
import dcmon.influx.InfluxSchema.Measurements;
import dcmon.influx.InfluxSchema.Tags;
import dcmon.influx.SeriesPoint;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Wraps the job's usage sink, whatever it is (InfluxDB or discard), and watches what reaches it the same way:
 * when its writers last took a row or flushed at end of input (the end of the job's clock: a bounded job only
 * finishes after a final checkpoint, up to an interval after the work is done), and the last province/year
 * row of the watched province (so that a run without InfluxDB still proves every reading was counted). The
 * province row is keyed to one subtask of the roll-up, chained to its writer, so its rows arrive in order and
 * the last one holds the final total. The mini-cluster runs in this JVM, so static fields are seen by every
 * writer; {@link #reset} before each run.
 */
final class WatchedSink implements Sink<SeriesPoint> {
    private static final long serialVersionUID = 1L;
    static final AtomicLong LAST = new AtomicLong();
    static final AtomicReference<Double> PROVINCE_YEAR_TCE = new AtomicReference<>(Double.NaN);

    private final Sink<SeriesPoint> delegate;
    private final String province;
    private final long yearStart;

    /** @param yearStart start of the year whose province row is watched */
    WatchedSink(Sink<SeriesPoint> delegate, String province, long yearStart) {
        this.delegate = delegate;
        this.province = province;
        this.yearStart = yearStart;
    }

    static void reset(long now) {
        LAST.set(now);
        PROVINCE_YEAR_TCE.set(Double.NaN);
    }

    boolean isProvinceYear(SeriesPoint row) {
        return row.measurement().equals(Measurements.REGION_USAGE)
                && row.timeMillis() == yearStart
                && province.equals(tag(row, Tags.REGION))
                && "province".equals(tag(row, Tags.LEVEL))
                && Period.YEAR.tag().equals(tag(row, Tags.PERIOD));
    }

    private static String tag(SeriesPoint row, String key) {
        for (int i = 0; i < row.tagCount(); i++) if (row.tagKey(i).equals(key)) return row.tagValue(i);
        return null;
    }

    private static double tce(SeriesPoint row) {
        for (int i = 0; i < row.fieldCount(); i++)
            if (row.fieldName(i).equals("tce")) return ((Number) row.fieldValue(i)).doubleValue();
        return Double.NaN;
    }

    @Override
    public SinkWriter<SeriesPoint> createWriter(WriterInitContext context) throws IOException {
        return new ForwardingWriter<>(delegate.createWriter(context)) {
            // this writer's own last time, published on each flush: a shared field written per row by two
            // writers could keep the earlier of two times
            private long last;

            @Override
            public void write(SeriesPoint row, Context ctx) throws IOException, InterruptedException {
                super.write(row, ctx);
                if (isProvinceYear(row)) PROVINCE_YEAR_TCE.set(tce(row));
                last = System.nanoTime();
            }

            @Override
            public void flush(boolean endOfInput) throws IOException, InterruptedException {
                super.flush(endOfInput);
                if (endOfInput) last = System.nanoTime();
                LAST.accumulateAndGet(last, Math::max);
            }
        };
    }
}
