package dcmon.console.maintenance;

import dcmon.console.alerts.Suppression;
import dcmon.console.auth.Scope;
import dcmon.console.db.Database;
import dcmon.console.outbox.Outbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The 报备 register: planned outages and meter maintenance of units. A window is entered once and may be cancelled
 * once; nothing is ever deleted. Entering or cancelling a window re-marks the unit's alerts in the same transaction.
 */
public final class MaintenanceWindows {
    public static final int MAX_REASON = 500;

    private static final String COLUMNS = "id, enterprise, city, gateway, starts, ends, reason, created_by, "
            + "created_at, cancelled_by, cancelled_at, cancel_reason";

    private final Database db;

    public MaintenanceWindows(Database db) {
        this.db = db;
    }

    /** A stored window; the cancel fields are null while it is open. */
    public record Window(
            long id,
            String enterprise,
            String city,
            String gateway,
            Instant starts,
            Instant ends,
            String reason,
            String createdBy,
            Instant createdAt,
            String cancelledBy,
            Instant cancelledAt,
            String cancelReason,
            long suppressed) {
        public boolean open() {
            return cancelledAt == null;
        }
    }

    /** A window to enter: already validated by the caller. */
    public record NewWindow(
            String enterprise, String city, String gateway, Instant starts, Instant ends, String reason) {}

    /** Stores the window and marks the unit's matching alerts; returns it. */
    public Window add(String actor, NewWindow w) {
        return db.inTransaction(c -> {
            long id;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO maintenance_windows (enterprise, city, "
                    + "gateway, starts, ends, reason, created_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
                s.setString(1, w.enterprise());
                s.setString(2, w.city());
                s.setString(3, w.gateway());
                s.setTimestamp(4, Timestamp.from(w.starts()));
                s.setTimestamp(5, Timestamp.from(w.ends()));
                s.setString(6, w.reason());
                s.setString(7, actor);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            Suppression.markEnterprise(c, w.enterprise());
            Window stored = find(c, id).orElseThrow();
            publish(c, stored);
            return stored;
        });
    }

    /** Cancels an open window in scope; empty when there is none (out of scope, unknown). */
    public Optional<Window> cancel(Scope scope, long id, String actor, String reason) {
        return db.inTransaction(c -> {
            String enterprise;
            try (PreparedStatement s = c.prepareStatement("UPDATE maintenance_windows SET cancelled_by = ?, "
                    + "cancelled_at = now(), cancel_reason = ? WHERE id = ? AND cancelled_at IS NULL AND ("
                    + scope.condition() + ") RETURNING enterprise")) {
                int i = 0;
                s.setString(++i, actor);
                s.setString(++i, reason);
                s.setLong(++i, id);
                for (String p : scope.parameters()) s.setString(++i, p);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) return Optional.<Window>empty();
                    enterprise = rs.getString(1);
                }
            }
            Suppression.markEnterprise(c, enterprise);
            Optional<Window> stored = find(c, id);
            if (stored.isPresent()) publish(c, stored.get());
            return stored;
        });
    }

    /** The window's state for the exports, sent to Kafka after the commit (the outbox). */
    private static void publish(Connection c, Window w) throws SQLException {
        Outbox.window(
                c,
                w.id(),
                w.enterprise(),
                w.city(),
                w.gateway(),
                w.starts(),
                w.ends(),
                w.reason(),
                w.createdBy(),
                w.createdAt(),
                w.cancelledBy(),
                w.cancelledAt(),
                w.cancelReason());
    }

    /** A window in scope, open or cancelled. */
    public Optional<Window> find(Scope scope, long id) {
        return db.withConnection(c -> {
            List<Window> found = select(c, " WHERE id = ? AND (" + scope.condition() + ")", id, scope.parameters());
            return found.stream().findFirst();
        });
    }

    /** The windows in scope, newest start first; {@code enterprise} narrows to one unit when not null. */
    public List<Window> list(Scope scope, String enterprise, boolean includeCancelled, int limit) {
        StringBuilder where = new StringBuilder(" WHERE (" + scope.condition() + ")");
        List<String> params = new ArrayList<>(scope.parameters());
        if (enterprise != null) {
            where.append(" AND enterprise = ?");
            params.add(enterprise);
        }
        if (!includeCancelled) where.append(" AND cancelled_at IS NULL");
        where.append(" ORDER BY starts DESC, id DESC LIMIT ").append(limit);
        return db.withConnection(c -> select(c, where.toString(), null, params));
    }

    private static Optional<Window> find(Connection c, long id) throws SQLException {
        return select(c, " WHERE id = ?", id, List.of()).stream().findFirst();
    }

    private static List<Window> select(Connection c, String where, Long id, List<String> params) throws SQLException {
        String sql = "SELECT " + COLUMNS + ", (SELECT count(*) FROM alerts a WHERE a.suppressed_by = w.id)"
                + " FROM maintenance_windows w" + where;
        List<Window> windows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 0;
            if (id != null) s.setLong(++i, id);
            for (String p : params) s.setString(++i, p);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) windows.add(window(rs));
            }
        }
        return windows;
    }

    private static Window window(ResultSet rs) throws SQLException {
        return new Window(
                rs.getLong("id"),
                rs.getString("enterprise"),
                rs.getString("city"),
                rs.getString("gateway"),
                instant(rs, "starts"),
                instant(rs, "ends"),
                rs.getString("reason"),
                rs.getString("created_by"),
                instant(rs, "created_at"),
                rs.getString("cancelled_by"),
                instant(rs, "cancelled_at"),
                rs.getString("cancel_reason"),
                rs.getLong(13));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
