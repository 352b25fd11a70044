package dcmon.core.series;

import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.registry.Point;
import dcmon.core.registry.PointKind;

import java.util.Arrays;

/**
 * Everything dcmon keeps about one measurement point: its accepted readings (anchors) within the lateness
 * horizon, and the amounts those readings put into 15-minute buckets, months and years.
 *
 * <p>Readings may arrive in any order. A reading is placed between its neighbours in time: for a cumulative
 * register the step that used to span it is taken out and the two new steps are put in, so a late reading
 * re-splits exactly the interval it falls into (DESIGN §4). Every change to a bucket is reported to a
 * {@link BucketChanges} listener so aggregates can follow by deltas.
 *
 * <p>Public mutable fields of primitive arrays keep this a plain serializable value (also a Flink POJO)
 * with no per-reading allocation besides occasional array growth.
 */
public final class PointSeries {
    /** Receives each change to one of this point's buckets. */
    @FunctionalInterface
    public interface BucketChanges {
        void change(long bucketStart, double amountDelta, int estimatedDelta);
    }

    /** Accepted readings, ascending by time. */
    public long[] ts = new long[4];
    public double[] values = new double[4];
    public int size;
    /** Readings before this time can no longer be placed (history before it was pruned). */
    public long floor = Long.MIN_VALUE;
    /** Time of the newest reading ever accepted (pruning may move the anchor, never this). */
    public long lastSeen = Long.MIN_VALUE;
    /** Whether the point reports interval amounts (set on the first reading; pruning treats those differently). */
    public boolean interval;

    /** Quarter-hour buckets: start, amount, and how many estimated shares they hold. Ascending by start. */
    public long[] quarterStart = new long[8];
    public double[] quarterAmount = new double[8];
    public int[] quarterEstimated = new int[8];
    public int quarters;

    /** Month and year totals, kept beyond the horizon because reports need whole months and years. */
    public long[] monthStart = new long[2];
    public double[] monthAmount = new double[2];
    public int[] monthEstimated = new int[2];
    public int months;
    public long[] yearStart = new long[1];
    public double[] yearAmount = new double[1];
    public int[] yearEstimated = new int[1];
    public int years;

    /*
     * Set on a sharing copy (see sharingCopy) while it still shares a group of arrays with the series it was copied
     * from. Not part of the value (transient: neither serialized nor compared). Writing past the end of the
     * shared part (an append) is safe without a copy: the series shared with never reads past its own count,
     * and it never changes again. Anything else (a change of an entry it can see, an insert in the middle, a
     * prune) first copies that group.
     */
    private transient boolean sharesReadings;
    private transient boolean sharesQuarters;
    private transient boolean sharesLedgers;

    public PointSeries() {}

    /**
     * A copy that shares this series' arrays. Keyed state on the heap copies every value of an enterprise's
     * map the first time the map is touched while a checkpoint is written, although a message changes only
     * some of its points, and a point's arrays hold its whole lateness window. The copy copies a group of
     * arrays only when it changes an entry this series holds: a reading that comes in order, on the
     * quarter-hour grid, appends to the readings and the quarter hours and copies only the month and year
     * ledgers (a few entries). This series itself must not change any more (the checkpoint holds it and
     * writes it out), and only the copy may go on changing.
     */
    public PointSeries sharingCopy() {
        PointSeries c = new PointSeries(ts, values, quarterStart, quarterAmount, quarterEstimated);
        c.size = size;
        c.floor = floor;
        c.lastSeen = lastSeen;
        c.interval = interval;
        c.quarters = quarters;
        c.monthStart = monthStart;
        c.monthAmount = monthAmount;
        c.monthEstimated = monthEstimated;
        c.months = months;
        c.yearStart = yearStart;
        c.yearAmount = yearAmount;
        c.yearEstimated = yearEstimated;
        c.years = years;
        c.sharesReadings = true;
        c.sharesQuarters = true;
        c.sharesLedgers = true;
        return c;
    }

