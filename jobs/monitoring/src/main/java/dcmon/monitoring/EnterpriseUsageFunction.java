package dcmon.monitoring;

import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.reading.AcceptedReadings;
import dcmon.core.reading.RejectReason;
import dcmon.core.reading.Rejection;
import dcmon.core.series.PointSeries;
import dcmon.core.usage.TotalsRetention;
import dcmon.core.usage.UsageKeys;
import dcmon.core.usage.UsageTotals;
import dcmon.influx.SeriesPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by enterprise: counts each message with an {@link EnterpriseCounter} over this key's state, and keeps the
 * timers it asks for — the point roll-ups' (processing time) and the daily prune (event time). Emits the rows
 * a message changed; changes of the enterprise totals leave on {@link Outputs#REGION_DELTAS} for the regional
 * roll-ups, rejected readings on {@link Outputs#REJECTED}.
 *
 * <p>The rows a message (or a roll-up timer) produces leave together, as one list: one record through the operator
 * chain instead of one per row. Passing each row on by itself (a record, two copies of its wrapper for the
 * operator's three outputs, the sink operator's call) cost about as much as making it.
 */
public final class EnterpriseUsageFunction extends KeyedProcessFunction<String, AcceptedReadings, List<SeriesPoint>> {
    /** The counting rules' rejections that have a metric of their own ({@code rejected.<reason>_series}). */
    private static final RejectReason[] COUNTED_REJECTIONS = {
        RejectReason.CONFLICT,
        RejectReason.LATE_COVERED,
        RejectReason.NEGATIVE_STEP,
        RejectReason.SUSPECT_STEP,
        RejectReason.TOO_LATE,
        RejectReason.UNKNOWN_ENTERPRISE,
        RejectReason.UNKNOWN_POINT,
        RejectReason.GATEWAY_MISMATCH
    };

    private final RegistryProvider registry;
    private final long latenessMs;
    private final long pointRollupMs;
    private final long hotWindowMs;

    private transient EnterpriseState state;
    private transient EnterpriseCounter counter;
    private transient ContextOutputs outputs;

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
        this(registry, lateness, pointRollup, MonitoringOptions.DEFAULT_HOT_WINDOW);
    }

    /**
     * @param hotWindow how far behind a point's newest reading every reading is checked exactly; older ones only go
     *     into a recorded gap ({@link PointSeries#insert(long, double, dcmon.core.registry.Point, long,
     *     PointSeries.BucketChanges)})
     */
    public EnterpriseUsageFunction(
            RegistryProvider registry, Duration lateness, Duration pointRollup, Duration hotWindow) {
        this.registry = registry;
        this.latenessMs = lateness.toMillis();
        this.pointRollupMs = pointRollup.toMillis();
        this.hotWindowMs = hotWindow.toMillis();
    }

    /** Per enterprise: point id → Shanghai day starts whose point roll-up rows wait to be written. */
    public static MapStateDescriptor<String, long[]> pendingRollupsState() {
        return new MapStateDescriptor<>(
                "point-rollups-pending", Types.STRING, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);
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
        return new MapStateDescriptor<>(
                "point-series-older", StringSerializer.INSTANCE, PointSeriesSerializer.INSTANCE);
    }

    /** Per enterprise: period key ({@link UsageKeys}) → the enterprise's totals of that period. */
    public static MapStateDescriptor<Long, UsageTotals> totalsState() {
        return new MapStateDescriptor<>("enterprise-totals", LongSerializer.INSTANCE, UsageTotalsSerializer.INSTANCE);
    }

    @Override
    public void open(OpenContext ctx) {
        state = new EnterpriseState(
                new MapStateMap<>(getRuntimeContext().getMapState(seriesState())),
                new MapStateMap<>(getRuntimeContext().getMapState(olderSeriesState())),
                new MapStateMap<>(getRuntimeContext().getMapState(totalsState())),
                new MapStateMap<>(getRuntimeContext().getMapState(pendingRollupsState())));
        counter = new EnterpriseCounter(registry, latenessMs, pointRollupMs, hotWindowMs);
        outputs = new ContextOutputs();
        registerMetrics(getRuntimeContext().getMetricGroup().addGroup("dcmon"), counter.counts());
    }

    private static void registerMetrics(MetricGroup g, ReadingCounts counts) {
        g.counter("readingsCounted", new CountView(() -> counts.counted));
        g.counter("readingsDuplicate", new CountView(() -> counts.duplicates));
        g.counter("readingsLate", new CountView(() -> counts.late));
        g.counter("meterResets", new CountView(() -> counts.resets));
        g.counter("registerRollovers", new CountView(() -> counts.rollovers));
        MetricGroup r = g.addGroup("rejected");
        for (RejectReason reason : COUNTED_REJECTIONS) {
            r.counter(reason.code() + "_series", new CountView(() -> counts.rejected(reason)));
        }
    }

    @Override
    public void processElement(AcceptedReadings msg, Context ctx, Collector<List<SeriesPoint>> out) throws Exception {
        List<SeriesPoint> rows = new ArrayList<>();
        outputs.ctx = ctx;
        EnterpriseCounter.Counted counted = counter.count(msg, state, rows, outputs);
        if (counted == EnterpriseCounter.Counted.ROLLUPS_STARTED) {
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + pointRollupMs);
        }
        if (counted != EnterpriseCounter.Counted.UNKNOWN_ENTERPRISE) {
            ctx.timerService().registerEventTimeTimer(TotalsRetention.nextPruneTime(msg.receivedAt));
        }
        if (!rows.isEmpty()) out.collect(rows);
    }

    /**
     * The roll-up timer writes the point roll-ups that wait; the daily one prunes what the lateness horizon has
     * passed (see {@link EnterpriseCounter#prune}), and keeps a timer only while state is left.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<List<SeriesPoint>> out) throws Exception {
        // End of input: no reading can follow, so write what waits for the roll-up cadence now, and do not prune:
        // re-arming here would replay a daily timer for every day until the state empties (two years of days per
        // enterprise) for no visible effect.
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME || ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            List<SeriesPoint> rows = new ArrayList<>();
            counter.emitPendingRollups(ctx.getCurrentKey(), state, rows);
            if (!rows.isEmpty()) out.collect(rows);
            return;
        }
        boolean stateLeft = counter.prune(ctx.getCurrentKey(), timestamp, state);
        if (stateLeft) ctx.timerService().registerEventTimeTimer(timestamp + ShanghaiCalendar.DAY_MS);
    }

    /** Counting's outputs as this function's side outputs, for the element being processed. */
    private final class ContextOutputs implements UsageOutputs {
        Context ctx;

        @Override
        public void rejected(Rejection r) {
            ctx.output(Outputs.REJECTED, r);
        }

        @Override
        public void regionDelta(RegionDelta d) {
            ctx.output(Outputs.REGION_DELTAS, d);
        }
    }
}
