package dcmon.monitoring;

import dcmon.core.alert.AlertEvent;
import dcmon.core.alert.ProgressRules;
import dcmon.core.calendar.Period;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.monthly.MonthlySnapshot;
import dcmon.core.progress.ProductUsage;
import dcmon.core.progress.Progress;
import dcmon.core.progress.ProgressCalculator;
import dcmon.core.progress.SeasonalProfile;
import dcmon.core.progress.YearToDate;
import dcmon.core.registry.Enterprise;
import dcmon.core.usage.UsageKeys;
import dcmon.core.usage.UsageTotals;
import dcmon.influx.SeriesPoint;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by enterprise: keeps the unit's day and month totals ({@link ProgressHistory}) from the usage function's
 * deltas and, at the end of every progress interval in which they changed and at least at every Shanghai midnight,
 * computes its dual-control progress ({@link ProgressCalculator}), writes it to {@code enterprise_progress}, runs the
 * progress rules through the alert lifecycle ({@link AlertSteps}) and sends its share to its city, tier and province.
 *
 * <p>Evaluation runs on event-time timers and uses the timer's time as "now", so a replay of the same input computes
 * the same progress and raises the same alerts; while the input pauses, a processing-time fallback runs the pending
 * evaluation ({@link EvaluationClock}). The year before is evaluated too while late data can still change
 * it (for the lateness after its end).
 *
 * <p>At the first midnight after a month's end plus the grace it closes the month: a {@code dcmon.monthly} snapshot of
 * the unit as of the month's end, and its share of that instant to its regions; late data for a closed month sends the
 * next revision if the snapshot changed ({@link MonthClose}, docs/design.md, <i>Month close</i>).
 */
public final class EnterpriseProgressFunction extends KeyedProcessFunction<String, RegionDelta, SeriesPoint> {
    private final RegistryProvider registry;
    private final ProgressSettings settings;
    private final long latenessMs;

    private transient ProgressHistory history;
    private transient AlertSteps alerts;
    private transient EvaluationClock clock;
    private transient StateMap<Long, ClosedMonth> closed;

    public EnterpriseProgressFunction(RegistryProvider registry, ProgressSettings settings, Duration lateness) {
        this.registry = registry;
        this.settings = settings;
        this.latenessMs = lateness.toMillis();
    }

    /** Per enterprise: day and month keys ({@code UsageKeys}) → the unit's totals. */
    public static MapStateDescriptor<Long, UsageTotals> totalsState() {
        return new MapStateDescriptor<>("progress-totals", LongSerializer.INSTANCE, UsageTotalsSerializer.INSTANCE);
    }

    /** Per subject: month start → what it keeps of that closed month ({@link MonthClose}). */
    public static MapStateDescriptor<Long, ClosedMonth> closedState(String name) {
        return new MapStateDescriptor<>(name, TypeInformation.of(Long.class), TypeInformation.of(ClosedMonth.class));
    }

    /** Per subject: alert id → its lifecycle state. */
    public static MapStateDescriptor<String, StoredAlert> alertsState(String name) {
        return new MapStateDescriptor<>(name, TypeInformation.of(String.class), TypeInformation.of(StoredAlert.class));
    }

    @Override
    public void open(OpenContext ctx) {
        history = new ProgressHistory(new MapStateMap<>(getRuntimeContext().getMapState(totalsState())));
        alerts = new AlertSteps(
                new MapStateMap<>(getRuntimeContext().getMapState(alertsState("progress-alerts"))), settings.alerts());
        clock = new EvaluationClock(
                getRuntimeContext().getState(EvaluationClock.descriptor("progress-clock")), settings.idleFallback());
        closed = new MapStateMap<>(getRuntimeContext().getMapState(closedState("progress-monthly")));
    }

    @Override
    public void processElement(RegionDelta d, Context ctx, Collector<SeriesPoint> out) throws Exception {
        history.add(d.periodKey, d.delta);
        Period period = UsageKeys.period(d.periodKey);
        if (period == Period.DAY || period == Period.MONTH) {
            MonthClose.onDelta(closed, period == Period.DAY, UsageKeys.start(d.periodKey), d.delta);
        }
        if (ctx.timestamp() != null) clock.request(settings.nextEvaluation(ctx.timestamp()), ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SeriesPoint> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            if (clock.onEventTime(timestamp)) evaluate(timestamp, ctx, out);
        } else {
            long pending = clock.onProcessingTime(ctx.timerService());
            if (pending != Long.MIN_VALUE) evaluate(pending, ctx, out);
        }
    }

    /** Evaluates the unit at {@code now}: its open years, then what it no longer needs, then the next midnight. */
    private void evaluate(long now, OnTimerContext ctx, Collector<SeriesPoint> out) throws Exception {
        RegistryProvider.Snapshot snap = registry.current();
        Enterprise e = snap.registry().enterprise(ctx.getCurrentKey());
        if (e == null) {
            // dropped from the registry: nothing to evaluate, and nothing to keep
            history.clear();
            alerts.clear();
            clock.clear();
            closed.clear();
            return;
        }
        int year = ShanghaiCalendar.year(now);
        int oldestOpen = ShanghaiCalendar.year(now - latenessMs);
        for (int y = oldestOpen; y <= year; y++) evaluate(e, snap.reference().province(), y, now, ctx, out);
        closeMonths(e, snap.reference().province(), now, ctx);
        MonthClose.prune(closed, now, latenessMs);
        boolean left = history.prune(now, latenessMs);
        alerts.forgetYearsBefore(oldestOpen);
        // at end of input the watermark is at its maximum: a daily timer would only schedule the next one, forever
        if (!left) {
            clock.clear();
        } else if (ctx.timerService().currentWatermark() != Long.MAX_VALUE) {
            ctx.timerService().registerEventTimeTimer(ShanghaiCalendar.dayStart(now) + ShanghaiCalendar.DAY_MS);
        }
    }

