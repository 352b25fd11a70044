package dcmon.core.usage;

import dcmon.core.calendar.ShanghaiCalendar;
import java.util.ArrayList;
import java.util.List;

/**
 * How long period totals are kept, by their keys ({@link UsageKeys}): quarter-hour and day totals until the
 * lateness horizon has passed their day, months for a year and years for two years beyond it. It only decides;
 * whoever holds the totals removes the keys it names.
 */
public final class TotalsRetention {
    /** Pruning runs once a day, an hour after Shanghai midnight. */
    private static final long PRUNE_AFTER_MIDNIGHT_MS = 3_600_000L;

    private TotalsRetention() {}

    /** When totals touched at {@code t} are next pruned: an hour after the following Shanghai midnight. */
    public static long nextPruneTime(long t) {
        return ShanghaiCalendar.dayStart(t) + ShanghaiCalendar.DAY_MS + PRUNE_AFTER_MIDNIGHT_MS;
    }

    /** The horizon a prune at {@code pruneTime} works to: no accepted reading can change what lies before it. */
    public static long horizon(long pruneTime, long latenessMs) {
        return pruneTime - latenessMs - ShanghaiCalendar.DAY_MS;
    }

    /** The keys among {@code keys} whose totals the horizon has passed, in the order given. */
    public static List<Long> expired(Iterable<Long> keys, long horizon) {
        long oldestDay = ShanghaiCalendar.dayStart(horizon);
        long oldestMonth = ShanghaiCalendar.startOf(
                ShanghaiCalendar.date(horizon).withDayOfMonth(1).minusMonths(12));
        long oldestYear = ShanghaiCalendar.startOf(
                ShanghaiCalendar.date(horizon).withDayOfYear(1).minusYears(1));
        List<Long> drop = new ArrayList<>();
        for (long key : keys) {
            long start = UsageKeys.start(key);
            boolean old = switch (UsageKeys.period(key)) {
                case QUARTER, DAY -> start < oldestDay;
                case MONTH -> start < oldestMonth;
                case YEAR -> start < oldestYear;
            };
            if (old) drop.add(key);
        }
        return drop;
    }
}
