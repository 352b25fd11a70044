package dcmon.monitoring;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.TimerService;

/**
 * When a keyed subject's progress is evaluated: at an event time, once the watermark passes it, or, when the input
 * pauses and the watermark with it, by a processing-time fallback a little later.
 *
 * <p>The job's event time is the bridge's receive time, and the watermark only moves when messages arrive. Live
 * gateways report every few minutes; between their messages a pending evaluation would wait for the next one. So each
 * pending evaluation also gets a processing-time timer {@code fallback} after the record that asked for it: on a
 * replay the watermark passes the evaluation time long before that, and the evaluation is the event-time one, at the
 * same instant and on the same input as the first time; live, with the input paused, it runs at the pending time
 * with everything received so far. Either way each time is evaluated at most once and never before a later one.
 *
 * <p>One value per key: {@code [pending evaluation time or Long.MIN_VALUE, last evaluation time or Long.MIN_VALUE]}.
 */
final class EvaluationClock {
    private static final int PENDING = 0;
    private static final int DONE = 1;

    private final ValueState<long[]> state;
    private final long fallbackMs;

    EvaluationClock(ValueState<long[]> state, long fallbackMs) {
        this.state = state;
        this.fallbackMs = fallbackMs;
    }

    static ValueStateDescriptor<long[]> descriptor(String name) {
        return new ValueStateDescriptor<>(name, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    /** Asks for an evaluation at event time {@code at}. */
    void request(long at, TimerService timers) throws Exception {
        timers.registerEventTimeTimer(at);
        long[] s = value();
        if (at <= s[DONE] || at <= s[PENDING]) return;
        s[PENDING] = at;
        state.update(s);
        // one fallback per second at most: whole seconds coalesce the timers of a burst
        long fallback = (timers.currentProcessingTime() + fallbackMs) / 1000 * 1000 + 1000;
        timers.registerProcessingTimeTimer(fallback);
    }

    /**
     * An event-time timer fired at {@code at}: returns whether to evaluate at {@code at} (not when a later time was
     * already evaluated by the fallback), and records it.
     */
    boolean onEventTime(long at) throws Exception {
        long[] s = value();
        if (at <= s[DONE]) return false;
        s[DONE] = at;
        if (s[PENDING] <= at) s[PENDING] = Long.MIN_VALUE;
        state.update(s);
        return true;
    }

    /**
     * A processing-time timer fired: returns the pending time to evaluate at now, or {@link Long#MIN_VALUE} for none,
     * and records it; its event-time timer is deleted.
     */
    long onProcessingTime(TimerService timers) throws Exception {
        long[] s = value();
        long at = s[PENDING];
        if (at == Long.MIN_VALUE || at <= s[DONE]) return Long.MIN_VALUE;
        s[DONE] = at;
        s[PENDING] = Long.MIN_VALUE;
        state.update(s);
        timers.deleteEventTimeTimer(at);
        return at;
    }

    void clear() {
        state.clear();
    }

    private long[] value() throws Exception {
        long[] s = state.value();
        return s != null ? s : new long[] {Long.MIN_VALUE, Long.MIN_VALUE};
    }
}
