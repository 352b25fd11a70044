package dcmon.core.registry;

import java.io.Serializable;
import java.util.List;

/**
 * Dual-control targets of one enterprise (or region) for one year.
 *
 * @param totalCapTce basic cap on total consumption, tce
 * @param totalCap    the cap with its incentive level
 * @param co2Cap      cap on CO₂ emissions, t; null when the year has none
 */
public record YearTarget(
        int year,
        double totalCapTce,
        Level totalCap,
        Level co2Cap,
        List<IntensityTarget> intensity,
        List<Co2IntensityTarget> co2Intensity)
        implements Serializable {
    public YearTarget {
        if (totalCap == null) totalCap = Level.of(totalCapTce);
        intensity = List.copyOf(intensity);
        co2Intensity = List.copyOf(co2Intensity);
    }

    public YearTarget(int year, double totalCapTce, List<IntensityTarget> intensity) {
        this(year, totalCapTce, Level.of(totalCapTce), null, intensity, List.of());
    }

    public YearTarget(
            int year,
            Level totalCap,
            Level co2Cap,
            List<IntensityTarget> intensity,
            List<Co2IntensityTarget> co2Intensity) {
        this(year, totalCap.basic(), totalCap, co2Cap, intensity, co2Intensity);
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
