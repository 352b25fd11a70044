package dcmon.console.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcmon.core.Topics;
import dcmon.core.alert.AlertLifecycle;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The console's outbox: a message for Kafka written in the same transaction as the change it reports, so that it
 * exists exactly when the change committed. {@link OutboxPublisher} sends it afterwards.
 */
public final class Outbox {
    public static final String REVIEW_SCHEMA = "dcmon.alert-review/1";
    public static final String MAINTENANCE_SCHEMA = "dcmon.maintenance/1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Outbox() {}

    /** A review action: {@code dcmon.alert-review/1}, keyed by alert id; {@code status} is the one after it. */
    public static void review(
            Connection c,
            long reviewId,
            String alertId,
            String action,
            String status,
            String actor,
            String comment,
            Instant at)
            throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", REVIEW_SCHEMA);
        m.put("id", reviewId);
        m.put("alert_id", alertId);
        m.put("action", action);
        m.put("status", status);
        m.put("actor", actor);
        m.put("comment", comment);
        m.put("at", AlertLifecycle.time(at.toEpochMilli()));
        add(c, Topics.ALERT_REVIEWS, alertId, m);
    }

    /** The state of a 报备 window after an entry or a cancellation: {@code dcmon.maintenance/1}, keyed by its id. */
    public static void window(
            Connection c,
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
            String cancelReason)
            throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", MAINTENANCE_SCHEMA);
        m.put("id", id);
        m.put("enterprise", enterprise);
        m.put("city", city);
        m.put("gateway", gateway);
        m.put("starts", time(starts));
        m.put("ends", time(ends));
        m.put("reason", reason);
        m.put("created_by", createdBy);
        m.put("created_at", time(createdAt));
        m.put("cancelled_by", cancelledBy);
        m.put("cancelled_at", time(cancelledAt));
        m.put("cancel_reason", cancelReason);
        add(c, Topics.MAINTENANCE, String.valueOf(id), m);
    }

    private static String time(Instant t) {
        return t == null ? null : AlertLifecycle.time(t.toEpochMilli());
    }

    private static void add(Connection c, String topic, String key, Map<String, Object> message) throws SQLException {
        String payload;
        try {
            payload = JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO outbox (topic, key, payload) VALUES (?, ?, ?)")) {
            s.setString(1, topic);
            s.setString(2, key);
            s.setString(3, payload);
            s.executeUpdate();
        }
    }
}