    private PointSeries(long[] ts, double[] values, long[] quarterStart, double[] quarterAmount, int[] quarterEstimated) {
        this.ts = ts;
        this.values = values;
        this.quarterStart = quarterStart;
        this.quarterAmount = quarterAmount;
        this.quarterEstimated = quarterEstimated;
    }

    /** Before an entry of the readings that a sharing copy's original can see changes: arrays of its own. */
    private void ownReadings() {
        if (!sharesReadings) return;
        ts = ts.clone();
        values = values.clone();
        sharesReadings = false;
    }

    private void ownQuarters() {
        if (!sharesQuarters) return;
        quarterStart = quarterStart.clone();
        quarterAmount = quarterAmount.clone();
        quarterEstimated = quarterEstimated.clone();
        sharesQuarters = false;
    }

    private void ownLedgers() {
        if (!sharesLedgers) return;
        monthStart = monthStart.clone();
        monthAmount = monthAmount.clone();
        monthEstimated = monthEstimated.clone();
        yearStart = yearStart.clone();
        yearAmount = yearAmount.clone();
        yearEstimated = yearEstimated.clone();
        sharesLedgers = false;
    }

    private void ownArrays() {
        ownReadings();
        ownQuarters();
        ownLedgers();
    }

    /**
     * Offers a reading. On acceptance the buckets it affects change and each change is reported.
     */
    public InsertResult insert(long t, double v, Point point, BucketChanges out) {
        if (t < floor) return InsertResult.BEFORE_FLOOR;
        interval = point.kind() == PointKind.INTERVAL;
        int i = search(ts, size, t);
        if (i >= 0) return values[i] == v ? InsertResult.DUPLICATE : InsertResult.CONFLICT;
        int at = -i - 1;
        return point.kind() == PointKind.INTERVAL ? insertInterval(at, t, v, point, out) : insertCumulative(at, t, v, point, out);
    }

    private InsertResult insertInterval(int at, long t, double v, Point point, BucketChanges out) {
        addAnchor(at, t, v);
        spread(t, t + point.periodMillis(), v, +1, out);
        return InsertResult.ACCEPTED;
    }

    private InsertResult insertCumulative(int at, long t, double v, Point point, BucketChanges out) {
        CounterStep before = at > 0 ? step(ts[at - 1], values[at - 1], t, v, point) : null;
        CounterStep after = at < size ? step(t, v, ts[at], values[at], point) : null;
        if (isKind(before, StepKind.NEGATIVE) || isKind(after, StepKind.NEGATIVE)) return InsertResult.NEGATIVE_STEP;
        if (isKind(before, StepKind.SUSPECT) || isKind(after, StepKind.SUSPECT)) return InsertResult.SUSPECT_STEP;
        if (before != null && after != null) {
            // the step that spanned t is replaced by the two steps around it
            CounterStep spanning = step(ts[at - 1], values[at - 1], ts[at], values[at], point);
            spread(ts[at - 1], ts[at], spanning.delta(), -1, out);
        }
        if (before != null) spread(ts[at - 1], t, before.delta(), +1, out);
        if (after != null) spread(t, ts[at], after.delta(), +1, out);
        addAnchor(at, t, v);
        if (isKind(before, StepKind.RESET) || isKind(after, StepKind.RESET)) return InsertResult.ACCEPTED_RESET;
        if (isKind(before, StepKind.ROLLOVER) || isKind(after, StepKind.ROLLOVER)) return InsertResult.ACCEPTED_ROLLOVER;
        return InsertResult.ACCEPTED;
    }

    private static CounterStep step(long t1, double v1, long t2, double v2, Point p) {
        return CounterStep.classify(t1, v1, t2, v2, p.rollover(), p.maxRatePerHour());
    }

    private static boolean isKind(CounterStep s, StepKind k) { return s != null && s.kind() == k; }

