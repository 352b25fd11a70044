package dcmon.monitoring;

import dcmon.core.alert.AlertConfig;
import dcmon.core.alert.AlertEvent;
import dcmon.core.alert.AlertIds;
import dcmon.core.alert.AlertLifecycle;
import dcmon.core.alert.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs observations through the alert lifecycle against one subject's alert states in keyed state, by alert id.
 * Pure apart from the state it is given; the keyed functions hand it their map state, tests a plain map.
 */
final class AlertSteps {
    private final StateMap<String, StoredAlert> states;
    private final AlertConfig config;

    AlertSteps(StateMap<String, StoredAlert> states, AlertConfig config) {
        this.states = states;
        this.config = config;
    }

    /** The events the observations cause at {@code now}, in their order; the states are updated. */
    List<AlertEvent> observe(List<Observation> observations, long now) throws Exception {
        List<AlertEvent> events = new ArrayList<>();
        for (Observation o : observations) {
            String id = AlertIds.id(o.rule(), o.subject(), o.period());
            StoredAlert stored = states.get(id);
            AlertLifecycle.Transition t = AlertLifecycle.step(stored == null ? null : stored.state(), o, config, now);
            // an absent condition of an alert never raised leaves no state behind
            if (t.next() != null && (stored == null || !Objects.equals(t.next(), stored.state()))) {
                states.put(id, StoredAlert.of(t.next(), o.period()));
            }
            if (t.event() != null) events.add(t.event());
        }
        return events;
    }

    void clear() {
        states.clear();
    }

    /**
     * Forgets the alerts of periods that can no longer change: their year (the first four characters of every period)
     * is before {@code oldestOpenYear}. The last event of such an alert stands as its final word: a breach of a closed
     * year stays active for the reviewers, who resolve it in the console.
     */
    void forgetYearsBefore(int oldestOpenYear) throws Exception {
        List<String> drop = new ArrayList<>();
        for (Map.Entry<String, StoredAlert> e : states.entries()) {
            if (e.getValue().year() < oldestOpenYear) drop.add(e.getKey());
        }
        for (String id : drop) states.remove(id);
    }
}
