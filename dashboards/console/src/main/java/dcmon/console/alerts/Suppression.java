package dcmon.console.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Marks alerts that fall inside a unit's 报备 window (planned outage or meter maintenance) as suppressed by it.
 * Only the rules an announced outage explains are suppressed: {@code gateway.offline} when it was raised inside the
 * window, {@code data.completeness} when its day (Asia/Shanghai) overlaps the window. A window naming a gateway
 * matches only alerts naming that gateway; completeness alerts are per point and do not name their gateway, so
 * only a window of the whole unit suppresses them. Every alert is recomputed from the open windows, so entering or
 * cancelling a window and replaying alerts all converge on the same marks.
 */
public final class Suppression {
    /** The first open window matching alert {@code a}, or null. */
    private static final String MATCH = "(SELECT w.id FROM maintenance_windows w"
            + " WHERE w.cancelled_at IS NULL AND w.enterprise = a.enterprise"
            + " AND (w.gateway IS NULL OR w.gateway = a.gateway)"
            + " AND CASE"
            + " WHEN a.rule = 'gateway.offline' THEN a.first_seen >= w.starts AND a.first_seen < w.ends"
            + " WHEN a.rule = 'data.completeness' AND a.period ~ '^\\d{4}-\\d{2}-\\d{2}$' THEN"
            + " ((a.period::date)::timestamp AT TIME ZONE 'Asia/Shanghai') < w.ends"
            + " AND ((a.period::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') > w.starts"
            + " ELSE FALSE END"
            + " ORDER BY w.id LIMIT 1)";

    private static final String MARK =
            "UPDATE alerts a SET suppressed_by = " + MATCH + " WHERE a.suppressed_by IS DISTINCT FROM " + MATCH;

    private Suppression() {}

    /** Recomputes the mark of one alert (after the consumer stored an event of it). */
    public static void markAlert(Connection c, String alertId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(MARK + " AND a.id = ?")) {
            s.setString(1, alertId);
            s.executeUpdate();
        }
    }

    /** Recomputes the marks of a unit's alerts (after a window of it was entered or cancelled); returns how many changed. */
    public static int markEnterprise(Connection c, String enterprise) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(MARK + " AND a.enterprise = ?")) {
            s.setString(1, enterprise);
            return s.executeUpdate();
        }
    }
}
