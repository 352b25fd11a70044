package dcmon.core.series;

import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.registry.Point;
import dcmon.core.registry.PointKind;
import java.util.Arrays;

/**
 * Everything dcmon keeps about one measurement point: its accepted readings (anchors) within its hot window and
 * around its recorded gaps, and the amounts those readings put into 15-minute buckets, days, months and years.
 *
 * <p>Readings may arrive in any order. A reading is placed between its neighbours in time: for a cumulative
 * register the step that used to span it is taken out and the two new steps are put in, so a late reading
 * re-splits exactly the interval it falls into (docs/design.md, *Late data*). Beyond the hot window only a recorded
 * gap takes a reading ({@link #insert(long, double, Point, long, BucketChanges)}), and {@link #compact} keeps no more
 * than that needs. Every change to a bucket is reported to a {@link BucketChanges} listener so aggregates can follow
 * by deltas.
 *
 * <p>Public mutable fields of primitive arrays keep this a plain serializable value with no per-reading
 * allocation besides occasional array growth. Each group is packed into one {@code long[]} (doubles as their bits):
 * a point is its header and three arrays, not eleven. A checkpoint and most readings touch every group of a point,
 * and each array is a reference to follow and a cache line to miss, for the task, the checkpoint's writer and the
 * garbage collector alike.
 */
public final class PointSeries {
    /** Receives each change to one of this point's buckets. */
    @FunctionalInterface
    public interface BucketChanges {
        void change(long bucketStart, double amountDelta, int estimatedDelta);
    }

    /** Longs per reading in {@link #readings}: time, value's bits. */
    public static final int READING = 2;
    /** Longs per entry in {@link #quarterData} and {@link #ledgers}: start, amount's bits, estimated shares. */
    public static final int ENTRY = 3;

    /** Accepted readings, ascending by time: {@link #READING} longs each (see {@link #ts}, {@link #value}). */
    public long[] readings = new long[READING * 4];

    public int size;
    /** Readings before this time can no longer be placed (history before it was pruned). */
    public long floor = Long.MIN_VALUE;
    /** Time of the newest reading ever accepted (pruning may move the anchor, never this). */
    public long lastSeen = Long.MIN_VALUE;
    /** Whether the point reports interval amounts (set on the first reading; pruning treats those differently). */
    public boolean interval;

    /**
     * Quarter-hour buckets, ascending by start: {@link #ENTRY} longs each, the start, the amount and how many
     * estimated shares it holds (see {@link #quarterStart}, {@link #quarterAmount}, {@link #quarterEstimated}).
     */
    public long[] quarterData = new long[ENTRY * 8];

    public int quarters;

    /**
     * Day totals, then month totals, then year totals, each ascending, entries as in {@link #quarterData}. Days are
     * kept for the lateness window, so that a late reading into an old gap rewrites its day exactly once the quarter
     * hours around it are gone (see {@link #compact}); months and years beyond it, because reports need whole months
     * and years. One array, so that the copy a checkpoint's change of them takes is one array.
     */
    public long[] ledgers = new long[ENTRY * 4];

    public int days;
    public int months;
    public int years;

    /**
     * Times of held readings after which {@link #compact} dropped readings: the stretch from each to the next held
     * reading is covered, whatever its length. Ascending; {@link #coveredCount} of them are used.
     */
    public long[] covered = NO_TIMES;

    public int coveredCount;

