package dcmon.monitoring;

import dcmon.core.series.PointSeries;
import dcmon.core.usage.UsageTotals;

/**
 * What is kept per enterprise, for the key the caller has set.
 *
 * @param series         point id → its series, the recent part (all of it until the first daily split)
 * @param olderSeries    point id → the older part of its series, split off once a day
 * @param totals         period key ({@link dcmon.core.usage.UsageKeys}) → the enterprise's totals of that period
 * @param pendingRollups point id → Shanghai day starts whose point roll-up rows wait to be written
 */
record EnterpriseState(
        StateMap<String, PointSeries> series,
        StateMap<String, PointSeries> olderSeries,
        StateMap<Long, UsageTotals> totals,
        StateMap<String, long[]> pendingRollups) {}