    /** Adds (sign +1) or removes (sign -1) the linear shares of an amount over [t1, t2). */
    private void spread(long t1, long t2, double amount, int sign, BucketChanges out) {
        if (t2 <= t1) return;
        Apportion.linear(t1, t2, amount, (bucket, share, estimated) -> {
            double delta = sign * share;
            int est = estimated ? sign : 0;
            if (delta == 0 && est == 0) return;
            addToLedgers(bucket, delta, est);
            out.change(bucket, delta, est);
        });
    }

    private void addToLedgers(long bucket, double delta, int est) {
        int q = search(quarterStart, quarters, bucket);
        // only a new bucket after the last one leaves every entry a sharing copy's original sees as it was
        boolean appends = q < 0 && -q - 1 == quarters;
        if (!appends) ownQuarters();
        // month and year totals change with every bucket: a few entries, copied on the first change
        ownLedgers();
        if (q < 0) {
            q = -q - 1;
            // fields are assigned only when their arrays grow (see addAnchor)
            if (quarters == quarterStart.length) quarterStart = Arrays.copyOf(quarterStart, capacityAfter(quarters));
            if (quarters == quarterAmount.length) quarterAmount = Arrays.copyOf(quarterAmount, capacityAfter(quarters));
            if (quarters == quarterEstimated.length) quarterEstimated = Arrays.copyOf(quarterEstimated, capacityAfter(quarters));
            insertLong(quarterStart, quarters, q, bucket);
            insertDouble(quarterAmount, quarters, q, 0);
            insertInt(quarterEstimated, quarters, q);
            quarters++;
        }
        quarterAmount[q] += delta;
        quarterEstimated[q] += est;

        long m = ShanghaiCalendar.monthStart(bucket);
        int mi = search(monthStart, months, m);
        if (mi < 0) {
            mi = -mi - 1;
            if (months == monthStart.length) {
                monthStart = Arrays.copyOf(monthStart, capacityAfter(months));
                monthAmount = Arrays.copyOf(monthAmount, capacityAfter(months));
                monthEstimated = Arrays.copyOf(monthEstimated, capacityAfter(months));
            }
            insertLong(monthStart, months, mi, m);
            insertDouble(monthAmount, months, mi, 0);
            insertInt(monthEstimated, months, mi);
            months++;
        }
        monthAmount[mi] += delta;
        monthEstimated[mi] += est;

        long y = ShanghaiCalendar.yearStart(bucket);
        int yi = search(yearStart, years, y);
        if (yi < 0) {
            yi = -yi - 1;
            if (years == yearStart.length) {
                yearStart = Arrays.copyOf(yearStart, capacityAfter(years));
                yearAmount = Arrays.copyOf(yearAmount, capacityAfter(years));
                yearEstimated = Arrays.copyOf(yearEstimated, capacityAfter(years));
            }
            insertLong(yearStart, years, yi, y);
            insertDouble(yearAmount, years, yi, 0);
            insertInt(yearEstimated, years, yi);
            years++;
        }
        yearAmount[yi] += delta;
        yearEstimated[yi] += est;
    }

    private void addAnchor(int at, long t, double v) {
        if (at < size) ownReadings();
        lastSeen = Math.max(lastSeen, t);
        // Fields are assigned only when their arrays grow: with G1, storing a reference into a long-lived object
        // marks a card for the collector to scan even when it stores the array that was there.
        if (size == ts.length) ts = Arrays.copyOf(ts, capacityAfter(size));
        if (size == values.length) values = Arrays.copyOf(values, capacityAfter(size));
        insertLong(ts, size, at, t);
        insertDouble(values, size, at, v);
        size++;
    }

    /** Amount in the 15-minute bucket starting at {@code start} (0 when nothing was counted there). */
    public double quarter(long start) {
        int q = search(quarterStart, quarters, start);
        return q >= 0 ? quarterAmount[q] : 0;
    }

    public boolean quarterIsEstimated(long start) {
        int q = search(quarterStart, quarters, start);
        return q >= 0 && quarterEstimated[q] > 0;
    }

