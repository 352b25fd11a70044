package dcmon.console.dashboard;

import java.util.List;
import java.util.Map;

/**
 * The 晴雨表 colour of a progress row: red, yellow or green from the default thresholds of the target rules
 * ({@code config/alerts.yaml}: {@code total.breach} and {@code co2.breach} above 100 % → red; {@code total.pace}
 * watch at 5 pp, {@code total.projection} and {@code co2.projection} watch at 95 % → yellow), made worse by the
 * colour of any active target alert of the same subject and year.
 */
public final class Colours {
    public static final String GREEN = "green";
    public static final String YELLOW = "yellow";
    public static final String RED = "red";

    static final double BREACH_PCT = 100;
    static final double PACE_WATCH_PP = 5;
    static final double PROJECTION_WATCH_PCT = 95;

    private static final List<String> ORDER = List.of(GREEN, YELLOW, RED);

    private Colours() {}

    /** The colour the thresholds give a progress row's fields. */
    public static String ofProgress(Map<String, Object> row) {
        if (above(row, "completion_pct", BREACH_PCT) || above(row, "co2_completion_pct", BREACH_PCT)) return RED;
        if (atLeast(row, "pace_gap_pp", PACE_WATCH_PP)
                || atLeast(row, "projected_pct", PROJECTION_WATCH_PCT)
                || atLeast(row, "co2_projected_pct", PROJECTION_WATCH_PCT)) {
            return YELLOW;
        }
        return GREEN;
    }

    /** The worse of two colours; null counts as green. */
    public static String worse(String a, String b) {
        return ORDER.indexOf(b == null ? GREEN : b) > ORDER.indexOf(a == null ? GREEN : a) ? b : a == null ? GREEN : a;
    }

    private static boolean above(Map<String, Object> row, String field, double threshold) {
        return row.get(field) instanceof Number n && n.doubleValue() > threshold;
    }

    private static boolean atLeast(Map<String, Object> row, String field, double threshold) {
        return row.get(field) instanceof Number n && n.doubleValue() >= threshold;
    }
}
