package dcmon.console.alerts;

import dcmon.console.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes alert events: the alert's current state is the event with the highest seq, and each (id, seq) is stored
 * once, so replaying records changes nothing. Each stored alert is checked against the open 报备 windows
 * ({@link Suppression}).
 */
public final class AlertStore {
    private static final String UPSERT = "INSERT INTO alerts (id, seq, event, rule, level, code, enterprise, city, "
            + "tier, gateway, point, period, severity, colour, state, first_seen, last_changed, evidence, message_zh, "
            + "message_en) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?) "
            + "ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, event = EXCLUDED.event, rule = EXCLUDED.rule, "
            + "level = EXCLUDED.level, code = EXCLUDED.code, enterprise = EXCLUDED.enterprise, city = EXCLUDED.city, "
            + "tier = EXCLUDED.tier, gateway = EXCLUDED.gateway, point = EXCLUDED.point, period = EXCLUDED.period, "
            + "severity = EXCLUDED.severity, colour = EXCLUDED.colour, state = EXCLUDED.state, "
            + "first_seen = EXCLUDED.first_seen, last_changed = EXCLUDED.last_changed, evidence = EXCLUDED.evidence, "
            + "message_zh = EXCLUDED.message_zh, message_en = EXCLUDED.message_en "
            + "WHERE alerts.seq < EXCLUDED.seq";
    private static final String INSERT_EVENT = "INSERT INTO alert_events (alert_id, seq, event, payload) "
            + "VALUES (?, ?, ?, ?::jsonb) ON CONFLICT (alert_id, seq) DO NOTHING";

    private final Database db;

    public AlertStore(Database db) {
        this.db = db;
    }

    /** Stores the events in one transaction; returns how many were new. */
    public int store(List<AlertEvent> events) {
        if (events.isEmpty()) return 0;
        return db.inTransaction(c -> {
            int added = 0;
            for (AlertEvent e : events) added += store(c, e);
            return added;
        });
    }

    private static int store(Connection c, AlertEvent e) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(UPSERT)) {
            int i = 0;
            s.setString(++i, e.id());
            s.setLong(++i, e.seq());
            s.setString(++i, e.event());
            s.setString(++i, e.rule());
            s.setString(++i, e.level());
            s.setString(++i, e.code());
            s.setString(++i, e.enterprise());
            s.setString(++i, e.city());
            s.setString(++i, e.tier());
            s.setString(++i, e.gateway());
            s.setString(++i, e.point());
            s.setString(++i, e.period());
            s.setString(++i, e.severity());
            s.setString(++i, e.colour());
            s.setString(++i, e.state());
            s.setObject(++i, e.firstSeen());
            s.setObject(++i, e.lastChanged());
            s.setString(++i, e.evidence() == null ? null : e.evidence().toString());
            s.setString(++i, e.messageZh());
            s.setString(++i, e.messageEn());
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement(INSERT_EVENT)) {
            s.setString(1, e.id());
            s.setLong(2, e.seq());
            s.setString(3, e.event());
            s.setString(4, e.payload().toString());
            int added = s.executeUpdate();
            Suppression.markAlert(c, e.id());
            return added;
        }
    }
}
