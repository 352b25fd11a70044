package dcmon.core.registry;

/** What a measurement point measures, and so how it enters the totals. */
public enum Role {
    /** energy consumed by the unit: counts in every total */
    INPUT("input"),
    /** energy delivered to other units: deducted (GB/T 2589) */
    OUTPUT("output"),
    /** energy used as raw material: counts in the GB/T 2589 total, deducted from the policy total (发改环资〔2022〕803号) */
    FEEDSTOCK("feedstock"),
    /** production counter of a product: the intensity denominator */
    PRODUCT("product"),
    /** workload denominator for non-industrial units (freight, passengers, revenue, output value) */
    WORKLOAD("workload");

    private final String code;

    Role(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** True for roles that carry an energy type and convert to tce. */
    public boolean isEnergy() {
        return this == INPUT || this == OUTPUT || this == FEEDSTOCK;
    }

    public static Role ofCode(String code) {
        for (Role r : values()) if (r.code.equals(code)) return r;
        return null;
    }
}
