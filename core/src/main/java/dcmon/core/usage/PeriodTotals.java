package dcmon.core.usage;

import dcmon.core.calendar.Period;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.convert.EnergyConversion;
import dcmon.core.convert.Footprint;
import dcmon.core.registry.Point;
import dcmon.core.registry.Role;

import java.util.Map;

/** An enterprise's totals per period (quarter hour, day, month, year), keyed by {@link UsageKeys}. */
public final class PeriodTotals {
    private PeriodTotals() {}

    /**
     * Adds a point's amount in one 15-minute bucket to the totals of every period containing that bucket:
     * converted to tce and CO₂ with the bucket's year's factors, and, for a product or workload counter, to
     * that product's output.
     *
     * @param estimated estimated bucket shares the amount adds (or, negative, removes)
     */
    public static void addBucketShare(Map<Long, UsageTotals> byPeriod, EnergyConversion conversion, Point point, long bucket,
                                      double amount, int estimated) {
        Footprint f = conversion.convert(point, amount, ShanghaiCalendar.year(bucket));
        boolean output = point.role() == Role.PRODUCT || point.role() == Role.WORKLOAD;
        for (Period period : Period.values()) {
            UsageTotals t = byPeriod.computeIfAbsent(UsageKeys.key(period, period.start(bucket)), k -> new UsageTotals());
            t.add(f);
            t.estimated += estimated;
            if (output) t.addOutput(point.product(), amount);
        }
    }
}
