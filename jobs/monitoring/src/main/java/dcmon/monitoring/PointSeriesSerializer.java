package dcmon.monitoring;

import static dcmon.monitoring.Varints.readVarLong;
import static dcmon.monitoring.Varints.unzigzag;

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
 * State serializer of {@link PointSeries}, the job's largest state (one per measurement point). It writes only the
 * used entries, and compactly (format 2, {@link CompactFormat}): times as runs of equal steps, register values as
 * steps of their decimal digits where that gives back the same bits, and a quarter hour's amount as one bit where it
 * is exactly the step of the two readings on its bounds (the usual case at a 15-minute cadence). A point with 72 h
 * of quarter-hour readings takes ~1.5 KB instead of ~7 KB. Values are never rounded: an encoding is used only where
 * it gives back the very bits.
 *
 * <p>Format 1 (every group's times as varint steps, values and amounts as full doubles) is still read: it starts with
 * the floor as 8 bytes, whose first byte is 0x00 or 0x80, never {@link #FORMAT_COMPACT}. Its series get their day
 * totals from their quarter hours.
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

    /** First byte of format 2; format 1 starts with the floor's first byte, 0x00 or 0x80. */
    static final int FORMAT_COMPACT = 2;

    private static void write(PointSeries s, DataOutputView out) throws IOException {
        out.writeByte(FORMAT_COMPACT);
        CompactFormat.write(s, out);
    }

    @Override
    public PointSeries deserialize(DataInputView in) throws IOException {
        int first = in.readUnsignedByte();
        if (first == FORMAT_COMPACT) return CompactFormat.read(in);
        if (first != 0x00 && first != 0x80) throw new IOException("corrupt point series: format byte " + first);
        return readFormat1(first, in);
    }

    /*
     * Format 1 is the one of the series' first layout (eleven arrays): the floor, last seen, the interval flag, then
     * each group's times, then its values, then its counters.
     */
    private static PointSeries readFormat1(int firstByte, DataInputView in) throws IOException {
        PointSeries s = new PointSeries();
        long floor = firstByte;
        for (int i = 0; i < 7; i++) floor = (floor << 8) | in.readUnsignedByte();
        s.floor = floor;
        s.lastSeen = in.readLong();
        s.interval = in.readBoolean();
        s.size = readCount(in);
        s.readings = new long[PointSeries.READING * Math.max(4, s.size)];
        readTimes(s.readings, 0, PointSeries.READING, s.size, in);
        for (int i = 0; i < s.size; i++) s.readings[PointSeries.READING * i + 1] = in.readLong();
        s.quarters = readCount(in);
        s.quarterData = new long[PointSeries.ENTRY * Math.max(4, s.quarters)];
        readLedger(s.quarterData, 0, s.quarters, in);
        int months = readCount(in);
        long[] monthData = new long[PointSeries.ENTRY * months];
        readLedger(monthData, 0, months, in);
        int years = readCount(in);
        long[] yearData = new long[PointSeries.ENTRY * years];
        readLedger(yearData, 0, years, in);
        long[] dayData = daysOf(s);
        int days = dayData.length / PointSeries.ENTRY;
        s.ledgers = new long[PointSeries.ENTRY * Math.max(4, days + months + years)];
        System.arraycopy(dayData, 0, s.ledgers, 0, dayData.length);
        System.arraycopy(monthData, 0, s.ledgers, dayData.length, monthData.length);
        System.arraycopy(yearData, 0, s.ledgers, dayData.length + monthData.length, yearData.length);
        s.days = days;
        s.months = months;
        s.years = years;
        return s;
    }

    /** Day totals summed from the quarter hours in order (as format 1's series computed them when asked). */
    private static long[] daysOf(PointSeries s) {
        long[] out = new long[PointSeries.ENTRY * s.quarters];
        int n = -1;
        for (int q = 0; q < s.quarters; q++) {
            long day = ShanghaiCalendar.dayStart(s.quarterStart(q));
            if (n < 0 || out[PointSeries.ENTRY * n] != day) {
                n++;
                out[PointSeries.ENTRY * n] = day;
                out[PointSeries.ENTRY * n + 1] = Double.doubleToRawLongBits(0.0);
            }
            double sum = Double.longBitsToDouble(out[PointSeries.ENTRY * n + 1]) + s.quarterAmount(q);
            out[PointSeries.ENTRY * n + 1] = Double.doubleToRawLongBits(sum);
            out[PointSeries.ENTRY * n + 2] += s.quarterEstimated(q);
        }
        return Arrays.copyOf(out, PointSeries.ENTRY * (n + 1));
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

    static int readCount(DataInputView in) throws IOException {
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

    /** The bytes say their format (see {@link #deserialize}), so the snapshot needs no version of its own. */
    public static final class PointSeriesSerializerSnapshot extends SimpleTypeSerializerSnapshot<PointSeries> {
        public PointSeriesSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
