package dcmon.core.registry;

import java.io.Serializable;

/** Unit-product comprehensive consumption target for one product, kgce per product unit. */
public record IntensityTarget(String product, double kgcePerUnit) implements Serializable {}
