package dcmon.monitoring;

import dcmon.core.Topics;
import dcmon.core.calendar.Period;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.convert.EnergyConversion;
import dcmon.core.reading.AcceptedReadings;
import dcmon.core.reading.RejectReason;
import dcmon.core.reading.Rejection;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Point;
import dcmon.core.series.InsertResult;
import dcmon.core.series.PointSeries;
import dcmon.core.usage.PeriodTotals;
import dcmon.core.usage.TotalsRetention;
import dcmon.core.usage.UsageKeys;
import dcmon.core.usage.UsageTotals;
import dcmon.influx.SeriesPoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts an enterprise's messages against its state: turns each message's accepted readings into bucket amounts
 * (counter → delta, dedup, conflicts, late re-splits — all in {@link PointSeries}), keeps the enterprise's totals
 * per 15 min, day, month and year, and adds the point and enterprise rows of every period a message changed.
 * Changes of the enterprise totals and rejected readings go to {@link UsageOutputs}. Knows nothing of Flink:
 * {@link EnterpriseUsageFunction} gives it the state of the current key and sets the timers it asks for.
 */
final class EnterpriseCounter {
    /** A reading this much older than its message is counted as late (store-and-forward, re-sends). */
    static final long LATE_AFTER_MS = 3_600_000L;
    /** A point silent for this long beyond the lateness horizon is forgotten entirely. */
    static final long FORGET_AFTER_MS = 400L * ShanghaiCalendar.DAY_MS;

    /** What counting a message asks of the caller's timers. */
    enum Counted {
        /** The enterprise is not in the registry: nothing was counted, no timer is needed. */
        UNKNOWN_ENTERPRISE,
        /** Counted: the daily prune timer is due. */
        COUNTED,
        /** Counted, and point roll-ups wait now where none did: the roll-up timer is due as well. */
        ROLLUPS_STARTED
    }

    private final RegistryProvider registry;
    private final long latenessMs;
    private final long pointRollupMs;
    private final long hotWindowMs;
    private final ReadingCounts counts = new ReadingCounts();
    /**
     * Per enterprise, what its pending roll-up state holds, where this instance knows all of it: from a moment the
     * state was empty on (the first message after a start, or after the roll-up timer wrote and cleared it) up to
     * the timer. A point's days are then found here instead of read from state. With RocksDB that read was a
     * fifth of the job's time in a catch-up, where a point reports many times between two roll-up rounds. Not
     * state: after a restore the state is read again until its next clearing.
     */
    private final Map<String, Map<String, long[]>> knownPending = new HashMap<>();
    /**
     * The points the current message touched, by the registry's {@link Point} itself: a message may hold a point twice,
     * and finding that by identity spares hashing and comparing the message's copy of every id a second time (the id
     * map of the message was 5 % of the task). Reused from message to message.
     */
    private final IdentityHashMap<Point, TouchedPoint> touchedByPoint = new IdentityHashMap<>();

    private EnergyConversion conversion;
    private PointRows rows;
    private long conversionVersion;

    /**
     * @param pointRollupMs how often a point's day, month and year rows are written while it reports; zero writes
     *     them with every message (see {@link EnterpriseUsageFunction})
     */
    EnterpriseCounter(RegistryProvider registry, long latenessMs, long pointRollupMs) {
        this(registry, latenessMs, pointRollupMs, MonitoringOptions.DEFAULT_HOT_WINDOW.toMillis());
    }

    /** @param hotWindowMs how far behind a point's newest reading every reading is still checked exactly */
    EnterpriseCounter(RegistryProvider registry, long latenessMs, long pointRollupMs, long hotWindowMs) {
        this.registry = registry;
        this.latenessMs = latenessMs;
        this.pointRollupMs = pointRollupMs;
        this.hotWindowMs = hotWindowMs;
    }

    ReadingCounts counts() {
        return counts;
    }

    /** Counts the readings of a message and adds the rows they change to {@code out}. */
    Counted count(AcceptedReadings msg, EnterpriseState state, List<SeriesPoint> out, UsageOutputs outputs)
            throws Exception {
        RegistryProvider.Snapshot snap = snapshot();
        Enterprise enterprise = snap.registry().enterprise(msg.enterprise);
        // deltas of the enterprise totals by period key, in first-touched order
        PeriodTotals deltas = new PeriodTotals(new LinkedHashMap<>());
        List<TouchedPoint> touched = insertReadings(msg, enterprise, state, deltas, outputs);
        if (enterprise == null) return Counted.UNKNOWN_ENTERPRISE;
        boolean rollupsStarted = writePoints(msg.enterprise, enterprise, touched, state, out);
        addTotals(enterprise, snap.reference().province(), deltas, state, out, outputs);
        return rollupsStarted ? Counted.ROLLUPS_STARTED : Counted.COUNTED;
    }

