package dcmon.monitoring;

import dcmon.core.alert.AlertState;
import dcmon.core.alert.Severity;
import java.util.Map;

/**
 * An alert's lifecycle state as kept in keyed state: {@link AlertState} in plain fields, so that Flink serializes it
 * as a POJO. The last event's evidence is not kept; the lifecycle does not read it, and the event carried it.
 */
public final class StoredAlert {
    public String id;
    /** The alert's period: {@code 2026}, {@code 2026-11} or {@code 2026-11-24}. */
    public String period;

    public int seq;
    public boolean active;
    public String severity;
    public double value;
    public long firstSeen;
    public long lastChanged;
    /** Null while the condition holds. */
    public Long clearingSince;

    public StoredAlert() {}

    public static StoredAlert of(AlertState s, String period) {
        StoredAlert a = new StoredAlert();
        a.id = s.id();
        a.period = period;
        a.seq = s.seq();
        a.active = s.active();
        a.severity = s.severity().code();
        a.value = s.value();
        a.firstSeen = s.firstSeen();
        a.lastChanged = s.lastChanged();
        a.clearingSince = s.clearingSince();
        return a;
    }

    /** The year of the period. */
    public int year() {
        return Integer.parseInt(period.substring(0, 4));
    }

    public AlertState state() {
        return new AlertState(
                id, seq, active, Severity.ofCode(severity), value, firstSeen, lastChanged, clearingSince, Map.of());
    }
}
