package dcmon.core.registry;

import java.io.Serializable;

/**
 * Unit-product comprehensive consumption target for one product, kgce per product unit.
 *
 * @param incentiveKgcePerUnit the incentive level, or null
 */
public record IntensityTarget(String product, double kgcePerUnit, Double incentiveKgcePerUnit) implements Serializable {
    public IntensityTarget(String product, double kgcePerUnit) {
        this(product, kgcePerUnit, null);
    }
}