    /** Places each reading in its point's series; returns the points changed, in first-touched order. */
    private List<TouchedPoint> insertReadings(
            AcceptedReadings msg,
            Enterprise enterprise,
            EnterpriseState state,
            PeriodTotals deltas,
            UsageOutputs outputs)
            throws Exception {
        List<TouchedPoint> touched = new ArrayList<>(msg.size());
        touchedByPoint.clear();
        for (int i = 0; i < msg.size(); i++) {
            // the registry may have changed since validation: check again rather than count against a stale spec
            Point point = enterprise == null ? null : enterprise.point(msg.points[i]);
            if (point == null || !point.gateway().equals(msg.gateway)) {
                RejectReason reason = enterprise == null
                        ? RejectReason.UNKNOWN_ENTERPRISE
                        : point == null ? RejectReason.UNKNOWN_POINT : RejectReason.GATEWAY_MISMATCH;
                reject(msg, i, reason, outputs);
                continue;
            }
            TouchedPoint tp = touchedByPoint.get(point);
            if (tp == null) {
                PointSeries s = state.series().get(point.id());
                tp = new TouchedPoint(point, s != null ? s : new PointSeries(), deltas, conversion);
                touchedByPoint.put(point, tp);
                touched.add(tp);
            }
            if (!tp.olderRead && tp.series.needsOlderFor(msg.ts[i])) joinOlder(tp, state);
            InsertResult result = tp.series.insert(msg.ts[i], msg.values[i], point, hotWindowMs, tp);
            if (result.accepted()) {
                tp.accepted = true;
                counts.counted++;
                if (msg.ts[i] < msg.receivedAt - LATE_AFTER_MS) counts.late++;
                if (result == InsertResult.ACCEPTED_RESET) counts.resets++;
                if (result == InsertResult.ACCEPTED_ROLLOVER) counts.rollovers++;
            } else if (result == InsertResult.DUPLICATE) {
                counts.duplicates++;
            } else {
                reject(msg, i, result.rejectReason(), outputs);
            }
        }
        return touched;
    }

    /**
     * Adds the rows of the changed points (their roll-ups, or marks them pending) and writes their series.
     * Returns whether pending roll-ups start with this message, so that the roll-up timer is due.
     */
    private boolean writePoints(
            String code,
            Enterprise enterprise,
            List<TouchedPoint> touched,
            EnterpriseState state,
            List<SeriesPoint> out)
            throws Exception {
        StateMap<String, long[]> pending = state.pendingRollups();
        Map<String, long[]> known = null;
        boolean rollupsWaiting = false;
        if (pointRollupMs > 0) {
            known = knownPending.get(code);
            if (known == null && pending.isEmpty()) knownPending.put(code, known = new HashMap<>());
            rollupsWaiting = known == null || !known.isEmpty();
        }
        for (TouchedPoint t : touched) {
            String id = t.point.id();
            if (t.buckets.size() > 0) {
                rows.quarters(enterprise, t, out);
                long[] days = t.buckets.days();
                if (pointRollupMs == 0) {
                    rows.rollups(enterprise, t.point, t.series, days, out);
                } else {
                    long[] waiting = known != null ? known.get(id) : pending.get(id);
                    long[] all = SortedLongs.union(waiting, days);
                    if (all != waiting) {
                        pending.put(id, all);
                        if (known != null) known.put(id, all);
                    }
                }
            }
            // after the rows: writing a whole series splits it, and its rows may need the older part
            if (t.accepted) putSeries(id, t.series, t.olderSplitAt, state);
        }
        // not waiting means this instance knows the pending state, and it is empty no more if a point was added
        return pointRollupMs > 0 && !rollupsWaiting && !known.isEmpty();
    }

    /**
     * Adds the deltas to the enterprise's totals, with a row and three region deltas for each period changed, and for
     * a day or month a fourth delta addressed to the enterprise's own progress.
     */
    private void addTotals(
            Enterprise enterprise,
            String province,
            PeriodTotals deltas,
            EnterpriseState state,
            List<SeriesPoint> out,
            UsageOutputs outputs)
            throws Exception {
        StateMap<Long, UsageTotals> totals = state.totals();
        for (Map.Entry<Long, UsageTotals> d : deltas.byPeriod().entrySet()) {
            long key = d.getKey();
            UsageTotals t = totals.get(key);
            if (t == null) t = new UsageTotals();
            t.add(d.getValue());
            totals.put(key, t);
            Period period = UsageKeys.period(key);
            long start = UsageKeys.start(key);
            out.add(UsagePoints.enterpriseUsage(enterprise, period, start, t));
            outputs.regionDelta(new RegionDelta(UsagePoints.LEVEL_CITY, enterprise.city(), key, d.getValue()));
            outputs.regionDelta(
                    new RegionDelta(UsagePoints.LEVEL_TIER, enterprise.tier().code(), key, d.getValue()));
            outputs.regionDelta(new RegionDelta(UsagePoints.LEVEL_PROVINCE, province, key, d.getValue()));
            // the unit's own day and month changes, for its progress
            if (period == Period.DAY || period == Period.MONTH) {
                outputs.regionDelta(
                        new RegionDelta(UsagePoints.LEVEL_ENTERPRISE, enterprise.code(), key, d.getValue()));
            }
        }
    }

