package dcmon.core.alert;

import java.io.Serializable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Alert rules and their display settings from {@code config/alerts.yaml}.
 *
 * @param colours        barometer colour per severity
 * @param severityLabels Chinese and English label per severity
 * @param colourLabels   Chinese and English label per colour
 * @param clearedZh      template of the message of a cleared event (Chinese)
 */
public record AlertConfig(
        Map<String, RuleConfig> rules,
        Map<Severity, Colour> colours,
        Map<Severity, Label> severityLabels,
        Map<Colour, Label> colourLabels,
        String clearedZh,
        String clearedEn)
        implements Serializable {
    public AlertConfig {
        rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
        colours = Collections.unmodifiableMap(new EnumMap<>(colours));
        severityLabels = Collections.unmodifiableMap(new EnumMap<>(severityLabels));
        colourLabels = Collections.unmodifiableMap(new EnumMap<>(colourLabels));
    }

    /** A label in Chinese with its English. */
    public record Label(String zh, String en) implements Serializable {}

    /** @throws IllegalArgumentException for a rule id not in the config */
    public RuleConfig rule(String id) {
        RuleConfig r = rules.get(id);
        if (r == null) throw new IllegalArgumentException("no alert rule '" + id + "'");
        return r;
    }

    public Colour colour(Severity s) {
        return colours.getOrDefault(
                s, s == Severity.BREACH ? Colour.RED : s == Severity.INFO ? Colour.GREEN : Colour.YELLOW);
    }
}
