package dcmon.core.registry;

/** What a declared product is: a physical product, or a workload denominator (tkm, revenue, output value). */
public enum ProductKind {
    PRODUCT("product"),
    WORKLOAD("workload");

    private final String code;

    ProductKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static ProductKind ofCode(String code) {
        for (ProductKind k : values()) if (k.code.equals(code)) return k;
        return null;
    }
}
