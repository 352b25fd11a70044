package dcmon.core.alert;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Alert severity, in increasing order: info &lt; watch &lt; warning &lt; breach. */
public enum Severity {
    INFO("info"),
    WATCH("watch"),
    WARNING("warning"),
    BREACH("breach");

    private final String code;

    Severity(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    @JsonCreator
    public static Severity ofCode(String code) {
        for (Severity s : values()) if (s.code.equals(code)) return s;
        return null;
    }
}
