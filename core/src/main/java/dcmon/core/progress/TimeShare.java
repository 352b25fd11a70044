package dcmon.core.progress;

import dcmon.core.calendar.ShanghaiCalendar;
import java.time.LocalDate;

/**
 * Elapsed share of a year by the calendar: the Asia/Shanghai days elapsed, the current day counted by its
 * elapsed fraction, over the days of the year (365 or 366). Equivalently (now − 1 Jan 00:00 +08:00) ÷ (length of
 * the year), clamped to [0, 1]: 0 before the year, 1 after it.
 */
public final class TimeShare {
    private TimeShare() {}

    public static double calendar(int year, long now) {
        long start = yearStart(year);
        long end = yearStart(year + 1);
        return clamp((double) (now - start) / (end - start));
    }

    /** Days left in the year after {@code now}, fractional; 0 after the year. */
    public static double daysLeft(int year, long now) {
        long end = yearStart(year + 1);
        long from = Math.max(now, yearStart(year));
        return Math.max(0, (double) (end - from) / ShanghaiCalendar.DAY_MS);
    }

    /** Days elapsed in the year at {@code now}, fractional. */
    public static double daysElapsed(int year, long now) {
        long start = yearStart(year);
        long to = Math.min(now, yearStart(year + 1));
        return Math.max(0, (double) (to - start) / ShanghaiCalendar.DAY_MS);
    }

    /** Elapsed share of the month (1–12) of {@code year} at {@code now}, clamped to [0, 1]. */
    public static double month(int year, int month, long now) {
        LocalDate first = LocalDate.of(year, month, 1);
        long start = ShanghaiCalendar.startOf(first);
        long end = ShanghaiCalendar.startOf(first.plusMonths(1));
        return clamp((double) (now - start) / (end - start));
    }

    static long yearStart(int year) {
        return ShanghaiCalendar.startOf(LocalDate.of(year, 1, 1));
    }

    private static double clamp(double x) {
        return Math.max(0, Math.min(1, x));
    }
}
