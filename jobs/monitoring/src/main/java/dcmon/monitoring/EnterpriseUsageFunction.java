package dcmon.monitoring;

import dcmon.core.Topics;
import dcmon.core.calendar.Period;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.convert.EnergyConversion;
import dcmon.core.convert.Footprint;
import dcmon.core.reading.AcceptedReadings;
import dcmon.core.reading.RejectReason;
import dcmon.core.reading.Rejection;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Point;
import dcmon.core.registry.Role;
import dcmon.core.series.InsertResult;
import dcmon.core.series.PointSeries;
import dcmon.core.usage.UsageTotals;
import dcmon.influx.SeriesPoint;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Keyed by enterprise: turns each message's accepted readings into bucket amounts (counter → delta,
 * dedup, conflicts, late re-splits — all in {@link PointSeries}), keeps the enterprise's totals per 15 min,
 * day, month and year, and emits absolute point and enterprise usage for every period a message changed.
 * Changes of the enterprise totals leave on {@link Outputs#REGION_DELTAS} for the regional roll-ups.
 */
public final class EnterpriseUsageFunction extends KeyedProcessFunction<String, AcceptedReadings, SeriesPoint> {
    /** A reading this much older than its message is counted as late (store-and-forward, re-sends). */
    static final long LATE_AFTER_MS = 3_600_000L;
    /** A point silent for this long beyond the lateness horizon is forgotten entirely. */
    static final long FORGET_AFTER_MS = 400L * ShanghaiCalendar.DAY_MS;

    private final RegistryProvider registry;
    private final long latenessMs;

    private transient MapState<String, PointSeries> series;
    private transient MapState<Long, UsageTotals> totals;
    private transient EnergyConversion conversion;
    private transient long conversionVersion;
    private transient Counter counted;
    private transient Counter duplicates;
    private transient Counter late;
    private transient Counter resets;
    private transient Counter rollovers;
    private transient Map<RejectReason, Counter> rejected;

    public EnterpriseUsageFunction(RegistryProvider registry, Duration lateness) {
        this.registry = registry;
        this.latenessMs = lateness.toMillis();
    }

    /** Per enterprise: point id → its series. */
    public static MapStateDescriptor<String, PointSeries> seriesState() {
        return new MapStateDescriptor<>("point-series", StringSerializer.INSTANCE, PointSeriesSerializer.INSTANCE);
    }

    /** Per enterprise: period key ({@link UsageKeys}) → the enterprise's totals of that period. */
    public static MapStateDescriptor<Long, UsageTotals> totalsState() {
        return new MapStateDescriptor<>("enterprise-totals", Types.LONG, TypeInformation.of(UsageTotals.class));
    }

    @Override
    public void open(OpenContext ctx) {
        series = getRuntimeContext().getMapState(seriesState());
        totals = getRuntimeContext().getMapState(totalsState());
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
    public void processElement(AcceptedReadings msg, Context ctx, Collector<SeriesPoint> out) throws Exception {
        RegistryProvider.Snapshot snap = registry.current();
        if (conversion == null || conversionVersion != snap.version()) {
            conversion = new EnergyConversion(snap.reference());
            conversionVersion = snap.version();
        }
        Enterprise enterprise = snap.registry().enterprise(msg.enterprise);
        // deltas of the enterprise totals by period key, in first-touched order
        Map<Long, UsageTotals> deltas = new LinkedHashMap<>();
        // quarter-hour buckets touched per point
        Map<String, TreeSet<Long>> touched = new LinkedHashMap<>();

        for (int i = 0; i < msg.size(); i++) {
            String id = msg.points[i];
            // the registry may have changed since validation: check again rather than count against a stale spec
            Point point = enterprise == null ? null : enterprise.point(id);
            if (point == null || !point.gateway().equals(msg.gateway)) {
                RejectReason reason = enterprise == null ? RejectReason.UNKNOWN_ENTERPRISE
                        : point == null ? RejectReason.UNKNOWN_POINT : RejectReason.GATEWAY_MISMATCH;
                reject(ctx, msg, i, reason);
                continue;
            }
            PointSeries s = series.get(id);
            if (s == null) s = new PointSeries();
            TreeSet<Long> buckets = touched.computeIfAbsent(id, k -> new TreeSet<>());
            InsertResult result = s.insert(msg.ts[i], msg.values[i], point, (bucket, amountDelta, estimatedDelta) -> {
                buckets.add(bucket);
                addDelta(deltas, point, bucket, amountDelta, estimatedDelta);
            });
            if (result.accepted()) {
                series.put(id, s);
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

        for (Map.Entry<String, TreeSet<Long>> e : touched.entrySet()) {
            if (!e.getValue().isEmpty()) emitPointUsage(enterprise, enterprise.point(e.getKey()), series.get(e.getKey()), e.getValue(), out);
        }
        String province = snap.reference().province();
        for (Map.Entry<Long, UsageTotals> d : deltas.entrySet()) {
            long key = d.getKey();
            UsageTotals t = totals.get(key);
            if (t == null) t = new UsageTotals();
            t.add(d.getValue());
            totals.put(key, t);
            Period period = UsageKeys.period(key);
            long start = UsageKeys.start(key);
            out.collect(UsagePoints.enterpriseUsage(enterprise, period, start, t));
            ctx.output(Outputs.REGION_DELTAS, new RegionDelta(UsagePoints.LEVEL_CITY, enterprise.city(), key, d.getValue()));
            ctx.output(Outputs.REGION_DELTAS, new RegionDelta(UsagePoints.LEVEL_TIER, enterprise.tier().code(), key, d.getValue()));
            ctx.output(Outputs.REGION_DELTAS, new RegionDelta(UsagePoints.LEVEL_PROVINCE, province, key, d.getValue()));
        }
        ctx.timerService().registerEventTimeTimer(nextPruneTime(msg.receivedAt));
    }

    private void addDelta(Map<Long, UsageTotals> deltas, Point point, long bucket, double amountDelta, int estimatedDelta) {
        Footprint f = conversion.convert(point, amountDelta, ShanghaiCalendar.year(bucket));
        boolean output = point.role() == Role.PRODUCT || point.role() == Role.WORKLOAD;
        for (Period period : Period.values()) {
            UsageTotals d = deltas.computeIfAbsent(UsageKeys.key(period, period.start(bucket)), k -> new UsageTotals());
            d.add(f);
            d.estimated += estimatedDelta;
            if (output) d.addOutput(point.product(), amountDelta);
        }
    }

    private void emitPointUsage(Enterprise e, Point p, PointSeries s, TreeSet<Long> buckets, Collector<SeriesPoint> out) {
        long lastDay = Long.MIN_VALUE, lastMonth = Long.MIN_VALUE, lastYear = Long.MIN_VALUE;
        for (long b : buckets) {
            int year = ShanghaiCalendar.year(b);
            double q = s.quarter(b);
            out.collect(UsagePoints.pointUsage(e.code(), p, Period.QUARTER, b, q, conversion.gross(p, q, year), s.quarterIsEstimated(b)));
            long day = ShanghaiCalendar.dayStart(b);
            if (day != lastDay) {
                lastDay = day;
                double v = s.day(day);
                out.collect(UsagePoints.pointUsage(e.code(), p, Period.DAY, day, v, conversion.gross(p, v, year), s.dayIsEstimated(day)));
            }
            long month = ShanghaiCalendar.monthStart(b);
            if (month != lastMonth) {
                lastMonth = month;
                double v = s.month(month);
                out.collect(UsagePoints.pointUsage(e.code(), p, Period.MONTH, month, v, conversion.gross(p, v, year), s.monthIsEstimated(month)));
            }
            long yearStart = ShanghaiCalendar.yearStart(b);
            if (yearStart != lastYear) {
                lastYear = yearStart;
                double v = s.year(yearStart);
                out.collect(UsagePoints.pointUsage(e.code(), p, Period.YEAR, yearStart, v, conversion.gross(p, v, year), s.yearIsEstimated(yearStart)));
            }
        }
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
     * for over a year. Keeps a timer only while state is left.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SeriesPoint> out) throws Exception {
        // End of input: no reading can follow, and pruning emits nothing. Re-arming here would replay a daily
        // timer for every day until the state empties (two years of days per enterprise) for no visible effect.
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) return;
        long horizon = timestamp - latenessMs - ShanghaiCalendar.DAY_MS;
        List<String> forget = new ArrayList<>();
        for (Map.Entry<String, PointSeries> e : series.entries()) {
            PointSeries s = e.getValue();
            if (s.lastSeen < horizon - FORGET_AFTER_MS) {
                forget.add(e.getKey());
            } else {
                s.prune(horizon);
                e.setValue(s);
            }
        }
        for (String id : forget) series.remove(id);
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
