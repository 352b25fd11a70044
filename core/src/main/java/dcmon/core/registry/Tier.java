package dcmon.core.registry;

/** Hubei 百千万 tiers (鄂发改环资〔2017〕555号). */
public enum Tier {
    HUNDRED("hundred", "百家"),
    THOUSAND("thousand", "千家"),
    TEN_THOUSAND("ten-thousand", "万家");

    /** 百家: 2015 consumption at or above 3,000,000 tce. */
    public static final double HUNDRED_MIN_TCE = 3_000_000;
    /** 千家: at or above 500,000 tce. */
    public static final double THOUSAND_MIN_TCE = 500_000;

    private final String code;
    private final String labelZh;

    Tier(String code, String labelZh) {
        this.code = code;
        this.labelZh = labelZh;
    }

    public String code() {
        return code;
    }

    public String labelZh() {
        return labelZh;
    }

    /** The tier a unit falls into by its baseline-year comprehensive consumption. */
    public static Tier fromBaseline(double consumptionTce) {
        if (consumptionTce >= HUNDRED_MIN_TCE) return HUNDRED;
        if (consumptionTce >= THOUSAND_MIN_TCE) return THOUSAND;
        return TEN_THOUSAND;
    }

    /** @return the tier with this config code, or null */
    public static Tier ofCode(String code) {
        for (Tier t : values()) if (t.code.equals(code)) return t;
        return null;
    }
}
