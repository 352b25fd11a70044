package dcmon.monitoring;

import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.series.PointSeries;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

import static dcmon.monitoring.Varints.readVarLong;
import static dcmon.monitoring.Varints.unzigzag;
import static dcmon.monitoring.Varints.writeVarLong;
import static dcmon.monitoring.Varints.zigzag;

/**
 * State serializer of {@link PointSeries}, the job's largest state (one per measurement point). The generic
 * POJO serializer writes whole arrays, spare capacity included, with fixed-width numbers; this one writes only
 * the used entries, times as varint steps (bucket starts in quarter hours) and counters as varints, which
 * takes a series of a few readings from ~390 to ~150 bytes. Values stay full doubles: they are the data.
 */
public final class PointSeriesSerializer extends TypeSerializerSingleton<PointSeries> {
    private static final long serialVersionUID = 1L;
    public static final PointSeriesSerializer INSTANCE = new PointSeriesSerializer();

    /**
     * A heap snapshot hands each series a stream wrapper that passes every byte and number on by itself; the series is
     * encoded into a memory buffer first and written in one call (the same bytes), which halves the time a checkpoint
     * takes for it. Per thread, as serializers are shared.
     */
    private static final ThreadLocal<DataOutputSerializer> SCRATCH = ThreadLocal.withInitial(() -> new DataOutputSerializer(1024));
    /** A buffer grown past this by one long series is let go rather than kept per thread. */
    private static final int SCRATCH_KEPT_BYTES = 1 << 20;

    @Override
    public boolean isImmutableType() { return false; }

    @Override
    public PointSeries createInstance() { return new PointSeries(); }

    /**
     * A copy that shares the arrays until it changes ({@link PointSeries#sharingCopy}). Flink copies state on the
     * heap only to keep a running checkpoint's view intact, and never changes the original afterwards.
     */
    @Override
    public PointSeries copy(PointSeries from) {
        return from.sharingCopy();
    }

    @Override
    public PointSeries copy(PointSeries from, PointSeries reuse) { return copy(from); }

    @Override
    public int getLength() { return -1; }

    @Override
    public void serialize(PointSeries s, DataOutputView target) throws IOException {
        if (target instanceof DataOutputSerializer memory) {
            write(s, memory);
            return;
        }
        DataOutputSerializer scratch = SCRATCH.get();
        scratch.clear();
        write(s, scratch);
        target.write(scratch.getSharedBuffer(), 0, scratch.length());
        if (scratch.getSharedBuffer().length > SCRATCH_KEPT_BYTES) SCRATCH.remove();
    }

    private static void write(PointSeries s, DataOutputView out) throws IOException {
        out.writeLong(s.floor);
        out.writeLong(s.lastSeen);
        out.writeBoolean(s.interval);
        writeTimes(s.ts, s.size, out);
        for (int i = 0; i < s.size; i++) out.writeDouble(s.values[i]);
        writeLedger(s.quarterStart, s.quarterAmount, s.quarterEstimated, s.quarters, out);
        writeLedger(s.monthStart, s.monthAmount, s.monthEstimated, s.months, out);
        writeLedger(s.yearStart, s.yearAmount, s.yearEstimated, s.years, out);
    }

    @Override
    public PointSeries deserialize(DataInputView in) throws IOException {
        PointSeries s = new PointSeries();
        s.floor = in.readLong();
        s.lastSeen = in.readLong();
        s.interval = in.readBoolean();
        s.size = readCount(in);
        s.ts = readTimes(s.size, in);
        s.values = new double[Math.max(4, s.size)];
        for (int i = 0; i < s.size; i++) s.values[i] = in.readDouble();
        s.quarters = readCount(in);
        s.quarterStart = readTimes(s.quarters, in);
        s.quarterAmount = readAmounts(s.quarters, in);
        s.quarterEstimated = readCounters(s.quarters, in);
        s.months = readCount(in);
        s.monthStart = readTimes(s.months, in);
        s.monthAmount = readAmounts(s.months, in);
        s.monthEstimated = readCounters(s.months, in);
        s.years = readCount(in);
        s.yearStart = readTimes(s.years, in);
        s.yearAmount = readAmounts(s.years, in);
        s.yearEstimated = readCounters(s.years, in);
        return s;
    }

    @Override
    public PointSeries deserialize(PointSeries reuse, DataInputView in) throws IOException { return deserialize(in); }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException { serialize(deserialize(source), target); }

    @Override
    public TypeSerializerSnapshot<PointSeries> snapshotConfiguration() { return new PointSeriesSerializerSnapshot(); }

    /** A ledger: count, starts, amounts, estimated-share counters. */
    private static void writeLedger(long[] start, double[] amount, int[] estimated, int n, DataOutputView out) throws IOException {
        writeTimes(start, n, out);
        for (int i = 0; i < n; i++) out.writeDouble(amount[i]);
        for (int i = 0; i < n; i++) writeVarLong(zigzag(estimated[i]), out);
    }

    /**
     * Count, then ascending times: the first in full, the rest as steps — in quarter hours when every step
     * is a whole number of them (bucket starts always are; readings usually), else in milliseconds.
     */
    private static void writeTimes(long[] t, int n, DataOutputView out) throws IOException {
        writeVarLong(n, out);
        if (n == 0) return;
        boolean quarters = true;
        for (int i = 1; i < n && quarters; i++) quarters = (t[i] - t[i - 1]) % ShanghaiCalendar.QUARTER_MS == 0;
        out.writeBoolean(quarters);
        out.writeLong(t[0]);
        // two loops, so that the division is by a constant (a multiplication once compiled)
        if (quarters) {
            for (int i = 1; i < n; i++) writeVarLong((t[i] - t[i - 1]) / ShanghaiCalendar.QUARTER_MS, out);
        } else {
            for (int i = 1; i < n; i++) writeVarLong(t[i] - t[i - 1], out);
        }
    }

    private static int readCount(DataInputView in) throws IOException {
        long n = readVarLong(in, "point series");
        if (n < 0 || n > Integer.MAX_VALUE) throw new IOException("corrupt point series: count " + n);
        return (int) n;
    }

    /** Reads the times after their count (the caller has read it). */
    private static long[] readTimes(int n, DataInputView in) throws IOException {
        long[] t = new long[Math.max(4, n)];
        if (n == 0) return t;
        long unit = in.readBoolean() ? ShanghaiCalendar.QUARTER_MS : 1;
        t[0] = in.readLong();
        for (int i = 1; i < n; i++) t[i] = t[i - 1] + readVarLong(in, "point series") * unit;
        return t;
    }

    private static double[] readAmounts(int n, DataInputView in) throws IOException {
        double[] a = new double[Math.max(4, n)];
        for (int i = 0; i < n; i++) a[i] = in.readDouble();
        return a;
    }

    private static int[] readCounters(int n, DataInputView in) throws IOException {
        int[] c = new int[Math.max(4, n)];
        for (int i = 0; i < n; i++) c[i] = (int) unzigzag(readVarLong(in, "point series"));
        return c;
    }

    /** Format version 1; there is no other yet. */
    public static final class PointSeriesSerializerSnapshot extends SimpleTypeSerializerSnapshot<PointSeries> {
        public PointSeriesSerializerSnapshot() { super(() -> INSTANCE); }
    }
}
