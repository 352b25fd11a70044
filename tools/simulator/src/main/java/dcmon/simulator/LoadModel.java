package dcmon.simulator;

import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.convert.EnergyConversion;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Point;
import dcmon.core.registry.Product;
import dcmon.core.registry.Role;
import java.time.DayOfWeek;
import java.time.ZonedDateTime;

/**
 * Realistic, deterministic consumption and production rates.
 *
 * <p>A point's typical hourly rate comes from its enterprise's baseline: annual tce ÷ 8760 h, apportioned over
 * the energy points by a seeded weight and converted with the point's kgce coefficient; production counters
 * follow from the product's baseline unit consumption. The rate at an instant is the typical rate times an
 * industry load shape (Shanghai local time) and a little seeded noise, capped at {@value #CAP_SHARE} of the
 * point's plausible maximum so that clean data is never a suspect step.
 */
public final class LoadModel {
    /** Share of maxRatePerHour never exceeded by generated data. */
    public static final double CAP_SHARE = 0.8;
    /** Exported energy as a share of gross consumption, for points with the output role. */
    static final double OUTPUT_SHARE = 0.2;
    /** Rate assumed for an enterprise without a baseline, tce per year. */
    static final double DEFAULT_ANNUAL_TCE = 10_000;

    private final long seed;
    private final EnergyConversion conversion;

    public LoadModel(long seed, EnergyConversion conversion) {
        this.seed = seed;
        this.conversion = conversion;
    }

    /** Rate in the point's unit per hour at {@code ts}: typical × shape × noise, within [0, 80 % of max]. */
    public double ratePerHour(Enterprise e, Point p, long ts) {
        return ratePerHour(e, p, typicalRatePerHour(e, p), shape(e, ts), ts);
    }

    /** As {@link #ratePerHour(Enterprise, Point, long)} with the typical rate and the shape at ts already known. */
    double ratePerHour(Enterprise e, Point p, double typical, double shape, long ts) {
        double cap = cap(p);
        if (cap <= 0) return 0;
        double noise = noiseAmplitude(e.industry()) * (2 * unit(seed, e.code(), p.id(), ts) - 1);
        double rate = typical * shape * (1 + noise);
        return Math.max(0, Math.min(rate, cap));
    }

    /** Amount in the point's unit over {@code [start, start + millis)}, at the rate of {@code start}. */
    public double amount(Enterprise e, Point p, long start, long millis) {
        return ratePerHour(e, p, start) * millis / 3_600_000.0;
    }

    /** The highest rate generated for this point. */
    public static double cap(Point p) {
        return p.maxRatePerHour() > 0 ? CAP_SHARE * p.maxRatePerHour() : 0;
    }

    /**
     * Typical rate before shape, noise and cap, in the point's unit per hour. Energy points share the
     * enterprise's net hourly tce in proportion to their capacity in tce (maxRatePerHour × kgce, times a seeded
     * factor in [0.8, 1.2)), exported energy deducted; a registry whose maxima are about 4× the typical rates
     * thus gets about its typical rates back.
     */
    public double typicalRatePerHour(Enterprise e, Point p) {
        double netTcePerHour = annualTce(e) / 8760.0;
        Role role = p.role();
        if (role.isEnergy()) {
            double k = kgce(p);
            if (k <= 0) return 0.25 * Math.max(0, p.maxRatePerHour());
            double in = 0, out = 0;
            for (Point q : e.points()) {
                if (!q.role().isEnergy()) continue;
                double w = capacityTce(e, q);
                if (q.role() == Role.OUTPUT) out += w;
                else in += w;
            }
            double w = capacityTce(e, p);
            if (w <= 0 || in <= 0) return 0.25 * Math.max(0, p.maxRatePerHour());
            double scale;
            if (role == Role.OUTPUT) {
                scale = in - out > 0.1 * in ? netTcePerHour / (in - out) : OUTPUT_SHARE * netTcePerHour / out;
            } else {
                scale = in - out > 0.1 * in ? netTcePerHour / (in - out) : netTcePerHour / in;
            }
            return scale * w * 1000.0 / k;
        }
        // production and workload counters: the energy of an hour divided by the baseline unit consumption
        long counters = e.points().stream()
                .filter(q ->
                        q.role() == role && q.product() != null && q.product().equals(p.product()))
                .count();
        long kinds = e.points().stream()
                .filter(q -> q.role() == Role.PRODUCT || q.role() == Role.WORKLOAD)
                .map(Point::product)
                .distinct()
                .count();
        Product product = e.products().stream()
                .filter(x -> x.id().equals(p.product()))
                .findFirst()
                .orElse(null);
        if (product == null || product.baselineKgcePerUnit() <= 0) return 0.25 * Math.max(0, p.maxRatePerHour());
        double units = netTcePerHour * 1000.0 / product.baselineKgcePerUnit() / Math.max(1, kinds);
        return units / Math.max(1, counters);
    }

