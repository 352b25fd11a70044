package dcmon.core.targets;

/** Which total counts against the cap in a year; both are always reported. */
public enum CapBasis {
    /** the GB/T 2589 comprehensive consumption (当量值), feedstock included */
    GBT2589("gbt2589"),
    /** the policy total: feedstock (原料用能) and green-certificate renewable electricity deducted */
    POLICY("policy");

    private final String code;

    CapBasis(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static CapBasis ofCode(String code) {
        for (CapBasis b : values()) if (b.code.equals(code)) return b;
        return null;
    }
}
