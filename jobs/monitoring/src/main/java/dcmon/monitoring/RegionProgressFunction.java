package dcmon.monitoring;

import dcmon.core.alert.AlertEvent;
import dcmon.core.alert.ProgressRules;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.monthly.MonthlySnapshot;
import dcmon.core.progress.ProductUsage;
import dcmon.core.progress.Progress;
import dcmon.core.progress.ProgressCalculator;
import dcmon.core.progress.SeasonalProfile;
import dcmon.core.progress.YearToDate;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Registry;
import dcmon.core.targets.RegionKey;
import dcmon.core.targets.Regions;
import dcmon.core.targets.SubjectLevel;
import dcmon.core.usage.UsageTotals;
import dcmon.influx.SeriesPoint;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by region ({@code level|code}): keeps the latest {@link ProgressShare} of each member enterprise and year and,
 * once the watermark has passed the evaluation that sent them, sums them into the region's progress (its own target or
 * its units' summed caps, {@link Regions#target}), writes {@code region_progress} and runs the region rules.
 *
 * <p>A region is evaluated whenever one of its members was; members are evaluated at least daily, so regions are too.
 * Shares of units that left the region or the registry, and of years closed to late data, are dropped.
 *
 * <p>Members' shares of a closed month are kept apart, per month, and summed into the region's month snapshot
 * ({@link MonthClose}, docs/design.md, <i>Month close</i>).
 */
public final class RegionProgressFunction extends KeyedProcessFunction<String, ProgressShare, SeriesPoint> {
    private final RegistryProvider registry;
    private final ProgressSettings settings;
    private final long latenessMs;

    private transient MapState<String, ProgressShare> shares;
    private transient AlertSteps alerts;
    private transient EvaluationClock clock;
    private transient MapState<String, ProgressShare> monthShares;
    private transient StateMap<Long, ClosedMonth> closed;
    private transient ValueState<Long> monthsChecked;

    public RegionProgressFunction(RegistryProvider registry, ProgressSettings settings, Duration lateness) {
        this.registry = registry;
        this.settings = settings;
        this.latenessMs = lateness.toMillis();
    }

    /** Per region: {@code enterprise|year} → that member's latest share. */
    public static MapStateDescriptor<String, ProgressShare> sharesState() {
        return new MapStateDescriptor<>(
                "region-progress-shares", TypeInformation.of(String.class), TypeInformation.of(ProgressShare.class));
    }

    /** Per region: {@code YYYY-MM|enterprise} → that member's share as of the end of that closed month. */
    public static MapStateDescriptor<String, ProgressShare> monthSharesState() {
        return new MapStateDescriptor<>(
                "region-month-shares", TypeInformation.of(String.class), TypeInformation.of(ProgressShare.class));
    }

    @Override
    public void open(OpenContext ctx) {
        shares = getRuntimeContext().getMapState(sharesState());
        monthShares = getRuntimeContext().getMapState(monthSharesState());
        closed = new MapStateMap<>(
                getRuntimeContext().getMapState(EnterpriseProgressFunction.closedState("region-monthly")));
        monthsChecked = getRuntimeContext().getState(new ValueStateDescriptor<>("region-monthly-checked", Long.class));
        alerts = new AlertSteps(
                new MapStateMap<>(getRuntimeContext()
                        .getMapState(EnterpriseProgressFunction.alertsState("region-progress-alerts"))),
                settings.alerts());
        clock = new EvaluationClock(
                getRuntimeContext().getState(EvaluationClock.descriptor("region-progress-clock")), REGION_FALLBACK_MS);
    }

    /**
     * A paused input's fallback for regions: the members' shares of one evaluation arrive within moments of each other,
     * and the members' own fallback already waited for the input.
     */
    static final long REGION_FALLBACK_MS = 5_000;

