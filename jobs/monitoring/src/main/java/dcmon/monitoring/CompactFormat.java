package dcmon.monitoring;

import static dcmon.monitoring.Varints.readVarLong;
import static dcmon.monitoring.Varints.unzigzag;
import static dcmon.monitoring.Varints.writeVarLong;
import static dcmon.monitoring.Varints.zigzag;

import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.series.PointSeries;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Format 2 of a {@link PointSeries} in state, after its format byte (see {@link PointSeriesSerializer}):
 *
 * <ol>
 *   <li>flags (interval, floor set, last seen set), then the floor and last seen as varints where set;
 *   <li>readings: count, times as runs of equal steps ({@link #writeTimes}), values ({@link #writeValues});
 *   <li>quarter hours: count, starts as runs, then one bit each for "exactly the step of the readings on its bounds,
 *       nothing estimated" ({@link #predicted}), then the amount and estimated count of every other one;
 *   <li>day, month and year totals: each a count, starts as runs, amounts as doubles, estimated counts as varints;
 *   <li>the covered marks: count and ascending times as steps.
 * </ol>
 *
 * <p>Every encoding gives back the very bits it was given; where one would not (a value with more than six decimals,
 * a quarter hour that is not one step), the full double is written.
 */
final class CompactFormat {
    private CompactFormat() {}

    private static final int INTERVAL = 1;
    private static final int FLOOR = 2;
    private static final int LAST_SEEN = 4;
    /** Values as steps of their decimal digits, with up to this many after the point. */
    private static final int MAX_DECIMALS = 6;

    private static final double[] POWERS = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
    /** Scaled values stay below this, so that their steps cannot overflow. */
    private static final long SCALED_LIMIT = 1L << 53;

    private static final int RAW_VALUES = 0xFF;
    private static final String WHAT = "point series";

    static void write(PointSeries s, DataOutputView out) throws IOException {
        int flags = (s.interval ? INTERVAL : 0)
                | (s.floor != Long.MIN_VALUE ? FLOOR : 0)
                | (s.lastSeen != Long.MIN_VALUE ? LAST_SEEN : 0);
        out.writeByte(flags);
        if (s.floor != Long.MIN_VALUE) writeVarLong(zigzag(s.floor), out);
        if (s.lastSeen != Long.MIN_VALUE) writeVarLong(zigzag(s.lastSeen), out);

        writeVarLong(s.size, out);
        writeTimes(s.readings, 0, PointSeries.READING, s.size, out);
        writeValues(s, out);

        writeVarLong(s.quarters, out);
        writeTimes(s.quarterData, 0, PointSeries.ENTRY, s.quarters, out);
        writeQuarterAmounts(s, out);

        writeLedger(s.ledgers, 0, s.days, out);
        writeLedger(s.ledgers, s.days, s.months, out);
        writeLedger(s.ledgers, s.days + s.months, s.years, out);

        writeVarLong(s.coveredCount, out);
        writeTimes(s.covered, 0, 1, s.coveredCount, out);
    }

    static PointSeries read(DataInputView in) throws IOException {
        PointSeries s = new PointSeries();
        int flags = in.readUnsignedByte();
        s.interval = (flags & INTERVAL) != 0;
        if ((flags & FLOOR) != 0) s.floor = unzigzag(readVarLong(in, WHAT));
        if ((flags & LAST_SEEN) != 0) s.lastSeen = unzigzag(readVarLong(in, WHAT));

        s.size = PointSeriesSerializer.readCount(in);
        s.readings = new long[PointSeries.READING * Math.max(4, s.size)];
        readTimes(s.readings, 0, PointSeries.READING, s.size, in);
        readValues(s, in);

        s.quarters = PointSeriesSerializer.readCount(in);
        s.quarterData = new long[PointSeries.ENTRY * Math.max(4, s.quarters)];
        readTimes(s.quarterData, 0, PointSeries.ENTRY, s.quarters, in);
        readQuarterAmounts(s, in);

        int days = PointSeriesSerializer.readCount(in);
        long[] dayData = readLedger(days, in);
        int months = PointSeriesSerializer.readCount(in);
        long[] monthData = readLedger(months, in);
        int years = PointSeriesSerializer.readCount(in);
        long[] yearData = readLedger(years, in);
        // room for a new day and month, the usual growth; more grow the array
        s.ledgers = new long[PointSeries.ENTRY * (days + months + years + 2)];
        System.arraycopy(dayData, 0, s.ledgers, 0, dayData.length);
        System.arraycopy(monthData, 0, s.ledgers, dayData.length, monthData.length);
        System.arraycopy(yearData, 0, s.ledgers, dayData.length + monthData.length, yearData.length);
        s.days = days;
        s.months = months;
        s.years = years;

        s.coveredCount = PointSeriesSerializer.readCount(in);
        s.covered = new long[s.coveredCount];
        readTimes(s.covered, 0, 1, s.coveredCount, in);
        return s;
    }

    // ---------------------------------------------------------------- times

    /**
     * Ascending times, every {@code stride}-th long of {@code a} from {@code at}: the first, then runs of equal steps
     * as (step, how many). A point reporting every quarter hour writes its readings' times in a few bytes.
     */
    static void writeTimes(long[] a, int at, int stride, int n, DataOutputView out) throws IOException {
        if (n == 0) return;
        writeVarLong(zigzag(a[at]), out);
        int i = 1;
        while (i < n) {
            long step = a[at + stride * i] - a[at + stride * (i - 1)];
            int run = 1;
            while (i + run < n && a[at + stride * (i + run)] - a[at + stride * (i + run - 1)] == step) run++;
            writeVarLong(step, out);
            writeVarLong(run, out);
            i += run;
        }
    }

    static void readTimes(long[] a, int at, int stride, int n, DataInputView in) throws IOException {
        if (n == 0) return;
        a[at] = unzigzag(readVarLong(in, WHAT));
        int i = 1;
        while (i < n) {
            long step = readVarLong(in, WHAT);
            long run = readVarLong(in, WHAT);
            if (step < 0 || run < 1 || run > n - i) throw new IOException("corrupt point series: run " + run);
            for (int k = 0; k < run; k++, i++) a[at + stride * i] = a[at + stride * (i - 1)] + step;
        }
    }

    // ---------------------------------------------------------------- values

    /**
     * The readings' values: a byte with the number of decimals {@code d}, then each value × 10^d as a step from the
     * previous one (a register's steps are small); or {@link #RAW_VALUES} and the doubles, when some value does not
     * come back bit for bit from its digits.
     */
    private static void writeValues(PointSeries s, DataOutputView out) throws IOException {
        if (s.size == 0) return;
        int d = decimals(s);
        if (d < 0) {
            out.writeByte(RAW_VALUES);
            for (int i = 0; i < s.size; i++) out.writeLong(s.readings[PointSeries.READING * i + 1]);
            return;
        }
        out.writeByte(d);
        long previous = 0;
        for (int i = 0; i < s.size; i++) {
            long scaled = Math.round(s.value(i) * POWERS[d]);
            writeVarLong(zigzag(scaled - previous), out);
            previous = scaled;
        }
    }

    /** The fewest decimals that give every value back bit for bit, or -1. */
    private static int decimals(PointSeries s) {
        int d = 0;
        for (int i = 0; i < s.size; i++) {
            double v = s.value(i);
            while (!fromDigits(v, d)) {
                if (++d > MAX_DECIMALS) return -1;
            }
        }
        return d;
    }

    private static boolean fromDigits(double v, int d) {
        double scaled = v * POWERS[d];
        if (!(Math.abs(scaled) < SCALED_LIMIT)) return false;
        double back = Math.round(scaled) / POWERS[d];
        return Double.doubleToRawLongBits(back) == Double.doubleToRawLongBits(v);
    }

    private static void readValues(PointSeries s, DataInputView in) throws IOException {
        if (s.size == 0) return;
        int d = in.readUnsignedByte();
        if (d == RAW_VALUES) {
            for (int i = 0; i < s.size; i++) s.readings[PointSeries.READING * i + 1] = in.readLong();
            return;
        }
        if (d > MAX_DECIMALS) throw new IOException("corrupt point series: " + d + " decimals");
        long scaled = 0;
        for (int i = 0; i < s.size; i++) {
            scaled += unzigzag(readVarLong(in, WHAT));
            s.readings[PointSeries.READING * i + 1] = Double.doubleToRawLongBits(scaled / POWERS[d]);
        }
    }

    // ---------------------------------------------------------------- quarter hours

    /**
     * The amount a quarter hour starting at {@code start} holds when it is exactly one step: a cumulative point's
     * readings at its start and its end (their difference), an interval point's reading at its start. NaN when there
     * is no such reading. {@code j} is the first reading at or after {@code start}.
     */
    static double predicted(PointSeries s, int j, long start) {
        if (j >= s.size || s.ts(j) != start) return Double.NaN;
        if (s.interval) return s.value(j);
        if (j + 1 >= s.size || s.ts(j + 1) != start + ShanghaiCalendar.QUARTER_MS) return Double.NaN;
        return s.value(j + 1) - s.value(j);
    }

    private static void writeQuarterAmounts(PointSeries s, DataOutputView out) throws IOException {
        boolean[] asPredicted = new boolean[s.quarters];
        int j = 0;
        int bits = 0;
        for (int q = 0; q < s.quarters; q++) {
            long start = s.quarterStart(q);
            while (j < s.size && s.ts(j) < start) j++;
            double p = predicted(s, j, start);
            asPredicted[q] = s.quarterEstimated(q) == 0
                    && Double.doubleToRawLongBits(p) == Double.doubleToRawLongBits(s.quarterAmount(q));
            bits = (bits << 1) | (asPredicted[q] ? 1 : 0);
            if (q % 8 == 7) {
                out.writeByte(bits);
                bits = 0;
            }
        }
        if (s.quarters % 8 != 0) out.writeByte(bits << (8 - s.quarters % 8));
        for (int q = 0; q < s.quarters; q++) {
            if (asPredicted[q]) continue;
            out.writeLong(s.quarterData[PointSeries.ENTRY * q + 1]);
            writeVarLong(zigzag(s.quarterEstimated(q)), out);
        }
    }

    private static void readQuarterAmounts(PointSeries s, DataInputView in) throws IOException {
        boolean[] asPredicted = new boolean[s.quarters];
        for (int q = 0; q < s.quarters; q += 8) {
            int bits = in.readUnsignedByte();
            for (int k = 0; k < 8 && q + k < s.quarters; k++) asPredicted[q + k] = (bits & (0x80 >>> k)) != 0;
        }
        int j = 0;
        for (int q = 0; q < s.quarters; q++) {
            int at = PointSeries.ENTRY * q;
            if (asPredicted[q]) {
                long start = s.quarterStart(q);
                while (j < s.size && s.ts(j) < start) j++;
                double p = predicted(s, j, start);
                if (Double.isNaN(p)) throw new IOException("corrupt point series: no step for quarter hour " + start);
                s.quarterData[at + 1] = Double.doubleToRawLongBits(p);
                s.quarterData[at + 2] = 0;
            } else {
                s.quarterData[at + 1] = in.readLong();
                s.quarterData[at + 2] = (int) unzigzag(readVarLong(in, WHAT));
            }
        }
    }

    // ---------------------------------------------------------------- day, month and year totals

    private static void writeLedger(long[] a, int from, int n, DataOutputView out) throws IOException {
        int at = PointSeries.ENTRY * from;
        writeVarLong(n, out);
        writeTimes(a, at, PointSeries.ENTRY, n, out);
        for (int i = 0; i < n; i++) out.writeLong(a[at + PointSeries.ENTRY * i + 1]);
        for (int i = 0; i < n; i++) writeVarLong(zigzag((int) a[at + PointSeries.ENTRY * i + 2]), out);
    }

    private static long[] readLedger(int n, DataInputView in) throws IOException {
        long[] a = new long[PointSeries.ENTRY * n];
        readTimes(a, 0, PointSeries.ENTRY, n, in);
        for (int i = 0; i < n; i++) a[PointSeries.ENTRY * i + 1] = in.readLong();
        for (int i = 0; i < n; i++) a[PointSeries.ENTRY * i + 2] = (int) unzigzag(readVarLong(in, WHAT));
        return a;
    }
}