    /** A point's capacity in tce per hour, times a seeded factor in [0.8, 1.2); 0 when it cannot be converted. */
    double capacityTce(Enterprise e, Point p) {
        double k = kgce(p);
        if (k <= 0 || p.maxRatePerHour() <= 0) return 0;
        return p.maxRatePerHour() * k / 1000.0 * (0.8 + 0.4 * unit(seed, e.code(), p.id(), -1L));
    }

    private double kgce(Point p) {
        try {
            return conversion.kgcePerUnit(p);
        } catch (RuntimeException unknownEnergy) {
            return 0;
        }
    }

    private static double annualTce(Enterprise e) {
        return e.baseline() != null && e.baseline().consumptionTce() > 0
                ? e.baseline().consumptionTce()
                : DEFAULT_ANNUAL_TCE;
    }

    /** Load shape of the enterprise's industry at {@code ts}; averages roughly 1 over a year. */
    public double shape(Enterprise e, long ts) {
        String industry = e.industry() == null ? "" : e.industry();
        ZonedDateTime t = ShanghaiCalendar.zoned(ts);
        int hour = t.getHour();
        boolean weekend = t.getDayOfWeek() == DayOfWeek.SATURDAY || t.getDayOfWeek() == DayOfWeek.SUNDAY;
        if (industry.startsWith("D")) {
            // power and heat supply: flat base with a morning and an evening peak
            return (hour >= 9 && hour < 12) || (hour >= 18 && hour < 22) ? 1.2 : 0.85;
        }
        if (industry.startsWith("C31") || industry.startsWith("C30") || industry.startsWith("C32")) {
            // metals and minerals run continuously, except one maintenance day a month
            int maintenanceDay = 1 + (int) (unit(seed, e.code(), "maintenance", 0) * 28);
            return t.getDayOfMonth() == maintenanceDay ? 0.3 : 1.0;
        }
        if (industry.startsWith("C22") || industry.startsWith("C25") || industry.startsWith("C26")) {
            return 1.0; // paper, refining, chemicals: continuous
        }
        if (industry.startsWith("C")) {
            // other manufacturing: two shifts on weekdays, low at night and at weekends
            if (weekend) return 0.35;
            return hour >= 8 ? 1.3 : 0.4;
        }
        if (industry.startsWith("G")) {
            return hour >= 6 && hour < 22 ? 1.3 : 0.4; // logistics and transport: daytime
        }
        if (industry.startsWith("Q")) {
            return hour >= 8 && hour < 18 ? 1.4 : 0.7; // hospitals: daytime peak, never off
        }
        if (industry.startsWith("P")) {
            // schools: weekday daytime, low in the summer and winter vacations
            int month = t.getMonthValue();
            int day = t.getDayOfMonth();
            boolean vacation =
                    (month == 7 && day >= 15) || month == 8 || (month == 1 && day >= 20) || (month == 2 && day <= 20);
            double base = !weekend && hour >= 7 && hour < 18 ? 1.6 : 0.3;
            return vacation ? base * 0.3 : base;
        }
        return 1.0;
    }

    private static double noiseAmplitude(String industry) {
        if (industry == null) return 0.05;
        if (industry.startsWith("C31") || industry.startsWith("C30") || industry.startsWith("C32")) return 0.03;
        if (industry.startsWith("C22") || industry.startsWith("C25") || industry.startsWith("C26")) return 0.02;
        return 0.05;
    }

    /** A seeded uniform number in [0, 1) for (enterprise, name, ts); stable across JVMs. */
    static double unit(long seed, String enterprise, String name, long ts) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ enterprise.hashCode());
        h = mix(h ^ name.hashCode());
        h = mix(h ^ ts);
        return (h >>> 11) * 0x1.0p-53;
    }

    /** SplitMix64 finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
