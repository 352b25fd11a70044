package dcmon.monitoring;

import dcmon.core.calendar.Period;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.progress.ProgressCalculator;
import dcmon.core.registry.ReportedMonth;
import dcmon.core.usage.UsageKeys;
import dcmon.core.usage.UsageTotals;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The usage history progress needs of one subject, in keyed state: its day totals for the recent-rate window and
 * its month totals of this year and the last (for year to date and the seasonal profile). Fed by the enterprise
 * function's day and month deltas, so it holds exactly what the usage rows say.
 */
final class ProgressHistory {
    /** Days of the recent-rate projection window. */
    static final int RECENT_DAYS = 30;

    private final StateMap<Long, UsageTotals> totals;

    ProgressHistory(StateMap<Long, UsageTotals> totals) {
        this.totals = totals;
    }

    /** Adds a day or month delta (keys as {@link UsageKeys}); other periods are not kept. */
    void add(long periodKey, UsageTotals delta) throws Exception {
        Period period = UsageKeys.period(periodKey);
        if (period != Period.DAY && period != Period.MONTH) return;
        UsageTotals t = totals.get(periodKey);
        if (t == null) t = new UsageTotals();
        t.add(delta);
        totals.put(periodKey, t);
    }

    /** Measured month totals of {@code year}, by month number. */
    Map<Integer, UsageTotals> months(int year) throws Exception {
        Map<Integer, UsageTotals> out = new HashMap<>();
        for (Map.Entry<Long, UsageTotals> e : totals.entries()) {
            if (UsageKeys.period(e.getKey()) != Period.MONTH) continue;
            LocalDate d = ShanghaiCalendar.date(UsageKeys.start(e.getKey()));
            if (d.getYear() == year) out.put(d.getMonthValue(), e.getValue());
        }
        return out;
    }

    /**
     * The measured window for the recent-rate projection: the {@value #RECENT_DAYS} days before {@code now}'s day
     * and that day so far, shortened to begin with the first day measured when monitoring started later.
     */
    ProgressCalculator.Recent recent(long now) throws Exception {
        UsageTotals sum = new UsageTotals();
        long first = recentInto(now, sum);
        return recent(sum, first, now);
    }

    /** Adds the window's day totals to {@code sum}; returns the first day with data, {@code Long.MAX_VALUE} when none. */
    long recentInto(long now, UsageTotals sum) throws Exception {
        long from = ShanghaiCalendar.dayStart(now) - RECENT_DAYS * ShanghaiCalendar.DAY_MS;
        long first = Long.MAX_VALUE;
        for (Map.Entry<Long, UsageTotals> e : totals.entries()) {
            if (UsageKeys.period(e.getKey()) != Period.DAY) continue;
            long day = UsageKeys.start(e.getKey());
            if (day < from || day > now) continue;
            sum.add(e.getValue());
            first = Math.min(first, day);
        }
        return first;
    }

    /** The window's rate from its sum and first day with data, as of {@code now}. */
    static ProgressCalculator.Recent recent(UsageTotals sum, long first, long now) {
        if (first == Long.MAX_VALUE) return ProgressCalculator.Recent.NONE;
        double days = (now - first) / (double) ShanghaiCalendar.DAY_MS;
        return days <= 0 ? ProgressCalculator.Recent.NONE : new ProgressCalculator.Recent(sum, days);
    }

    /** The months of each year that hold a measured total, by year. */
    Map<Integer, java.util.TreeSet<Integer>> monthsHeld() throws Exception {
        Map<Integer, java.util.TreeSet<Integer>> out = new java.util.TreeMap<>();
        for (long key : totals.keys()) {
            if (UsageKeys.period(key) != Period.MONTH) continue;
            LocalDate d = ShanghaiCalendar.date(UsageKeys.start(key));
            out.computeIfAbsent(d.getYear(), y -> new java.util.TreeSet<>()).add(d.getMonthValue());
        }
        return out;
    }

    /** The twelve month totals (tce) of the year before {@code year}, or null when a month is missing. */
    double[] previousYearTce(int year, List<ReportedMonth> reported) throws Exception {
        Map<Integer, UsageTotals> measured = months(year - 1);
        double[] monthly = new double[12];
        for (int m = 1; m <= 12; m++) {
            Double r = reportedTce(YearMonth.of(year - 1, m), reported);
            UsageTotals t = measured.get(m);
            if (r == null && t == null) return null;
            monthly[m - 1] = r != null ? r : t.tce;
        }
        return monthly;
    }

    private static Double reportedTce(YearMonth month, List<ReportedMonth> reported) {
        for (ReportedMonth r : reported) if (r.month().equals(month)) return r.tce();
        return null;
    }

    void clear() {
        totals.clear();
    }

    /**
     * Forgets what progress at {@code now} no longer reads: days before the recent window, and months before the
     * year before the oldest year still open to late data ({@code now − lateness}). Returns whether anything is left.
     */
    boolean prune(long now, long latenessMs) throws Exception {
        long oldestDay = ShanghaiCalendar.dayStart(now) - (RECENT_DAYS + 1) * ShanghaiCalendar.DAY_MS;
        int oldestYear = ShanghaiCalendar.year(now - latenessMs) - 1;
        List<Long> drop = new ArrayList<>();
        for (long key : totals.keys()) {
            long start = UsageKeys.start(key);
            boolean old =
                    UsageKeys.period(key) == Period.DAY ? start < oldestDay : ShanghaiCalendar.year(start) < oldestYear;
            if (old) drop.add(key);
        }
        for (long key : drop) totals.remove(key);
        return !totals.isEmpty();
    }
}