    private static final long[] NO_TIMES = new long[0];

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
        PointSeries c = new PointSeries(readings, quarterData, ledgers);
        c.size = size;
        c.floor = floor;
        c.lastSeen = lastSeen;
        c.interval = interval;
        c.quarters = quarters;
        c.days = days;
        c.months = months;
        c.years = years;
        // changed only by compact and prune, which copy it first
        c.covered = covered;
        c.coveredCount = coveredCount;
        c.sharesReadings = true;
        c.sharesQuarters = true;
        c.sharesLedgers = true;
        return c;
    }

    private PointSeries(long[] readings, long[] quarterData, long[] ledgers) {
        this.readings = readings;
        this.quarterData = quarterData;
        this.ledgers = ledgers;
    }

    /** Before an entry of the readings that a sharing copy's original can see changes: arrays of its own. */
    private void ownReadings() {
        if (!sharesReadings) return;
        readings = readings.clone();
        sharesReadings = false;
    }

    private void ownQuarters() {
        if (!sharesQuarters) return;
        quarterData = quarterData.clone();
        sharesQuarters = false;
    }

    private void ownLedgers() {
        if (!sharesLedgers) return;
        ledgers = ledgers.clone();
        sharesLedgers = false;
    }

    private void ownArrays() {
        ownReadings();
        ownQuarters();
        ownLedgers();
    }

    /** No hot window: every reading within the floor is checked exactly (tests and benchmarks of the rules alone). */
    public static final long UNBOUNDED = Long.MAX_VALUE;

    /** A cumulative point's readings further apart than this bound a recorded gap: a quarter hour and a half. */
    public static final long CUMULATIVE_GAP_MS = ShanghaiCalendar.QUARTER_MS * 3 / 2;

    /**
     * Offers a reading with no hot window: every reading at or after the floor is checked exactly.
     *
     * @see #insert(long, double, Point, long, BucketChanges)
     */
    public InsertResult insert(long t, double v, Point point, BucketChanges out) {
        return insert(t, v, point, UNBOUNDED, out);
    }

    /**
     * Offers a reading. On acceptance the buckets it affects change and each change is reported.
     *
     * <p>Within the hot window ({@code hotWindowMs} behind the newest reading) a reading is checked exactly: a
     * duplicate, a conflict, or placed between its neighbours. An older one is placed only where it falls into a
     * recorded gap (see {@link #fitsGap}); at the time of a reading that bounds a gap it is a duplicate or a conflict
     * as in the hot window; anywhere else it is {@link InsertResult#LATE_COVERED}: the interval it falls into is
     * counted already, and the readings that would decide it exactly are no longer kept (docs/design.md, *Late data*).
     */
    public InsertResult insert(long t, double v, Point point, long hotWindowMs, BucketChanges out) {
        if (t < floor) return InsertResult.BEFORE_FLOOR;
        interval = point.kind() == PointKind.INTERVAL;
        boolean hot = inHotWindow(t, hotWindowMs);
        int i = search(readings, 0, READING, size, t);
        if (i >= 0) {
            if (!hot && !boundsGap(i, point)) return InsertResult.LATE_COVERED;
            return value(i) == v ? InsertResult.DUPLICATE : InsertResult.CONFLICT;
        }
        int at = -i - 1;
        if (!hot && !fitsGap(at, t, point)) return InsertResult.LATE_COVERED;
        return point.kind() == PointKind.INTERVAL
                ? insertInterval(at, t, v, point, out)
                : insertCumulative(at, t, v, point, out);
    }

    /** Whether {@code t} is at most {@code hotWindowMs} behind the newest reading ever accepted (or there is none). */
    public boolean inHotWindow(long t, long hotWindowMs) {
        return lastSeen == Long.MIN_VALUE || t >= lastSeen || lastSeen - t <= hotWindowMs;
    }

    /**
     * Whether readings at {@code a} and then {@code b} (consecutive, nothing dropped between them) leave a recorded
     * gap: for a cumulative point, further apart than {@link #CUMULATIVE_GAP_MS} (one reading missing from the
     * 15-minute grid makes one, seconds of jitter do not); for an interval point, room for a whole period between
     * {@code a}'s period and {@code b}.
     */
    public static boolean isGap(long a, long b, Point point) {
        return point.kind() == PointKind.INTERVAL ? b - a >= 2 * point.periodMillis() : b - a > CUMULATIVE_GAP_MS;
    }

    /** Whether the step from held reading {@code j} to {@code j + 1} is a recorded gap. */
    private boolean stepIsGap(int j, Point point) {
        return j >= 0 && j + 1 < size && !isCovered(ts(j)) && isGap(ts(j), ts(j + 1), point);
    }

    /** Whether held reading {@code i} bounds a recorded gap on either side. */
    private boolean boundsGap(int i, Point point) {
        return stepIsGap(i - 1, point) || stepIsGap(i, point);
    }

    /**
     * Whether a reading at {@code t}, to be placed at {@code at} among the held readings, falls into a recorded gap:
     * between two held readings that bound one, and for an interval point with its whole period inside it.
     */
    private boolean fitsGap(int at, long t, Point point) {
        if (!stepIsGap(at - 1, point)) return false;
        if (point.kind() != PointKind.INTERVAL) return true;
        return t - ts(at - 1) >= point.periodMillis() && ts(at) - t >= point.periodMillis();
    }

    /** Whether the stretch after the held reading at {@code t} is covered by readings {@link #compact} dropped. */
    private boolean isCovered(long t) {
        return coveredCount > 0 && Arrays.binarySearch(covered, 0, coveredCount, t) >= 0;
    }

    private InsertResult insertInterval(int at, long t, double v, Point point, BucketChanges out) {
        addAnchor(at, t, v);
        spread(t, t + point.periodMillis(), v, +1, out);
        return InsertResult.ACCEPTED;
    }

    private InsertResult insertCumulative(int at, long t, double v, Point point, BucketChanges out) {
        CounterStep before = at > 0 ? step(ts(at - 1), value(at - 1), t, v, point) : null;
        CounterStep after = at < size ? step(t, v, ts(at), value(at), point) : null;
        if (isKind(before, StepKind.NEGATIVE) || isKind(after, StepKind.NEGATIVE)) return InsertResult.NEGATIVE_STEP;
        if (isKind(before, StepKind.SUSPECT) || isKind(after, StepKind.SUSPECT)) return InsertResult.SUSPECT_STEP;
        if (before != null && after != null) {
            // the step that spanned t is replaced by the two steps around it
            CounterStep spanning = step(ts(at - 1), value(at - 1), ts(at), value(at), point);
            spread(ts(at - 1), ts(at), spanning.delta(), -1, out);
        }
        if (before != null) spread(ts(at - 1), t, before.delta(), +1, out);
        if (after != null) spread(t, ts(at), after.delta(), +1, out);
        addAnchor(at, t, v);
        if (isKind(before, StepKind.RESET) || isKind(after, StepKind.RESET)) return InsertResult.ACCEPTED_RESET;
        if (isKind(before, StepKind.ROLLOVER) || isKind(after, StepKind.ROLLOVER))
            return InsertResult.ACCEPTED_ROLLOVER;
        return InsertResult.ACCEPTED;
    }

    private static CounterStep step(long t1, double v1, long t2, double v2, Point p) {
        return CounterStep.classify(t1, v1, t2, v2, p.rollover(), p.maxRatePerHour());
    }

    private static boolean isKind(CounterStep s, StepKind k) {
        return s != null && s.kind() == k;
    }

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
        int q = search(quarterData, 0, ENTRY, quarters, bucket);
        // only a new bucket after the last one leaves every entry a sharing copy's original sees as it was
        boolean appends = q < 0 && -q - 1 == quarters;
        if (!appends) ownQuarters();
        // month and year totals change with every bucket: a few entries, copied on the first change
        ownLedgers();
        if (q < 0) {
            q = -q - 1;
            // the field is assigned only when its array grows (see addAnchor)
            if (ENTRY * (quarters + 1) > quarterData.length)
                quarterData = Arrays.copyOf(quarterData, ENTRY * capacityAfter(quarters));
            openEntry(quarterData, q, quarters, bucket);
            quarters++;
        }
        addToEntry(quarterData, q, delta, est);

        long d = ShanghaiCalendar.dayStart(bucket);
        int di = search(ledgers, 0, ENTRY, days, d);
        if (di < 0) {
            di = -di - 1;
            growLedgers();
            openEntry(ledgers, di, days + months + years, d);
            days++;
        }
        addToEntry(ledgers, di, delta, est);

        long m = ShanghaiCalendar.monthStart(bucket);
        int mi = search(ledgers, ENTRY * days, ENTRY, months, m);
        if (mi < 0) {
            mi = -mi - 1;
            growLedgers();
            openEntry(ledgers, days + mi, days + months + years, m);
            months++;
        }
        addToEntry(ledgers, days + mi, delta, est);

        long y = ShanghaiCalendar.yearStart(bucket);
        int yi = search(ledgers, ENTRY * (days + months), ENTRY, years, y);
        if (yi < 0) {
            yi = -yi - 1;
            growLedgers();
            openEntry(ledgers, days + months + yi, days + months + years, y);
            years++;
        }
        addToEntry(ledgers, days + months + yi, delta, est);
    }

    private void growLedgers() {
        int n = days + months + years;
        if (ENTRY * (n + 1) > ledgers.length) ledgers = Arrays.copyOf(ledgers, ENTRY * capacityAfter(n));
    }

    /** Makes room for an entry at {@code at} among the first {@code n}, with this start, no amount and no estimated share. */
    private static void openEntry(long[] a, int at, int n, long start) {
        System.arraycopy(a, ENTRY * at, a, ENTRY * (at + 1), ENTRY * (n - at));
        a[ENTRY * at] = start;
        a[ENTRY * at + 1] = ZERO_BITS;
        a[ENTRY * at + 2] = 0;
    }

    private static void addToEntry(long[] a, int i, double delta, int est) {
        a[ENTRY * i + 1] = Double.doubleToRawLongBits(Double.longBitsToDouble(a[ENTRY * i + 1]) + delta);
        a[ENTRY * i + 2] += est;
    }

    private static final long ZERO_BITS = Double.doubleToRawLongBits(0.0);

    private void addAnchor(int at, long t, double v) {
        if (at < size) ownReadings();
        lastSeen = Math.max(lastSeen, t);
        // The field is assigned only when its array grows: with G1, storing a reference into a long-lived object
        // marks a card for the collector to scan even when it stores the array that was there.
        if (READING * (size + 1) > readings.length) readings = Arrays.copyOf(readings, READING * capacityAfter(size));
        System.arraycopy(readings, READING * at, readings, READING * (at + 1), READING * (size - at));
        readings[READING * at] = t;
        readings[READING * at + 1] = Double.doubleToRawLongBits(v);
        size++;
    }

    /** Time of the {@code i}-th reading held. */
    public long ts(int i) {
        return readings[READING * i];
    }

    /** Value of the {@code i}-th reading held. */
    public double value(int i) {
        return Double.longBitsToDouble(readings[READING * i + 1]);
    }

    /** Start of the {@code q}-th quarter hour held. */
    public long quarterStart(int q) {
        return quarterData[ENTRY * q];
    }

    public double quarterAmount(int q) {
        return Double.longBitsToDouble(quarterData[ENTRY * q + 1]);
    }

    /** How many estimated shares the {@code q}-th quarter hour holds. */
    public int quarterEstimated(int q) {
        return (int) quarterData[ENTRY * q + 2];
    }

    public long dayStart(int i) {
        return ledgers[ENTRY * i];
    }

    public double dayAmount(int i) {
        return Double.longBitsToDouble(ledgers[ENTRY * i + 1]);
    }

    public int dayEstimated(int i) {
        return (int) ledgers[ENTRY * i + 2];
    }

    public long monthStart(int i) {
        return ledgers[ENTRY * (days + i)];
    }

    public double monthAmount(int i) {
        return Double.longBitsToDouble(ledgers[ENTRY * (days + i) + 1]);
    }

    public int monthEstimated(int i) {
        return (int) ledgers[ENTRY * (days + i) + 2];
    }

    public long yearStart(int i) {
        return ledgers[ENTRY * (days + months + i)];
    }

    public double yearAmount(int i) {
        return Double.longBitsToDouble(ledgers[ENTRY * (days + months + i) + 1]);
    }

    public int yearEstimated(int i) {
        return (int) ledgers[ENTRY * (days + months + i) + 2];
    }

    /** Amount in the 15-minute bucket starting at {@code start} (0 when nothing was counted there). */
    public double quarter(long start) {
        int q = search(quarterData, 0, ENTRY, quarters, start);
        return q >= 0 ? quarterAmount(q) : 0;
    }

    public boolean quarterIsEstimated(long start) {
        int q = search(quarterData, 0, ENTRY, quarters, start);
        return q >= 0 && quarterEstimated(q) > 0;
    }

    /** Sum of the buckets of the Shanghai day starting at {@code dayStart} (kept for the lateness window). */
    public double day(long dayStart) {
        int i = search(ledgers, 0, ENTRY, days, dayStart);
        return i >= 0 ? dayAmount(i) : 0;
    }

    public boolean dayIsEstimated(long dayStart) {
        int i = search(ledgers, 0, ENTRY, days, dayStart);
        return i >= 0 && dayEstimated(i) > 0;
    }

    public double month(long start) {
        int i = search(ledgers, ENTRY * days, ENTRY, months, start);
        return i >= 0 ? monthAmount(i) : 0;
    }

    public boolean monthIsEstimated(long start) {
        int i = search(ledgers, ENTRY * days, ENTRY, months, start);
        return i >= 0 && monthEstimated(i) > 0;
    }

    public double year(long start) {
        int i = search(ledgers, ENTRY * (days + months), ENTRY, years, start);
        return i >= 0 ? yearAmount(i) : 0;
    }

    public boolean yearIsEstimated(long start) {
        int i = search(ledgers, ENTRY * (days + months), ENTRY, years, start);
        return i >= 0 && yearEstimated(i) > 0;
    }

    /** Time of the newest reading held, or {@link Long#MIN_VALUE} when there is none (see also {@link #lastSeen}). */
    public long lastTs() {
        return size == 0 ? Long.MIN_VALUE : ts(size - 1);
    }

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
        int closed = search(readings, 0, READING, size, open);
        closed = closed >= 0 ? closed : -closed - 1;
        if (closed > 0) {
            if (closed == size && !interval) {
                readings[0] = open;
                readings[1] = readings[READING * (size - 1) + 1];
                size = 1;
            } else {
                System.arraycopy(readings, READING * closed, readings, 0, READING * (size - closed));
                size -= closed;
            }
            floor = interval || size == 0 ? open : ts(0);
        }
        dropCoveredBefore(size == 0 ? Long.MAX_VALUE : ts(0));
        int q = firstQuarterAtOrAfter(open);
        if (q > 0) {
            System.arraycopy(quarterData, ENTRY * q, quarterData, 0, ENTRY * (quarters - q));
            quarters -= q;
        }
        int d = 0;
        while (d < days && dayStart(d) < open) d++;
        days -= dropLedgerEntries(0, d);
        long oldestMonth = ShanghaiCalendar.startOf(
                ShanghaiCalendar.date(horizon).withDayOfMonth(1).minusMonths(12));
        int m = 0;
        while (m < months && monthStart(m) < oldestMonth) m++;
        months -= dropLedgerEntries(days, m);
        long oldestYear = ShanghaiCalendar.startOf(
                ShanghaiCalendar.date(horizon).withDayOfYear(1).minusYears(1));
        int y = 0;
        while (y < years && yearStart(y) < oldestYear) y++;
        years -= dropLedgerEntries(days + months, y);
        return size == 0;
    }

    /** Removes {@code n} ledger entries from entry {@code from} on; returns {@code n}. */
    private int dropLedgerEntries(int from, int n) {
        if (n == 0) return 0;
        int total = days + months + years;
        System.arraycopy(ledgers, ENTRY * (from + n), ledgers, ENTRY * from, ENTRY * (total - from - n));
        return n;
    }

    /** Forgets the covered marks of readings before {@code t} (no longer held). A new array: it may be shared. */
    private void dropCoveredBefore(long t) {
        int k = 0;
        while (k < coveredCount && covered[k] < t) k++;
        if (k == 0) return;
        covered = Arrays.copyOfRange(covered, k, coveredCount);
        coveredCount -= k;
    }

    // ---------------------------------------------------------------- the hot window

    /**
     * Drops what exact checks no longer need once a reading before {@code cut} can only go into a recorded gap
     * ({@code cut} = the newest reading − the hot window; it only moves forward): every reading before it except
     * the last one (the anchor of the next step) and those bounding a recorded gap, and every quarter hour before
     * the anchor's except those a kept gap overlaps (a late reading into the gap rewrites them). Where readings
     * go, the stretch between the held readings around them is marked covered. Day, month and year totals stay.
     */
    public void compact(long cut, Point point) {
        int before = search(readings, 0, READING, size, cut);
        before = before >= 0 ? before : -before - 1;
        int anchor = before - 1;
        if (anchor < 1) return;
        boolean[] keep = new boolean[size];
        int dropped = 0;
        for (int j = 0; j < size; j++) {
            keep[j] = j >= anchor || stepIsGap(j - 1, point) || stepIsGap(j, point);
            if (!keep[j]) dropped++;
        }
        if (dropped == 0) return;
        long[] gaps = keptGaps(anchor, point);
        long anchorTs = ts(anchor);
        ownReadings();
        ownQuarters();
        long[] marks = new long[coveredCount + dropped];
        int marked = 0;
        int n = 0;
        long lastKeptTs = Long.MIN_VALUE;
        boolean lastKeptCovered = false;
        boolean droppedSince = false;
        for (int j = 0; j < size; j++) {
            if (!keep[j]) {
                droppedSince = lastKeptTs != Long.MIN_VALUE;
                continue;
            }
            // a held reading followed by dropped ones (or covered already) covers the stretch to the next one kept
            if (lastKeptCovered || droppedSince) marks[marked++] = lastKeptTs;
            lastKeptTs = ts(j);
            lastKeptCovered = isCovered(lastKeptTs);
            droppedSince = false;
            readings[READING * n] = readings[READING * j];
            readings[READING * n + 1] = readings[READING * j + 1];
            n++;
        }
        if (lastKeptCovered) marks[marked++] = lastKeptTs;
        size = n;
        covered = Arrays.copyOf(marks, marked);
        coveredCount = marked;
        compactQuarters(ShanghaiCalendar.quarterStart(anchorTs), gaps);
    }

    /** The recorded gaps among the held readings before {@code anchor}, as pairs of start and end times. */
    private long[] keptGaps(int anchor, Point point) {
        long[] gaps = new long[2 * anchor];
        int n = 0;
        for (int j = 0; j < anchor; j++) {
            if (!stepIsGap(j, point)) continue;
            gaps[n++] = ts(j);
            gaps[n++] = ts(j + 1);
        }
        return Arrays.copyOf(gaps, n);
    }

    /** Keeps the quarter hours from {@code from} on, and those before it that overlap one of the {@code gaps}. */
    private void compactQuarters(long from, long[] gaps) {
        int n = 0;
        int g = 0;
        for (int q = 0; q < quarters; q++) {
            long start = quarterStart(q);
            while (g < gaps.length && gaps[g + 1] <= start) g += 2;
            boolean inGap = g < gaps.length && gaps[g] < start + ShanghaiCalendar.QUARTER_MS;
            if (start < from && !inGap) continue;
            System.arraycopy(quarterData, ENTRY * q, quarterData, ENTRY * n, ENTRY);
            n++;
        }
        quarters = n;
    }

    // ---------------------------------------------------------------- recent and older parts

    /*
     * A point's history can be kept in two parts: the recent part (this class, with the month and year ledgers and
     * the header) and an older part with the readings and quarter hours before it. Readings nearly always come in
     * order, and a state backend that serializes a value on every access (RocksDB) then reads and writes only the
     * recent part, a day or two, instead of the whole hot window. The split keeps one invariant: the recent part
     * starts at a reading, and holds every quarter hour from that reading's on. A reading at or after the recent
     * part's first reading then changes only what the recent part holds. Day totals are ledgers, whole in the recent
     * part.
     */

    /**
     * Moves the readings before {@code before} to a new series, except the last of them, which stays as the anchor
     * of the next step, and the quarter hours before that anchor's. This series keeps the rest, the day, month and
     * year ledgers and the header (floor, last seen, covered marks).
     *
     * @return the older part, or null when nothing would move
     */
    public PointSeries splitOlder(long before) {
        if (size == 0) return null;
        int earlier = search(readings, 0, READING, size, before);
        earlier = earlier >= 0 ? earlier : -earlier - 1;
        int keepFrom = Math.max(0, earlier - 1);
        int keepQuartersFrom = firstQuarterAtOrAfter(ShanghaiCalendar.quarterStart(ts(keepFrom)));
        if (keepFrom == 0 && keepQuartersFrom == 0) return null;
        PointSeries older = new PointSeries();
        older.interval = interval;
        // Arrays this series owns go to the older part as they are, which then owns them alone (this series takes new
        // ones below); arrays shared with a checkpoint's copy are copied.
        older.readings = sharesReadings ? Arrays.copyOf(readings, READING * Math.max(4, keepFrom)) : readings;
        older.size = keepFrom;
        older.quarterData =
                sharesQuarters ? Arrays.copyOf(quarterData, ENTRY * Math.max(4, keepQuartersFrom)) : quarterData;
        older.quarters = keepQuartersFrom;
        // new arrays for what stays: the old ones are the older part's now, or shared with a checkpoint's copy
        readings =
                Arrays.copyOfRange(readings, READING * keepFrom, READING * (keepFrom + Math.max(4, size - keepFrom)));
        size -= keepFrom;
        quarterData = Arrays.copyOfRange(
                quarterData,
                ENTRY * keepQuartersFrom,
                ENTRY * (keepQuartersFrom + Math.max(4, quarters - keepQuartersFrom)));
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
        whole.readings = concat(older.readings, older.size, recent.readings, recent.size, READING);
        whole.quarters = older.quarters + recent.quarters;
        whole.quarterData = concat(older.quarterData, older.quarters, recent.quarterData, recent.quarters, ENTRY);
        whole.days = recent.days;
        whole.months = recent.months;
        whole.years = recent.years;
        whole.ledgers = recent.ledgers.clone();
        whole.covered = recent.covered;
        whole.coveredCount = recent.coveredCount;
        return whole;
    }

    /**
     * Whether a reading at {@code t} falls before this (recent) part: it would be placed among the older part's
     * readings, if there is one, so the whole series is needed. Readings before the floor are refused either way.
     */
    public boolean needsOlderFor(long t) {
        // a reading after the newest one ever (the usual case) is decided without touching the readings; one at the
        // first reading's time too, since outside the hot window the step before it decides
        return size > 0 && t <= lastSeen && t <= ts(0) && t >= floor;
    }

    /** The first {@code n} entries of {@code a} and then the first {@code m} of {@code b}, {@code stride} longs each. */
    private static long[] concat(long[] a, int n, long[] b, int m, int stride) {
        long[] out = Arrays.copyOf(a, stride * Math.max(4, n + m));
        System.arraycopy(b, 0, out, stride * n, stride * m);
        return out;
    }

    private int firstQuarterAtOrAfter(long start) {
        int q = search(quarterData, 0, ENTRY, quarters, start);
        return q >= 0 ? q : -q - 1;
    }

    /**
     * {@link Arrays#binarySearch} over {@code n} entries of {@code stride} longs from {@code from}, by each entry's
     * first long, answering the usual cases without a search: readings and buckets mostly come in order, so the key is
     * the last entry or after it. A search's first steps are cache misses in a series that was not touched for a while.
     */
    static int search(long[] a, int from, int stride, int n, long key) {
        if (n == 0) return -1;
        long last = a[from + stride * (n - 1)];
        if (key > last) return -n - 1;
        if (key == last) return n - 1;
        int low = 0;
        int high = n - 2;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long v = a[from + stride * mid];
            if (v < key) low = mid + 1;
            else if (v > key) high = mid - 1;
            else return mid;
        }
        return -(low + 1);
    }

    /** Capacity in entries of an array that holds {@code n} entries and must take one more. */
    private static int capacityAfter(int n) {
        return Math.max(4, n * 2);
    }
}
