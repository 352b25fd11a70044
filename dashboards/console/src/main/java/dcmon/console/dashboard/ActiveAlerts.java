package dcmon.console.dashboard;

import dcmon.console.auth.Scope;
import dcmon.console.db.Database;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the dashboards take from the alerts in PostgreSQL: active alerts by severity, and subjects' colours. */
public final class ActiveAlerts {
    /** Rules about targets: their alerts colour a unit's or region's progress. */
    private static final String TARGET_RULES =
            "(rule LIKE 'total.%' OR rule LIKE 'intensity.%' OR rule LIKE 'co2.%'" + " OR rule LIKE 'region.%')";

    private static final List<String> SEVERITIES = List.of("info", "watch", "warning", "breach");

    private final Database db;

    public ActiveAlerts(Database db) {
        this.db = db;
    }

    /**
     * Active alerts in the scope, by severity (every severity present, zero when none); alerts suppressed by a 报备
     * window are left out, as the queue leaves them out by default.
     */
    public Map<String, Long> countsBySeverity(Scope scope) {
        Map<String, Long> counts = new LinkedHashMap<>();
        SEVERITIES.forEach(s -> counts.put(s, 0L));
        db.withConnection(c -> {
            try (var s = c.prepareStatement(
                    "SELECT severity, count(*) FROM alerts WHERE state = 'active' AND suppressed_by IS NULL AND ("
                            + scope.condition() + ") GROUP BY severity")) {
                bind(s, scope.parameters(), 0);
                try (var rs = s.executeQuery()) {
                    while (rs.next()) counts.put(rs.getString(1), rs.getLong(2));
                }
            }
            return null;
        });
        return counts;
    }

    /** The worst colour of the active target alerts of a year per subject, keyed {@code level:code}. */
    public Map<String, String> targetColours(Scope scope, String year) {
        Map<String, String> colours = new LinkedHashMap<>();
        db.withConnection(c -> {
            try (var s =
                    c.prepareStatement("SELECT level, code, colour FROM alerts WHERE state = 'active' AND period = ?"
                            + " AND " + TARGET_RULES + " AND (" + scope.condition() + ")")) {
                s.setString(1, year);
                bind(s, scope.parameters(), 1);
                try (var rs = s.executeQuery()) {
                    while (rs.next()) {
                        colours.merge(rs.getString(1) + ":" + rs.getString(2), rs.getString(3), Colours::worse);
                    }
                }
            }
            return null;
        });
        return colours;
    }

    /** Alert counts of one unit within the scope: {@code [all, active and not suppressed by a 报备 window]}. */
    public long[] enterpriseCounts(Scope scope, String enterprise) {
        return db.withConnection(c -> {
            try (var s = c.prepareStatement(
                    "SELECT count(*), count(*) FILTER (WHERE state = 'active' AND suppressed_by IS NULL) FROM alerts"
                            + " WHERE enterprise = ? AND (" + scope.condition() + ")")) {
                s.setString(1, enterprise);
                bind(s, scope.parameters(), 1);
                try (var rs = s.executeQuery()) {
                    rs.next();
                    return new long[] {rs.getLong(1), rs.getLong(2)};
                }
            }
        });
    }

    /** The city an alert of the unit in the scope names, if any. */
    public String enterpriseCity(Scope scope, String enterprise) {
        return db.withConnection(c -> {
            try (var s = c.prepareStatement("SELECT city FROM alerts WHERE enterprise = ? AND (" + scope.condition()
                    + ") ORDER BY last_changed DESC LIMIT 1")) {
                s.setString(1, enterprise);
                bind(s, scope.parameters(), 1);
                try (var rs = s.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    private static void bind(java.sql.PreparedStatement s, List<String> parameters, int offset)
            throws java.sql.SQLException {
        for (int i = 0; i < parameters.size(); i++) s.setString(offset + i + 1, parameters.get(i));
    }
}
