package dcmon.monitoring;

import dcmon.core.alert.AlertConfig;
import dcmon.core.alert.AlertEvent;
import dcmon.core.alert.AlertLifecycle;
import dcmon.core.alert.AlertState;
import dcmon.core.alert.Observation;
import dcmon.core.alert.QualityRules;
import dcmon.core.alert.RuleConfig;
import dcmon.core.alert.RuleIds;
import dcmon.core.alert.Severity;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.registry.Enterprise;
import dcmon.core.targets.Subject;
import dcmon.core.targets.SubjectLevel;
import dcmon.influx.InfluxSchema.Measurements;
import dcmon.influx.InfluxSchema.Tags;
import dcmon.influx.SeriesPoint;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by gateway ({@code enterprise/gateway}): keeps each gateway's connection state and data freshness, writes
 * InfluxDB {@code gateway_status} rows when they change, and runs the {@code gateway.offline} alert.
 *
 * <p><b>What it keeps</b>, per gateway, in one small value: the connection (online, offline or unknown, with the time
 * of the status and its {@code since}), the last data (the bridge's receive time and the processing time the job
 * saw it), whether the gateway counts as silent, the state of its {@code gateway.offline} alert, and its one pending
 * processing-time timer.
 *
 * <p><b>Rule semantics.</b>
 * <ul>
 *   <li><b>Signs of life</b> are data (an accepted message, or a rejected one that names the gateway: a gateway
 *       that sends garbage is connected) and the {@code online} status. Silence is counted in processing time from
 *       the last sign of life the job saw (or from when it first saw the gateway), so it grows while other gateways
 *       keep sending and also when all input stops; timers are processing-time timers for the same reason.
 *   <li><b>Silence</b>: while the connection is online or unknown, a silence of {@code offlineAfter} raises the
 *       alert with {@code connection: silent}. The observation value is the hours silent.
 *   <li><b>Offline status</b>: {@code offline} on the status topic raises once the gateway has stayed offline for the
 *       disconnect grace, so a quick reconnect raises nothing. The Last Will a gateway leaves is a bare
 *       {@code {"state":"offline"}}, fixed when it connected, while a gateway that disconnects cleanly publishes
 *       {@code offline} itself and can say when; so an {@code offline} with {@code since} is taken as a clean
 *       disconnect ({@code connection: disconnected}) and one without as a lost connection ({@code connection: lost}).
 *       The observation value is the hours silent, but at least the rule's threshold: the broker saying the
 *       connection is gone is as good as an hour of silence. A repeated {@code offline} (a QoS 1 redelivery) keeps
 *       the time the gateway went down.
 *   <li><b>Clearing</b>: data or {@code online} make the value 0 and clear the alert through {@link AlertLifecycle},
 *       so the rule's {@code clear_after_minutes} applies (a timer re-checks when it has passed). Data received after
 *       the {@code offline} status also marks the connection online again; data received before it (the two topics
 *       are read independently) is counted as data but does not undo the disconnect. A status older than the
 *       connection state is ignored.
 *   <li><b>Updates</b> follow the rule: while the alert is active, a timer wakes when the value has grown by the
 *       rule's {@code update_step}.
 *   <li><b>Threshold</b>: {@code offlineAfter} null uses the rule's lowest threshold from {@code alerts.yaml}
 *       (1 h by default). A given {@code offlineAfter} overrides it: the rule's thresholds, clear margin, update step
 *       and clear delay are all scaled by {@code offlineAfter ÷ lowest threshold}, so the alert keeps the rule's
 *       shape on the shorter clock (a 30 s demo raises at 0.0083 h, clears below 0.0042 h, updates every 30 s) and
 *       its evidence shows the threshold that applied.
 *   <li><b>Ids</b>: the period is the Shanghai day the outage began (the receive time of the last sign of life, or of
 *       the {@code offline} status), format {@code yyyy-MM-dd}, so the alert id ({@code AlertIds}) is the same on
 *       every replay; a new outage on the same day continues the same id with the next {@code seq}.
 *   <li><b>After a restart</b> the job gives every gateway a full {@code offlineAfter} (or grace) from the restart
 *       before it raises, so that a backlog still being read after downtime does not raise (and then clear) an alert
 *       for every gateway; alerts active before the restart stay active and keep their values.
 *   <li><b>Times</b>: alert events and {@code gateway_status} rows carry the processing time at which the job saw the
 *       change, one clock for both, so the newest row of a gateway is always its current state even while the job
 *       lags behind its input.
 *   <li><b>Unknown gateways</b> (not in the registry, or removed from it) are skipped. A gateway found removed when
 *       its signal or timer comes has its active alert cleared (at once, whatever {@code clear_after_minutes} says),
 *       its timer deleted and its state dropped. A gateway that never sends anything has no state and no alert.
 *   <li><b>Malformed status records</b> are counted ({@code dcmon.gatewayStatusMalformed}) and otherwise ignored.
 * </ul>
 *
 * <p><b>Outputs</b>: {@code gateway_status} rows (at most one per change of connection, silence or alert) and each
 * alert event's {@code alerts} row ({@link AlertMessage#row}) on the main output; the encoded events on
 * {@link Outputs#ALERTS}.
 */
public final class GatewayHealthFunction extends KeyedProcessFunction<String, GatewaySignal, SeriesPoint> {
    public static final Duration DEFAULT_DISCONNECT_GRACE = Duration.ofMinutes(5);

    static final double HOUR_MS = 3_600_000.0;
    private static final long NONE = Long.MIN_VALUE;

    private final RegistryProvider registry;
    /** The alert config with the effective {@code gateway.offline} rule. */
    private final AlertConfig alerts;
    /** The same with no clear delay, to clear the alert of a gateway removed from the registry. */
    private final AlertConfig removalAlerts;

    private final long offlineAfterMs;
    private final long graceMs;
    /** The effective rule's lowest threshold, in hours: what a silence of {@code offlineAfterMs} reaches. */
    private final double thresholdHours;

    private final double updateStep;
    private final long clearAfterMs;

    private transient ValueState<State> state;
    /** Processing time of the first record or timer since this instance opened; see the restart rule. */
    private transient long startedAt;

    private transient Counter malformed;
    private transient Counter unknown;

    /** The rule's own threshold and the default grace. */
    public GatewayHealthFunction(RegistryProvider registry, AlertConfig alerts) {
        this(registry, alerts, null, DEFAULT_DISCONNECT_GRACE);
    }

    /**
     * @param alerts          the alert rules; {@code gateway.offline} must be a "larger is worse" rule
     * @param offlineAfter    the silence that raises; null for the rule's lowest threshold (see the class comment)
     * @param disconnectGrace how long an {@code offline} status must last before it raises
     */
    public GatewayHealthFunction(
            RegistryProvider registry, AlertConfig alerts, Duration offlineAfter, Duration disconnectGrace) {
        if (disconnectGrace == null || disconnectGrace.isNegative()) {
            throw new IllegalArgumentException("disconnect grace must not be negative, was " + disconnectGrace);
        }
        RuleConfig rule = effectiveRule(alerts.rule(RuleIds.GATEWAY_OFFLINE), offlineAfter);
        this.registry = registry;
        this.alerts = withRule(alerts, rule);
        this.removalAlerts = withRule(alerts, withClearAfter(rule, 0));
        this.thresholdHours = lowestThreshold(rule);
        this.offlineAfterMs = offlineAfterMillis(thresholdHours);
        this.graceMs = disconnectGrace.toMillis();
        this.updateStep = rule.updateStep();
        this.clearAfterMs = rule.clearAfterMillis();
    }

    /** The silence that raises, as this function applies it. */
    public Duration offlineAfter() {
        return Duration.ofMillis(offlineAfterMs);
    }

    /** The {@code gateway.offline} rule as this function applies it. */
    public RuleConfig rule() {
        return alerts.rule(RuleIds.GATEWAY_OFFLINE);
    }

    /**
     * The rule on the clock of {@code offlineAfter}: thresholds, clear margin, update step and clear delay scaled by
     * {@code offlineAfter ÷ lowest threshold}; the lowest threshold becomes exactly {@code offlineAfter} in hours.
     */
    static RuleConfig effectiveRule(RuleConfig rule, Duration offlineAfter) {
        if (!rule.compare().upward() || rule.thresholds().isEmpty()) {
            throw new IllegalArgumentException(
                    rule.id() + " must have thresholds where larger is worse (compare ge or gt)");
        }
        double lowest = lowestThreshold(rule);
        if (!(lowest > 0)) throw new IllegalArgumentException(rule.id() + " thresholds must be above 0 hours");
        if (offlineAfter == null) return rule;
        if (offlineAfter.isNegative() || offlineAfter.isZero()) {
            throw new IllegalArgumentException("gateway-offline-after must be positive, was " + offlineAfter);
        }
        double hours = offlineAfter.toMillis() / HOUR_MS;
        double k = hours / lowest;
        Map<Severity, Double> thresholds = new EnumMap<>(Severity.class);
        rule.thresholds().forEach((s, t) -> thresholds.put(s, t == lowest ? hours : t * k));
        return new RuleConfig(
                rule.id(),
                rule.labelZh(),
                rule.labelEn(),
                rule.unit(),
                rule.compare(),
                thresholds,
                rule.clearMargin() * k,
                Math.round(rule.clearAfterMillis() * k),
                rule.updateStep() * k,
                rule.messageZh(),
                rule.messageEn());
    }

    private static double lowestThreshold(RuleConfig rule) {
        return rule.thresholds().values().stream()
                .mapToDouble(Double::doubleValue)
                .min()
                .orElseThrow();
    }

    /** The whole milliseconds of silence whose hours reach {@code hours}. */
    private static long offlineAfterMillis(double hours) {
        long ms = (long) Math.floor(hours * HOUR_MS);
        while (ms / HOUR_MS < hours) ms++;
        return ms;
    }

    private static RuleConfig withClearAfter(RuleConfig r, long clearAfterMillis) {
        return new RuleConfig(
                r.id(),
                r.labelZh(),
                r.labelEn(),
                r.unit(),
                r.compare(),
                r.thresholds(),
                r.clearMargin(),
                clearAfterMillis,
                r.updateStep(),
                r.messageZh(),
                r.messageEn());
    }

    private static AlertConfig withRule(AlertConfig c, RuleConfig rule) {
        Map<String, RuleConfig> rules = new LinkedHashMap<>(c.rules());
        rules.put(RuleIds.GATEWAY_OFFLINE, rule);
        return new AlertConfig(rules, c.colours(), c.severityLabels(), c.colourLabels(), c.clearedZh(), c.clearedEn());
    }

    /** Per gateway: everything this function keeps. */
    public static ValueStateDescriptor<State> stateDescriptor() {
        return new ValueStateDescriptor<>("gateway-health", TypeInformation.of(State.class));
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(stateDescriptor());
        startedAt = NONE;
        MetricGroup g = getRuntimeContext().getMetricGroup().addGroup("dcmon");
        malformed = g.counter("gatewayStatusMalformed");
        unknown = g.counter("gatewaySignalsUnknown");
    }

    @Override
    public void processElement(GatewaySignal sig, Context ctx, Collector<SeriesPoint> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        if (startedAt == NONE) startedAt = now;
        if (sig.kind == null || sig.kind == GatewaySignal.Kind.MALFORMED) {
            malformed.inc();
            return;
        }
        State s = state.value();
        Enterprise e = registered(sig.enterprise, sig.gateway);
        if (e == null) {
            unknown.inc();
            if (s != null) remove(s, sig.enterprise, sig.gateway, now, ctx, out);
            return;
        }
        if (s == null) {
            s = new State();
            s.lastSignAt = sig.time;
            s.lastSignSeenAt = now;
        }
        s.remember(e, sig.gateway);
        switch (sig.kind) {
            case DATA -> {
                s.lastDataAt = Math.max(s.lastDataAt, sig.time);
                s.lastDataSeenAt = now;
                if (s.connection != Connection.OFFLINE || sig.time > s.connectionAt) {
                    sign(s, sig.time, now);
                    if (s.connection == Connection.OFFLINE) s.connect(Connection.ONLINE, sig.time, sig.time, false);
                }
            }
            case ONLINE -> {
                if (sig.time >= s.connectionAt) {
                    s.connect(Connection.ONLINE, sig.time, since(sig), false);
                    sign(s, sig.time, now);
                }
            }
            case OFFLINE -> {
                // data received after this status shows the gateway came back without a birth message; a repeated
                // offline (a QoS 1 redelivery, a second Will) leaves the time it went down as it was
                if (s.connection != Connection.OFFLINE && sig.time >= s.connectionAt && sig.time >= s.lastDataAt) {
                    s.connect(Connection.OFFLINE, sig.time, since(sig), sig.since == GatewaySignal.NO_SINCE);
                    s.offlineSeenAt = now;
                }
            }
            default -> throw new IllegalStateException("unhandled " + sig.kind);
        }
        evaluate(s, e, now, ctx, out);
        state.update(s);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SeriesPoint> out) throws Exception {
        long now = Math.max(timestamp, ctx.timerService().currentProcessingTime());
        if (startedAt == NONE) startedAt = now;
        State s = state.value();
        if (s == null) return;
        if (s.timer == timestamp) s.timer = NONE;
        Enterprise e = registered(s.enterprise, s.gateway);
        if (e == null) {
            remove(s, s.enterprise, s.gateway, now, ctx, out);
            return;
        }
        s.remember(e, s.gateway);
        evaluate(s, e, now, ctx, out);
        state.update(s);
    }

    private static long since(GatewaySignal sig) {
        return sig.since != GatewaySignal.NO_SINCE ? sig.since : sig.time;
    }

    private static void sign(State s, long time, long now) {
        s.lastSignAt = Math.max(s.lastSignAt, time);
        s.lastSignSeenAt = now;
    }

    /** The gateway's enterprise when the gateway is registered, else null. */
    private Enterprise registered(String enterprise, String gateway) {
        if (enterprise == null || gateway == null) return null;
        Enterprise e = registry.current().registry().enterprise(enterprise);
        return e != null && e.hasGateway(gateway) ? e : null;
    }

    /** Applies the rule at {@code now}, writes what changed, and keeps one timer for what comes next. */
    private void evaluate(State s, Enterprise e, long now, Context ctx, Collector<SeriesPoint> out) {
        boolean offlineLong = s.connection == Connection.OFFLINE && now - s.offlineSeenAt >= graceMs;
        boolean silentLong = now - s.lastSignSeenAt >= offlineAfterMs;
        // after a restart a new alert waits a full grace or threshold; an active one goes on as it was
        boolean offlinePast = offlineLong && (s.alertActive || now - startedAt >= graceMs);
        boolean silentPast = silentLong && (s.alertActive || now - startedAt >= offlineAfterMs);
        // once silent, a gateway stays so until a sign of life, also through a restart
        s.silent = silentPast || (s.silent && silentLong);
        if (offlinePast || silentPast || s.alertActive) {
            double hours = (now - s.lastSignSeenAt) / HOUR_MS;
            double value = offlinePast ? Math.max(hours, thresholdHours) : hours;
            String cause = s.connection == Connection.OFFLINE ? (s.lost ? "lost" : "disconnected") : "silent";
            String period = s.alertActive ? s.alertPeriod : day(offlinePast ? s.connectionAt : s.lastSignAt);
            Observation o = observation(Subject.gateway(e, s.gateway), s.name, period, value, cause, s);
            step(s, o, alerts, now, ctx, out);
        }
        int signature = s.signature();
        if (signature != s.rowSignature) {
            out.collect(row(s, now));
            s.rowSignature = signature;
        }
        schedule(s, now, offlinePast, silentPast, ctx);
    }

    private static String day(long time) {
        return ShanghaiCalendar.date(time).toString();
    }

    private static Observation observation(
            Subject subject, String name, String period, double value, String cause, State s) {
        Observation base = QualityRules.gatewayOffline(subject, name, period, value);
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("gateway", s.gateway);
        context.put("connection", cause);
        if (s.connection != Connection.UNKNOWN) context.put("connection_since", AlertLifecycle.time(s.connectionSince));
        if (s.lastDataAt != NONE) context.put("last_data", AlertLifecycle.time(s.lastDataAt));
        return new Observation(base.rule(), base.subject(), base.subjectName(), base.period(), value, context);
    }

    private void step(State s, Observation o, AlertConfig config, long now, Context ctx, Collector<SeriesPoint> out) {
        AlertState previous = o.period().equals(s.alertPeriod) ? s.alertState() : null;
        AlertLifecycle.Transition t = AlertLifecycle.step(previous, o, config, now);
        if (t.next() != null) s.alertState(t.next(), o.period());
        AlertEvent event = t.event();
        if (event != null) {
            out.collect(AlertMessage.row(event));
            ctx.output(Outputs.ALERTS, AlertMessage.of(event));
        }
    }

    /**
     * One pending timer per gateway. It is moved earlier when something is due sooner, never later: a timer that
     * fires early finds nothing due and sets the next one, which spares a timer change per message.
     */
    private void schedule(State s, long now, boolean offlinePast, boolean silentPast, Context ctx) {
        long next = Long.MAX_VALUE;
        if (!silentPast) next = Math.max(s.lastSignSeenAt, startedAt) + offlineAfterMs;
        if (s.connection == Connection.OFFLINE && !offlinePast) {
            next = Math.min(next, Math.max(s.offlineSeenAt, startedAt) + graceMs);
        }
        if (s.alertActive) {
            if (s.alertClearingSince != NONE) next = Math.min(next, s.alertClearingSince + clearAfterMs);
            // the value is the hours since the last sign of life: it reaches the next update step then
            // (were it a hair short, the timer finds no update due and comes back a millisecond later)
            long update = s.lastSignSeenAt + Math.round((s.alertValue + updateStep) * HOUR_MS);
            next = Math.min(next, update);
        }
        if (next == Long.MAX_VALUE) return;
        next = Math.max(next, now + 1);
        if (s.timer != NONE && s.timer <= next) return;
        if (s.timer != NONE) ctx.timerService().deleteProcessingTimeTimer(s.timer);
        ctx.timerService().registerProcessingTimeTimer(next);
        s.timer = next;
    }

    /** A gateway no longer registered: its alert cleared at once, its timer and state gone. */
    private void remove(State s, String enterprise, String gateway, long now, Context ctx, Collector<SeriesPoint> out)
            throws Exception {
        if (s.alertActive) {
            Subject subject = new Subject(
                    SubjectLevel.GATEWAY, enterprise + "/" + gateway, enterprise, s.city, s.tier, gateway, null);
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("gateway", gateway);
            context.put("connection", "removed");
            step(
                    s,
                    new Observation(RuleIds.GATEWAY_OFFLINE, subject, s.name, s.alertPeriod, null, context),
                    removalAlerts,
                    now,
                    ctx,
                    out);
        }
        if (s.timer != NONE) ctx.timerService().deleteProcessingTimeTimer(s.timer);
        state.clear();
    }

    private static SeriesPoint row(State s, long now) {
        SeriesPoint.Builder b = SeriesPoint.builder(Measurements.GATEWAY_STATUS)
                .tag(Tags.ENTERPRISE, s.enterprise)
                .tag(Tags.GATEWAY, s.gateway);
        if (s.city != null && !s.city.isEmpty()) b.tag(Tags.CITY, s.city);
        if (s.tier != null && !s.tier.isEmpty()) b.tag(Tags.TIER, s.tier);
        b.field("connection", s.connection.code)
                .field("online", s.connection == Connection.ONLINE)
                .field("silent", s.silent)
                .field("alert", s.alertActive);
        if (s.connection == Connection.OFFLINE) b.field("cause", s.lost ? "lost" : "disconnected");
        else if (s.silent) b.field("cause", "silent");
        if (s.connection != Connection.UNKNOWN) {
            b.field("connection_since", AlertLifecycle.time(s.connectionSince));
        }
        if (s.lastDataAt != NONE) {
            b.field("last_data", AlertLifecycle.time(s.lastDataAt))
                    .field("last_data_age_s", Math.max(0, now - s.lastDataAt) / 1000);
        }
        return b.timeMillis(now).build();
    }

    /** A gateway's connection as its status topic (or data after an {@code offline}) tells it. */
    public enum Connection {
        UNKNOWN("unknown"),
        ONLINE("online"),
        OFFLINE("offline");

        final String code;

        Connection(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /**
     * What the function keeps per gateway; a Flink POJO. Times are epoch millis, {@link Long#MIN_VALUE} when
     * unknown; {@code …At} are the bridge's receive times, {@code …SeenAt} the processing times the job saw them.
     */
    public static final class State {
        public String enterprise;
        public String gateway;
        /** Enterprise name and gateway id, for messages. */
        public String name;

        public String city;
        public String tier;

        public Connection connection = Connection.UNKNOWN;
        /** Receive time of the status (or data) that set the connection. */
        public long connectionAt = NONE;
        /** The status's {@code since}, else its receive time. */
        public long connectionSince = NONE;
        /** Offline without {@code since}: taken for the Last Will. */
        public boolean lost;

        public long offlineSeenAt = NONE;

        public long lastDataAt = NONE;
        public long lastDataSeenAt = NONE;
        /** Last data or {@code online}, or the first signal of the gateway. */
        public long lastSignAt = NONE;

        public long lastSignSeenAt = NONE;
        /** No sign of life for the threshold. */
        public boolean silent;
        /** The pending processing-time timer. */
        public long timer = NONE;
        /** What the last {@code gateway_status} row showed ({@link #signature()}), -1 before the first. */
        public int rowSignature = -1;

        /** The {@code gateway.offline} alert of {@link #alertPeriod} ({@link AlertState} without its evidence). */
        public String alertPeriod;

        public String alertId;
        public int alertSeq;
        public boolean alertActive;
        public Severity alertSeverity;
        public double alertValue;
        public long alertFirstSeen;
        public long alertLastChanged;
        public long alertClearingSince = NONE;

        public State() {}

        void remember(Enterprise e, String gatewayId) {
            enterprise = e.code();
            gateway = gatewayId;
            name = e.name() + " " + gatewayId;
            city = e.city();
            tier = e.tier() == null ? null : e.tier().code();
        }

        void connect(Connection c, long at, long since, boolean lostConnection) {
            connection = c;
            connectionAt = at;
            connectionSince = since;
            lost = c == Connection.OFFLINE && lostConnection;
        }

        /** Connection, cause, silence and alert: a row is written when these change. */
        int signature() {
            return connection.ordinal() * 8 + (lost ? 4 : 0) + (silent ? 2 : 0) + (alertActive ? 1 : 0);
        }

        AlertState alertState() {
            if (alertId == null) return null;
            return new AlertState(
                    alertId,
                    alertSeq,
                    alertActive,
                    alertSeverity,
                    alertValue,
                    alertFirstSeen,
                    alertLastChanged,
                    alertClearingSince == NONE ? null : alertClearingSince,
                    Map.of());
        }

        void alertState(AlertState a, String period) {
            alertPeriod = period;
            alertId = a.id();
            alertSeq = a.seq();
            alertActive = a.active();
            alertSeverity = a.severity();
            alertValue = a.value();
            alertFirstSeen = a.firstSeen();
            alertLastChanged = a.lastChanged();
            alertClearingSince = a.clearingSince() == null ? NONE : a.clearingSince();
        }
    }
}
