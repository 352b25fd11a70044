package dcmon.core.alert;

import dcmon.core.calendar.ShanghaiCalendar;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The alert state machine, as a pure function of the previous state, an observation and the rule.
 *
 * <ul>
 *   <li><b>raised</b>: the value reaches a severity while the alert is not active;</li>
 *   <li><b>updated</b>: while active, the severity (with hysteresis, see {@link RuleEvaluator}) changes, or the
 *       value moves by at least the rule's {@code update_step} from the last event's;</li>
 *   <li><b>cleared</b>: the value is past the lowest threshold by the clear margin (or cannot be measured) and
 *       has stayed so for the rule's {@code clear_after}.</li>
 * </ul>
 * {@code seq} counts the alert's events from 1 and goes on after a clear: a raise after a clear in the same
 * period continues the same id, so (id, seq) stays unique and replays give the same numbers.
 */
public final class AlertLifecycle {
    private AlertLifecycle() {}

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    /**
     * @param next  the state to keep (null while no alert has ever been raised)
     * @param event the event to publish, or null
     */
    public record Transition(AlertState next, AlertEvent event) {}

    /**
     * @param state the alert's state, or null when it has never been raised
     */
    public static Transition step(AlertState state, Observation o, AlertConfig config, long now) {
        RuleConfig rule = config.rule(o.rule());
        boolean active = state != null && state.active();
        Evaluation e =
                o.value() == null ? null : RuleEvaluator.evaluate(rule, o.value(), active ? state.severity() : null);
        if (!active) {
            if (e == null) return new Transition(state, null);
            int seq = state == null ? 1 : state.seq() + 1;
            return emit(AlertEvent.Type.RAISED, seq, now, now, e.severity(), e.threshold(), o, rule, config);
        }
        if (e == null) {
            long since = state.clearingSince() != null ? state.clearingSince() : now;
            if (now - since < rule.clearAfterMillis()) {
                return new Transition(withClearingSince(state, since), null);
            }
            double threshold = rule.thresholds().get(state.severity());
            return emit(
                    AlertEvent.Type.CLEARED,
                    state.seq() + 1,
                    state.firstSeen(),
                    now,
                    state.severity(),
                    threshold,
                    o,
                    rule,
                    config);
        }
        boolean changed = e.severity() != state.severity() || Math.abs(o.value() - state.value()) >= rule.updateStep();
        if (!changed) return new Transition(withClearingSince(state, null), null);
        return emit(
                AlertEvent.Type.UPDATED,
                state.seq() + 1,
                state.firstSeen(),
                now,
                e.severity(),
                e.threshold(),
                o,
                rule,
                config);
    }

    private static AlertState withClearingSince(AlertState s, Long since) {
        if (Objects.equals(s.clearingSince(), since)) return s;
        return new AlertState(
                s.id(),
                s.seq(),
                s.active(),
                s.severity(),
                s.value(),
                s.firstSeen(),
                s.lastChanged(),
                since,
                s.evidence());
    }

    private static Transition emit(
            AlertEvent.Type type,
            int seq,
            long firstSeen,
            long now,
            Severity severity,
            double threshold,
            Observation o,
            RuleConfig rule,
            AlertConfig config) {
        String id = AlertIds.id(o.rule(), o.subject(), o.period());
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("value", o.value());
        evidence.put("threshold", threshold);
        evidence.put("unit", rule.unit());
        evidence.put("period", o.period());
        evidence.putAll(o.context());
        Map<String, Object> values = new LinkedHashMap<>(evidence);
        values.put("name", o.subjectName());
        values.put("label_zh", rule.labelZh());
        values.put("label_en", rule.labelEn());
        AlertConfig.Label label = config.severityLabels().get(severity);
        values.put("severity_zh", label == null ? severity.code() : label.zh());
        values.put("severity_en", label == null ? severity.code() : label.en());
        boolean cleared = type == AlertEvent.Type.CLEARED;
        String zh = Messages.render(cleared ? config.clearedZh() : rule.messageZh(), values);
        String en = Messages.render(cleared ? config.clearedEn() : rule.messageEn(), values);
        AlertEvent event = new AlertEvent(
                AlertEvent.SCHEMA,
                id,
                seq,
                type,
                o.rule(),
                o.subject(),
                o.period(),
                severity,
                config.colour(severity),
                cleared ? AlertEvent.State.CLEARED : AlertEvent.State.ACTIVE,
                time(firstSeen),
                time(now),
                evidence,
                zh,
                en);
        double value = o.value() == null ? Double.NaN : o.value();
        AlertState next = new AlertState(id, seq, !cleared, severity, value, firstSeen, now, null, evidence);
        return new Transition(next, event);
    }

    /** Epoch millis as ISO 8601 at +08:00, e.g. 2026-11-24T10:15:00+08:00. */
    public static String time(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis)
                .atOffset(ShanghaiCalendar.OFFSET)
                .format(TIME);
    }
}
