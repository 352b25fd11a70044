package dcmon.core.targets;

import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Level;
import dcmon.core.registry.Registry;
import dcmon.core.registry.YearTarget;
import java.util.List;

/** Region membership and the targets a region gets from its units when it has none of its own. */
public final class Regions {
    private Regions() {}

    /** Whether the enterprise belongs to the region (every enterprise belongs to the province). */
    public static boolean contains(RegionKey region, Enterprise e) {
        return switch (region.level()) {
            case PROVINCE -> true;
            case CITY -> region.code().equals(e.city());
            case TIER -> e.tier() != null && region.code().equals(e.tier().code());
            default -> false;
        };
    }

    /** The region's enterprises, in registry order. */
    public static List<Enterprise> members(Registry registry, RegionKey region) {
        return registry.enterprises().stream().filter(e -> contains(region, e)).toList();
    }

    /**
     * The region's target for the year: its own when config gives one, else derived from its units: the sum of
     * their caps (basic and, when every unit with a cap has one, incentive), the CO₂ cap likewise. A derived
     * target has no intensity targets. Null when neither the region nor any of its units has a cap that year.
     */
    public static YearTarget target(RegionTargets config, Registry registry, RegionKey region, int year) {
        YearTarget own = config.explicit(region, year);
        YearTarget units = derived(registry, region, year);
        if (own == null) return units;
        if (own.totalCapTce() > 0 || units == null) return own;
        // the region sets only carbon or intensity targets: its total cap is still its units' sum
        return new YearTarget(
                year,
                units.totalCap(),
                own.co2Cap() != null ? own.co2Cap() : units.co2Cap(),
                own.intensity(),
                own.co2Intensity());
    }

    /** The sum of the region's units' caps for the year, or null when none has a target. */
    public static YearTarget derived(Registry registry, RegionKey region, int year) {
        LevelSum total = new LevelSum();
        LevelSum co2 = new LevelSum();
        for (Enterprise e : members(registry, region)) {
            YearTarget t = e.target(year);
            if (t == null) continue;
            total.add(t.totalCap());
            co2.add(t.co2Cap());
        }
        if (total.count == 0) return null;
        return new YearTarget(year, total.level(), co2.level(), List.of(), List.of());
    }

    private static final class LevelSum {
        int count;
        double basic;
        double incentive;
        boolean allIncentive = true;

        void add(Level l) {
            if (l == null) return;
            count++;
            basic += l.basic();
            if (l.incentive() == null) allIncentive = false;
            else incentive += l.incentive();
        }

        Level level() {
            return count == 0 ? null : new Level(basic, allIncentive ? incentive : null);
        }
    }
}
