package dcmon.core.alert;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Barometer colour (晴雨表) shown for a severity. */
public enum Colour {
    GREEN("green"),
    YELLOW("yellow"),
    RED("red");

    private final String code;

    Colour(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    @JsonCreator
    public static Colour ofCode(String code) {
        for (Colour c : values()) if (c.code.equals(code)) return c;
        return null;
    }
}
