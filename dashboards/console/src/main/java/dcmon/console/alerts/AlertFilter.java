package dcmon.console.alerts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Equality filters on the alert list, by column; only these columns can be filtered on. */
public record AlertFilter(Map<String, String> equal, int limit, int offset) {
    public static final Set<String> COLUMNS =
            Set.of("state", "severity", "rule", "city", "enterprise", "review_status", "level", "colour", "period");
    public static final int MAX_LIMIT = 200;

    public AlertFilter {
        for (String column : equal.keySet()) {
            if (!COLUMNS.contains(column)) throw new IllegalArgumentException("cannot filter on " + column);
        }
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
        if (offset < 0) throw new IllegalArgumentException("offset must not be negative");
        equal = new LinkedHashMap<>(equal);
    }
}
