package dcmon.console.alerts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Equality filters on the alert list, by column (only these columns can be filtered on), and whether alerts
 * suppressed by a 报备 window are hidden (the default), shown too, or shown alone.
 */
public record AlertFilter(Map<String, String> equal, Suppressed suppressed, int limit, int offset) {
    public static final Set<String> COLUMNS =
            Set.of("state", "severity", "rule", "city", "enterprise", "review_status", "level", "colour", "period");
    public static final int MAX_LIMIT = 200;

    /** What the list does with suppressed alerts. */
    public enum Suppressed {
        HIDE("suppressed_by IS NULL"),
        SHOW("TRUE"),
        ONLY("suppressed_by IS NOT NULL");

        private final String condition;

        Suppressed(String condition) {
            this.condition = condition;
        }

        public String condition() {
            return condition;
        }

        /** {@code hide}, {@code show} or {@code only}; null or blank is {@code hide}. */
        public static Suppressed parse(String value) {
            if (value == null || value.isBlank()) return HIDE;
            for (Suppressed s : values()) if (s.name().equalsIgnoreCase(value.strip())) return s;
            throw new IllegalArgumentException("suppressed: hide, show or only");
        }
    }

    public AlertFilter(Map<String, String> equal, int limit, int offset) {
        this(equal, Suppressed.HIDE, limit, offset);
    }

    public AlertFilter {
        for (String column : equal.keySet()) {
            if (!COLUMNS.contains(column)) throw new IllegalArgumentException("cannot filter on " + column);
        }
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
        if (offset < 0) throw new IllegalArgumentException("offset must not be negative");
        equal = new LinkedHashMap<>(equal);
    }
}