    /** Sum of the buckets of the Shanghai day starting at {@code dayStart}. */
    public double day(long dayStart) {
        double sum = 0;
        for (int q = firstQuarterAtOrAfter(dayStart); q < quarters && quarterStart[q] < dayStart + ShanghaiCalendar.DAY_MS; q++) {
            sum += quarterAmount[q];
        }
        return sum;
    }

    public boolean dayIsEstimated(long dayStart) {
        for (int q = firstQuarterAtOrAfter(dayStart); q < quarters && quarterStart[q] < dayStart + ShanghaiCalendar.DAY_MS; q++) {
            if (quarterEstimated[q] > 0) return true;
        }
        return false;
    }

    public double month(long start) {
        int i = search(monthStart, months, start);
        return i >= 0 ? monthAmount[i] : 0;
    }

    public boolean monthIsEstimated(long start) {
        int i = search(monthStart, months, start);
        return i >= 0 && monthEstimated[i] > 0;
    }

    public double year(long start) {
        int i = search(yearStart, years, start);
        return i >= 0 ? yearAmount[i] : 0;
    }

    public boolean yearIsEstimated(long start) {
        int i = search(yearStart, years, start);
        return i >= 0 && yearEstimated[i] > 0;
    }

    /** Time of the newest reading held, or {@link Long#MIN_VALUE} when there is none (see also {@link #lastSeen}). */
    public long lastTs() { return size == 0 ? Long.MIN_VALUE : ts[size - 1]; }

    /**
     * Closes every period before the Shanghai day of {@code horizon}: nothing may change them any more.
     *
     * <ul>
     *   <li>Readings before that day go. If the point has a newer reading, the first reading kept becomes the
     *       floor: a reading earlier than it would fall into a step that has already been booked partly into
     *       closed periods, so it is rejected as too late.</li>
     *   <li>If the point has been silent since before that day, its newest reading stays as the anchor of the
     *       next step but moves to the start of the day, keeping its register value: the next delta is then
     *       booked only into open periods (all of it — none is lost) and is marked estimated like any gap.</li>
     *   <li>Buckets before that day go; months more than twelve months back and years before the previous year
     *       go; newer month and year totals stay, since reports need whole months and years.</li>
     * </ul>
     *
     * @return true when nothing is left worth keeping (no readings at all)
     */
    public boolean prune(long horizon) {
        ownArrays();
        long open = ShanghaiCalendar.dayStart(horizon);
        int closed = Arrays.binarySearch(ts, 0, size, open);
        closed = closed >= 0 ? closed : -closed - 1;
        if (closed > 0) {
            if (closed == size && !interval) {
                ts[0] = open;
                values[0] = values[size - 1];
                size = 1;
            } else {
                System.arraycopy(ts, closed, ts, 0, size - closed);
                System.arraycopy(values, closed, values, 0, size - closed);
                size -= closed;
            }
            floor = interval || size == 0 ? open : ts[0];
        }
        int q = firstQuarterAtOrAfter(open);
        if (q > 0) {
            System.arraycopy(quarterStart, q, quarterStart, 0, quarters - q);
            System.arraycopy(quarterAmount, q, quarterAmount, 0, quarters - q);
            System.arraycopy(quarterEstimated, q, quarterEstimated, 0, quarters - q);
            quarters -= q;
        }
        long oldestMonth = ShanghaiCalendar.startOf(ShanghaiCalendar.date(horizon).withDayOfMonth(1).minusMonths(12));
        int m = 0;
        while (m < months && monthStart[m] < oldestMonth) m++;
        if (m > 0) {
            System.arraycopy(monthStart, m, monthStart, 0, months - m);
            System.arraycopy(monthAmount, m, monthAmount, 0, months - m);
            System.arraycopy(monthEstimated, m, monthEstimated, 0, months - m);
            months -= m;
        }
        long oldestYear = ShanghaiCalendar.startOf(ShanghaiCalendar.date(horizon).withDayOfYear(1).minusYears(1));
        int y = 0;
        while (y < years && yearStart[y] < oldestYear) y++;
        if (y > 0) {
            System.arraycopy(yearStart, y, yearStart, 0, years - y);
            System.arraycopy(yearAmount, y, yearAmount, 0, years - y);
            System.arraycopy(yearEstimated, y, yearEstimated, 0, years - y);
            years -= y;
        }
        return size == 0;
    }

