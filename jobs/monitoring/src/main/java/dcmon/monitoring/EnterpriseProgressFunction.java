package dcmon.monitoring;

import dcmon.core.alert.AlertEvent;
import dcmon.core.alert.ProgressRules;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.progress.ProductUsage;
import dcmon.core.progress.Progress;
import dcmon.core.progress.ProgressCalculator;
import dcmon.core.progress.SeasonalProfile;
import dcmon.core.progress.YearToDate;
import dcmon.core.registry.Enterprise;
import dcmon.core.usage.UsageTotals;
import dcmon.influx.SeriesPoint;
import java.time.Duration;
import java.util.List;
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
 */
public final class EnterpriseProgressFunction extends KeyedProcessFunction<String, RegionDelta, SeriesPoint> {
    private final RegistryProvider registry;
    private final ProgressSettings settings;
    private final long latenessMs;

    private transient ProgressHistory history;
    private transient AlertSteps alerts;
    private transient EvaluationClock clock;

    public EnterpriseProgressFunction(RegistryProvider registry, ProgressSettings settings, Duration lateness) {
        this.registry = registry;
        this.settings = settings;
        this.latenessMs = lateness.toMillis();
    }

    /** Per enterprise: day and month keys ({@code UsageKeys}) → the unit's totals. */
    public static MapStateDescriptor<Long, UsageTotals> totalsState() {
        return new MapStateDescriptor<>("progress-totals", LongSerializer.INSTANCE, UsageTotalsSerializer.INSTANCE);
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
    }

    @Override
    public void processElement(RegionDelta d, Context ctx, Collector<SeriesPoint> out) throws Exception {
        history.add(d.periodKey, d.delta);
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
            return;
        }
        int year = ShanghaiCalendar.year(now);
        int oldestOpen = ShanghaiCalendar.year(now - latenessMs);
        for (int y = oldestOpen; y <= year; y++) evaluate(e, snap.reference().province(), y, now, ctx, out);
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
        var months = history.months(year);
        ProgressCalculator.Recent recent =
                year == ShanghaiCalendar.year(now) ? history.recent(now) : ProgressCalculator.Recent.NONE;
        double[] previousYear = history.previousYearTce(year, e.reportedMonths());
        SeasonalProfile profile = previousYear == null ? null : SeasonalProfile.fromMonthlyTotals(previousYear);
        Progress p = ProgressCalculator.enterprise(e, settings.targets(), year, now, months, recent, profile);
        for (SeriesPoint row : ProgressRows.enterprise(p, e)) out.collect(row);
        for (AlertEvent event : alerts.observe(ProgressRules.observe(p), now)) {
            out.collect(AlertMessage.row(event));
            ctx.output(Outputs.ALERTS, AlertMessage.of(event));
        }
        YearToDate usage = YearToDate.of(year, now, months, e.reportedMonths());
        List<ProductUsage> ytd = ProductUsage.of(e, usage.ytd());
        List<ProductUsage> mtd = ProductUsage.of(e, usage.mtd());
        String[][] regions = {
            {UsagePoints.LEVEL_CITY, e.city()},
            {UsagePoints.LEVEL_TIER, e.tier().code()},
            {UsagePoints.LEVEL_PROVINCE, province}
        };
        for (String[] r : regions) {
            ctx.output(
                    Outputs.PROGRESS_SHARES,
                    ProgressShare.of(
                            r[0], r[1], e.code(), usage, ytd, mtd, recent.totals(), recent.days(), previousYear));
        }
    }
}
