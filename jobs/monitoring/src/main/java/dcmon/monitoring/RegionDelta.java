package dcmon.monitoring;

import dcmon.core.usage.UsageKeys;
import dcmon.core.usage.UsageTotals;

/**
 * A change of one enterprise's totals for one period, addressed to one region roll-up.
 *
 * @see UsageKeys for how {@code periodKey} encodes period and start
 */
public final class RegionDelta {
    /** city | tier | province, or enterprise for the unit's own progress */
    public String level;
    /** division code, tier code, province code, or credit code */
    public String region;

    public long periodKey;
    public UsageTotals delta;

    public RegionDelta() {}

    public RegionDelta(String level, String region, long periodKey, UsageTotals delta) {
        this.level = level;
        this.region = region;
        this.periodKey = periodKey;
        this.delta = delta;
    }

    /** Key of the roll-up this delta belongs to. */
    public String rollupKey() {
        return level + "|" + region;
    }
}
