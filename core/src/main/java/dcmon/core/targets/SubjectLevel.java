package dcmon.core.targets;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a progress figure or an alert is about. */
public enum SubjectLevel {
    ENTERPRISE("enterprise"),
    CITY("city"),
    TIER("tier"),
    PROVINCE("province"),
    GATEWAY("gateway"),
    POINT("point"),
    /** An MQTT broker of the platform (its backlog), named by the bridges' {@code --broker-name}. */
    BROKER("broker");

    private final String code;

    SubjectLevel(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    /** True for the levels that aggregate enterprises and may carry region targets. */
    public boolean isRegion() {
        return this == CITY || this == TIER || this == PROVINCE;
    }

    @JsonCreator
    public static SubjectLevel ofCode(String code) {
        for (SubjectLevel l : values()) if (l.code.equals(code)) return l;
        return null;
    }
}
