package dcmon.core.alert;

import dcmon.core.targets.Subject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a rule measures of one subject in one period at one instant, before thresholds apply.
 *
 * @param subjectName name used in messages (enterprise or region name, gateway or point id)
 * @param period      {@code 2026}, {@code 2026-11} or {@code 2026-11-24}
 * @param value       the measured value, in the rule's unit; null when it cannot be measured (no cap, no
 *                    output), which counts as the condition being absent
 * @param context     further evidence (product, cap, year-to-date…), copied into the event's evidence
 */
public record Observation(
        String rule, Subject subject, String subjectName, String period, Double value, Map<String, Object> context) {
    public Observation {
        context = Collections.unmodifiableMap(new LinkedHashMap<>(context));
    }
}
