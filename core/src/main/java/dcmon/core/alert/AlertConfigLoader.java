package dcmon.core.alert;

import dcmon.core.config.ConfigError;
import dcmon.core.config.ConfigException;
import dcmon.core.config.YamlFile;
import dcmon.core.config.YamlMapping;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;

/**
 * Loads and validates {@code config/alerts.yaml}: severity labels and colours, colour labels, the cleared
 * message, and every rule of {@link RuleIds#ALL} with its thresholds, hysteresis and messages.
 */
public final class AlertConfigLoader {
    private static final List<String> TOP =
            List.of("severities", "colours", "cleared", "rules", "verified", "source", "note");
    private static final List<String> SEVERITY = List.of("zh", "en", "colour");
    private static final List<String> LABEL = List.of("zh", "en");
    private static final List<String> RULE = List.of(
            "label_zh",
            "label_en",
            "unit",
            "compare",
            "thresholds",
            "clear_margin",
            "clear_after_minutes",
            "update_step",
            "message_zh",
            "message_en",
            "note");
    /** Placeholders every template may use; the context of each rule adds its own, checked loosely. */
    static final Set<String> PLACEHOLDERS = Set.of(
            "name",
            "period",
            "value",
            "threshold",
            "unit",
            "label_zh",
            "label_en",
            "severity_zh",
            "severity_en",
            "product",
            "cap_tce",
            "ytd_tce",
            "projected_tce",
            "cap_basis",
            "co2_cap_t",
            "ytd_tco2",
            "projected_t",
            "ytd_kgce_per_unit",
            "target_kgce_per_unit",
            "ytd_kgco2_per_unit",
            "target_kgco2_per_unit",
            "received",
            "expected",
            "rejected",
            "stored_mb");

    private final List<ConfigError> errors = new ArrayList<>();

    private AlertConfigLoader() {}

    public static AlertConfig load(Path file) throws ConfigException {
        return new AlertConfigLoader().run(file);
    }

    private AlertConfig run(Path path) throws ConfigException {
        YamlFile f = YamlFile.read(path, path.toString(), errors);
        AlertConfig config = f.root() == null ? null : read(f);
        if (!errors.isEmpty()) throw new ConfigException(errors);
        return config;
    }

    private AlertConfig read(YamlFile f) {
        YamlMapping top = f.mapping(f.root(), "", "the alerts file", TOP);
        if (top == null) return null;
        top.bool("verified", false);
        top.text("source", false);
        top.text("note", false);
        Map<Severity, Colour> colours = new EnumMap<>(Severity.class);
        Map<Severity, AlertConfig.Label> severityLabels = new EnumMap<>(Severity.class);
        severities(top, colours, severityLabels);
        Map<Colour, AlertConfig.Label> colourLabels = colourLabels(top);
        YamlMapping cleared = top.mapping("cleared", true, "the cleared message", LABEL);
        String clearedZh = cleared == null ? null : template(cleared, "zh");
        String clearedEn = cleared == null ? null : template(cleared, "en");
        Map<String, RuleConfig> rules = rules(top);
        return new AlertConfig(rules, colours, severityLabels, colourLabels, clearedZh, clearedEn);
    }

    private void severities(YamlMapping top, Map<Severity, Colour> colours, Map<Severity, AlertConfig.Label> labels) {
        YamlMapping m = top.mapping("severities", true, "the severities", codes(Severity.values()));
        if (m == null) return;
        for (Severity s : Severity.values()) {
            YamlMapping sm = m.mapping(s.code(), true, "a severity", SEVERITY);
            if (sm == null) continue;
            labels.put(s, new AlertConfig.Label(sm.text("zh", true), sm.text("en", true)));
            String colour = sm.text("colour", true);
            if (colour == null) continue;
            Colour c = Colour.ofCode(colour);
            if (c == null) sm.error("colour", "unknown colour '" + colour + "'; allowed: green, yellow, red");
            else colours.put(s, c);
        }
    }

