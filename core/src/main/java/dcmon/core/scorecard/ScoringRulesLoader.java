package dcmon.core.scorecard;

import dcmon.core.config.ConfigError;
import dcmon.core.config.ConfigException;
import dcmon.core.config.YamlFile;
import dcmon.core.config.YamlMapping;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads {@code config/assessment/scorecard.yaml}; every error names the file, line and field. Every field is
 * required: the file states the whole rule set, so a reader need not know the built-in defaults.
 */
public final class ScoringRulesLoader {
    private static final List<String> TOP =
            List.of("verified", "source", "note", "targets", "measures", "grades", "veto");
    private static final List<String> TARGETS = List.of("unit_consumption", "total_control");
    private static final List<String> REDUCTION = List.of("both_met", "cumulative_only", "annual_only", "neither");
    private static final List<String> TOTAL = List.of("within_cap", "over", "over_rest");
    private static final List<String> BAND = List.of("below_pct", "points");
    private static final List<String> MEASURES = List.of("max_points");
    private static final List<String> GRADE = List.of("code", "zh", "en", "min_points");
    private static final List<String> VETO = List.of("annual_target_missed", "over_cap");

    private final List<ConfigError> errors = new ArrayList<>();

    private ScoringRulesLoader() {}

    public static ScoringRules load(Path file) throws ConfigException {
        return new ScoringRulesLoader().run(file);
    }

    private ScoringRules run(Path path) throws ConfigException {
        YamlFile f = YamlFile.read(path, path.toString(), errors);
        ScoringRules rules = f.root() == null ? null : read(f);
        if (!errors.isEmpty()) throw new ConfigException(errors);
        return rules;
    }

    private ScoringRules read(YamlFile f) {
        YamlMapping top = f.mapping(f.root(), "", "the scorecard rules", TOP);
        if (top == null) return null;
        top.bool("verified", true);
        top.text("source", false);
        top.text("note", false);
        YamlMapping targets = top.mapping("targets", true, "the target points", TARGETS);
        YamlMapping reduction =
                targets == null ? null : targets.mapping("unit_consumption", true, "the reduction points", REDUCTION);
        YamlMapping total = targets == null ? null : targets.mapping("total_control", true, "the total points", TOTAL);
        YamlMapping measures = top.mapping("measures", true, "the measures", MEASURES);
        YamlMapping veto = top.mapping("veto", true, "the veto", VETO);
        Double both = points(reduction, "both_met");
        Double cumulative = points(reduction, "cumulative_only");
        Double annual = points(reduction, "annual_only");
        Double neither = points(reduction, "neither");
        Double within = points(total, "within_cap");
        List<ScoringRules.OverBand> bands = bands(total);
        Double rest = points(total, "over_rest");
        Double max = points(measures, "max_points");
        List<ScoringRules.Grade> grades = grades(top);
        Boolean vetoAnnual = veto == null ? null : veto.bool("annual_target_missed", true);
        Boolean vetoCap = veto == null ? null : veto.bool("over_cap", true);
        if (!errors.isEmpty()) return null;
        return new ScoringRules(
                both, cumulative, annual, neither, within, bands, rest, max, grades, vetoAnnual, vetoCap);
    }

    private static Double points(YamlMapping m, String key) {
        return m == null ? null : m.nonNegative(key, true);
    }

    /** Overrun bands in ascending order of their bound. */
    private List<ScoringRules.OverBand> bands(YamlMapping total) {
        List<ScoringRules.OverBand> bands = new ArrayList<>();
        List<Node> items = total == null ? null : total.list("over", true);
        if (items == null) return bands;
        Double previous = null;
        for (int i = 0; i < items.size(); i++) {
            YamlMapping b = total.file().mapping(items.get(i), total.field("over") + "[" + i + "]", "a band", BAND);
            if (b == null) continue;
            Double below = b.positive("below_pct", true);
            Double points = b.nonNegative("points", true);
            if (below != null && previous != null && below <= previous) {
                b.error(
                        "below_pct",
                        "bands must rise: " + YamlMapping.s(below) + " is not above " + YamlMapping.s(previous));
            }
            if (below != null) previous = below;
            if (below != null && points != null) bands.add(new ScoringRules.OverBand(below, points));
        }
        return bands;
    }

    /** Grades from the highest bound down; the last has no bound and takes every lower total. */
    private List<ScoringRules.Grade> grades(YamlMapping top) {
        List<ScoringRules.Grade> grades = new ArrayList<>();
        List<Node> items = top.list("grades", true);
        if (items == null) return grades;
        if (items.size() < 2) top.error("grades", "must list at least two grades, the last without min_points");
        Double previous = null;
        for (int i = 0; i < items.size(); i++) {
            boolean last = i == items.size() - 1;
            YamlMapping g = top.file().mapping(items.get(i), "grades[" + i + "]", "a grade", GRADE);
            if (g == null) continue;
            String code = g.text("code", true);
            String zh = g.text("zh", true);
            String en = g.text("en", true);
            Double min = g.nonNegative("min_points", !last);
            if (last && min != null) g.error("min_points", "the last grade takes every lower total: leave it out");
            if (min != null && previous != null && min >= previous) {
                g.error(
                        "min_points",
                        "grades must fall: " + YamlMapping.s(min) + " is not below " + YamlMapping.s(previous));
            }
            if (min != null) previous = min;
            if (code != null && zh != null && en != null)
                grades.add(new ScoringRules.Grade(code, zh, en, last ? null : min));
        }
        return grades;
    }
}
