package dcmon.core.alert;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the state of every alert seen, by id, and turns observations into events ({@link AlertLifecycle}).
 * Not thread-safe: one tracker per keyed stream partition, or use {@link AlertLifecycle#step} with keyed state.
 */
public final class AlertTracker {
    private final AlertConfig config;
    private final Map<String, AlertState> states = new HashMap<>();

    public AlertTracker(AlertConfig config) {
        this.config = config;
    }

    /** The event this observation causes at {@code now}, if any. */
    public Optional<AlertEvent> observe(Observation o, long now) {
        String id = AlertIds.id(o.rule(), o.subject(), o.period());
        AlertLifecycle.Transition t = AlertLifecycle.step(states.get(id), o, config, now);
        if (t.next() != null) states.put(id, t.next());
        return Optional.ofNullable(t.event());
    }

    /** @return the alert's state, or null */
    public AlertState state(String id) {
        return states.get(id);
    }
}
