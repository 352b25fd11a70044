package dcmon.core.convert;

import java.io.Serializable;

/**
 * What an amount of energy adds to an enterprise's totals.
 *
 * @param tce           GB/T 2589 comprehensive consumption, electricity at 当量值 (tce)
 * @param tceEqualValue the same with electricity at that year's 等价值 (tce)
 * @param tcePolicy     the 当量值 total less feedstock and certified renewable electricity (tce)
 * @param tco2          CO₂ (t)
 */
public record Footprint(double tce, double tceEqualValue, double tcePolicy, double tco2) implements Serializable {
    public static final Footprint ZERO = new Footprint(0, 0, 0, 0);

    public Footprint plus(Footprint o) {
        return new Footprint(tce + o.tce, tceEqualValue + o.tceEqualValue, tcePolicy + o.tcePolicy, tco2 + o.tco2);
    }

    public Footprint times(double k) {
        return new Footprint(tce * k, tceEqualValue * k, tcePolicy * k, tco2 * k);
    }
}
