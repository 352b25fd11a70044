package dcmon.monitoring;

import dcmon.core.alert.AlertConfig;
import dcmon.core.alert.AlertEvent;
import dcmon.core.alert.AlertIds;
import dcmon.core.alert.AlertLifecycle;
import dcmon.core.alert.AlertState;
import dcmon.core.alert.Observation;
import dcmon.core.alert.QualityRules;
import dcmon.core.alert.RuleIds;
import dcmon.core.alert.Severity;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.reading.RejectReason;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Point;
import dcmon.core.registry.PointKind;
import dcmon.core.registry.Role;
import dcmon.core.series.CounterStep;
import dcmon.core.series.StepKind;
import dcmon.core.targets.Subject;
import dcmon.influx.InfluxSchema.Measurements;
import dcmon.influx.InfluxSchema.Periods;
import dcmon.influx.InfluxSchema.Tags;
import dcmon.influx.SeriesPoint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by enterprise: the data-quality rules of {@code config/alerts.yaml} over the accepted readings and the
 * rejections of one unit. Alert events leave on {@link Outputs#ALERTS} and, as their InfluxDB rows, on the main
 * output, which also carries one {@code data_quality} row per gateway and day.
 *
 * <ul>
 *   <li>{@code data.completeness}: per point and Shanghai day of the readings' ts, the slots that received at least
 *       one reading ÷ the slots expected. A slot is the point's period for an interval point, a quarter hour for a
 *       cumulative one (the registry gives cumulative points no cadence): 96 a day. Duplicates and several readings
 *       in one slot count once, so the share never exceeds 100 %. Days before the point's first reading are not
 *       evaluated; on the day of the first reading only the slots from it on are expected. Evaluated once,
 *       {@code allowance} after both the day's end and the first receipt of any data for it (event time is the
 *       receive time): a day uploaded late in bulk, after a gateway's outage, is judged an hour after the upload
 *       started, when it is in, not on its first few readings. Readings for a day already evaluated are not
 *       counted. A day on which the unit sent nothing at all has no timer and is not evaluated: that is
 *       {@code gateway.offline}.
 *   <li>{@code point.stuck}: hours between the last change of a cumulative energy register (not product or workload
 *       counters) and its latest reading, while another cumulative input of the unit changed more recently.
 *       Evaluated with each day, so it is raised between its threshold and a day later; clears on the first
 *       reading that moves the register (or at a day end when the other inputs stopped too). The period is the day
 *       of the last change, so one stuck episode keeps one id.
 *   <li>{@code counter.reset}: a reading in time order whose step from the previous one is a reset by the counter
 *       rules ({@link CounterStep}); rollovers are not resets. Out-of-order readings are not checked here, and a
 *       suspect or negative step (rejected while counting) does not move the register kept here. Counted per day of
 *       receipt, as a count rule (below).
 *   <li>{@code reading.suspect}, {@code reading.conflict} (per point) and {@code reading.unknown_point} (per
 *       gateway): rejections counted per Shanghai day of their receipt; raised at the first and updated as the count
 *       grows. Count rules never clear: the day's alert stays as the record of that day, and the next day is a new
 *       period with a new id. Their state is dropped when the day is evaluated.
 *   <li>{@code reading.rejected_rate}: per gateway and day of receipt, reading-level rejections ÷ readings received
 *       (readings that passed validation plus those validation rejected). Message-level rejections are written to
 *       the {@code data_quality} row ({@code rejected_messages}) but not in the rate, their readings being unknown.
 * </ul>
 *
 * <p>State per enterprise: one entry per point (first and latest reading, last value, last change, and a few longs
 * per open day: resets, suspects, conflicts, a bitmap of the slots received), one entry per gateway with its open
 * days' counts, the states of the alerts that can still change, the days pending evaluation with their evaluation
 * times, and the newest day evaluated (it and the days before it are closed). A day is pending from its first data
 * (a reading's day, or the day of receipt of a count) until it is evaluated; then its counts, its alert states and
 * its entry are removed. One event-time timer per enterprise and evaluation time; a timer evaluates the pending
 * days due by then in day order, and a day due waits for an earlier day still pending, so days are evaluated in
 * order and closing them is one number. Counts per day of receipt (rejections, resets, the gateway's received
 * readings) are first received within their day, so those days are evaluated {@code allowance} after they end, as
 * before. Records of unknown enterprises or points are skipped, never thrown on. At the end of a bounded input the
 * days still open are dropped unjudged, since only the input ended, not the day.
 */
public final class DataQualityFunction extends KeyedProcessFunction<String, QualitySignal, SeriesPoint> {
    /**
     * How long after a day ends, and after its first data was received (event time), it is evaluated, so that
     * readings of its last minutes, or the rest of a late upload, are in.
     */
    public static final Duration DEFAULT_ALLOWANCE = Duration.ofHours(1);

    private static final long HOUR_MS = 3_600_000L;

    // point entry: header, then one block per open day
    static final int FIRST_TS = 0;
    static final int LAST_TS = 1;
    static final int LAST_VALUE = 2;
    static final int LAST_CHANGE = 3;
    static final int FLAGS = 4;
    static final int POINT_HEADER = 5;
    private static final long FLAG_STUCK = 1;
    // point day block: day, bitmap words, resets, suspect, conflict, bitmap
    private static final int B_DAY = 0;
    private static final int B_WORDS = 1;
    private static final int B_RESETS = 2;
    private static final int B_SUSPECT = 3;
    private static final int B_CONFLICT = 4;
    private static final int B_BITS = 5;

    // gateway entry: blocks of day, received, rejected readings, rejected messages, then one count per reason
    private static final RejectReason[] REASONS = RejectReason.values();
    private static final int G_DAY = 0;
    private static final int G_RECEIVED = 1;
    private static final int G_REJECTED = 2;
    private static final int G_REJECTED_MESSAGES = 3;
    private static final int G_REASONS = 4;
    private static final int G_BLOCK = G_REASONS + REASONS.length;
    /**
     * Blocks of the layout before {@code late_covered} was a reason: stored without a header. Arrays written since
     * start with {@code -G_BLOCK}, so that a layout with more reasons can be told apart and read again.
     */
    static final int G_BLOCK_UNMARKED = G_BLOCK - 1;

    private final RegistryProvider registry;
    private final AlertConfig alerts;
    private final long allowanceMs;

    private transient MapState<String, long[]> points;
    private transient MapState<String, long[]> gateways;
    private transient MapState<String, byte[]> alertStates;
    private transient MapState<Long, Long> days;
    private transient ValueState<Long> evaluated;
    /** The newest day evaluated for the current element's enterprise: it and the days before it are closed. */
    private transient long closedThrough;

    public DataQualityFunction(RegistryProvider registry, AlertConfig alerts) {
        this(registry, alerts, DEFAULT_ALLOWANCE);
    }

    public DataQualityFunction(RegistryProvider registry, AlertConfig alerts, Duration allowance) {
        this.registry = registry;
        this.alerts = alerts;
        this.allowanceMs = allowance.toMillis();
        for (String rule : List.of(
                RuleIds.DATA_COMPLETENESS,
                RuleIds.POINT_STUCK,
                RuleIds.COUNTER_RESET,
                RuleIds.READING_SUSPECT,
                RuleIds.READING_CONFLICT,
                RuleIds.READING_UNKNOWN_POINT,
                RuleIds.READING_REJECTED_RATE)) {
            alerts.rule(rule); // fail at build time, not on the first record, when a rule is missing
        }
    }

    /** Per enterprise: point id → its header and open days (see the class comment). */
    public static MapStateDescriptor<String, long[]> pointsState() {
        return new MapStateDescriptor<>(
                "quality-points", Types.STRING, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    /** Per enterprise: gateway id → its open days' counts. */
    public static MapStateDescriptor<String, long[]> gatewaysState() {
        return new MapStateDescriptor<>(
                "quality-gateways", Types.STRING, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    /** Per enterprise: alert id → the alert's state, encoded (see {@link EncodedAlert}). */
    public static MapStateDescriptor<String, byte[]> alertsState() {
        return new MapStateDescriptor<>(
                "quality-alerts", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    /** Per enterprise: the days with data not yet evaluated, day start → evaluation time. */
    public static MapStateDescriptor<Long, Long> daysState() {
        return new MapStateDescriptor<>("quality-days", Types.LONG, Types.LONG);
    }

    /** Per enterprise: the newest day evaluated; it and the days before it are closed. */
    public static ValueStateDescriptor<Long> evaluatedState() {
        return new ValueStateDescriptor<>("quality-evaluated", Types.LONG);
    }

    @Override
    public void open(OpenContext ctx) {
        points = getRuntimeContext().getMapState(pointsState());
        gateways = getRuntimeContext().getMapState(gatewaysState());
        alertStates = getRuntimeContext().getMapState(alertsState());
        days = getRuntimeContext().getMapState(daysState());
        evaluated = getRuntimeContext().getState(evaluatedState());
    }

    @Override
    public void processElement(QualitySignal s, Context ctx, Collector<SeriesPoint> out) throws Exception {
        Enterprise e = registry.current().registry().enterprise(ctx.getCurrentKey());
        if (e == null) return; // unknown or removed unit: nothing to measure it against
        closedThrough = closedThrough();
        if (s.isAccepted()) {
            accepted(e, s, ctx, out);
        } else {
            rejected(e, s, ctx, out);
        }
    }

    /** Whether readings and rejections of {@code day} still count: it has not been evaluated. */
    private boolean open(long day) {
        return day > closedThrough;
    }

    private long closedThrough() throws Exception {
        Long day = evaluated.value();
        return day == null ? Long.MIN_VALUE : day;
    }

    /**
     * Makes {@code day} pending on its first data, received at {@code receivedAt}: it is evaluated {@code allowance}
     * after both its end and that first receipt, so that a late upload of the day is in before it is judged.
     */
    private void pend(long day, long receivedAt, Context ctx) throws Exception {
        if (days.contains(day)) return;
        long at = Math.max(day + ShanghaiCalendar.DAY_MS, receivedAt) + allowanceMs;
        days.put(day, at);
        ctx.timerService().registerEventTimeTimer(at);
    }

    private void accepted(Enterprise e, QualitySignal s, Context ctx, Collector<SeriesPoint> out) throws Exception {
        int n = s.size();
        if (s.gateway != null) {
            long day = ShanghaiCalendar.dayStart(s.receivedAt);
            if (open(day)) {
                long[] g = gatewayBlock(s.gateway, day, s.receivedAt, ctx);
                g[gatewayIndex(g, day) + G_RECEIVED] += n;
                gateways.put(s.gateway, stored(g));
            }
        }
        String lastId = null;
        long[] st = null;
        Point p = null;
        for (int i = 0; i < n; i++) {
            String id = s.points[i];
            if (id == null) continue;
            if (!id.equals(lastId)) {
                if (st != null) points.put(lastId, st);
                lastId = id;
                p = e.point(id);
                st = p == null ? null : points.get(id);
                if (p != null && st == null) st = newPoint(s.ts[i], s.values[i]);
            }
            if (p == null) continue; // counting rejects it as unknown_point; that rejection is counted
            st = reading(e, p, st, s.ts[i], s.values[i], s.receivedAt, ctx, out);
        }
        if (st != null) points.put(lastId, st);
    }

    private static long[] newPoint(long ts, double value) {
        long[] st = new long[POINT_HEADER];
        st[FIRST_TS] = ts;
        st[LAST_TS] = Long.MIN_VALUE;
        st[LAST_VALUE] = Double.doubleToRawLongBits(value);
        st[LAST_CHANGE] = ts;
        return st;
    }

    /** Counts one reading of a registered point; returns the (possibly grown) entry. */
    private long[] reading(
            Enterprise e, Point p, long[] st, long ts, double value, long now, Context ctx, Collector<SeriesPoint> out)
            throws Exception {
        if (ts < st[FIRST_TS]) st[FIRST_TS] = ts;
        long day = ShanghaiCalendar.dayStart(ts);
        int b = -1;
        if (open(day)) {
            long slotMs = slotMillis(p);
            b = pointIndex(st, day);
            if (b < 0) {
                st = addPointBlock(st, day, slotsPerDay(slotMs));
                b = pointIndex(st, day);
                pend(day, now, ctx);
            }
            long slot = (ts - day) / slotMs;
            if (slot < st[b + B_WORDS] * 64L) st[b + B_BITS + (int) (slot >>> 6)] |= 1L << (slot & 63);
        }
        if (ts <= st[LAST_TS]) return st; // out of order or a repeat: completeness only
        if (p.kind() != PointKind.CUMULATIVE || st[LAST_TS] == Long.MIN_VALUE) {
            if (st[LAST_TS] == Long.MIN_VALUE) st[LAST_CHANGE] = ts;
            st[LAST_TS] = ts;
            st[LAST_VALUE] = Double.doubleToRawLongBits(value);
            return st;
        }
        double previous = Double.longBitsToDouble(st[LAST_VALUE]);
        StepKind kind = CounterStep.classify(st[LAST_TS], previous, ts, value, p.rollover(), p.maxRatePerHour())
                .kind();
        if (kind == StepKind.SUSPECT || kind == StepKind.NEGATIVE) return st; // rejected while counting
        long lastChange = st[LAST_CHANGE];
        st[LAST_TS] = ts;
        st[LAST_VALUE] = Double.doubleToRawLongBits(value);
        if (value == previous) return st;
        st[LAST_CHANGE] = ts;
        if ((st[FLAGS] & FLAG_STUCK) != 0) {
            st[FLAGS] &= ~FLAG_STUCK;
            Observation o = QualityRules.pointStuck(
                    Subject.point(e, p.id()), p.id(), dayText(ShanghaiCalendar.dayStart(lastChange)), 0, false);
            step(o, ShanghaiCalendar.dayStart(lastChange), now, ctx, out);
        }
        if (kind == StepKind.RESET) {
            long rday = ShanghaiCalendar.dayStart(now);
            if (open(rday)) {
                st = ensurePointBlock(st, rday, p, now, ctx);
                int rb = pointIndex(st, rday);
                long resets = ++st[rb + B_RESETS];
                Observation o = QualityRules.count(
                        RuleIds.COUNTER_RESET, Subject.point(e, p.id()), p.id(), dayText(rday), resets);
                step(o, rday, now, ctx, out);
            }
        }
        return st;
    }

    private void rejected(Enterprise e, QualitySignal s, Context ctx, Collector<SeriesPoint> out) throws Exception {
        RejectReason reason = s.rejectReason();
        if (reason == null) return;
        long day = ShanghaiCalendar.dayStart(s.receivedAt);
        if (!open(day)) return;
        long now = s.receivedAt;
        if (s.gateway != null) {
            long[] g = gatewayBlock(s.gateway, day, s.receivedAt, ctx);
            int i = gatewayIndex(g, day);
            if (s.messageLevel) {
                g[i + G_REJECTED_MESSAGES]++;
            } else {
                if (s.kind == QualitySignal.REJECTED_AT_VALIDATION) g[i + G_RECEIVED]++;
                g[i + G_REJECTED]++;
            }
            long byReason = ++g[i + G_REASONS + reason.ordinal()];
            gateways.put(s.gateway, stored(g));
            if (reason == RejectReason.UNKNOWN_POINT) {
                Observation o = QualityRules.count(
                        RuleIds.READING_UNKNOWN_POINT,
                        Subject.gateway(e, s.gateway),
                        s.gateway,
                        dayText(day),
                        byReason);
                step(o, day, now, ctx, out);
            }
        }
        if ((reason == RejectReason.SUSPECT_STEP || reason == RejectReason.CONFLICT) && s.point != null) {
            Point p = e.point(s.point);
            if (p == null) return;
            long[] st = points.get(p.id());
            if (st == null) st = newPoint(Long.MAX_VALUE, 0); // no reading accepted yet: no first reading either
            st = ensurePointBlock(st, day, p, now, ctx);
            int b = pointIndex(st, day);
            boolean suspect = reason == RejectReason.SUSPECT_STEP;
            long count = ++st[b + (suspect ? B_SUSPECT : B_CONFLICT)];
            points.put(p.id(), st);
            Observation o = QualityRules.count(
                    suspect ? RuleIds.READING_SUSPECT : RuleIds.READING_CONFLICT,
                    Subject.point(e, p.id()),
                    p.id(),
                    dayText(day),
                    count);
            step(o, day, now, ctx, out);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SeriesPoint> out) throws Exception {
        Enterprise e = registry.current().registry().enterprise(ctx.getCurrentKey());
        if (e == null) {
            points.clear();
            gateways.clear();
            alertStates.clear();
            days.clear();
            evaluated.clear();
            return;
        }
        // End of input: the last days are not over, only the input is; drop their counts without judging them.
        boolean evaluate = ctx.timerService().currentWatermark() != Long.MAX_VALUE;
        TreeMap<Long, Long> due = new TreeMap<>(); // in day order, whatever the state's iteration order
        for (Map.Entry<Long, Long> d : days.entries()) due.put(d.getKey(), d.getValue());
        // A timer from a checkpoint taken before pending days were kept: its day has counts but no entry yet.
        long legacy = timestamp - allowanceMs - ShanghaiCalendar.DAY_MS;
        if (legacy > closedThrough()
                && legacy == ShanghaiCalendar.dayStart(legacy)
                && !due.containsKey(legacy)
                && hasGatewayBlock(legacy)) {
            days.put(legacy, timestamp);
            due.put(legacy, timestamp);
        }
        for (Map.Entry<Long, Long> d : due.entrySet()) {
            // in day order: a day that is due waits for an earlier one whose late upload is still coming in
            if (d.getValue() > timestamp) break;
            long day = d.getKey();
            evaluateDay(e, day, timestamp, evaluate, ctx, out);
            days.remove(day);
            evaluated.update(day);
        }
    }

    private boolean hasGatewayBlock(long day) throws Exception {
        for (long[] g : gateways.values()) if (gatewayIndex(restored(g), day) >= 0) return true;
        return false;
    }

    /** Judges {@code day} at {@code timestamp} (at the end of input only drops it) and removes its state. */
    private void evaluateDay(
            Enterprise e, long day, long timestamp, boolean evaluate, OnTimerContext ctx, Collector<SeriesPoint> out)
            throws Exception {
        long dayEnd = day + ShanghaiCalendar.DAY_MS;
        String period = dayText(day);
        Map<String, long[]> byGateway = new TreeMap<>(); // gateway → expected, covered
        List<Map.Entry<String, long[]>> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, long[]>> it = points.iterator(); it.hasNext(); ) {
            Map.Entry<String, long[]> entry = it.next();
            if (e.point(entry.getKey()) == null) {
                long[] st = entry.getValue();
                if ((st[FLAGS] & FLAG_STUCK) != 0) {
                    String stuckPeriod = dayText(ShanghaiCalendar.dayStart(st[LAST_CHANGE]));
                    alertStates.remove(AlertIds.id(RuleIds.POINT_STUCK, Subject.point(e, entry.getKey()), stuckPeriod));
                }
                it.remove(); // left the registry
            } else {
                entries.add(Map.entry(entry.getKey(), entry.getValue()));
            }
        }
        // the two latest changes of cumulative inputs, for "while the unit's other inputs move"
        long latest = Long.MIN_VALUE;
        long second = Long.MIN_VALUE;
        String latestId = null;
        for (Map.Entry<String, long[]> entry : entries) {
            Point p = e.point(entry.getKey());
            long[] st = entry.getValue();
            if (p.kind() != PointKind.CUMULATIVE || p.role() != Role.INPUT || st[LAST_TS] == Long.MIN_VALUE) continue;
            long c = st[LAST_CHANGE];
            if (c > latest) {
                second = latest;
                latest = c;
                latestId = entry.getKey();
            } else if (c > second) {
                second = c;
            }
        }
        for (Map.Entry<String, long[]> entry : entries) {
            String id = entry.getKey();
            Point p = e.point(id);
            long[] st = entry.getValue();
            int b = pointIndex(st, day);
            if (evaluate && st[FIRST_TS] < dayEnd) {
                long slotMs = slotMillis(p);
                long slots = slotsPerDay(slotMs);
                long expected = st[FIRST_TS] <= day ? slots : slots - (st[FIRST_TS] - day) / slotMs;
                long covered = 0;
                if (b >= 0) {
                    int words = (int) st[b + B_WORDS];
                    for (int w = 0; w < words; w++) covered += Long.bitCount(st[b + B_BITS + w]);
                }
                covered = Math.min(covered, expected);
                step(
                        QualityRules.completeness(Subject.point(e, id), id, period, covered, expected),
                        -1,
                        timestamp,
                        ctx,
                        out);
                long[] sum = byGateway.computeIfAbsent(p.gateway(), k -> new long[2]);
                sum[0] += expected;
                sum[1] += covered;
            }
            if (evaluate && stuckCandidate(p) && st[LAST_TS] != Long.MIN_VALUE) {
                long others = id.equals(latestId) ? second : latest;
                boolean othersMoving = others > st[LAST_CHANGE];
                double hours = (double) (st[LAST_TS] - st[LAST_CHANGE]) / HOUR_MS;
                long stuckDay = ShanghaiCalendar.dayStart(st[LAST_CHANGE]);
                Observation o =
                        QualityRules.pointStuck(Subject.point(e, id), id, dayText(stuckDay), hours, othersMoving);
                boolean active = step(o, stuckDay, timestamp, ctx, out);
                st[FLAGS] = active ? st[FLAGS] | FLAG_STUCK : st[FLAGS] & ~FLAG_STUCK;
            }
            points.put(id, removePointBlocks(st, day));
        }
        List<String> gatewayIds = new ArrayList<>();
        for (String g : gateways.keys()) gatewayIds.add(g);
        for (String g : gatewayIds) if (!byGateway.containsKey(g)) byGateway.put(g, new long[2]);
        for (Map.Entry<String, long[]> entry : byGateway.entrySet()) {
            String g = entry.getKey();
            long[] blocks = restored(gateways.get(g));
            int i = blocks == null ? -1 : gatewayIndex(blocks, day);
            if (evaluate) {
                out.collect(qualityRow(e, g, day, entry.getValue(), blocks, i));
                long received = i < 0 ? 0 : blocks[i + G_RECEIVED];
                long rejected = i < 0 ? 0 : blocks[i + G_REJECTED];
                step(
                        QualityRules.rejectedRate(Subject.gateway(e, g), g, period, rejected, received),
                        -1,
                        timestamp,
                        ctx,
                        out);
            }
            if (blocks != null) {
                long[] left = removeGatewayBlocks(blocks, day);
                if (left.length == 0) {
                    gateways.remove(g);
                } else {
                    gateways.put(g, stored(left));
                }
            }
        }
        // the day's count alerts can no longer change
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : alertStates.entries()) {
            EncodedAlert a = EncodedAlert.decode(entry.getValue());
            if (!a.rule.equals(RuleIds.POINT_STUCK) && a.periodDay <= day) done.add(entry.getKey());
        }
        for (String id : done) alertStates.remove(id);
    }

    private SeriesPoint qualityRow(Enterprise e, String gateway, long day, long[] points, long[] blocks, int i) {
        SeriesPoint.Builder b = SeriesPoint.builder(Measurements.DATA_QUALITY)
                .tag(Tags.ENTERPRISE, e.code())
                .tag(Tags.GATEWAY, gateway)
                .tag(Tags.PERIOD, Periods.DAY);
        if (e.city() != null && !e.city().isEmpty()) b.tag(Tags.CITY, e.city());
        if (e.tier() != null) b.tag(Tags.TIER, e.tier().code());
        long expected = points[0];
        long covered = points[1];
        b.field("expected", expected).field("covered", covered);
        if (expected > 0) b.field("completeness_pct", 100.0 * covered / expected);
        b.field("received", i < 0 ? 0L : blocks[i + G_RECEIVED]);
        b.field("rejected", i < 0 ? 0L : blocks[i + G_REJECTED]);
        b.field("rejected_messages", i < 0 ? 0L : blocks[i + G_REJECTED_MESSAGES]);
        if (i >= 0) {
            for (RejectReason r : REASONS) {
                long c = blocks[i + G_REASONS + r.ordinal()];
                if (c > 0) b.field("rejected_" + r.code(), c);
            }
        }
        return b.timeMillis(day).build();
    }

    /**
     * Steps the observation's alert and emits its event. {@code periodDay} ≥ 0 keeps the alert's state (for rules
     * observed more than once); -1 for rules observed once per period, whose state is not needed again.
     *
     * @return whether the alert is active afterwards
     */
    private boolean step(Observation o, long periodDay, long now, Context ctx, Collector<SeriesPoint> out)
            throws Exception {
        boolean kept = periodDay >= 0;
        String id = kept ? AlertIds.id(o.rule(), o.subject(), o.period()) : null;
        byte[] stored = kept ? alertStates.get(id) : null;
        AlertState state = stored == null ? null : EncodedAlert.decode(stored).state;
        AlertLifecycle.Transition t = AlertLifecycle.step(state, o, alerts, now);
        AlertEvent event = t.event();
        if (event != null) {
            out.collect(AlertMessage.row(event));
            ctx.output(Outputs.ALERTS, AlertMessage.of(event));
        }
        AlertState next = t.next();
        if (kept && next != state) {
            if (next == null || (!next.active() && o.rule().equals(RuleIds.POINT_STUCK))) {
                // a stuck episode that ended: the next one starts on a later day, under another id
                alertStates.remove(id);
            } else {
                alertStates.put(id, EncodedAlert.encode(new EncodedAlert(o.rule(), periodDay, next)));
            }
        }
        return next != null && next.active();
    }

    /** Energy registers only: a product counter at rest while the unit draws power is a plant not producing. */
    private static boolean stuckCandidate(Point p) {
        return p.kind() == PointKind.CUMULATIVE && p.energy() != null;
    }

    static String dayText(long dayStart) {
        return LocalDate.ofEpochDay(Math.floorDiv(dayStart + 8 * HOUR_MS, ShanghaiCalendar.DAY_MS))
                .toString();
    }

    /** An interval point's period; a quarter hour for a cumulative one, which the registry gives no cadence. */
    static long slotMillis(Point p) {
        long ms = p.kind() == PointKind.INTERVAL ? p.periodMillis() : ShanghaiCalendar.QUARTER_MS;
        return ms <= 0 ? ShanghaiCalendar.QUARTER_MS : ms;
    }

    private static long slotsPerDay(long slotMs) {
        return Math.max(1, ShanghaiCalendar.DAY_MS / slotMs);
    }

    private static int pointIndex(long[] st, long day) {
        for (int i = POINT_HEADER; i < st.length; i += B_BITS + (int) st[i + B_WORDS]) {
            if (st[i + B_DAY] == day) return i;
        }
        return -1;
    }

    private static long[] addPointBlock(long[] st, long day, long slots) {
        int words = (int) ((slots + 63) / 64);
        long[] grown = Arrays.copyOf(st, st.length + B_BITS + words);
        grown[st.length + B_DAY] = day;
        grown[st.length + B_WORDS] = words;
        return grown;
    }

    private long[] ensurePointBlock(long[] st, long day, Point p, long now, Context ctx) throws Exception {
        if (pointIndex(st, day) >= 0) return st;
        pend(day, now, ctx);
        return addPointBlock(st, day, slotsPerDay(slotMillis(p)));
    }

    /** The entry without the blocks of {@code day} and before. */
    private static long[] removePointBlocks(long[] st, long day) {
        if (st.length == POINT_HEADER) return st;
        long[] kept = new long[st.length];
        System.arraycopy(st, 0, kept, 0, POINT_HEADER);
        int n = POINT_HEADER;
        for (int i = POINT_HEADER; i < st.length; ) {
            int len = B_BITS + (int) st[i + B_WORDS];
            if (st[i + B_DAY] > day) {
                System.arraycopy(st, i, kept, n, len);
                n += len;
            }
            i += len;
        }
        return n == st.length ? st : Arrays.copyOf(kept, n);
    }

    private long[] gatewayBlock(String gateway, long day, long now, Context ctx) throws Exception {
        long[] g = restored(gateways.get(gateway));
        if (g == null) g = new long[0];
        if (gatewayIndex(g, day) >= 0) return g;
        pend(day, now, ctx);
        long[] grown = Arrays.copyOf(g, g.length + G_BLOCK);
        grown[g.length + G_DAY] = day;
        return grown;
    }

    /** A gateway's blocks as kept in state: behind a header naming the block's length. */
    static long[] stored(long[] g) {
        long[] out = new long[g.length + 1];
        out[0] = -G_BLOCK;
        System.arraycopy(g, 0, out, 1, g.length);
        return out;
    }

    /**
     * A gateway's blocks from state, in this version's layout: blocks of another length (an older checkpoint's, with
     * fewer reasons, unmarked) keep their counts by reason and get zero for the reasons they did not have.
     */
    static long[] restored(long[] stored) {
        if (stored == null) return null;
        boolean marked = stored.length > 0 && stored[0] < 0;
        int block = marked ? (int) -stored[0] : G_BLOCK_UNMARKED;
        int from = marked ? 1 : 0;
        if (block == G_BLOCK) return Arrays.copyOfRange(stored, from, stored.length);
        int n = (stored.length - from) / block;
        long[] out = new long[n * G_BLOCK];
        for (int k = 0; k < n; k++) {
            System.arraycopy(stored, from + k * block, out, k * G_BLOCK, Math.min(block, G_BLOCK));
        }
        return out;
    }

    private static int gatewayIndex(long[] g, long day) {
        for (int i = 0; i < g.length; i += G_BLOCK) if (g[i + G_DAY] == day) return i;
        return -1;
    }

    private static long[] removeGatewayBlocks(long[] g, long day) {
        long[] kept = new long[g.length];
        int n = 0;
        for (int i = 0; i < g.length; i += G_BLOCK) {
            if (g[i + G_DAY] > day) {
                System.arraycopy(g, i, kept, n, G_BLOCK);
                n += G_BLOCK;
            }
        }
        return Arrays.copyOf(kept, n);
    }

    /**
     * An alert's lifecycle state with its rule and period day, as kept in state: a few dozen bytes, written only
     * when the alert changes. The evidence is not kept; the lifecycle does not read it.
     */
    static final class EncodedAlert {
        final String rule;
        final long periodDay;
        final AlertState state;

        EncodedAlert(String rule, long periodDay, AlertState state) {
            this.rule = rule;
            this.periodDay = periodDay;
            this.state = state;
        }

        static byte[] encode(EncodedAlert a) {
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
                DataOutputStream out = new DataOutputStream(bytes);
                AlertState s = a.state;
                out.writeUTF(a.rule);
                out.writeLong(a.periodDay);
                out.writeUTF(s.id());
                out.writeInt(s.seq());
                out.writeBoolean(s.active());
                out.writeUTF(s.severity().code());
                out.writeDouble(s.value());
                out.writeLong(s.firstSeen());
                out.writeLong(s.lastChanged());
                out.writeBoolean(s.clearingSince() != null);
                out.writeLong(s.clearingSince() == null ? 0 : s.clearingSince());
                out.flush();
                return bytes.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static EncodedAlert decode(byte[] b) {
            try {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
                String rule = in.readUTF();
                long periodDay = in.readLong();
                String id = in.readUTF();
                int seq = in.readInt();
                boolean active = in.readBoolean();
                Severity severity = Severity.ofCode(in.readUTF());
                double value = in.readDouble();
                long firstSeen = in.readLong();
                long lastChanged = in.readLong();
                boolean hasClearing = in.readBoolean();
                long clearing = in.readLong();
                return new EncodedAlert(
                        rule,
                        periodDay,
                        new AlertState(
                                id,
                                seq,
                                active,
                                severity,
                                value,
                                firstSeen,
                                lastChanged,
                                hasClearing ? clearing : null,
                                Map.of()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
