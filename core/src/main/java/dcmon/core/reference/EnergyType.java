package dcmon.core.reference;

import java.io.Serializable;
import java.util.Map;

/**
 * One row of the energy reference table.
 *
 * @param key          energy key used by points (e.g. {@code electricity}, {@code raw-coal})
 * @param nameZh       Chinese name
 * @param unit         unit the coefficient applies to (kWh, kg, m3, MJ, t)
 * @param kgcePerUnit  GB/T 2589 conversion coefficient (for electricity: 当量值)
 * @param tco2PerUnit  direct CO₂ emission factor in tCO₂ per unit; electricity uses the grid factor per year instead
 * @param grades       coefficient per variant (steam pressure class); empty when the energy has none
 * @param source       where the numbers come from
 * @param verified     false for values not confirmed in a cited public source
 */
public record EnergyType(
        String key,
        String nameZh,
        String unit,
        double kgcePerUnit,
        double tco2PerUnit,
        Map<String, Double> grades,
        String source,
        boolean verified)
        implements Serializable {

    public EnergyType {
        grades = Map.copyOf(grades);
    }
}