    // ---------------------------------------------------------------- recent and older parts

    /*
     * A point's history can be kept in two parts: the recent part (this class, with the month and year ledgers and
     * the header) and an older part with the readings and quarter hours before it. Readings nearly always come in
     * order, and a state backend that serializes a value on every access (RocksDB) then reads and writes only the
     * recent part, a day or two, instead of the whole lateness window (35 days, ~64 KB). The split keeps one
     * invariant: the recent part starts at a reading, and holds every quarter hour from the Shanghai day of that
     * reading on. A reading at or after the recent part's first reading then changes only what the recent part
     * holds, and day totals from that day on are whole.
     */

    /**
     * Moves the readings before {@code before} to a new series, except the last of them, which stays as the anchor
     * of the next step, and the quarter hours before that anchor's Shanghai day. This series keeps the rest, the
     * month and year ledgers and the header (floor, last seen).
     *
     * @return the older part, or null when nothing would move
     */
    public PointSeries splitOlder(long before) {
        if (size == 0) return null;
        int earlier = Arrays.binarySearch(ts, 0, size, before);
        earlier = earlier >= 0 ? earlier : -earlier - 1;
        int keepFrom = Math.max(0, earlier - 1);
        int keepQuartersFrom = firstQuarterAtOrAfter(ShanghaiCalendar.dayStart(ts[keepFrom]));
        if (keepFrom == 0 && keepQuartersFrom == 0) return null;
        PointSeries older = new PointSeries();
        older.interval = interval;
        // Arrays this series owns go to the older part as they are, which then owns them alone (this series takes new
        // ones below); arrays shared with a checkpoint's copy are copied.
        older.ts = sharesReadings ? Arrays.copyOf(ts, Math.max(4, keepFrom)) : ts;
        older.values = sharesReadings ? Arrays.copyOf(values, Math.max(4, keepFrom)) : values;
        older.size = keepFrom;
        older.quarterStart = sharesQuarters ? Arrays.copyOf(quarterStart, Math.max(4, keepQuartersFrom)) : quarterStart;
        older.quarterAmount = sharesQuarters ? Arrays.copyOf(quarterAmount, Math.max(4, keepQuartersFrom)) : quarterAmount;
        older.quarterEstimated = sharesQuarters ? Arrays.copyOf(quarterEstimated, Math.max(4, keepQuartersFrom)) : quarterEstimated;
        older.quarters = keepQuartersFrom;
        // new arrays for what stays: the old ones are the older part's now, or shared with a checkpoint's copy
        ts = Arrays.copyOfRange(ts, keepFrom, keepFrom + Math.max(4, size - keepFrom));
        values = Arrays.copyOfRange(values, keepFrom, keepFrom + Math.max(4, size - keepFrom));
        size -= keepFrom;
        quarterStart = Arrays.copyOfRange(quarterStart, keepQuartersFrom, keepQuartersFrom + Math.max(4, quarters - keepQuartersFrom));
        quarterAmount = Arrays.copyOfRange(quarterAmount, keepQuartersFrom, keepQuartersFrom + Math.max(4, quarters - keepQuartersFrom));
        quarterEstimated = Arrays.copyOfRange(quarterEstimated, keepQuartersFrom, keepQuartersFrom + Math.max(4, quarters - keepQuartersFrom));
        quarters -= keepQuartersFrom;
        sharesReadings = false;
        sharesQuarters = false;
        return older;
    }

