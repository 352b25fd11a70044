package dcmon.core.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Period boundaries in Asia/Shanghai. China has had no daylight saving since 1991, so the zone is a fixed
 * UTC+8 for every instant dcmon handles; quarter hours therefore align with UTC quarter hours, while days,
 * months and years start at 00:00 +08:00 (16:00 UTC the day before), never at UTC midnight.
 */
public final class ShanghaiCalendar {
    private ShanghaiCalendar() {}

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    public static final ZoneOffset OFFSET = ZoneOffset.ofHours(8);
    public static final long QUARTER_MS = 15 * 60_000L;
    public static final long DAY_MS = 24 * 3_600_000L;
    private static final long OFFSET_MS = 8 * 3_600_000L;

    /** Start of the 15-minute bucket containing {@code ts} (epoch millis). */
    public static long quarterStart(long ts) {
        return Math.floorDiv(ts, QUARTER_MS) * QUARTER_MS;
    }

    /** Start of the Shanghai day containing {@code ts}. */
    public static long dayStart(long ts) {
        return Math.floorDiv(ts + OFFSET_MS, DAY_MS) * DAY_MS - OFFSET_MS;
    }

    /** Start of the Shanghai month containing {@code ts}. */
    public static long monthStart(long ts) {
        return dayInfo(ts).monthStart;
    }

    /** Start of the Shanghai year containing {@code ts}. */
    public static long yearStart(long ts) {
        return dayInfo(ts).yearStart;
    }

    /** Month and year of one Shanghai day, computed once per day rather than for every bucket a reading touches. */
    private record DayInfo(long epochDay, long monthStart, long yearStart, int year) {
        static DayInfo of(long epochDay) {
            LocalDate d = LocalDate.ofEpochDay(epochDay);
            return new DayInfo(epochDay, startOf(d.withDayOfMonth(1)), startOf(d.withDayOfYear(1)), d.getYear());
        }
    }

    /**
     * The last day asked for. Readings arrive day by day, so nearly every call hits it. Shared by all threads
     * without locks: a record's fields are final, so a thread sees either a whole old value or a whole new
     * one, and a miss only computes again.
     */
    private static DayInfo lastDay = DayInfo.of(0);

    private static DayInfo dayInfo(long ts) {
        long epochDay = Math.floorDiv(ts + OFFSET_MS, DAY_MS);
        DayInfo d = lastDay;
        if (d.epochDay != epochDay) {
            d = DayInfo.of(epochDay);
            lastDay = d;
        }
        return d;
    }

    /** Start of the next Shanghai month after the one containing {@code ts}. */
    public static long nextMonthStart(long ts) {
        return startOf(date(ts).withDayOfMonth(1).plusMonths(1));
    }

    /** Start of the next Shanghai year after the one containing {@code ts}. */
    public static long nextYearStart(long ts) {
        return startOf(date(ts).withDayOfYear(1).plusYears(1));
    }

    /** Shanghai calendar year of {@code ts}. */
    public static int year(long ts) {
        return dayInfo(ts).year;
    }

    /** Shanghai calendar date of {@code ts}. */
    public static LocalDate date(long ts) {
        return LocalDate.ofEpochDay(Math.floorDiv(ts + OFFSET_MS, DAY_MS));
    }

    /** Epoch millis of 00:00 Shanghai on that date. */
    public static long startOf(LocalDate date) {
        // a fixed offset: plain arithmetic, no zone rules (this runs for every bucket a reading touches)
        return date.toEpochDay() * DAY_MS - OFFSET_MS;
    }

    public static ZonedDateTime zoned(long ts) {
        return Instant.ofEpochMilli(ts).atZone(ZONE);
    }
}
