package dcmon.core.convert;

/**
 * A footprint filled in place: the per-reading path's counterpart of {@link Footprint}. Converting every bucket
 * share and every point row into a new record was a measurable share of the job's allocation, since the
 * conversion is too large for the JIT to inline and scalar-replace.
 */
public final class FootprintBuffer {
    public double tce;
    public double tceEqualValue;
    public double tcePolicy;
    public double tco2;

    void set(double tce, double tceEqualValue, double tcePolicy, double tco2) {
        this.tce = tce;
        this.tceEqualValue = tceEqualValue;
        this.tcePolicy = tcePolicy;
        this.tco2 = tco2;
    }

    public Footprint toFootprint() {
        return new Footprint(tce, tceEqualValue, tcePolicy, tco2);
    }
}
