package dcmon.core.registry;

import java.io.Serializable;
import java.util.List;

/**
 * Dual-control targets of one enterprise (or region) for one year.
 *
 * @param totalCap the cap on total consumption, tce, with its incentive level where it has one
 * @param co2Cap   cap on CO₂ emissions, t; null when the year has none
 */
public record YearTarget(
        int year, Level totalCap, Level co2Cap, List<IntensityTarget> intensity, List<Co2IntensityTarget> co2Intensity)
        implements Serializable {
    public YearTarget {
        intensity = List.copyOf(intensity);
        co2Intensity = List.copyOf(co2Intensity);
    }

    public YearTarget(int year, double totalCapTce, List<IntensityTarget> intensity) {
        this(year, Level.of(totalCapTce), null, intensity, List.of());
    }

    /** The basic cap on total consumption, tce: what progress and alerts compare with. */
    public double totalCapTce() {
        return totalCap.basic();
    }

    /** @return the explicit intensity target for the product, or null */
    public IntensityTarget intensity(String product) {
        for (IntensityTarget t : intensity) if (t.product().equals(product)) return t;
        return null;
    }

    /** @return the explicit carbon intensity target for the product, or null */
    public Co2IntensityTarget co2Intensity(String product) {
        for (Co2IntensityTarget t : co2Intensity) if (t.product().equals(product)) return t;
        return null;
    }
}
