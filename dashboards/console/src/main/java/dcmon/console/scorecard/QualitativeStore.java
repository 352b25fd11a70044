package dcmon.console.scorecard;

import dcmon.console.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The qualitative points in PostgreSQL: the current points per unit and year, and the append-only trail of every
 * change. A change and its publication happen in one transaction: when publishing fails, nothing is stored.
 */
public final class QualitativeStore {
    public static final int MAX_COMMENT = 500;

    private final Database db;

    public QualitativeStore(Database db) {
        this.db = db;
    }

    /** A unit's current points. */
    public record Points(int year, String enterprise, double points, String comment, String updatedBy, Instant at) {}

    /** One change: {@code oldPoints} or {@code newPoints} null for an entry or a removal. */
    public record Change(
            long id,
            int year,
            String enterprise,
            Double oldPoints,
            Double newPoints,
            String comment,
            String actor,
            Instant at) {}

    /** What is done after the change is written and before it is committed; throwing rolls it back. */
    @FunctionalInterface
    public interface Publish {
        /** @param points the points now, null when removed */
        void publish(int year, String enterprise, Double points, String actor, Instant at);
    }

    public List<Points> list(int year) {
        return db.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT year, enterprise, points, comment, updated_by, updated_at FROM qualitative_points"
                            + " WHERE year = ? ORDER BY enterprise")) {
                s.setInt(1, year);
                List<Points> out = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) out.add(points(rs));
                }
                return out;
            }
        });
    }

    public List<Change> changes(int year, String enterprise) {
        return db.withConnection(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT id, year, enterprise, old_points, new_points, comment, actor, at"
                            + " FROM qualitative_point_changes WHERE year = ? AND enterprise = ? ORDER BY id")) {
                s.setInt(1, year);
                s.setString(2, enterprise);
                List<Change> out = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Change(
                                rs.getLong(1),
                                rs.getInt(2),
                                rs.getString(3),
                                (Double) rs.getObject(4),
                                (Double) rs.getObject(5),
                                rs.getString(6),
                                rs.getString(7),
                                rs.getTimestamp(8).toInstant()));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Sets a unit's points (null removes them), records the change and publishes it before committing.
     *
     * @return the points now, empty when removed; empty too when there was nothing to remove ({@code removed} false)
     */
    public Result set(int year, String enterprise, Double points, String comment, String actor, Publish publish) {
        return db.inTransaction(c -> {
            Optional<Points> old = current(c, year, enterprise);
            if (points == null && old.isEmpty()) return new Result(Optional.empty(), false);
            Instant at = Instant.now();
            Points now = null;
            if (points == null) {
                try (PreparedStatement s =
                        c.prepareStatement("DELETE FROM qualitative_points WHERE year = ? AND enterprise = ?")) {
                    s.setInt(1, year);
                    s.setString(2, enterprise);
                    s.executeUpdate();
                }
            } else {
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO qualitative_points (year, enterprise, points, comment, updated_by, updated_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (year, enterprise) DO UPDATE SET"
                                + " points = EXCLUDED.points, comment = EXCLUDED.comment,"
                                + " updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at")) {
                    s.setInt(1, year);
                    s.setString(2, enterprise);
                    s.setDouble(3, points);
                    s.setString(4, comment);
                    s.setString(5, actor);
                    s.setTimestamp(6, java.sql.Timestamp.from(at));
                    s.executeUpdate();
                }
                now = new Points(year, enterprise, points, comment, actor, at);
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO qualitative_point_changes (year, enterprise, old_points, new_points, comment, actor, at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                s.setInt(1, year);
                s.setString(2, enterprise);
                if (old.isPresent()) s.setDouble(3, old.get().points());
                else s.setNull(3, Types.DOUBLE);
                if (points != null) s.setDouble(4, points);
                else s.setNull(4, Types.DOUBLE);
                s.setString(5, comment);
                s.setString(6, actor);
                s.setTimestamp(7, java.sql.Timestamp.from(at));
                s.executeUpdate();
            }
            publish.publish(year, enterprise, points, actor, at);
            return new Result(Optional.ofNullable(now), true);
        });
    }

    /** @param changed whether anything was written */
    public record Result(Optional<Points> points, boolean changed) {}

    private static Optional<Points> current(Connection c, int year, String enterprise) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT year, enterprise, points, comment, updated_by, updated_at FROM qualitative_points"
                        + " WHERE year = ? AND enterprise = ? FOR UPDATE")) {
            s.setInt(1, year);
            s.setString(2, enterprise);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(points(rs)) : Optional.empty();
            }
        }
    }

    private static Points points(ResultSet rs) throws SQLException {
        return new Points(
                rs.getInt(1),
                rs.getString(2),
                rs.getDouble(3),
                rs.getString(4),
                rs.getString(5),
                rs.getTimestamp(6).toInstant());
    }
}
