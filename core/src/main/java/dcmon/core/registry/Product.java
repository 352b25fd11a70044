package dcmon.core.registry;

import java.io.Serializable;

/** A main product (or workload denominator) with its baseline unit consumption. */
public record Product(String id, String unit, double baselineKgcePerUnit) implements Serializable {}
