package dcmon.console.dashboard;

import dcmon.core.alert.AlertConfig;
import dcmon.core.alert.Compare;
import dcmon.core.alert.RuleConfig;
import dcmon.core.alert.Severity;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The 晴雨表 colour of a progress row: the colour of the highest severity whose threshold the row's figures reach,
 * for the target rules that apply to it (a unit: {@code total.pace}, {@code total.projection}, {@code total.breach},
 * {@code co2.projection}, {@code co2.breach}; a region: {@code region.projection}), and green when none. No
 * hysteresis: the active alerts, which have it, are combined with {@link #worse}.
 */
public final class Colours {
    public static final String GREEN = "green";
    public static final String YELLOW = "yellow";
    public static final String RED = "red";

    private static final List<String> ORDER = List.of(GREEN, YELLOW, RED);

    /** A rule as read here: the progress field holding its value, its comparison and thresholds. */
    record Check(String field, Compare compare, Map<Severity, Double> thresholds) {}

    private final List<Check> enterprise;
    private final List<Check> region;
    private final Map<Severity, String> colours;

    Colours(List<Check> enterprise, List<Check> region, Map<Severity, String> colours) {
        this.enterprise = List.copyOf(enterprise);
        this.region = List.copyOf(region);
        this.colours = Map.copyOf(colours);
    }

    /** The thresholds and colours of the rules in an alert config ({@code config/alerts.yaml}). */
    public static Colours of(AlertConfig config) {
        Map<Severity, String> colours = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) colours.put(s, config.colour(s).code());
        return new Colours(
                List.of(
                        check(config, "total.pace", "pace_gap_pp"),
                        check(config, "total.projection", "projected_pct"),
                        check(config, "total.breach", "completion_pct"),
                        check(config, "co2.projection", "co2_projected_pct"),
                        check(config, "co2.breach", "co2_completion_pct")),
                List.of(check(config, "region.projection", "projected_pct")),
                colours);
    }

    /** The defaults of {@code config/alerts.yaml}, for a console started without it. */
    public static Colours defaults() {
        Map<Severity, String> colours =
                Map.of(Severity.INFO, GREEN, Severity.WATCH, YELLOW, Severity.WARNING, YELLOW, Severity.BREACH, RED);
        return new Colours(
                List.of(
                        new Check("pace_gap_pp", Compare.GE, Map.of(Severity.WATCH, 5.0, Severity.WARNING, 10.0)),
                        new Check("projected_pct", Compare.GE, Map.of(Severity.WATCH, 95.0, Severity.WARNING, 100.0)),
                        new Check("completion_pct", Compare.GT, Map.of(Severity.BREACH, 100.0)),
                        new Check(
                                "co2_projected_pct", Compare.GE, Map.of(Severity.WATCH, 95.0, Severity.WARNING, 100.0)),
                        new Check("co2_completion_pct", Compare.GT, Map.of(Severity.BREACH, 100.0))),
                List.of(new Check("projected_pct", Compare.GE, Map.of(Severity.WATCH, 95.0, Severity.WARNING, 100.0))),
                colours);
    }

    private static Check check(AlertConfig config, String rule, String field) {
        RuleConfig r = config.rule(rule);
        return new Check(field, r.compare(), r.thresholds());
    }

    /** The colour of a unit's progress row. */
    public String ofEnterprise(Map<String, Object> row) {
        return of(enterprise, row);
    }

    /** The colour of a region's progress row. */
    public String ofRegion(Map<String, Object> row) {
        return of(region, row);
    }

    private String of(List<Check> checks, Map<String, Object> row) {
        Severity worst = null;
        for (Check check : checks) {
            if (!(row.get(check.field()) instanceof Number n)) continue;
            for (Map.Entry<Severity, Double> t : check.thresholds().entrySet()) {
                if (check.compare().passes(n.doubleValue(), t.getValue())
                        && (worst == null || t.getKey().compareTo(worst) > 0)) {
                    worst = t.getKey();
                }
            }
        }
        return worst == null ? GREEN : colours.getOrDefault(worst, GREEN);
    }

    /** The worse of two colours; null counts as green. */
    public static String worse(String a, String b) {
        String x = a == null ? GREEN : a;
        String y = b == null ? GREEN : b;
        return ORDER.indexOf(y) > ORDER.indexOf(x) ? y : x;
    }
}