    /** A reading before the point's recent part: the whole series from here on, split again when it is written. */
    private static void joinOlder(TouchedPoint tp, EnterpriseState state) throws Exception {
        tp.olderRead = true;
        PointSeries older = state.olderSeries().get(tp.point.id());
        if (older == null) return;
        // split again where it was: the recent part starts at its first reading (the last one before that reading + 1)
        tp.olderSplitAt = tp.series.ts(0) + 1;
        tp.series = PointSeries.joined(older, tp.series);
    }

    /** Writes a point's series; a joined one split again where it was, so the recent part stays as short. */
    private static void putSeries(String id, PointSeries s, long splitAt, EnterpriseState state) throws Exception {
        if (splitAt != Long.MIN_VALUE) {
            PointSeries older = s.splitOlder(splitAt);
            if (older != null) state.olderSeries().put(id, older);
            else state.olderSeries().remove(id);
        }
        state.series().put(id, s);
    }

    /** Adds the roll-up rows of every point of enterprise {@code code} that reported since the last time. */
    void emitPendingRollups(String code, EnterpriseState state, List<SeriesPoint> out) throws Exception {
        RegistryProvider.Snapshot snap = snapshot();
        Enterprise enterprise = snap.registry().enterprise(code);
        for (Map.Entry<String, long[]> e : state.pendingRollups().entries()) {
            Point p = enterprise == null ? null : enterprise.point(e.getKey());
            PointSeries s = state.series().get(e.getKey());
            // a point dropped from the registry or forgotten meanwhile has nothing to write
            if (p != null && s != null) {
                rows.rollups(enterprise, p, s, e.getValue(), out);
            }
        }
        state.pendingRollups().clear();
        knownPending.remove(code);
    }

    /**
     * Forgets what the lateness horizon of a prune at {@code pruneTime} has passed: readings and buckets no accepted
     * reading can change any more, 15-minute and day totals before the horizon, months and years long closed, and
     * points silent for over a year. Compacts each series to its hot window ({@link PointSeries#compact}): readings
     * and quarter hours older than it stay only where a recorded gap needs them. Splits each point's series anew, so that its recent part starts with
     * yesterday's last reading. Returns whether any series or totals are left.
     */
    boolean prune(String code, long pruneTime, EnterpriseState state) throws Exception {
        long horizon = TotalsRetention.horizon(pruneTime, latenessMs);
        long recentFrom = ShanghaiCalendar.dayStart(pruneTime);
        Enterprise enterprise = snapshot().registry().enterprise(code);
        StateMap<String, PointSeries> olderSeries = state.olderSeries();
        List<String> forget = new ArrayList<>();
        for (Map.Entry<String, PointSeries> e : state.series().entries()) {
            PointSeries recent = e.getValue();
            if (recent.lastSeen < horizon - FORGET_AFTER_MS) {
                forget.add(e.getKey());
                continue;
            }
            PointSeries older = olderSeries.get(e.getKey());
            PointSeries whole = older == null ? recent : PointSeries.joined(older, recent);
            whole.prune(horizon);
            // a point dropped from the registry meanwhile takes no reading any more: nothing to compact for
            Point point = enterprise == null ? null : enterprise.point(e.getKey());
            if (point != null && whole.lastSeen != Long.MIN_VALUE) whole.compact(whole.lastSeen - hotWindowMs, point);
            PointSeries olderNow = whole.splitOlder(recentFrom);
            e.setValue(whole);
            if (olderNow != null) {
                olderSeries.put(e.getKey(), olderNow);
            } else if (older != null) {
                olderSeries.remove(e.getKey());
            }
        }
        for (String id : forget) {
            state.series().remove(id);
            olderSeries.remove(id);
        }
        StateMap<Long, UsageTotals> totals = state.totals();
        for (long key : TotalsRetention.expired(totals.keys(), horizon)) totals.remove(key);
        return !state.series().isEmpty() || !totals.isEmpty();
    }

    /** The current registry, with the conversion tables of its version. */
    private RegistryProvider.Snapshot snapshot() {
        RegistryProvider.Snapshot snap = registry.current();
        if (conversion == null || conversionVersion != snap.version()) {
            conversion = new EnergyConversion(snap.reference());
            rows = new PointRows(conversion);
            conversionVersion = snap.version();
        }
        return snap;
    }

    private void reject(AcceptedReadings msg, int i, RejectReason reason, UsageOutputs outputs) {
        counts.reject(reason);
        outputs.rejected(new Rejection(
                reason,
                null,
                Topics.readingsTopic(msg.enterprise, msg.gateway),
                msg.enterprise,
                msg.gateway,
                msg.seq,
                msg.index[i],
                msg.points[i],
                msg.ts[i],
                msg.values[i],
                msg.receivedAt,
                null));
    }
}