    private void evaluate(
            Enterprise e, String province, int year, long now, OnTimerContext ctx, Collector<SeriesPoint> out)
            throws Exception {
        ProgressCalculator.Recent recent =
                year == ShanghaiCalendar.year(now) ? history.recent(now) : ProgressCalculator.Recent.NONE;
        Figures f = figures(e, year, now, recent);
        for (SeriesPoint row : ProgressRows.enterprise(f.progress, e)) out.collect(row);
        for (AlertEvent event : alerts.observe(ProgressRules.observe(f.progress), now)) {
            out.collect(AlertMessage.row(event));
            ctx.output(Outputs.ALERTS, AlertMessage.of(event));
        }
        sendShares(e, province, f, recent, null, ctx);
    }

    /** A unit's progress and usage in {@code year} as of {@code at}. */
    private record Figures(Progress progress, YearToDate usage, double[] previousYear) {}

    private Figures figures(Enterprise e, int year, long at, ProgressCalculator.Recent recent) throws Exception {
        var months = history.months(year);
        double[] previousYear = history.previousYearTce(year, e.reportedMonths());
        SeasonalProfile profile = previousYear == null ? null : SeasonalProfile.fromMonthlyTotals(previousYear);
        Progress p = ProgressCalculator.enterprise(e, settings.targets(), year, at, months, recent, profile);
        return new Figures(p, YearToDate.of(year, at, months, e.reportedMonths()), previousYear);
    }

    /** The unit's share to its city, tier and province: live ({@code closedMonth} null) or of a closed month. */
    private static void sendShares(
            Enterprise e,
            String province,
            Figures f,
            ProgressCalculator.Recent recent,
            String closedMonth,
            Context ctx) {
        List<ProductUsage> ytd = ProductUsage.of(e, f.usage.ytd());
        List<ProductUsage> mtd = ProductUsage.of(e, f.usage.mtd());
        String[][] regions = {
            {UsagePoints.LEVEL_CITY, e.city()},
            {UsagePoints.LEVEL_TIER, e.tier().code()},
            {UsagePoints.LEVEL_PROVINCE, province}
        };
        for (String[] r : regions) {
            ProgressShare share = ProgressShare.of(
                    r[0], r[1], e.code(), f.usage, ytd, mtd, recent.totals(), recent.days(), f.previousYear);
            share.closedMonth = closedMonth;
            ctx.output(Outputs.PROGRESS_SHARES, share);
        }
    }

    /**
     * Closes the unit's months due at {@code now} and recomputes closed ones that data changed since: each month from
     * the first of a year with a measured total, once its close is due and while it can still change. A snapshot that
     * differs from the last one sent goes out as the next revision, with the unit's share of it to its regions.
     */
    private void closeMonths(Enterprise e, String province, long now, Context ctx) throws Exception {
        for (Map.Entry<Integer, TreeSet<Integer>> y : history.monthsHeld().entrySet()) {
            for (int m = y.getValue().first(); m <= 12; m++) {
                YearMonth month = YearMonth.of(y.getKey(), m);
                if (!MonthClose.open(month, now, settings.monthCloseGrace(), latenessMs)) continue;
                ClosedMonth c = closed.get(MonthClose.start(month));
                if (c != null && !c.dirty) continue;
                if (c == null) c = firstClose(month);
                close(e, province, month, c, now, ctx);
            }
        }
    }

    /** A month closing now: its recent-rate window taken from the day totals, which are forgotten later. */
    private ClosedMonth firstClose(YearMonth month) throws Exception {
        ClosedMonth c = new ClosedMonth();
        c.recent = new UsageTotals();
        c.recentFirst = history.recentInto(MonthlySnapshot.asOf(month), c.recent);
        return c;
    }

    private void close(Enterprise e, String province, YearMonth month, ClosedMonth c, long now, Context ctx)
            throws Exception {
        long asOf = MonthlySnapshot.asOf(month);
        UsageTotals window = new UsageTotals();
        window.add(c.recent);
        ProgressCalculator.Recent recent = ProgressHistory.recent(window, c.recentFirst, asOf);
        Figures f = figures(e, month.getYear(), asOf, recent);
        Map<String, String> tags = new TreeMap<>();
        tags.put("city", e.city());
        tags.put("tier", e.tier().code());
        tags.put("industry", e.industry());
        MonthlySnapshot s = MonthClose.revision(
                closed,
                c,
                MonthClose.snapshot(
                        MonthlySnapshot.ENTERPRISE, e.code(), month, tags, f.usage.mtd(), f.usage.ytd(), f.progress));
        if (s == null) return;
        ctx.output(Outputs.MONTHLY, MonthlyMessage.of(s, now));
        sendShares(e, province, f, recent, month.toString(), ctx);
    }
}
