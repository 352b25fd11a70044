package dcmon.core.alert;

import java.io.Serializable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One rule's settings.
 *
 * @param unit            unit of the value and thresholds ({@code pp}, {@code %}, {@code h}, {@code count})
 * @param thresholds      threshold per severity the rule can reach
 * @param clearMargin     hysteresis: to fall below a level it reached, the value must pass its threshold by this
 * @param clearAfterMillis the condition must have ended for this long before the alert clears
 * @param updateStep      a change of the value by at least this much (same severity) is worth an update
 */
public record RuleConfig(
        String id,
        String labelZh,
        String labelEn,
        String unit,
        Compare compare,
        Map<Severity, Double> thresholds,
        double clearMargin,
        long clearAfterMillis,
        double updateStep,
        String messageZh,
        String messageEn)
        implements Serializable {
    public RuleConfig {
        thresholds = Collections.unmodifiableMap(new EnumMap<>(thresholds));
    }
}
