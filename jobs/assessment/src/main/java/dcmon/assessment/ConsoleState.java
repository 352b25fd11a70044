package dcmon.assessment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcmon.core.Topics;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the console published that the exports show: each alert's latest review action ({@code dcmon.alert-reviews})
 * and the 报备 windows ({@code dcmon.maintenance}), docs/design.md, *Kafka topics*.
 *
 * @param read    whether the topics were read at all (else review states and windows are left empty, not "none")
 * @param reviews per alert id, its review with the highest id
 * @param windows per window id, its latest state: cancelled over open
 */
public record ConsoleState(boolean read, Map<String, Review> reviews, Map<Long, Window> windows) {

    /** The topics not read. */
    public static final ConsoleState NONE = new ConsoleState(false, Map.of(), Map.of());

    private static final ObjectMapper JSON = new ObjectMapper();

    public ConsoleState {
        reviews = new TreeMap<>(reviews);
        windows = new TreeMap<>(windows);
    }

    /** An empty state of topics read. */
    public static ConsoleState empty() {
        return new ConsoleState(true, Map.of(), Map.of());
    }

    /**
     * @param status the alert's review status after the action: {@code new}, {@code acknowledged}, {@code resolved},
     *               {@code dismissed}
     * @param at     ISO-8601 with offset
     */
    public record Review(long id, String alertId, String action, String status, String actor, String at) {}

    /** A 报备 window; times in epoch milliseconds, {@code gateway} null for the whole unit. */
    public record Window(
            long id,
            String enterprise,
            String gateway,
            long starts,
            long ends,
            String reason,
            String createdBy,
            boolean cancelled) {}

    /** This state with one more record of {@code topic}; a repeated or older record changes nothing. */
    public ConsoleState with(String topic, byte[] value) throws IOException {
        JsonNode n = JSON.readTree(value);
        if (topic.equals(Topics.ALERT_REVIEWS)) {
            requireSchema(n, "dcmon.alert-review/1");
            Review r = new Review(
                    n.get("id").asLong(),
                    text(n, "alert_id"),
                    text(n, "action"),
                    text(n, "status"),
                    text(n, "actor"),
                    text(n, "at"));
            Review seen = reviews.get(r.alertId());
            if (seen != null && seen.id() >= r.id()) return this;
            Map<String, Review> next = new TreeMap<>(reviews);
            next.put(r.alertId(), r);
            return new ConsoleState(true, next, windows);
        }
        requireSchema(n, "dcmon.maintenance/1");
        Window w = new Window(
                n.get("id").asLong(),
                text(n, "enterprise"),
                text(n, "gateway"),
                millis(text(n, "starts")),
                millis(text(n, "ends")),
                text(n, "reason"),
                text(n, "created_by"),
                text(n, "cancelled_at") != null);
        Window seen = windows.get(w.id());
        if (seen != null && seen.cancelled()) return this;
        Map<Long, Window> next = new TreeMap<>(windows);
        next.put(w.id(), w);
        return new ConsoleState(true, reviews, next);
    }

    private static void requireSchema(JsonNode n, String schema) throws IOException {
        if (!schema.equals(text(n, "schema"))) throw new IOException("not " + schema);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static long millis(String iso) {
        return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
    }
}
