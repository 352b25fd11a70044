package dcmon.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Alert records as the monitoring job writes them to {@code dcmon.alerts}, for tests. */
public final class Alerts {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Alerts() {}

    public static String id(int n) {
        return String.format("%032x", n);
    }

    public static ObjectNode event(String id, long seq, String event, String city, String enterprise) {
        ObjectNode node = JSON.createObjectNode();
        node.put("schema", "dcmon.alert/1")
                .put("id", id)
                .put("seq", seq)
                .put("event", event)
                .put("rule", "total.pace");
        ObjectNode subject = node.putObject("subject");
        subject.put("level", enterprise == null ? "city" : "enterprise")
                .put("code", enterprise == null ? city : enterprise)
                .put("enterprise", enterprise)
                .put("city", city)
                .put("tier", "thousand")
                .putNull("gateway")
                .putNull("point");
        node.put("period", "2026-11")
                .put("severity", event.equals("cleared") ? "info" : "warning")
                .put("colour", event.equals("cleared") ? "green" : "yellow")
                .put("state", event.equals("cleared") ? "cleared" : "active")
                .put("first_seen", "2026-11-24T10:15:00+08:00")
                .put("last_changed", "2026-11-24T1" + Math.min(seq, 9) + ":15:00+08:00");
        node.putObject("evidence")
                .put("value", 12.5 + seq)
                .put("threshold", 10.0)
                .put("unit", "pp");
        node.put("message_zh", "用能进度超出序时进度").put("message_en", "energy use ahead of pace");
        return node;
    }
}
