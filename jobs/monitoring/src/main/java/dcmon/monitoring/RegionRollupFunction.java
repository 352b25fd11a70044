package dcmon.monitoring;

import dcmon.core.calendar.Period;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.usage.TotalsRetention;
import dcmon.core.usage.UsageKeys;
import dcmon.core.usage.UsageTotals;
import dcmon.influx.SeriesPoint;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by roll-up ({@code level|region}): sums enterprise deltas into city, tier and province totals per
 * period and emits the absolute totals that changed.
 */
public final class RegionRollupFunction extends KeyedProcessFunction<String, RegionDelta, SeriesPoint> {
    private final long latenessMs;
    private transient MapState<Long, UsageTotals> totals;

    public RegionRollupFunction(Duration lateness) {
        this.latenessMs = lateness.toMillis();
    }

    /** Per roll-up: period key ({@link UsageKeys}) → the region's totals of that period. */
    public static MapStateDescriptor<Long, UsageTotals> totalsState() {
        return new MapStateDescriptor<>("region-totals", LongSerializer.INSTANCE, UsageTotalsSerializer.INSTANCE);
    }

    @Override
    public void open(OpenContext ctx) {
        totals = getRuntimeContext().getMapState(totalsState());
    }

    @Override
    public void processElement(RegionDelta d, Context ctx, Collector<SeriesPoint> out) throws Exception {
        UsageTotals t = totals.get(d.periodKey);
        if (t == null) t = new UsageTotals();
        t.add(d.delta);
        totals.put(d.periodKey, t);
        Period period = UsageKeys.period(d.periodKey);
        out.collect(UsagePoints.regionUsage(d.level, d.region, period, UsageKeys.start(d.periodKey), t));
        if (ctx.timestamp() != null) {
            ctx.timerService().registerEventTimeTimer(TotalsRetention.nextPruneTime(ctx.timestamp()));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SeriesPoint> out) throws Exception {
        // end of input: see EnterpriseUsageFunction
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) return;
        long horizon = TotalsRetention.horizon(timestamp, latenessMs);
        for (long key : TotalsRetention.expired(totals.keys(), horizon)) totals.remove(key);
        if (!totals.isEmpty()) ctx.timerService().registerEventTimeTimer(timestamp + ShanghaiCalendar.DAY_MS);
    }
}
