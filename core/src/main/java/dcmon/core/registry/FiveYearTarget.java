package dcmon.core.registry;

import java.io.Serializable;
import java.util.List;

/**
 * An enterprise's five-year (15th plan, to {@value #END_YEAR}) reduction of unit consumption, from which yearly
 * milestones are derived for years that give no explicit intensity target.
 *
 * <p>Rule (linear share): {@code milestone(y) = base × (1 − r × (y − baseYear) / (END_YEAR − baseYear))},
 * with y clamped to [baseYear, END_YEAR]; the same rule with {@code co2RequiredReduction} gives CO₂ milestones.
 *
 * @param requiredReduction    required fall of unit consumption by {@value #END_YEAR}, e.g. 0.135 for 13.5 %
 * @param co2RequiredReduction required fall of carbon intensity by {@value #END_YEAR}; null when none
 */
public record FiveYearTarget(
        int baseYear, double requiredReduction, Double co2RequiredReduction, List<FiveYearBase> bases)
        implements Serializable {
    public static final int END_YEAR = 2030;

    public FiveYearTarget {
        bases = List.copyOf(bases);
    }

    /** @return the base values of the product, or null */
    public FiveYearBase base(String product) {
        for (FiveYearBase b : bases) if (b.product().equals(product)) return b;
        return null;
    }

    /** Share of the five-year reduction due by {@code year}: (year − base) / (END_YEAR − base), within [0, 1]. */
    public double dueShare(int year) {
        double share = (double) (year - baseYear) / (END_YEAR - baseYear);
        return Math.max(0, Math.min(1, share));
    }

    /** The product's unit-consumption milestone for the year, kgce per unit; null when it has no base. */
    public Double kgceMilestone(String product, int year) {
        FiveYearBase b = base(product);
        return b == null ? null : milestone(b.kgcePerUnit(), requiredReduction, year);
    }

    /** The product's carbon-intensity milestone for the year, kgCO₂ per unit; null without base or reduction. */
    public Double kgco2Milestone(String product, int year) {
        FiveYearBase b = base(product);
        if (b == null || b.kgco2PerUnit() == null || co2RequiredReduction == null) return null;
        return milestone(b.kgco2PerUnit(), co2RequiredReduction, year);
    }

    private double milestone(double base, double reduction, int year) {
        return base * (1 - reduction * dueShare(year));
    }

    /**
     * Base-year values of one product.
     *
     * @param kgcePerUnit  unit consumption in the base year
     * @param kgco2PerUnit carbon intensity in the base year, or null
     */
    public record FiveYearBase(String product, double kgcePerUnit, Double kgco2PerUnit) implements Serializable {}
}
