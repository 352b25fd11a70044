package dcmon.core.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * One sample of an MQTT broker's store, as a bridge read it from Mosquitto's {@code $SYS} topics and sends it to
 * {@code dcmon.broker.status} (schema {@value #SCHEMA}, keyed by the broker's name).
 *
 * <p>Mosquitto counts in its store every message it holds: those queued for a client that is away or slow, those in
 * flight to a client and not yet acknowledged, and the retained ones (its own {@code $SYS} topics and the gateways'
 * status). The backlog is the store without the retained messages: what the broker holds in memory on the way to
 * the bridges. A message queued for a client and retained at once counts once in the store and so is not in the
 * backlog; that is at most one status message per gateway.
 *
 * @param broker           the broker's name (the bridges' {@code --broker-name})
 * @param bridge           the client id of the bridge that took the sample
 * @param at               when the bridge took it, epoch milliseconds
 * @param storedMessages   {@code $SYS/broker/store/messages/count}
 * @param retainedMessages {@code $SYS/broker/retained messages/count}
 * @param storedBytes      {@code $SYS/broker/store/messages/bytes}: payload bytes of the whole store, retained
 *                         messages included (Mosquitto publishes no byte count of those alone)
 */
public record BrokerSample(
        String broker, String bridge, long at, long storedMessages, long retainedMessages, long storedBytes) {

    public static final String SCHEMA = "dcmon.broker/1";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Messages held beyond the retained ones; never negative (the two counts are published one after the other). */
    public long backlogMessages() {
        return Math.max(0, storedMessages - retainedMessages);
    }

    /** The record's JSON: schema, broker, bridge, at, stored_messages, retained_messages, backlog_messages, stored_bytes. */
    public byte[] toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("schema", SCHEMA);
        n.put("broker", broker);
        n.put("bridge", bridge);
        n.put("at", at);
        n.put("stored_messages", storedMessages);
        n.put("retained_messages", retainedMessages);
        n.put("backlog_messages", backlogMessages());
        n.put("stored_bytes", storedBytes);
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a record's JSON; null when it is not a {@value #SCHEMA} object with a broker name, a time and the three
     * counts as non-negative integers (a foreign producer; the job counts and skips it).
     */
    public static BrokerSample parse(byte[] json) {
        if (json == null || json.length == 0) return null;
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (Exception e) { // not JSON, or not UTF-8
            return null;
        }
        if (n == null || !n.isObject() || !SCHEMA.equals(n.path("schema").asText(null))) return null;
        String broker = n.path("broker").isTextual() ? n.path("broker").asText() : null;
        if (broker == null || !validName(broker)) return null;
        String bridge = n.path("bridge").isTextual() ? n.path("bridge").asText() : "";
        long at = count(n, "at");
        long stored = count(n, "stored_messages");
        long retained = count(n, "retained_messages");
        long bytes = count(n, "stored_bytes");
        if (at < 0 || stored < 0 || retained < 0 || bytes < 0) return null;
        return new BrokerSample(broker, bridge, at, stored, retained, bytes);
    }

    /**
     * Whether a name may name a broker: it becomes an InfluxDB tag and part of alert ids, so letters, digits and
     * {@code . _ : -}, 1 to 64 characters.
     */
    public static boolean validName(String name) {
        return name != null && name.matches("[A-Za-z0-9._:-]{1,64}");
    }

    /**
     * A {@code $SYS} value as Mosquitto publishes it (decimal ASCII); -1 when it is not a non-negative integer.
     */
    public static long sysValue(byte[] payload) {
        if (payload == null || payload.length == 0 || payload.length > 19) return -1;
        long v = 0;
        for (byte b : payload) {
            if (b < '0' || b > '9') return -1;
            v = v * 10 + (b - '0');
        }
        return v;
    }

    private static long count(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isIntegralNumber() && v.canConvertToLong() ? v.asLong() : -1;
    }
}
