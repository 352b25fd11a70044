package dcmon.core.alert;

/** How a rule's value is compared with its thresholds: above ({@code ge}, {@code gt}) or below them. */
public enum Compare {
    GE("ge"),
    GT("gt"),
    LE("le"),
    LT("lt");

    private final String code;

    Compare(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** True when larger values are worse. */
    public boolean upward() {
        return this == GE || this == GT;
    }

    public boolean passes(double value, double threshold) {
        return switch (this) {
            case GE -> value >= threshold;
            case GT -> value > threshold;
            case LE -> value <= threshold;
            case LT -> value < threshold;
        };
    }

    public static Compare ofCode(String code) {
        for (Compare c : values()) if (c.code.equals(code)) return c;
        return null;
    }
}
