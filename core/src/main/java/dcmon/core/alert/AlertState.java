package dcmon.core.alert;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lifecycle state of one alert (rule, subject, period), kept between observations.
 *
 * @param seq           seq of the last event (0 before the first)
 * @param active        whether the alert is raised
 * @param severity      severity of the last event
 * @param value         value of the last event
 * @param firstSeen     epoch millis of the last raise
 * @param lastChanged   epoch millis of the last event
 * @param clearingSince epoch millis since when the condition has been absent while the alert is active, or null
 * @param evidence      evidence of the last event
 */
public record AlertState(
        String id,
        int seq,
        boolean active,
        Severity severity,
        double value,
        long firstSeen,
        long lastChanged,
        Long clearingSince,
        Map<String, Object> evidence)
        implements Serializable {
    public AlertState {
        evidence = evidence == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }
}
