package dcmon.core.alert;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import dcmon.core.targets.Subject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One alert event, schema {@value #SCHEMA}: the contract with the console. Times are ISO 8601 with the
 * +08:00 offset; evidence holds at least {@code value}, {@code threshold}, {@code unit} and {@code period}.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({
    "schema",
    "id",
    "seq",
    "event",
    "rule",
    "subject",
    "period",
    "severity",
    "colour",
    "state",
    "first_seen",
    "last_changed",
    "evidence",
    "message_zh",
    "message_en"
})
public record AlertEvent(
        @JsonProperty("schema") String schema,
        @JsonProperty("id") String id,
        @JsonProperty("seq") int seq,
        @JsonProperty("event") Type event,
        @JsonProperty("rule") String rule,
        @JsonProperty("subject") Subject subject,
        @JsonProperty("period") String period,
        @JsonProperty("severity") Severity severity,
        @JsonProperty("colour") Colour colour,
        @JsonProperty("state") State state,
        @JsonProperty("first_seen") String firstSeen,
        @JsonProperty("last_changed") String lastChanged,
        @JsonProperty("evidence") Map<String, Object> evidence,
        @JsonProperty("message_zh") String messageZh,
        @JsonProperty("message_en") String messageEn) {

    public static final String SCHEMA = "dcmon.alert/1";

    @JsonCreator
    public AlertEvent {
        evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }

    /** What happened to the alert. */
    public enum Type {
        RAISED("raised"),
        UPDATED("updated"),
        CLEARED("cleared");

        private final String code;

        Type(String code) {
            this.code = code;
        }

        @JsonValue
        public String code() {
            return code;
        }

        @JsonCreator
        public static Type ofCode(String code) {
            for (Type t : values()) if (t.code.equals(code)) return t;
            return null;
        }
    }

    /** Whether the alert is active after the event. */
    public enum State {
        ACTIVE("active"),
        CLEARED("cleared");

        private final String code;

        State(String code) {
            this.code = code;
        }

        @JsonValue
        public String code() {
            return code;
        }

        @JsonCreator
        public static State ofCode(String code) {
            for (State s : values()) if (s.code.equals(code)) return s;
            return null;
        }
    }
}
