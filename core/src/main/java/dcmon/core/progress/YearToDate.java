package dcmon.core.progress;

import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.registry.ReportedMonth;
import dcmon.core.usage.UsageTotals;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A subject's year-to-date and month-to-date totals, measured months and reported months combined: a month
 * the unit reported itself (before monitoring started, or while it was down) counts with its reported figures
 * instead of whatever was measured in it.
 *
 * @param measured months (up to the current one) whose figures are measured
 * @param reported months whose figures are reported
 */
public record YearToDate(
        int year, UsageTotals ytd, UsageTotals mtd, List<YearMonth> measured, List<YearMonth> reported) {
    public YearToDate {
        measured = List.copyOf(measured);
        reported = List.copyOf(reported);
    }

    /**
     * @param measuredMonths measured totals by month number (1–12) of {@code year}; missing months have none
     * @param reportedMonths the enterprise's reported months (any year; others are ignored)
     */
    public static YearToDate of(
            int year, long now, Map<Integer, UsageTotals> measuredMonths, List<ReportedMonth> reportedMonths) {
        int current = currentMonth(year, now);
        UsageTotals ytd = new UsageTotals();
        UsageTotals mtd = new UsageTotals();
        List<YearMonth> measured = new ArrayList<>();
        List<YearMonth> reported = new ArrayList<>();
        for (int m = 1; m <= current; m++) {
            YearMonth month = YearMonth.of(year, m);
            UsageTotals t = reportedTotals(month, reportedMonths);
            if (t != null) {
                reported.add(month);
            } else {
                t = measuredMonths.get(m);
                if (t == null) continue;
                measured.add(month);
            }
            ytd.add(t);
            if (m == current) mtd.add(t);
        }
        return new YearToDate(year, ytd, mtd, measured, reported);
    }

    /** The month of {@code year} that {@code now} is in: 0 before the year, 12 after it. */
    static int currentMonth(int year, long now) {
        LocalDate d = ShanghaiCalendar.date(now);
        if (d.getYear() < year) return 0;
        return d.getYear() > year ? 12 : d.getMonthValue();
    }

    /** A reported month as totals; the policy total defaults to the GB/T 2589 total when not reported. */
    static UsageTotals reportedTotals(YearMonth month, List<ReportedMonth> reportedMonths) {
        for (ReportedMonth r : reportedMonths) {
            if (!r.month().equals(month)) continue;
            UsageTotals t = new UsageTotals();
            t.tce = r.tce();
            t.tcePolicy = r.tcePolicy() != null ? r.tcePolicy() : r.tce();
            t.tco2 = r.tco2() != null ? r.tco2() : 0;
            r.output().forEach(t::addOutput);
            return t;
        }
        return null;
    }
}