    @Override
    public void processElement(ProgressShare s, Context ctx, Collector<SeriesPoint> out) throws Exception {
        if (s.closedMonth != null) {
            monthShares.put(s.closedMonth + "|" + s.enterprise, s);
            monthsChecked.clear();
            ClosedMonth c = closed.get(MonthClose.start(YearMonth.parse(s.closedMonth)));
            if (c != null && !c.dirty) {
                c.dirty = true;
                closed.put(MonthClose.start(YearMonth.parse(s.closedMonth)), c);
            }
        } else {
            shares.put(s.memberKey(), s);
        }
        // shares are sent at an evaluation time, which the watermark has reached: this fires with the next watermark,
        // after the shares of every member evaluated at the same time
        if (ctx.timestamp() != null) clock.request(ctx.timestamp(), ctx.timerService());
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

    private void evaluate(long now, OnTimerContext ctx, Collector<SeriesPoint> out) throws Exception {
        String[] key = ctx.getCurrentKey().split("\\|", 2);
        RegionKey region = new RegionKey(SubjectLevel.ofCode(key[0]), key[1]);
        Registry reg = registry.current().registry();
        int oldestOpen = ShanghaiCalendar.year(now - latenessMs);
        Map<Integer, List<ProgressShare>> byYear = new TreeMap<>();
        List<String> drop = new ArrayList<>();
        for (Map.Entry<String, ProgressShare> e : shares.entries()) {
            ProgressShare s = e.getValue();
            Enterprise member = reg.enterprise(s.enterprise);
            if (s.year < oldestOpen || member == null || !Regions.contains(region, member)) {
                drop.add(e.getKey());
            } else {
                byYear.computeIfAbsent(s.year, y -> new ArrayList<>()).add(s);
            }
        }
        for (String k : drop) shares.remove(k);
        for (Map.Entry<Integer, List<ProgressShare>> y : byYear.entrySet()) {
            Progress p = progress(region, reg, y.getKey(), now, y.getValue());
            for (SeriesPoint row : ProgressRows.region(p)) out.collect(row);
            for (AlertEvent event : alerts.observe(ProgressRules.observe(p), now)) {
                out.collect(AlertMessage.row(event));
                ctx.output(Outputs.ALERTS, AlertMessage.of(event));
            }
        }
        alerts.forgetYearsBefore(oldestOpen);
        closeMonths(region, reg, now, ctx);
        if (shares.isEmpty() && monthShares.isEmpty()) clock.clear();
    }

    /**
     * Closes the region's months due at {@code now} from its members' shares of them, and recomputes those a member's
     * new share changed; a snapshot that differs from the last one sent goes out as the next revision. Forgets the
     * months that can no longer change.
     */
    private void closeMonths(RegionKey region, Registry reg, long now, Context ctx) throws Exception {
        // the month shares are many in a province and change only when one arrives: look at them when one did, and
        // once a day for the months that became final
        Long checked = monthsChecked.value();
        long today = ShanghaiCalendar.dayStart(now);
        if (checked != null && checked == today) return;
        if (monthShares.isEmpty() && closed.isEmpty()) {
            monthsChecked.clear();
            return;
        }
        monthsChecked.update(today);
        Map<YearMonth, List<ProgressShare>> byMonth = new TreeMap<>();
        List<String> drop = new ArrayList<>();
        for (Map.Entry<String, ProgressShare> e : monthShares.entries()) {
            YearMonth month = YearMonth.parse(e.getValue().closedMonth);
            if (now >= MonthClose.finalAt(month, latenessMs)) {
                drop.add(e.getKey());
                continue;
            }
            Enterprise member = reg.enterprise(e.getValue().enterprise);
            if (member != null && Regions.contains(region, member)) {
                byMonth.computeIfAbsent(month, m -> new ArrayList<>()).add(e.getValue());
            }
        }
        for (String k : drop) monthShares.remove(k);
        for (Map.Entry<YearMonth, List<ProgressShare>> m : byMonth.entrySet()) {
            YearMonth month = m.getKey();
            if (!MonthClose.open(month, now, settings.monthCloseGrace(), latenessMs)) continue;
            ClosedMonth c = closed.get(MonthClose.start(month));
            if (c != null && !c.dirty) continue;
            MonthlySnapshot s = MonthClose.revision(
                    closed, c == null ? new ClosedMonth() : c, snapshot(region, reg, month, m.getValue()));
            if (s != null) ctx.output(Outputs.MONTHLY, MonthlyMessage.of(s, now));
        }
        MonthClose.prune(closed, now, latenessMs);
    }

    private MonthlySnapshot snapshot(RegionKey region, Registry reg, YearMonth month, List<ProgressShare> members) {
        Progress p = progress(region, reg, month.getYear(), MonthlySnapshot.asOf(month), members);
        UsageTotals monthTotals = new UsageTotals();
        UsageTotals ytd = new UsageTotals();
        for (ProgressShare s : members) {
            monthTotals.add(s.mtd);
            ytd.add(s.ytd);
        }
        return MonthClose.snapshot(region.level().code(), region.code(), month, Map.of(), monthTotals, ytd, p);
    }

    /** The region's progress in {@code year} from its members' shares. */
    Progress progress(RegionKey region, Registry reg, int year, long now, List<ProgressShare> members) {
        UsageTotals ytd = new UsageTotals();
        UsageTotals mtd = new UsageTotals();
        UsageTotals recent = new UsageTotals();
        double recentDays = 0;
        TreeSet<YearMonth> measured = new TreeSet<>();
        TreeSet<YearMonth> reported = new TreeSet<>();
        List<List<ProductUsage>> ytdProducts = new ArrayList<>();
        List<List<ProductUsage>> mtdProducts = new ArrayList<>();
        double[] previousYear = new double[12];
        boolean fullPreviousYear = true;
        for (ProgressShare s : members) {
            ytd.add(s.ytd);
            mtd.add(s.mtd);
            recent.add(s.recent);
            recentDays = Math.max(recentDays, s.recentDays);
            for (String m : s.measured) measured.add(YearMonth.parse(m));
            for (String m : s.reported) reported.add(YearMonth.parse(m));
            ytdProducts.add(s.ytdProducts());
            mtdProducts.add(s.mtdProducts());
            if (s.previousYear == null) fullPreviousYear = false;
            else for (int i = 0; i < 12; i++) previousYear[i] += s.previousYear[i];
        }
        YearToDate usage = new YearToDate(year, ytd, mtd, List.copyOf(measured), List.copyOf(reported));
        // a profile from only some members' previous year would weigh the months by those members alone
        SeasonalProfile profile = fullPreviousYear ? SeasonalProfile.fromMonthlyTotals(previousYear) : null;
        return ProgressCalculator.region(
                region,
                settings.targets(),
                reg,
                now,
                usage,
                ProductUsage.sum(ytdProducts),
                ProductUsage.sum(mtdProducts),
                new ProgressCalculator.Recent(recent, recentDays),
                profile);
    }
}
