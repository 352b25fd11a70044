package dcmon.core.registry;

import java.io.Serializable;

/**
 * Carbon intensity target for one product, kgCO₂ per product unit.
 *
 * @param incentiveKgco2PerUnit the incentive level, or null
 */
public record Co2IntensityTarget(String product, double kgco2PerUnit, Double incentiveKgco2PerUnit)
        implements Serializable {}
