package dcmon.core.usage;

import dcmon.core.calendar.Period;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.convert.EnergyConversion;
import dcmon.core.convert.FootprintBuffer;
import dcmon.core.registry.Point;
import dcmon.core.registry.Role;
import java.util.Map;

/**
 * An enterprise's totals per period (quarter hour, day, month, year), kept in a map keyed by {@link UsageKeys}:
 * its absolute totals, or what one message changes in them.
 *
 * <p>The four totals of the last bucket added to are kept at hand: a message's readings mostly share their
 * quarter hour, and four boxed-key map lookups per reading were a measurable share of the job's time. The
 * map must therefore only gain entries (or be read) while this wraps it.
 */
public final class PeriodTotals {
    private static final Period[] PERIODS = Period.values();

    private final Map<Long, UsageTotals> byPeriod;
    private long lastBucket;
    /** The totals of {@link #lastBucket}'s periods, in {@link Period} order; empty until the first share. */
    private final UsageTotals[] lastBucketTotals = new UsageTotals[PERIODS.length];

    private final FootprintBuffer share = new FootprintBuffer();

    public PeriodTotals(Map<Long, UsageTotals> byPeriod) {
        this.byPeriod = byPeriod;
    }

    /** The totals by period key, as given to the constructor. */
    public Map<Long, UsageTotals> byPeriod() {
        return byPeriod;
    }

    /**
     * Adds a point's amount in one 15-minute bucket to the totals of every period containing that bucket:
     * converted to tce and CO₂ with the bucket's year's factors, and, for a product or workload counter, to
     * that product's output.
     *
     * @param estimated estimated bucket shares the amount adds (or, negative, removes)
     */
    public void addBucketShare(EnergyConversion conversion, Point point, long bucket, double amount, int estimated) {
        if (lastBucketTotals[0] == null || bucket != lastBucket) {
            for (Period period : PERIODS) {
                lastBucketTotals[period.ordinal()] =
                        byPeriod.computeIfAbsent(UsageKeys.key(period, period.start(bucket)), k -> new UsageTotals());
            }
            lastBucket = bucket;
        }
        conversion.convert(point, amount, ShanghaiCalendar.year(bucket), share);
        boolean output = point.role() == Role.PRODUCT || point.role() == Role.WORKLOAD;
        for (UsageTotals t : lastBucketTotals) {
            t.add(share);
            t.estimated += estimated;
            if (output) t.addOutput(point.product(), amount);
        }
    }
}
