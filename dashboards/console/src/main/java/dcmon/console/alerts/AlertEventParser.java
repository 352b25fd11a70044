package dcmon.console.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.regex.Pattern;

/** Parses and validates alert records against the {@code dcmon.alert/1} contract. */
public final class AlertEventParser {
    public static final String SCHEMA = "dcmon.alert/1";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern PERIOD = Pattern.compile("\\d{4}(-\\d{2}(-\\d{2})?)?");
    private static final Set<String> EVENTS = Set.of("raised", "updated", "cleared");
    private static final Set<String> LEVELS =
            Set.of("enterprise", "city", "tier", "province", "gateway", "point", "broker");
    private static final Set<String> TIERS = Set.of("hundred", "thousand", "ten-thousand");
    private static final Set<String> SEVERITIES = Set.of("info", "watch", "warning", "breach");
    private static final Set<String> COLOURS = Set.of("green", "yellow", "red");
    private static final Set<String> STATES = Set.of("active", "cleared");
    private static final int MAX_TEXT = 2000;

    private AlertEventParser() {}

    /** A record that does not follow the contract. */
    public static final class MalformedAlertException extends Exception {
        MalformedAlertException(String message) {
            super(message);
        }
    }

    public static AlertEvent parse(String value) throws MalformedAlertException {
        if (value == null) throw new MalformedAlertException("empty record");
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw new MalformedAlertException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw new MalformedAlertException("not a JSON object");
        if (!SCHEMA.equals(root.path("schema").asText(null))) {
            throw new MalformedAlertException("schema is not " + SCHEMA);
        }
        String id = matching(root, "id", ID);
        JsonNode seqNode = root.get("seq");
        if (seqNode == null || !seqNode.canConvertToLong() || !seqNode.isIntegralNumber() || seqNode.asLong() < 1) {
            throw new MalformedAlertException("seq must be a positive integer");
        }
        JsonNode subject = root.get("subject");
        if (subject == null || !subject.isObject()) throw new MalformedAlertException("subject must be an object");
        String tier = optional(subject, "tier");
        if (tier != null && !TIERS.contains(tier)) throw new MalformedAlertException("subject.tier: " + tier);
        JsonNode evidence = root.get("evidence");
        if (evidence != null && !evidence.isObject() && !evidence.isNull()) {
            throw new MalformedAlertException("evidence must be an object");
        }
        return new AlertEvent(
                id,
                seqNode.asLong(),
                oneOf(root, "event", EVENTS),
                required(root, "rule"),
                oneOf(subject, "level", LEVELS),
                required(subject, "code"),
                optional(subject, "enterprise"),
                optional(subject, "city"),
                tier,
                optional(subject, "gateway"),
                optional(subject, "point"),
                matching(root, "period", PERIOD),
                oneOf(root, "severity", SEVERITIES),
                oneOf(root, "colour", COLOURS),
                oneOf(root, "state", STATES),
                time(root, "first_seen"),
                time(root, "last_changed"),
                evidence == null || evidence.isNull() ? null : evidence,
                optional(root, "message_zh"),
                optional(root, "message_en"),
                root);
    }

    private static String required(JsonNode node, String field) throws MalformedAlertException {
        String value = optional(node, field);
        if (value == null || value.isBlank()) throw new MalformedAlertException(field + " is missing");
        return value;
    }

    private static String optional(JsonNode node, String field) throws MalformedAlertException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) return null;
        if (!value.isTextual()) throw new MalformedAlertException(field + " must be a string");
        if (value.asText().length() > MAX_TEXT) throw new MalformedAlertException(field + " is too long");
        return value.asText();
    }

    private static String oneOf(JsonNode node, String field, Set<String> allowed) throws MalformedAlertException {
        String value = required(node, field);
        if (!allowed.contains(value)) throw new MalformedAlertException(field + " is not one of " + allowed);
        return value;
    }

    private static String matching(JsonNode node, String field, Pattern pattern) throws MalformedAlertException {
        String value = required(node, field);
        if (!pattern.matcher(value).matches()) throw new MalformedAlertException(field + " is malformed");
        return value;
    }

    private static OffsetDateTime time(JsonNode node, String field) throws MalformedAlertException {
        try {
            return OffsetDateTime.parse(required(node, field));
        } catch (DateTimeParseException e) {
            throw new MalformedAlertException(field + " is not an ISO-8601 time with offset");
        }
    }
}
