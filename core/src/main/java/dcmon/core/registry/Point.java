package dcmon.core.registry;

import java.io.Serializable;

/**
 * A registered measurement point of one enterprise.
 *
 * @param id             point id, unique within its enterprise (may be a platform data-item code)
 * @param gateway        id of the gateway that reports it
 * @param energy         key of the reference energy table; null for product and workload points
 * @param grade          variant of the energy row (steam pressure class such as "3.5MPa"); null if none
 * @param unit           unit of the reported values (must match the energy row's unit for energy points)
 * @param kind           cumulative register or interval amount
 * @param rollover       value at which a cumulative register wraps; 0 when it never wraps
 * @param role           how the point enters the totals
 * @param product        product id for PRODUCT points; workload name for WORKLOAD points; else null
 * @param maxRatePerHour plausibility bound, in unit per hour
 * @param periodMinutes  length of an interval point's period (default 15); ignored for cumulative points
 * @param renewable      electricity backed by green certificates: deducted from the policy total
 * @param kgcePerUnit    measured calorific value overriding the reference coefficient; null to use the table
 */
public record Point(
        String id,
        String gateway,
        String energy,
        String grade,
        String unit,
        PointKind kind,
        double rollover,
        Role role,
        String product,
        double maxRatePerHour,
        int periodMinutes,
        boolean renewable,
        Double kgcePerUnit)
        implements Serializable {

    public static final int DEFAULT_PERIOD_MINUTES = 15;

    /**
     * Energy keys, grades, units and products come from small vocabularies but are read per point from
     * registry files: interned, a million points share a few dozen strings, which stay in the CPU cache
     * with their hashes computed, where each conversion looks them up in the reference tables.
     */
    public Point {
        energy = intern(energy);
        grade = intern(grade);
        unit = intern(unit);
        product = intern(product);
    }

    private static String intern(String s) {
        return s == null ? null : s.intern();
    }

    public long periodMillis() {
        return periodMinutes * 60_000L;
    }
}
