package dcmon.core.convert;

import dcmon.core.reference.EnergyType;
import dcmon.core.reference.ReferenceData;
import dcmon.core.registry.Point;
import java.io.Serializable;

/**
 * Converts a point's amount into tce and CO₂ (docs/design.md, *Conversion*).
 *
 * <ul>
 *   <li>input: counts in every total; electricity at 当量值 in {@code tce} and at the year's 等价值 in
 *       {@code tceEqualValue}; certified renewable electricity is left out of {@code tcePolicy} and carries no
 *       CO₂ (green certificates).</li>
 *   <li>feedstock: counts in the GB/T 2589 totals, not in the policy total (发改环资〔2022〕803号) and not in CO₂,
 *       since its carbon goes into the product rather than the air.</li>
 *   <li>output (energy delivered to others): deducted from every total with the same coefficients, which
 *       makes CO₂ a net-purchase figure.</li>
 *   <li>product and workload points carry no energy.</li>
 * </ul>
 */
public final class EnergyConversion implements Serializable {
    private final ReferenceData ref;

    public EnergyConversion(ReferenceData ref) {
        this.ref = ref;
    }

    public ReferenceData reference() {
        return ref;
    }

    /** kgce per unit of the point: its measured calorific value when given, else the reference table's. */
    public double kgcePerUnit(Point p) {
        return p.kgcePerUnit() != null ? p.kgcePerUnit() : ref.kgcePerUnit(p.energy(), p.grade());
    }

    /**
     * The footprint of {@code amount} of the point's energy itself, whatever its role: what a point-level
     * report shows (an output point's energy is positive here; it is deducted only in the unit's totals).
     */
    public Footprint gross(Point p, double amount, int year) {
        if (!p.role().isEnergy() || amount == 0) return Footprint.ZERO;
        FootprintBuffer f = new FootprintBuffer();
        gross(p, amount, year, f);
        return f.toFootprint();
    }

    /** {@link #gross(Point, double, int)} into {@code out}, without an object per call. */
    public void gross(Point p, double amount, int year, FootprintBuffer out) {
        if (!p.role().isEnergy() || amount == 0) {
            out.set(0, 0, 0, 0);
            return;
        }
        boolean electricity = ReferenceData.ELECTRICITY.equals(p.energy());
        double tce = amount * kgcePerUnit(p) / 1000.0;
        double tceEqual = electricity ? amount * ref.electricityEqualValueKgcePerKwh(year) / 1000.0 : tce;
        double tco2;
        if (electricity) {
            tco2 = p.renewable() ? 0 : amount * ref.gridKgCo2PerKwh(year) / 1000.0;
        } else {
            EnergyType e = ref.energy(p.energy());
            tco2 = amount * e.tco2PerUnit();
        }
        out.set(tce, tceEqual, p.renewable() ? 0 : tce, tco2);
    }

    /** What {@code amount} (in the point's unit) consumed during calendar year {@code year} adds to the unit's totals. */
    public Footprint convert(Point p, double amount, int year) {
        if (!p.role().isEnergy() || amount == 0) return Footprint.ZERO;
        FootprintBuffer f = new FootprintBuffer();
        convert(p, amount, year, f);
        return f.toFootprint();
    }

    /** {@link #convert(Point, double, int)} into {@code out}, without an object per call. */
    public void convert(Point p, double amount, int year, FootprintBuffer out) {
        gross(p, amount, year, out);
        switch (p.role()) {
            case INPUT -> {}
            case FEEDSTOCK -> out.set(out.tce, out.tceEqualValue, 0, 0);
            case OUTPUT -> out.set(-out.tce, -out.tceEqualValue, -out.tce, -out.tco2);
            default -> out.set(0, 0, 0, 0);
        }
    }
}
