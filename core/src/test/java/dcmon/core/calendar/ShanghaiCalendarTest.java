package dcmon.core.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class ShanghaiCalendarTest {

    /** Epoch millis of an ISO-8601 instant with offset. */
    private static long at(String iso) {
        return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
    }

    @Test
    void shanghaiNewYearIsSixteenHundredUtcTheDayBefore() {
        // 2027-01-01 is epoch day 57 × 365 + 14 leap days (1972..2024) = 20819;
        // 20819 × 86,400,000 = 1,798,761,600,000 is 00:00 UTC; minus 8 h (28,800,000) = 1,798,732,800,000
        long newYear = 1_798_732_800_000L;
        long ts = at("2026-12-31T16:00:00Z");
        assertThat(ts).isEqualTo(newYear);
        assertThat(ShanghaiCalendar.date(ts)).isEqualTo(LocalDate.of(2027, 1, 1));
        assertThat(ShanghaiCalendar.year(ts)).isEqualTo(2027);
        assertThat(ShanghaiCalendar.dayStart(ts)).isEqualTo(newYear);
        assertThat(ShanghaiCalendar.monthStart(ts)).isEqualTo(newYear);
        assertThat(ShanghaiCalendar.yearStart(ts)).isEqualTo(newYear);
        assertThat(ShanghaiCalendar.startOf(LocalDate.of(2027, 1, 1))).isEqualTo(newYear);

        // one millisecond earlier is still 2026 in Shanghai
        long before = newYear - 1;
        assertThat(ShanghaiCalendar.year(before)).isEqualTo(2026);
        assertThat(ShanghaiCalendar.date(before)).isEqualTo(LocalDate.of(2026, 12, 31));
        assertThat(ShanghaiCalendar.dayStart(before)).isEqualTo(at("2026-12-31T00:00:00+08:00"));
        assertThat(ShanghaiCalendar.monthStart(before)).isEqualTo(at("2026-12-01T00:00:00+08:00"));
        assertThat(ShanghaiCalendar.yearStart(before)).isEqualTo(at("2026-01-01T00:00:00+08:00"));
        assertThat(ShanghaiCalendar.nextYearStart(before)).isEqualTo(newYear);
        assertThat(ShanghaiCalendar.nextMonthStart(before)).isEqualTo(newYear);
    }

    @Test
    void lastSecondOfNovemberAndFirstInstantOfDecemberAreDifferentMonths() {
        long lastSecond = at("2026-11-30T23:59:59+08:00");
        long midnight = at("2026-12-01T00:00:00+08:00");

        assertThat(ShanghaiCalendar.monthStart(lastSecond)).isEqualTo(at("2026-11-01T00:00:00+08:00"));
        assertThat(ShanghaiCalendar.monthStart(midnight)).isEqualTo(midnight);
        assertThat(ShanghaiCalendar.dayStart(lastSecond)).isEqualTo(at("2026-11-30T00:00:00+08:00"));
        assertThat(ShanghaiCalendar.dayStart(midnight)).isEqualTo(midnight);
        assertThat(ShanghaiCalendar.quarterStart(lastSecond)).isEqualTo(at("2026-11-30T23:45:00+08:00"));
        assertThat(ShanghaiCalendar.quarterStart(midnight)).isEqualTo(midnight);
        assertThat(ShanghaiCalendar.nextMonthStart(lastSecond)).isEqualTo(midnight);
        assertThat(ShanghaiCalendar.nextMonthStart(midnight)).isEqualTo(at("2027-01-01T00:00:00+08:00"));
        assertThat(ShanghaiCalendar.yearStart(lastSecond)).isEqualTo(ShanghaiCalendar.yearStart(midnight));
    }

    @Test
    void utcMidnightIsEightInTheMorningInShanghaiSameDay() {
        // 2026-11-24T00:00Z is 08:00 in Shanghai: the day started at 2026-11-23T16:00Z
        long utcMidnight = at("2026-11-24T00:00:00Z");
        assertThat(ShanghaiCalendar.dayStart(utcMidnight)).isEqualTo(at("2026-11-23T16:00:00Z"));
        assertThat(ShanghaiCalendar.date(utcMidnight)).isEqualTo(LocalDate.of(2026, 11, 24));
        // 15:59:59.999Z is still the same Shanghai day (23:59:59.999), 16:00Z starts the next
        assertThat(ShanghaiCalendar.dayStart(at("2026-11-24T15:59:59.999Z"))).isEqualTo(at("2026-11-23T16:00:00Z"));
        assertThat(ShanghaiCalendar.dayStart(at("2026-11-24T16:00:00Z"))).isEqualTo(at("2026-11-24T16:00:00Z"));
        // month starting in the evening of the last UTC day of the previous month
        assertThat(ShanghaiCalendar.monthStart(at("2026-11-30T16:00:00Z"))).isEqualTo(at("2026-11-30T16:00:00Z"));
        assertThat(ShanghaiCalendar.monthStart(at("2026-11-30T15:59:59.999Z"))).isEqualTo(at("2026-10-31T16:00:00Z"));
    }

    @Test
    void quarterStartsAtQuarterHoursInclusiveAndExclusive() {
        assertThat(ShanghaiCalendar.quarterStart(at("2026-11-24T10:15:00+08:00")))
                .isEqualTo(at("2026-11-24T10:15:00+08:00"));
        assertThat(ShanghaiCalendar.quarterStart(at("2026-11-24T10:29:59.999+08:00")))
                .isEqualTo(at("2026-11-24T10:15:00+08:00"));
        assertThat(ShanghaiCalendar.quarterStart(at("2026-11-24T10:30:00+08:00")))
                .isEqualTo(at("2026-11-24T10:30:00+08:00"));
        // 15 min = 900,000 ms
        assertThat(ShanghaiCalendar.QUARTER_MS).isEqualTo(900_000L);
        assertThat(ShanghaiCalendar.DAY_MS).isEqualTo(86_400_000L);
    }

    @Test
    void leapDayAndMonthEnds() {
        // 2028 is a leap year: 2028-02-29 exists, March starts the day after
        long leapDay = at("2028-02-29T12:00:00+08:00");
        assertThat(ShanghaiCalendar.date(leapDay)).isEqualTo(LocalDate.of(2028, 2, 29));
        assertThat(ShanghaiCalendar.monthStart(leapDay)).isEqualTo(at("2028-02-01T00:00:00+08:00"));
        assertThat(ShanghaiCalendar.nextMonthStart(leapDay)).isEqualTo(at("2028-03-01T00:00:00+08:00"));
        // 2027-02-28 is followed by March 1
        assertThat(ShanghaiCalendar.nextMonthStart(at("2027-02-28T23:59:59+08:00")))
                .isEqualTo(at("2027-03-01T00:00:00+08:00"));
    }

    @Test
    void zonedIsInShanghai() {
        assertThat(ShanghaiCalendar.zoned(at("2026-12-31T16:00:00Z"))
                        .toLocalDateTime()
                        .toString())
                .isEqualTo("2027-01-01T00:00");
        assertThat(ShanghaiCalendar.zoned(0).getOffset()).isEqualTo(ShanghaiCalendar.OFFSET);
    }

    @Test
    void periodStartsDelegateToTheCalendarAndCarryTheirTags() {
        long ts = at("2026-12-31T23:59:00+08:00");
        assertThat(Period.QUARTER.start(ts)).isEqualTo(at("2026-12-31T23:45:00+08:00"));
        assertThat(Period.DAY.start(ts)).isEqualTo(at("2026-12-31T00:00:00+08:00"));
        assertThat(Period.MONTH.start(ts)).isEqualTo(at("2026-12-01T00:00:00+08:00"));
        assertThat(Period.YEAR.start(ts)).isEqualTo(at("2026-01-01T00:00:00+08:00"));
        long next = at("2027-01-01T00:00:00+08:00");
        for (Period p : Period.values()) assertThat(p.start(next)).as(p.tag()).isEqualTo(next);
        assertThat(Period.QUARTER.tag()).isEqualTo("15m");
        assertThat(Period.DAY.tag()).isEqualTo("day");
        assertThat(Period.MONTH.tag()).isEqualTo("month");
        assertThat(Period.YEAR.tag()).isEqualTo("year");
    }

    @Test
    void monthYearStartsAndYearsMatchTheZoneRulesFromThreadsAskingForDifferentDays() throws Exception {
        // since 1992 Asia/Shanghai has been a fixed UTC+8; two threads asking for different days keep missing the
        // shared last-day cache, which must never hand one of them the other's day
        long from = java.time.Instant.parse("1992-01-01T00:00:00Z").toEpochMilli();
        long to = java.time.Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();
        java.util.concurrent.ConcurrentLinkedQueue<String> wrong = new java.util.concurrent.ConcurrentLinkedQueue<>();
        Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++) {
            long seed = t;
            threads[t] = new Thread(() -> {
                java.util.Random random = new java.util.Random(seed);
                for (int i = 0; i < 50_000; i++) {
                    long ts = from + (long) (random.nextDouble() * (to - from));
                    java.time.ZonedDateTime z =
                            java.time.Instant.ofEpochMilli(ts).atZone(ShanghaiCalendar.ZONE);
                    long month = z.toLocalDate()
                            .withDayOfMonth(1)
                            .atStartOfDay(ShanghaiCalendar.ZONE)
                            .toInstant()
                            .toEpochMilli();
                    long year = z.toLocalDate()
                            .withDayOfYear(1)
                            .atStartOfDay(ShanghaiCalendar.ZONE)
                            .toInstant()
                            .toEpochMilli();
                    if (ShanghaiCalendar.monthStart(ts) != month
                            || ShanghaiCalendar.yearStart(ts) != year
                            || ShanghaiCalendar.year(ts) != z.getYear()) {
                        wrong.add(z.toString());
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) t.join();
        assertThat(wrong).isEmpty();
    }
}
