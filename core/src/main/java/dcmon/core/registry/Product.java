package dcmon.core.registry;

import java.io.Serializable;

/**
 * A main product (or workload denominator) with its baseline unit consumption.
 *
 * @param baselineKgcePerUnit  baseline-year unit consumption, kgce per unit
 * @param kind                 product or workload (tkm, 10k-yuan of revenue or output value)
 * @param baselineKgco2PerUnit baseline-year carbon intensity, kgCO₂ per unit; null when not set
 */
public record Product(String id, String unit, double baselineKgcePerUnit, ProductKind kind, Double baselineKgco2PerUnit)
        implements Serializable {
    public Product(String id, String unit, double baselineKgcePerUnit) {
        this(id, unit, baselineKgcePerUnit, ProductKind.PRODUCT, null);
    }
}