    /**
     * The whole series again: {@code older} (from {@link #splitOlder}) followed by {@code recent}, whose header and
     * ledgers it takes. A new value: neither part changes.
     */
    public static PointSeries joined(PointSeries older, PointSeries recent) {
        PointSeries whole = new PointSeries();
        whole.floor = recent.floor;
        whole.lastSeen = recent.lastSeen;
        whole.interval = recent.interval;
        whole.size = older.size + recent.size;
        whole.ts = concat(older.ts, older.size, recent.ts, recent.size);
        whole.values = concat(older.values, older.size, recent.values, recent.size);
        whole.quarters = older.quarters + recent.quarters;
        whole.quarterStart = concat(older.quarterStart, older.quarters, recent.quarterStart, recent.quarters);
        whole.quarterAmount = concat(older.quarterAmount, older.quarters, recent.quarterAmount, recent.quarters);
        whole.quarterEstimated = concat(older.quarterEstimated, older.quarters, recent.quarterEstimated, recent.quarters);
        whole.months = recent.months;
        whole.monthStart = recent.monthStart.clone();
        whole.monthAmount = recent.monthAmount.clone();
        whole.monthEstimated = recent.monthEstimated.clone();
        whole.years = recent.years;
        whole.yearStart = recent.yearStart.clone();
        whole.yearAmount = recent.yearAmount.clone();
        whole.yearEstimated = recent.yearEstimated.clone();
        return whole;
    }

    /**
     * Whether a reading at {@code t} falls before this (recent) part: it would be placed among the older part's
     * readings, if there is one, so the whole series is needed. Readings before the floor are refused either way.
     */
    public boolean needsOlderFor(long t) {
        // a reading after the newest one ever (the usual case) is decided without touching the readings
        return size > 0 && t <= lastSeen && t < ts[0] && t >= floor;
    }

    /** Whether day totals of the Shanghai day starting at {@code dayStart} need the older part, if there is one. */
    public boolean needsOlderForDay(long dayStart) {
        return size > 0 && dayStart < ShanghaiCalendar.dayStart(ts[0]);
    }

    private static long[] concat(long[] a, int n, long[] b, int m) {
        long[] out = Arrays.copyOf(a, Math.max(4, n + m));
        System.arraycopy(b, 0, out, n, m);
        return out;
    }

    private static double[] concat(double[] a, int n, double[] b, int m) {
        double[] out = Arrays.copyOf(a, Math.max(4, n + m));
        System.arraycopy(b, 0, out, n, m);
        return out;
    }

    private static int[] concat(int[] a, int n, int[] b, int m) {
        int[] out = Arrays.copyOf(a, Math.max(4, n + m));
        System.arraycopy(b, 0, out, n, m);
        return out;
    }

    private int firstQuarterAtOrAfter(long start) {
        int q = search(quarterStart, quarters, start);
        return q >= 0 ? q : -q - 1;
    }

    /**
     * {@link Arrays#binarySearch} over the first {@code n} entries, answering the usual cases without a search:
     * readings and buckets mostly come in order, so the key is the last entry or after it. A search's first steps
     * are cache misses in a series that was not touched for a while.
     */
    static int search(long[] a, int n, long key) {
        if (n == 0) return -1;
        long last = a[n - 1];
        if (key > last) return -n - 1;
        if (key == last) return n - 1;
        return Arrays.binarySearch(a, 0, n - 1, key);
    }

    /** Capacity of an array that holds {@code n} entries and must take one more. */
    private static int capacityAfter(int n) { return Math.max(4, n * 2); }

    /** Inserts {@code v} at {@code at} into the first {@code n} entries of {@code a}, which has room for one more. */
    private static void insertLong(long[] a, int n, int at, long v) {
        System.arraycopy(a, at, a, at + 1, n - at);
        a[at] = v;
    }

    private static void insertDouble(double[] a, int n, int at, double v) {
        System.arraycopy(a, at, a, at + 1, n - at);
        a[at] = v;
    }

    private static void insertInt(int[] a, int n, int at) {
        System.arraycopy(a, at, a, at + 1, n - at);
        a[at] = 0;
    }
}
