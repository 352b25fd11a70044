package dcmon.core.targets;

import dcmon.core.registry.YearTarget;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Region targets and per-year settings from {@code config/targets/}. Immutable.
 *
 * @param names   region name by key, for messages
 * @param targets explicit region targets by key
 * @param basis   cap basis by year; a year without one uses {@link CapBasis#GBT2589}
 */
public record RegionTargets(
        Map<RegionKey, String> names, Map<RegionKey, List<YearTarget>> targets, Map<Integer, CapBasis> basis)
        implements Serializable {
    public static final RegionTargets NONE = new RegionTargets(Map.of(), Map.of(), Map.of());

    public RegionTargets {
        names = Collections.unmodifiableMap(new LinkedHashMap<>(names));
        targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
        basis = Collections.unmodifiableMap(new LinkedHashMap<>(basis));
    }

    /** The total that counts against the cap in that year. */
    public CapBasis capBasis(int year) {
        return basis.getOrDefault(year, CapBasis.GBT2589);
    }

    /** @return the region's explicit target for the year, or null */
    public YearTarget explicit(RegionKey region, int year) {
        for (YearTarget t : targets.getOrDefault(region, List.of())) if (t.year() == year) return t;
        return null;
    }
}
