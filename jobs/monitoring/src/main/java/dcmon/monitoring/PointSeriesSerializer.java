package dcmon.monitoring;

import static dcmon.monitoring.Varints.readVarLong;
import static dcmon.monitoring.Varints.unzigzag;
import static dcmon.monitoring.Varints.writeVarLong;
import static dcmon.monitoring.Varints.zigzag;

import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.series.PointSeries;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

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
    private static final ThreadLocal<DataOutputSerializer> SCRATCH =
            ThreadLocal.withInitial(() -> new DataOutputSerializer(1024));
    /** A buffer grown past this by one long series is let go rather than kept per thread. */
    private static final int SCRATCH_KEPT_BYTES = 1 << 20;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public PointSeries createInstance() {
        return new PointSeries();
    }

    /**
     * A copy that shares the arrays until it changes ({@link PointSeries#sharingCopy}). Flink copies state on the
     * heap only to keep a running checkpoint's view intact, and never changes the original afterwards.
     */
    @Override
    public PointSeries copy(PointSeries from) {
        return from.sharingCopy();
    }

    @Override
    public PointSeries copy(PointSeries from, PointSeries reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

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

    /*
     * The format is the one of the series' first layout (eleven arrays): each group's times, then its values, then
     * its counters. Values are written as their bits, the bytes writeDouble writes for every value but a NaN.
     */
    private static void write(PointSeries s, DataOutputView out) throws IOException {
        out.writeLong(s.floor);
        out.writeLong(s.lastSeen);
        out.writeBoolean(s.interval);
        writeTimes(s.readings, 0, PointSeries.READING, s.size, out);
        for (int i = 0; i < s.size; i++) out.writeLong(s.readings[PointSeries.READING * i + 1]);
        writeLedger(s.quarterData, 0, s.quarters, out);
        writeLedger(s.ledgers, 0, s.months, out);
        writeLedger(s.ledgers, s.months, s.years, out);
    }

    @Override
    public PointSeries deserialize(DataInputView in) throws IOException {
        PointSeries s = new PointSeries();
        s.floor = in.readLong();
        s.lastSeen = in.readLong();
        s.interval = in.readBoolean();
        s.size = readCount(in);
        s.readings = new long[PointSeries.READING * Math.max(4, s.size)];
        readTimes(s.readings, 0, PointSeries.READING, s.size, in);
        for (int i = 0; i < s.size; i++) s.readings[PointSeries.READING * i + 1] = in.readLong();
        s.quarters = readCount(in);
        s.quarterData = new long[PointSeries.ENTRY * Math.max(4, s.quarters)];
        readLedger(s.quarterData, 0, s.quarters, in);
        s.months = readCount(in);
        // room for the months and two years, the usual number; more grow the array
        s.ledgers = new long[PointSeries.ENTRY * (s.months + 2)];
        readLedger(s.ledgers, 0, s.months, in);
        s.years = readCount(in);
        if (s.months + s.years > s.ledgers.length / PointSeries.ENTRY) {
            s.ledgers = Arrays.copyOf(s.ledgers, PointSeries.ENTRY * (s.months + s.years));
        }
        readLedger(s.ledgers, s.months, s.years, in);
        return s;
    }

    @Override
    public PointSeries deserialize(PointSeries reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<PointSeries> snapshotConfiguration() {
        return new PointSeriesSerializerSnapshot();
    }

    /** A ledger: count, starts, amounts, estimated-share counters; {@code n} entries of a series' array from entry {@code from}. */
    private static void writeLedger(long[] a, int from, int n, DataOutputView out) throws IOException {
        int at = PointSeries.ENTRY * from;
        writeTimes(a, at, PointSeries.ENTRY, n, out);
        for (int i = 0; i < n; i++) out.writeLong(a[at + PointSeries.ENTRY * i + 1]);
        for (int i = 0; i < n; i++) writeVarLong(zigzag((int) a[at + PointSeries.ENTRY * i + 2]), out);
    }

    /**
     * Count, then ascending times: the first in full, the rest as steps — in quarter hours when every step
     * is a whole number of them (bucket starts always are; readings usually), else in milliseconds. The times are
     * every {@code stride}-th long of {@code a} from {@code at}.
     */
    private static void writeTimes(long[] a, int at, int stride, int n, DataOutputView out) throws IOException {
        writeVarLong(n, out);
        if (n == 0) return;
        int end = at + stride * n;
        boolean quarters = true;
        for (int i = at + stride; i < end && quarters; i += stride)
            quarters = (a[i] - a[i - stride]) % ShanghaiCalendar.QUARTER_MS == 0;
        out.writeBoolean(quarters);
        out.writeLong(a[at]);
        // two loops, so that the division is by a constant (a multiplication once compiled)
        if (quarters) {
            for (int i = at + stride; i < end; i += stride)
                writeVarLong((a[i] - a[i - stride]) / ShanghaiCalendar.QUARTER_MS, out);
        } else {
            for (int i = at + stride; i < end; i += stride) writeVarLong(a[i] - a[i - stride], out);
        }
    }

    private static int readCount(DataInputView in) throws IOException {
        long n = readVarLong(in, "point series");
        if (n < 0 || n > Integer.MAX_VALUE / PointSeries.ENTRY - 2)
            throw new IOException("corrupt point series: count " + n);
        return (int) n;
    }

    /** Reads the times after their count (the caller has read it) into every {@code stride}-th long of {@code a} from {@code at}. */
    private static void readTimes(long[] a, int at, int stride, int n, DataInputView in) throws IOException {
        if (n == 0) return;
        long unit = in.readBoolean() ? ShanghaiCalendar.QUARTER_MS : 1;
        a[at] = in.readLong();
        int end = at + stride * n;
        for (int i = at + stride; i < end; i += stride) a[i] = a[i - stride] + readVarLong(in, "point series") * unit;
    }

    /** Reads a ledger after its count into {@code n} entries of a series' array from entry {@code from}. */
    private static void readLedger(long[] a, int from, int n, DataInputView in) throws IOException {
        int at = PointSeries.ENTRY * from;
        readTimes(a, at, PointSeries.ENTRY, n, in);
        for (int i = 0; i < n; i++) a[at + PointSeries.ENTRY * i + 1] = in.readLong();
        for (int i = 0; i < n; i++) a[at + PointSeries.ENTRY * i + 2] = (int) unzigzag(readVarLong(in, "point series"));
    }

    /** Format version 1; there is no other yet. */
    public static final class PointSeriesSerializerSnapshot extends SimpleTypeSerializerSnapshot<PointSeries> {
        public PointSeriesSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