    private Map<Colour, AlertConfig.Label> colourLabels(YamlMapping top) {
        Map<Colour, AlertConfig.Label> labels = new EnumMap<>(Colour.class);
        YamlMapping m = top.mapping("colours", true, "the colours", codes(Colour.values()));
        if (m == null) return labels;
        for (Colour c : Colour.values()) {
            YamlMapping cm = m.mapping(c.code(), true, "a colour", LABEL);
            if (cm != null) labels.put(c, new AlertConfig.Label(cm.text("zh", true), cm.text("en", true)));
        }
        return labels;
    }

    private Map<String, RuleConfig> rules(YamlMapping top) {
        Map<String, RuleConfig> rules = new LinkedHashMap<>();
        YamlMapping m = top.mapping("rules", true, "the rules", RuleIds.ALL);
        if (m == null) return rules;
        for (String id : RuleIds.ALL) {
            YamlMapping r = m.mapping(id, true, "a rule", RULE);
            if (r == null) continue;
            RuleConfig rule = rule(id, r);
            if (rule != null) rules.put(id, rule);
        }
        return rules;
    }

    private RuleConfig rule(String id, YamlMapping r) {
        int before = errors.size();
        String labelZh = r.text("label_zh", true);
        String labelEn = r.text("label_en", true);
        String unit = r.text("unit", true);
        r.text("note", false);
        Compare compare = Compare.GE;
        String compareText = r.text("compare", false);
        if (compareText != null) {
            compare = Compare.ofCode(compareText);
            if (compare == null) r.error("compare", "unknown compare '" + compareText + "'; allowed: ge, gt, le, lt");
        }
        Map<Severity, Double> thresholds = thresholds(r, compare);
        Double margin = r.nonNegative("clear_margin", false);
        Double clearAfter = r.nonNegative("clear_after_minutes", false);
        Double step = r.positive("update_step", false);
        String zh = template(r, "message_zh");
        String en = template(r, "message_en");
        if (errors.size() != before) return null;
        return new RuleConfig(
                id,
                labelZh,
                labelEn,
                unit,
                compare,
                thresholds,
                margin == null ? 0 : margin,
                clearAfter == null ? 0 : Math.round(clearAfter * 60_000),
                step == null ? 1 : step,
                zh,
                en);
    }

    /** Thresholds by severity, at least one, growing worse with severity in the rule's direction. */
    private Map<Severity, Double> thresholds(YamlMapping r, Compare compare) {
        Map<Severity, Double> out = new EnumMap<>(Severity.class);
        YamlMapping t = r.mapping("thresholds", true, "the thresholds", codes(Severity.values()));
        if (t == null) return out;
        if (t.keys().isEmpty()) t.error("", "a rule needs at least one threshold");
        Severity previous = null;
        for (Severity s : Severity.values()) {
            Double v = t.number(s.code(), false);
            if (v == null) continue;
            Double p = previous == null ? null : out.get(previous);
            if (p != null && compare != null && (compare.upward() ? v <= p : v >= p)) {
                t.error(
                        s.code(),
                        "the " + s.code() + " threshold must be " + (compare.upward() ? "above" : "below") + " the "
                                + previous.code() + " threshold " + YamlMapping.s(p) + ", found " + YamlMapping.s(v));
            }
            out.put(s, v);
            previous = s;
        }
        return out;
    }

    private String template(YamlMapping m, String key) {
        String text = m.text(key, true);
        if (text == null) return null;
        Matcher x = Messages.PLACEHOLDER.matcher(text);
        while (x.find()) {
            if (!PLACEHOLDERS.contains(x.group(1))) {
                m.error(
                        key,
                        "unknown placeholder {" + x.group(1) + "}; allowed: "
                                + String.join(", ", new TreeSet<>(PLACEHOLDERS)));
            }
        }
        return text;
    }

    private static List<String> codes(Severity[] values) {
        return Arrays.stream(values).map(Severity::code).toList();
    }

    private static List<String> codes(Colour[] values) {
        return Arrays.stream(values).map(Colour::code).toList();
    }
}
