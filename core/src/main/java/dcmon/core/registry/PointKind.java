package dcmon.core.registry;

/** How a point reports. */
public enum PointKind {
    /** a register value at instant ts; consecutive readings become deltas */
    CUMULATIVE("cumulative"),
    /** the amount for the period that starts at ts */
    INTERVAL("interval");

    private final String code;

    PointKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static PointKind ofCode(String code) {
        for (PointKind k : values()) if (k.code.equals(code)) return k;
        return null;
    }
}
