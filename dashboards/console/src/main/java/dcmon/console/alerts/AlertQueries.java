package dcmon.console.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dcmon.console.auth.Scope;
import dcmon.console.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads alerts within a scope, as JSON for the API. An alert outside the scope does not exist here. */
public final class AlertQueries {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, seq, event, rule, level, code, enterprise, city, tier, gateway, point, "
            + "period, severity, colour, state, first_seen, last_changed, evidence, message_zh, message_en, "
            + "review_status, reviewed_by, reviewed_at, suppressed_by";

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private final Database db;

    public AlertQueries(Database db) {
        this.db = db;
    }

    /** One page of the alerts in scope matching the filter, newest change first, with the total count. */
    public ObjectNode list(Scope scope, AlertFilter filter) {
        StringBuilder where = new StringBuilder(" WHERE (" + scope.condition() + ")");
        List<String> params = new ArrayList<>(scope.parameters());
        where.append(" AND ").append(filter.suppressed().condition());
        for (Map.Entry<String, String> e : filter.equal().entrySet()) {
            where.append(" AND ").append(e.getKey()).append(" = ?");
            params.add(e.getValue());
        }
        return db.withConnection(c -> {
            ObjectNode page = JSON.createObjectNode();
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM alerts" + where)) {
                bind(s, params);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    page.put("total", rs.getLong(1));
                }
            }
            page.put("limit", filter.limit()).put("offset", filter.offset());
            ArrayNode items = page.putArray("items");
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM alerts" + where
                    + " ORDER BY last_changed DESC, id LIMIT " + filter.limit() + " OFFSET " + filter.offset())) {
                bind(s, params);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) items.add(row(rs));
                }
            }
            return page;
        });
    }

    /** The alert with its events and reviews, if it exists and is in scope. */
    public Optional<ObjectNode> detail(Scope scope, String id) {
        return db.withConnection(c -> {
            Optional<ObjectNode> alert = find(c, scope, id);
            if (alert.isEmpty()) return alert;
            addSuppression(c, alert.get());
            ArrayNode events = alert.get().putArray("events");
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT seq, event, payload, received FROM alert_events WHERE alert_id = ? ORDER BY seq")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) events.add(row(rs));
                }
            }
            ArrayNode reviews = alert.get().putArray("reviews");
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, actor, action, comment, at FROM reviews WHERE alert_id = ? ORDER BY id")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) reviews.add(row(rs));
                }
            }
            return alert;
        });
    }

    /** {@code suppression}: the window that suppresses the alert (its id, unit, gateway, times, reason), or null. */
    private static void addSuppression(Connection c, ObjectNode alert) throws SQLException {
        JsonNode windowId = alert.get("suppressed_by");
        if (windowId == null || windowId.isNull()) {
            alert.putNull("suppression");
            return;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT id, enterprise, gateway, starts, ends, reason, "
                + "created_by FROM maintenance_windows WHERE id = ?")) {
            s.setLong(1, windowId.asLong());
            try (ResultSet rs = s.executeQuery()) {
                alert.set("suppression", rs.next() ? row(rs) : null);
            }
        }
    }

    static Optional<ObjectNode> find(Connection c, Scope scope, String id) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT " + COLUMNS + " FROM alerts WHERE id = ? AND (" + scope.condition() + ")")) {
            List<String> params = new ArrayList<>();
            params.add(id);
            params.addAll(scope.parameters());
            bind(s, params);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static void bind(PreparedStatement s, List<String> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) s.setString(i + 1, params.get(i));
    }

    private static ObjectNode row(ResultSet rs) throws SQLException {
        ObjectNode node = JSON.createObjectNode();
        ResultSetMetaData meta = rs.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            String name = meta.getColumnLabel(i);
            if (rs.getObject(i) == null) {
                node.putNull(name);
                continue;
            }
            switch (meta.getColumnType(i)) {
                case Types.BIGINT, Types.INTEGER -> node.put(name, rs.getLong(i));
                case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
                    node.put(name, shanghai(rs.getTimestamp(i)));
                }
                default -> {
                    String type = meta.getColumnTypeName(i);
                    if ("jsonb".equals(type) || "json".equals(type)) {
                        node.set(name, parse(rs.getString(i)));
                    } else {
                        node.put(name, rs.getString(i));
                    }
                }
            }
        }
        return node;
    }

    /** A stored time as people in the province read it: ISO 8601 at +08:00, like the 报备 register's. */
    static String shanghai(Timestamp t) {
        return OffsetDateTime.ofInstant(t.toInstant(), SHANGHAI).toString();
    }

    private static JsonNode parse(String json) throws SQLException {
        try {
            return JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("stored JSON is unreadable", e);
        }
    }
}
