package dcmon.monitoring;

import dcmon.core.Topics;
import dcmon.core.calendar.Period;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.convert.EnergyConversion;
import dcmon.core.convert.FootprintBuffer;
import dcmon.core.reading.AcceptedReadings;
import dcmon.core.reading.RejectReason;
import dcmon.core.reading.Rejection;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Point;
import dcmon.core.series.InsertResult;
import dcmon.core.series.PointSeries;
import dcmon.core.usage.PeriodTotals;
import dcmon.core.usage.UsageKeys;
import dcmon.core.usage.UsageTotals;
import dcmon.influx.SeriesPoint;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keyed by enterprise: turns each message's accepted readings into bucket amounts (counter → delta,
 * dedup, conflicts, late re-splits — all in {@link PointSeries}), keeps the enterprise's totals per 15 min,
 * day, month and year, and emits absolute point and enterprise usage for every period a message changed.
 * Changes of the enterprise totals leave on {@link Outputs#REGION_DELTAS} for the regional roll-ups.
 *
 * <p>The rows a message (or a roll-up timer) produces leave together, as one list: one record through the operator
 * chain instead of one per row. Passing each row on by itself (a record, two copies of its wrapper for the
 * operator's three outputs, the sink operator's call) cost about as much as making it.
 */
public final class EnterpriseUsageFunction extends KeyedProcessFunction<String, AcceptedReadings, List<SeriesPoint>> {
    /** A reading this much older than its message is counted as late (store-and-forward, re-sends). */
    static final long LATE_AFTER_MS = 3_600_000L;
    /** A point silent for this long beyond the lateness horizon is forgotten entirely. */
    static final long FORGET_AFTER_MS = 400L * ShanghaiCalendar.DAY_MS;

    private final RegistryProvider registry;
    private final long latenessMs;
    private final long pointRollupMs;

    /** Each point's recent readings and quarter hours, with its month and year ledgers. */
    private transient MapState<String, PointSeries> series;
    /** Each point's readings and quarter hours before its recent part (see {@link PointSeries#splitOlder}). */
    private transient MapState<String, PointSeries> olderSeries;
    private transient MapState<Long, UsageTotals> totals;
    private transient MapState<String, long[]> pendingRollups;
    /**
     * Per enterprise, what its pending roll-up state holds, where this instance knows all of it: from a moment the
     * state was empty on (the first message after a start, or after the roll-up timer wrote and cleared it) up to
     * the timer. A point's days are then found here instead of read from state. With RocksDB that read was a
     * fifth of the job's time in a catch-up, where a point reports many times between two roll-up rounds. Not
     * state: after a restore the state is read again until its next clearing.
     */
    private transient Map<String, Map<String, long[]>> knownPending;
    /**
     * The points the current message touched, by the registry's {@link Point} itself: a message may hold a point twice,
     * and finding that by identity spares hashing and comparing the message's copy of every id a second time (the id
     * map of the message was 5 % of the task). Reused from message to message.
     */
    private transient IdentityHashMap<Point, TouchedPoint> touchedByPoint;
    private transient EnergyConversion conversion;
    /** The gross footprint of the row being built. */
    private transient FootprintBuffer rowFootprint;
    private transient long conversionVersion;
    private transient Counter counted;
    private transient Counter duplicates;
    private transient Counter late;
    private transient Counter resets;
    private transient Counter rollovers;
    private transient Map<RejectReason, Counter> rejected;

    /** Every row at once, as each message changes it. */
    public EnterpriseUsageFunction(RegistryProvider registry, Duration lateness) {
        this(registry, lateness, Duration.ZERO);
    }

    /**
     * @param pointRollup how often a point's day, month and year rows are written while it reports; zero writes
     *     them with every message. A point's quarter-hour rows and all enterprise rows are written at once
     *     regardless: rewriting three roll-up rows per reading would triple what InfluxDB must take, while a
     *     per-point day total a minute old serves its drill-down views.
     */
    public EnterpriseUsageFunction(RegistryProvider registry, Duration lateness, Duration pointRollup) {
        this.registry = registry;
        this.latenessMs = lateness.toMillis();
        this.pointRollupMs = pointRollup.toMillis();
    }

    /** Per enterprise: point id → Shanghai day starts whose point roll-up rows wait to be written. */
    public static MapStateDescriptor<String, long[]> pendingRollupsState() {
        return new MapStateDescriptor<>("point-rollups-pending", Types.STRING, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    /** Per enterprise: point id → its series, the recent part (all of it until the first daily split). */
    public static MapStateDescriptor<String, PointSeries> seriesState() {
        return new MapStateDescriptor<>("point-series", StringSerializer.INSTANCE, PointSeriesSerializer.INSTANCE);
    }

    /**
     * Per enterprise: point id → the older part of its series, split off once a day. With RocksDB every access
     * serializes the whole value; readings in order then read and write a day or two instead of the lateness window.
     */
    public static MapStateDescriptor<String, PointSeries> olderSeriesState() {
        return new MapStateDescriptor<>("point-series-older", StringSerializer.INSTANCE, PointSeriesSerializer.INSTANCE);
    }

    /** Per enterprise: period key ({@link UsageKeys}) → the enterprise's totals of that period. */
    public static MapStateDescriptor<Long, UsageTotals> totalsState() {
        return new MapStateDescriptor<>("enterprise-totals", LongSerializer.INSTANCE, UsageTotalsSerializer.INSTANCE);
    }

    @Override
    public void open(OpenContext ctx) {
        series = getRuntimeContext().getMapState(seriesState());
        olderSeries = getRuntimeContext().getMapState(olderSeriesState());
        totals = getRuntimeContext().getMapState(totalsState());
        pendingRollups = getRuntimeContext().getMapState(pendingRollupsState());
        knownPending = new HashMap<>();
        touchedByPoint = new IdentityHashMap<>();
        rowFootprint = new FootprintBuffer();
        MetricGroup g = getRuntimeContext().getMetricGroup().addGroup("dcmon");
        counted = g.counter("readingsCounted");
        duplicates = g.counter("readingsDuplicate");
        late = g.counter("readingsLate");
        resets = g.counter("meterResets");
        rollovers = g.counter("registerRollovers");
        rejected = new HashMap<>();
        MetricGroup r = g.addGroup("rejected");
        for (RejectReason reason : new RejectReason[] {RejectReason.CONFLICT, RejectReason.NEGATIVE_STEP, RejectReason.SUSPECT_STEP,
                RejectReason.TOO_LATE, RejectReason.UNKNOWN_ENTERPRISE, RejectReason.UNKNOWN_POINT, RejectReason.GATEWAY_MISMATCH}) {
            rejected.put(reason, r.counter(reason.code() + "_series"));
        }
    }

    @Override
    public void processElement(AcceptedReadings msg, Context ctx, Collector<List<SeriesPoint>> out) throws Exception {
        List<SeriesPoint> rows = new ArrayList<>();
        countMessage(msg, ctx, rows);
        if (!rows.isEmpty()) out.collect(rows);
    }

    /** Counts the readings of a message and adds the rows they change to {@code out}. */
    private void countMessage(AcceptedReadings msg, Context ctx, List<SeriesPoint> out) throws Exception {
        RegistryProvider.Snapshot snap = snapshot();
        Enterprise enterprise = snap.registry().enterprise(msg.enterprise);
        // deltas of the enterprise totals by period key, in first-touched order
        PeriodTotals deltas = new PeriodTotals(new LinkedHashMap<>());
        // the points this message changed, in first-touched order
        List<TouchedPoint> touched = new ArrayList<>(msg.size());
        touchedByPoint.clear();

        for (int i = 0; i < msg.size(); i++) {
            // the registry may have changed since validation: check again rather than count against a stale spec
            Point point = enterprise == null ? null : enterprise.point(msg.points[i]);
            if (point == null || !point.gateway().equals(msg.gateway)) {
                RejectReason reason = enterprise == null ? RejectReason.UNKNOWN_ENTERPRISE
                        : point == null ? RejectReason.UNKNOWN_POINT : RejectReason.GATEWAY_MISMATCH;
                reject(ctx, msg, i, reason);
                continue;
            }
            TouchedPoint tp = touchedByPoint.get(point);
            if (tp == null) {
                PointSeries s = series.get(point.id());
                tp = new TouchedPoint(point, s != null ? s : new PointSeries(), deltas, conversion);
                touchedByPoint.put(point, tp);
                touched.add(tp);
            }
            if (!tp.olderRead && tp.series.needsOlderFor(msg.ts[i])) joinOlder(tp);
            InsertResult result = tp.series.insert(msg.ts[i], msg.values[i], point, tp);
            if (result.accepted()) {
                tp.accepted = true;
                counted.inc();
                if (msg.ts[i] < msg.receivedAt - LATE_AFTER_MS) late.inc();
                if (result == InsertResult.ACCEPTED_RESET) resets.inc();
                if (result == InsertResult.ACCEPTED_ROLLOVER) rollovers.inc();
            } else if (result == InsertResult.DUPLICATE) {
                duplicates.inc();
            } else {
                reject(ctx, msg, i, result.rejectReason());
            }
        }
        if (enterprise == null) return;

        Map<String, long[]> known = null;
        boolean rollupsWaiting = false;
        if (pointRollupMs > 0) {
            known = knownPending.get(msg.enterprise);
            if (known == null && pendingRollups.isEmpty()) knownPending.put(msg.enterprise, known = new HashMap<>());
            rollupsWaiting = known == null || !known.isEmpty();
        }
        for (TouchedPoint t : touched) {
            String id = t.point.id();
            if (t.buckets > 0) {
                emitQuarters(enterprise, t, out);
                long[] days = t.days();
                if (pointRollupMs == 0) {
                    emitRollups(enterprise, t.point, t.series, days, out);
                } else {
                    long[] waiting = known != null ? known.get(id) : pendingRollups.get(id);
                    long[] all = union(waiting, days);
                    if (all != waiting) {
                        pendingRollups.put(id, all);
                        if (known != null) known.put(id, all);
                    }
                }
            }
            // after the rows: writing a whole series splits it, and its rows may need the older part
            if (t.accepted) putSeries(id, t.series, t.olderSplitAt);
        }
        // not waiting means this instance knows the pending state, and it is empty no more if a point was added
        if (pointRollupMs > 0 && !rollupsWaiting && !known.isEmpty()) {
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + pointRollupMs);
        }
        String province = snap.reference().province();
        for (Map.Entry<Long, UsageTotals> d : deltas.byPeriod().entrySet()) {
            long key = d.getKey();
            UsageTotals t = totals.get(key);
            if (t == null) t = new UsageTotals();
            t.add(d.getValue());
            totals.put(key, t);
            Period period = UsageKeys.period(key);
            long start = UsageKeys.start(key);
            out.add(UsagePoints.enterpriseUsage(enterprise, period, start, t));
            ctx.output(Outputs.REGION_DELTAS, new RegionDelta(UsagePoints.LEVEL_CITY, enterprise.city(), key, d.getValue()));
            ctx.output(Outputs.REGION_DELTAS, new RegionDelta(UsagePoints.LEVEL_TIER, enterprise.tier().code(), key, d.getValue()));
            ctx.output(Outputs.REGION_DELTAS, new RegionDelta(UsagePoints.LEVEL_PROVINCE, province, key, d.getValue()));
        }
        ctx.timerService().registerEventTimeTimer(nextPruneTime(msg.receivedAt));
    }

    /** A reading before the point's recent part: the whole series from here on, split again when it is written. */
    private void joinOlder(TouchedPoint tp) throws Exception {
        tp.olderRead = true;
        PointSeries older = olderSeries.get(tp.point.id());
        if (older == null) return;
        // split again where it was: the recent part starts at its first reading (the last one before that reading + 1)
        tp.olderSplitAt = tp.series.ts(0) + 1;
        tp.series = PointSeries.joined(older, tp.series);
    }

    /** Writes a point's series; a joined one split again where it was, so the recent part stays as short. */
    private void putSeries(String id, PointSeries s, long splitAt) throws Exception {
        if (splitAt != Long.MIN_VALUE) {
            PointSeries older = s.splitOlder(splitAt);
            if (older != null) olderSeries.put(id, older); else olderSeries.remove(id);
        }
        series.put(id, s);
    }

    /** The series to read day totals from: joined with its older part when the earliest day needs it. */
    private PointSeries seriesForDays(String id, PointSeries recent, long firstDay) throws Exception {
        if (!recent.needsOlderForDay(firstDay)) return recent;
        PointSeries older = olderSeries.get(id);
        return older == null ? recent : PointSeries.joined(older, recent);
    }

    /**
     * A point a message changed: its spec, its series (read from state once) and the quarter-hour buckets changed.
     * State is read and written under the registry's own id string rather than the message's copy: its hash is
     * computed once, and keys put that way compare by identity.
     */
    private static final class TouchedPoint implements PointSeries.BucketChanges {
        final Point point;
        /** The recent part, or the whole series once a reading needed the older part. */
        PointSeries series;
        /** Where the whole series is split again on writing; {@link Long#MIN_VALUE} while it is the recent part alone. */
        long olderSplitAt = Long.MIN_VALUE;
        /** Whether the older part was looked for (there may be none). */
        boolean olderRead;
        /** Where the bucket changes go, converted: the enterprise's totals changed by this message. */
        private final PeriodTotals deltas;
        private final EnergyConversion conversion;
        /** Ascending distinct bucket starts; mostly one. */
        long[] bucketStarts = new long[2];
        int buckets;
        boolean accepted;

        TouchedPoint(Point point, PointSeries series, PeriodTotals deltas, EnergyConversion conversion) {
            this.point = point;
            this.series = series;
            this.deltas = deltas;
            this.conversion = conversion;
        }

        @Override
        public void change(long bucket, double amountDelta, int estimatedDelta) {
            addBucket(bucket);
            deltas.addBucketShare(conversion, point, bucket, amountDelta, estimatedDelta);
        }

        void addBucket(long start) {
            int i = Arrays.binarySearch(bucketStarts, 0, buckets, start);
            if (i >= 0) return;
            i = -i - 1;
            if (buckets == bucketStarts.length) bucketStarts = Arrays.copyOf(bucketStarts, buckets * 2);
            System.arraycopy(bucketStarts, i, bucketStarts, i + 1, buckets - i);
            bucketStarts[i] = start;
            buckets++;
        }

        /** Distinct Shanghai day starts of the changed buckets, ascending. */
        long[] days() {
            long[] out = new long[buckets];
            int n = 0;
            for (int i = 0; i < buckets; i++) {
                long day = ShanghaiCalendar.dayStart(bucketStarts[i]);
                if (n == 0 || out[n - 1] != day) out[n++] = day;
            }
            return n == out.length ? out : Arrays.copyOf(out, n);
        }
    }

    private void emitQuarters(Enterprise e, TouchedPoint t, List<SeriesPoint> out) {
        for (int i = 0; i < t.buckets; i++) {
            long b = t.bucketStarts[i];
            out.add(pointRow(e, t.point, Period.QUARTER, b, t.series.quarter(b), ShanghaiCalendar.year(b), t.series.quarterIsEstimated(b)));
        }
    }

    /** Day, month and year rows of a point for the given (ascending) day starts. */
    private void emitRollups(Enterprise e, Point p, PointSeries s, long[] days, List<SeriesPoint> out) {
        long lastMonth = Long.MIN_VALUE, lastYear = Long.MIN_VALUE;
        for (long day : days) {
            int year = ShanghaiCalendar.year(day);
            out.add(pointRow(e, p, Period.DAY, day, s.day(day), year, s.dayIsEstimated(day)));
            long month = ShanghaiCalendar.monthStart(day);
            if (month != lastMonth) {
                lastMonth = month;
                out.add(pointRow(e, p, Period.MONTH, month, s.month(month), year, s.monthIsEstimated(month)));
            }
            long yearStart = ShanghaiCalendar.yearStart(day);
            if (yearStart != lastYear) {
                lastYear = yearStart;
                out.add(pointRow(e, p, Period.YEAR, yearStart, s.year(yearStart), year, s.yearIsEstimated(yearStart)));
            }
        }
    }

    /** A point's usage row: its amount over the period, with the gross footprint at the factors of {@code year}. */
    private SeriesPoint pointRow(Enterprise e, Point p, Period period, long start, double amount, int year, boolean estimated) {
        conversion.gross(p, amount, year, rowFootprint);
        return UsagePoints.pointUsage(e.code(), p, period, start, amount, rowFootprint.tce, rowFootprint.tco2, estimated);
    }

    /** The current registry, with the conversion tables of its version. */
    private RegistryProvider.Snapshot snapshot() {
        RegistryProvider.Snapshot snap = registry.current();
        if (conversion == null || conversionVersion != snap.version()) {
            conversion = new EnergyConversion(snap.reference());
            conversionVersion = snap.version();
        }
        return snap;
    }

    /** Writes the roll-up rows of every point that reported since the last time. */
    private void emitPendingRollups(String code, Collector<List<SeriesPoint>> out) throws Exception {
        RegistryProvider.Snapshot snap = snapshot();
        Enterprise enterprise = snap.registry().enterprise(code);
        List<SeriesPoint> rows = new ArrayList<>();
        for (Map.Entry<String, long[]> e : pendingRollups.entries()) {
            Point p = enterprise == null ? null : enterprise.point(e.getKey());
            PointSeries s = series.get(e.getKey());
            // a point dropped from the registry or forgotten meanwhile has nothing to write
            if (p != null && s != null) emitRollups(enterprise, p, seriesForDays(e.getKey(), s, e.getValue()[0]), e.getValue(), rows);
        }
        pendingRollups.clear();
        knownPending.remove(code);
        if (!rows.isEmpty()) out.collect(rows);
    }

    /** Sorted union of two ascending arrays of distinct values ({@code a} may be null); {@code a} itself when it has all of {@code b}. */
    static long[] union(long[] a, long[] b) {
        if (a == null || a.length == 0) return b;
        if (containsAll(a, b)) return a;
        long[] out = new long[a.length + b.length];
        int i = 0, j = 0, n = 0;
        while (i < a.length || j < b.length) {
            long v = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
            if (n == 0 || out[n - 1] != v) out[n++] = v;
        }
        return Arrays.copyOf(out, n);
    }

    private static boolean containsAll(long[] a, long[] b) {
        for (long v : b) {
            if (Arrays.binarySearch(a, v) < 0) return false;
        }
        return true;
    }

    private void reject(Context ctx, AcceptedReadings msg, int i, RejectReason reason) {
        Counter c = rejected.get(reason);
        if (c != null) c.inc();
        ctx.output(Outputs.REJECTED, new Rejection(reason, null, Topics.readingsTopic(msg.enterprise, msg.gateway), msg.enterprise,
                msg.gateway, msg.seq, msg.index[i], msg.points[i], msg.ts[i], msg.values[i], msg.receivedAt, null));
    }

    /** Pruning runs once a day per enterprise, an hour after Shanghai midnight. */
    static long nextPruneTime(long t) {
        return ShanghaiCalendar.dayStart(t) + ShanghaiCalendar.DAY_MS + 3_600_000L;
    }

    /**
     * Forgets what the lateness horizon has passed: readings and buckets no accepted reading can change any
     * more, 15-minute and day totals before the horizon, months and years long closed, and points silent
     * for over a year. Splits each point's series anew, so that its recent part starts with yesterday's last
     * reading. Keeps a timer only while state is left.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<List<SeriesPoint>> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            emitPendingRollups(ctx.getCurrentKey(), out);
            return;
        }
        // End of input: no reading can follow, so write what waits for the roll-up cadence now, and do not prune:
        // re-arming here would replay a daily timer for every day until the state empties (two years of days per
        // enterprise) for no visible effect.
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            emitPendingRollups(ctx.getCurrentKey(), out);
            return;
        }
        long horizon = timestamp - latenessMs - ShanghaiCalendar.DAY_MS;
        long recentFrom = ShanghaiCalendar.dayStart(timestamp);
        List<String> forget = new ArrayList<>();
        for (Map.Entry<String, PointSeries> e : series.entries()) {
            PointSeries recent = e.getValue();
            if (recent.lastSeen < horizon - FORGET_AFTER_MS) {
                forget.add(e.getKey());
                continue;
            }
            PointSeries older = olderSeries.get(e.getKey());
            PointSeries whole = older == null ? recent : PointSeries.joined(older, recent);
            whole.prune(horizon);
            PointSeries olderNow = whole.splitOlder(recentFrom);
            e.setValue(whole);
            if (olderNow != null) olderSeries.put(e.getKey(), olderNow); else if (older != null) olderSeries.remove(e.getKey());
        }
        for (String id : forget) {
            series.remove(id);
            olderSeries.remove(id);
        }
        pruneTotals(totals, horizon);
        if (!series.isEmpty() || !totals.isEmpty()) ctx.timerService().registerEventTimeTimer(timestamp + ShanghaiCalendar.DAY_MS);
    }

    /** Drops quarter and day totals before the horizon, months over a year and years over two years before it. */
    static void pruneTotals(MapState<Long, UsageTotals> totals, long horizon) throws Exception {
        long oldestMonth = ShanghaiCalendar.startOf(ShanghaiCalendar.date(horizon).withDayOfMonth(1).minusMonths(12));
        long oldestYear = ShanghaiCalendar.startOf(ShanghaiCalendar.date(horizon).withDayOfYear(1).minusYears(1));
        Iterator<Long> keys = totals.keys().iterator();
        List<Long> drop = new ArrayList<>();
        while (keys.hasNext()) {
            long key = keys.next();
            long start = UsageKeys.start(key);
            boolean old = switch (UsageKeys.period(key)) {
                case QUARTER, DAY -> start < ShanghaiCalendar.dayStart(horizon);
                case MONTH -> start < oldestMonth;
                case YEAR -> start < oldestYear;
            };
            if (old) drop.add(key);
        }
        for (long k : drop) totals.remove(k);
    }
}
