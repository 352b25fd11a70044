package dcmon.core.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.reading.RejectReason;
import dcmon.core.registry.Point;
import dcmon.core.registry.PointKind;
import dcmon.core.registry.Role;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PointSeriesTest {
    private static final long Q = ShanghaiCalendar.QUARTER_MS;
    private static final PointSeries.BucketChanges NONE = (b, a, e) -> {};

    /** Epoch millis of a Shanghai local date-time, e.g. {@code "2026-11-24T10:15"}. */
    private static long at(String shanghaiLocal) {
        return OffsetDateTime.parse(shanghaiLocal + (shanghaiLocal.length() == 16 ? ":00" : "") + "+08:00")
                .toInstant()
                .toEpochMilli();
    }

    private static final long T0 = at("2026-11-24T10:00");

    private static Point cumulative(double rollover, double maxRatePerHour) {
        return new Point(
                "E-MAIN-01",
                "GW01",
                "electricity",
                null,
                "kWh",
                PointKind.CUMULATIVE,
                rollover,
                Role.INPUT,
                null,
                maxRatePerHour,
                15,
                false,
                null);
    }

    private static Point interval(int periodMinutes) {
        return new Point(
                "GAS-01",
                "GW01",
                "natural-gas",
                null,
                "m3",
                PointKind.INTERVAL,
                0,
                Role.INPUT,
                null,
                1e9,
                periodMinutes,
                false,
                null);
    }

    /** Collects every change the series reports. */
    private static final class Recorder implements PointSeries.BucketChanges {
        final Map<Long, Double> amount = new HashMap<>();
        final Map<Long, Integer> estimated = new HashMap<>();
        int calls;

        @Override
        public void change(long bucketStart, double amountDelta, int estimatedDelta) {
            calls++;
            amount.merge(bucketStart, amountDelta, Double::sum);
            estimated.merge(bucketStart, estimatedDelta, Integer::sum);
        }
    }

    private record Reading(long ts, double value) {}

    /** {@code n} readings every quarter hour from a Shanghai local time, from 1,000 up by 10 each. */
    private static List<Reading> quarterHourly(String from, int n) {
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < n; i++) readings.add(new Reading(at(from) + i * Q, 1_000 + 10 * i));
        return readings;
    }

    private static PointSeries run(List<Reading> readings, Point p, PointSeries.BucketChanges out) {
        PointSeries s = new PointSeries();
        for (Reading r : readings) {
            assertThat(s.insert(r.ts(), r.value(), p, out).accepted())
                    .as("reading at %d", r.ts())
                    .isTrue();
        }
        return s;
    }

    private static void assertSameBuckets(PointSeries actual, PointSeries expected) {
        assertThat(actual.quarters).isEqualTo(expected.quarters);
        for (int i = 0; i < expected.quarters; i++) {
            long b = expected.quarterStart(i);
            assertThat(actual.quarterStart(i)).isEqualTo(b);
            assertThat(actual.quarterAmount(i))
                    .as("bucket %d", b)
                    .isCloseTo(expected.quarterAmount(i), within(1e-9 * Math.abs(expected.quarterAmount(i))));
            assertThat(actual.quarterEstimated(i))
                    .as("estimated count of bucket %d", b)
                    .isEqualTo(expected.quarterEstimated(i));
        }
        assertThat(actual.months).isEqualTo(expected.months);
        for (int i = 0; i < expected.months; i++) {
            assertThat(actual.monthStart(i)).isEqualTo(expected.monthStart(i));
            assertThat(actual.monthAmount(i))
                    .isCloseTo(expected.monthAmount(i), within(1e-9 * Math.abs(expected.monthAmount(i))));
            assertThat(actual.monthEstimated(i)).isEqualTo(expected.monthEstimated(i));
        }
        assertThat(actual.years).isEqualTo(expected.years);
        for (int i = 0; i < expected.years; i++) {
            assertThat(actual.yearStart(i)).isEqualTo(expected.yearStart(i));
            assertThat(actual.yearAmount(i))
                    .isCloseTo(expected.yearAmount(i), within(1e-9 * Math.abs(expected.yearAmount(i))));
            assertThat(actual.yearEstimated(i)).isEqualTo(expected.yearEstimated(i));
        }
    }

    // ---------------------------------------------------------------- in order

    @Test
    void inOrderReadingsOnQuarterHoursFillOneBucketEach() {
        Point p = cumulative(100_000_000, 400);
        PointSeries s = new PointSeries();
        assertThat(s.insert(T0, 1_000, p, NONE)).isEqualTo(InsertResult.ACCEPTED);
        assertThat(s.quarters).as("a single reading counts nothing yet").isZero();
        assertThat(s.insert(T0 + Q, 1_010, p, NONE)).isEqualTo(InsertResult.ACCEPTED);
        assertThat(s.insert(T0 + 2 * Q, 1_025, p, NONE)).isEqualTo(InsertResult.ACCEPTED);
        assertThat(s.insert(T0 + 3 * Q, 1_045, p, NONE)).isEqualTo(InsertResult.ACCEPTED);

        // 1,010 − 1,000 = 10; 1,025 − 1,010 = 15; 1,045 − 1,025 = 20
        assertThat(s.quarters).isEqualTo(3);
        assertThat(s.quarter(T0)).isEqualTo(10.0);
        assertThat(s.quarter(T0 + Q)).isEqualTo(15.0);
        assertThat(s.quarter(T0 + 2 * Q)).isEqualTo(20.0);
        assertThat(s.quarter(T0 + 3 * Q)).isZero();
        for (int i = 0; i < 3; i++) assertThat(s.quarterIsEstimated(T0 + i * Q)).isFalse();
        assertThat(s.lastTs()).isEqualTo(T0 + 3 * Q);
        assertThat(s.size).isEqualTo(4);
        // 10 + 15 + 20 = 45
        assertThat(s.day(at("2026-11-24T00:00"))).isEqualTo(45.0);
        assertThat(s.month(at("2026-11-01T00:00"))).isEqualTo(45.0);
        assertThat(s.year(at("2026-01-01T00:00"))).isEqualTo(45.0);
        assertThat(s.dayIsEstimated(at("2026-11-24T00:00"))).isFalse();
    }

    // ---------------------------------------------------------------- order independence

    @Test
    void shuffledReadingsOnQuarterHoursEndExactlyLikeTheInOrderRunAcrossARollover() {
        Random rnd = new Random(20261124L);
        Point p = cumulative(100_000, 1_000_000);
        // 40 readings every quarter hour from 99,000 with integer increments 10..200: about 4,200 in all, so the
        // register wraps past 100,000 once and the increments are exact in binary
        List<Reading> inOrder = new ArrayList<>();
        double[] increments = new double[39];
        double v = 99_000;
        inOrder.add(new Reading(T0, v));
        for (int i = 0; i < increments.length; i++) {
            increments[i] = 10 + rnd.nextInt(191);
            v = (v + increments[i]) % 100_000;
            inOrder.add(new Reading(T0 + (i + 1) * Q, v));
        }
        PointSeries expected = run(inOrder, p, NONE);
        // in order: bucket i holds exactly increment i, nothing estimated
        assertThat(expected.quarters).isEqualTo(increments.length);
        for (int i = 0; i < increments.length; i++) {
            assertThat(expected.quarter(T0 + i * Q)).isEqualTo(increments[i]);
            assertThat(expected.quarterEstimated(i)).isZero();
        }

        for (int shuffle = 0; shuffle < 6; shuffle++) {
            List<Reading> order = new ArrayList<>(inOrder);
            Collections.shuffle(order, rnd);
            assertSameBuckets(run(order, p, NONE), expected);
        }
        // the reverse order is the worst case: every reading re-splits the step before the newest
        List<Reading> reversed = new ArrayList<>(inOrder);
        Collections.reverse(reversed);
        assertSameBuckets(run(reversed, p, NONE), expected);
    }

    @Test
    void shuffledIrregularReadingsAcrossMidnightAndMonthEndEndLikeTheInOrderRun() {
        Random rnd = new Random(7L);
        Point p = cumulative(0, 1e9);
        List<Reading> inOrder = new ArrayList<>();
        long t = at("2026-11-30T20:03:17");
        double v = 5_000;
        double first = v;
        for (int i = 0; i < 40; i++) {
            inOrder.add(new Reading(t, v));
            t += 60_000L + rnd.nextInt(50 * 60) * 1_000L + rnd.nextInt(1000);
            v += rnd.nextDouble() * 100;
        }
        double last = inOrder.get(inOrder.size() - 1).value();
        PointSeries expected = run(inOrder, p, NONE);
        assertThat(expected.ts(expected.size - 1))
                .as("the readings reach into December")
                .isGreaterThan(at("2026-12-01T06:00"));

        // the buckets of the two days (and months) add up to the register's advance
        double total = expected.day(at("2026-11-30T00:00")) + expected.day(at("2026-12-01T00:00"));
        assertThat(total).isCloseTo(last - first, within(1e-9 * (last - first)));
        assertThat(expected.month(at("2026-11-01T00:00")) + expected.month(at("2026-12-01T00:00")))
                .isCloseTo(last - first, within(1e-9 * (last - first)));

        for (int shuffle = 0; shuffle < 6; shuffle++) {
            List<Reading> order = new ArrayList<>(inOrder);
            Collections.shuffle(order, rnd);
            assertSameBuckets(run(order, p, NONE), expected);
        }
    }

    @Test
    void storeAndForwardFillsAGapAndEndsExactlyLikeTheLiveRun() {
        Point p = cumulative(100_000_000, 400);
        PointSeries s = new PointSeries();
        s.insert(at("2026-11-24T10:00"), 1_000, p, NONE);
        s.insert(at("2026-11-24T10:15"), 1_010, p, NONE);
        // the gateway goes offline; the next live reading comes at 11:00
        assertThat(s.insert(at("2026-11-24T11:00"), 1_100, p, NONE)).isEqualTo(InsertResult.ACCEPTED);
        // 1,100 − 1,010 = 90 over [10:15, 11:00): 30 in each of three buckets, estimated
        assertThat(s.quarter(at("2026-11-24T10:15"))).isEqualTo(30.0);
        assertThat(s.quarter(at("2026-11-24T10:30"))).isEqualTo(30.0);
        assertThat(s.quarter(at("2026-11-24T10:45"))).isEqualTo(30.0);
        assertThat(s.quarterIsEstimated(at("2026-11-24T10:00"))).isFalse();
        assertThat(s.quarterIsEstimated(at("2026-11-24T10:30"))).isTrue();
        assertThat(s.dayIsEstimated(at("2026-11-24T00:00"))).isTrue();
        assertThat(s.monthIsEstimated(at("2026-11-01T00:00"))).isTrue();

        // the buffered readings arrive late, newest first
        assertThat(s.insert(at("2026-11-24T10:45"), 1_060, p, NONE)).isEqualTo(InsertResult.ACCEPTED);
        // [10:15, 10:45) now holds 1,060 − 1,010 = 50 (25 + 25, estimated); [10:45, 11:00) 40 exactly
        assertThat(s.quarter(at("2026-11-24T10:15"))).isEqualTo(25.0);
        assertThat(s.quarter(at("2026-11-24T10:30"))).isEqualTo(25.0);
        assertThat(s.quarter(at("2026-11-24T10:45"))).isEqualTo(40.0);
        assertThat(s.quarterIsEstimated(at("2026-11-24T10:45"))).isFalse();
        assertThat(s.insert(at("2026-11-24T10:30"), 1_030, p, NONE)).isEqualTo(InsertResult.ACCEPTED);

        PointSeries live = run(
                List.of(
                        new Reading(at("2026-11-24T10:00"), 1_000),
                        new Reading(at("2026-11-24T10:15"), 1_010),
                        new Reading(at("2026-11-24T10:30"), 1_030),
                        new Reading(at("2026-11-24T10:45"), 1_060),
                        new Reading(at("2026-11-24T11:00"), 1_100)),
                p,
                NONE);
        assertSameBuckets(s, live);
        // 10, 20, 30, 40 exactly, and every estimated count back to 0
        assertThat(s.quarter(at("2026-11-24T10:00"))).isEqualTo(10.0);
        assertThat(s.quarter(at("2026-11-24T10:15"))).isEqualTo(20.0);
        assertThat(s.quarter(at("2026-11-24T10:30"))).isEqualTo(30.0);
        assertThat(s.quarter(at("2026-11-24T10:45"))).isEqualTo(40.0);
        for (int i = 0; i < s.quarters; i++) assertThat(s.quarterEstimated(i)).isZero();
        assertThat(s.monthEstimated(0)).isZero();
        assertThat(s.yearEstimated(0)).isZero();
        assertThat(s.dayIsEstimated(at("2026-11-24T00:00"))).isFalse();
        assertThat(s.monthIsEstimated(at("2026-11-01T00:00"))).isFalse();
        assertThat(s.yearIsEstimated(at("2026-01-01T00:00"))).isFalse();
        // 10 + 20 + 30 + 40 = 100
        assertThat(s.day(at("2026-11-24T00:00"))).isEqualTo(100.0);
    }

    // ---------------------------------------------------------------- duplicates and rejections

    @Test
    void duplicateCountsOnceAndConflictLeavesTheFirstStanding() {
        Point p = cumulative(100_000_000, 400);
        PointSeries s = new PointSeries();
        s.insert(T0, 1_000, p, NONE);
        s.insert(T0 + Q, 1_010, p, NONE);
        Recorder r = new Recorder();

        InsertResult dup = s.insert(T0 + Q, 1_010, p, r);
        assertThat(dup).isEqualTo(InsertResult.DUPLICATE);
        assertThat(dup.accepted()).isFalse();
        assertThat(dup.rejectReason()).isNull();

        InsertResult conflict = s.insert(T0 + Q, 1_011, p, r);
        assertThat(conflict).isEqualTo(InsertResult.CONFLICT);
        assertThat(conflict.rejectReason()).isEqualTo(RejectReason.CONFLICT);
        assertThat(conflict.accepted()).isFalse();

        assertThat(r.calls).isZero();
        assertThat(s.size).isEqualTo(2);
        assertThat(s.value(1)).isEqualTo(1_010.0);
        assertThat(s.quarter(T0)).isEqualTo(10.0);
        assertThat(s.quarters).isEqualTo(1);
    }

    @Test
    void suspectSpikeIsRejectedAndTheNextReadingIsComparedWithTheLastAccepted() {
        // 400 kWh/h: plausible 100 per quarter hour
        Point p = cumulative(100_000_000, 400);
        PointSeries s = new PointSeries();
        s.insert(T0, 1_000, p, NONE);
        s.insert(T0 + Q, 1_050, p, NONE);
        Recorder r = new Recorder();

        // 5,000 − 1,050 = 3,950 > 100
        InsertResult spike = s.insert(T0 + 2 * Q, 5_000, p, r);
        assertThat(spike).isEqualTo(InsertResult.SUSPECT_STEP);
        assertThat(spike.rejectReason()).isEqualTo(RejectReason.SUSPECT_STEP);
        assertThat(r.calls).isZero();
        assertThat(s.size).isEqualTo(2);

        // 1,100 at 10:45 against 1,050 at 10:15: 50 ≤ 200 over 30 minutes → 25 + 25, estimated
        assertThat(s.insert(T0 + 3 * Q, 1_100, p, r)).isEqualTo(InsertResult.ACCEPTED);
        assertThat(s.quarter(T0)).isEqualTo(50.0);
        assertThat(s.quarter(T0 + Q)).isEqualTo(25.0);
        assertThat(s.quarter(T0 + 2 * Q)).isEqualTo(25.0);
        assertThat(s.quarterIsEstimated(T0 + Q)).isTrue();
        assertThat(s.quarterIsEstimated(T0 + 2 * Q)).isTrue();
        // 50 + 25 + 25 = 100
        assertThat(s.day(at("2026-11-24T00:00"))).isEqualTo(100.0);
    }

    @Test
    void lateReadingWhoseNextStepWouldBeSuspectIsRejected() {
        Point p = cumulative(100_000_000, 400);
        PointSeries s = new PointSeries();
        s.insert(T0, 1_000, p, NONE);
        s.insert(T0 + 2 * Q, 1_150, p, NONE);
        // late 1,010 at 10:15: before +10 is fine, after 1,150 − 1,010 = 140 > 100 → suspect
        assertThat(s.insert(T0 + Q, 1_010, p, NONE)).isEqualTo(InsertResult.SUSPECT_STEP);
        // 150 over 30 minutes (≤ 200) stays split 75 + 75
        assertThat(s.quarter(T0)).isEqualTo(75.0);
        assertThat(s.quarter(T0 + Q)).isEqualTo(75.0);
        assertThat(s.size).isEqualTo(2);
    }

    @Test
    void negativeStepIsRejectedWithoutChange() {
        Point p = cumulative(100_000_000, 400);
        PointSeries s = new PointSeries();
        s.insert(T0, 1_000, p, NONE);
        s.insert(T0 + Q, 1_010, p, NONE);
        Recorder r = new Recorder();
        // 1,010 → 990: no plausible wrap, 990 > 100 is no reset
        InsertResult result = s.insert(T0 + 2 * Q, 990, p, r);
        assertThat(result).isEqualTo(InsertResult.NEGATIVE_STEP);
        assertThat(result.rejectReason()).isEqualTo(RejectReason.NEGATIVE_STEP);
        assertThat(r.calls).isZero();
        assertThat(s.size).isEqualTo(2);
        assertThat(s.quarters).isEqualTo(1);
        assertThat(s.quarter(T0 + Q)).isZero();

        // a late reading between two accepted ones whose following step would go back is rejected too:
        // 1,070 at 10:07:30 then 1,010 at 10:15 is a drop of 60 to a value above 100
        assertThat(s.insert(T0 + Q / 2, 1_070, p, r)).isEqualTo(InsertResult.NEGATIVE_STEP);
        assertThat(r.calls).isZero();
        assertThat(s.quarter(T0)).isEqualTo(10.0);
    }

    @Test
    void resetCountsTheNewValueFromZero() {
        Point p = cumulative(100_000_000, 400);
        PointSeries s = new PointSeries();
        s.insert(T0, 5_000, p, NONE);
        s.insert(T0 + Q, 5_050, p, NONE);
        // meter changed: 5,050 → 30 (wrap 100,000,000 − 5,050 + 30 is implausible; 30 ≤ 100)
        assertThat(s.insert(T0 + 2 * Q, 30, p, NONE)).isEqualTo(InsertResult.ACCEPTED_RESET);
        assertThat(s.quarter(T0 + Q)).isEqualTo(30.0);
        assertThat(s.insert(T0 + 3 * Q, 80, p, NONE)).isEqualTo(InsertResult.ACCEPTED);
        // 50 + 30 + 50 = 130
        assertThat(s.quarter(T0 + 2 * Q)).isEqualTo(50.0);
        assertThat(s.day(at("2026-11-24T00:00"))).isEqualTo(130.0);
    }

    @Test
    void rolloverCountsThroughTheWrap() {
        Point p = cumulative(100_000, 400);
        PointSeries s = new PointSeries();
        s.insert(T0, 99_950, p, NONE);
        s.insert(T0 + Q, 99_990, p, NONE);
        // 100,000 − 99,990 + 30 = 40
        assertThat(s.insert(T0 + 2 * Q, 30, p, NONE)).isEqualTo(InsertResult.ACCEPTED_ROLLOVER);
        assertThat(s.quarter(T0 + Q)).isEqualTo(40.0);
        // a late reading whose next step is the wrap reports the rollover too: 99,995 at 10:22:30
        // → 99,995 − 99,990 = 5, then 100,000 − 99,995 + 30 = 35
        assertThat(s.insert(T0 + Q + Q / 2, 99_995, p, NONE)).isEqualTo(InsertResult.ACCEPTED_ROLLOVER);
        assertThat(s.quarter(T0 + Q)).isEqualTo(40.0);
        assertThat(s.quarterIsEstimated(T0 + Q)).isFalse();
    }

    // ---------------------------------------------------------------- interval points

    @Test
    void intervalPointOfFifteenMinutesFillsItsBucket() {
        Point p = interval(15);
        PointSeries s = new PointSeries();
        assertThat(s.insert(T0, 12.5, p, NONE)).isEqualTo(InsertResult.ACCEPTED);
        assertThat(s.insert(T0 + Q, 7.5, p, NONE)).isEqualTo(InsertResult.ACCEPTED);
        assertThat(s.quarter(T0)).isEqualTo(12.5);
        assertThat(s.quarter(T0 + Q)).isEqualTo(7.5);
        assertThat(s.quarterIsEstimated(T0)).isFalse();
        assertThat(s.insert(T0, 12.5, p, NONE)).isEqualTo(InsertResult.DUPLICATE);
        assertThat(s.insert(T0, 13, p, NONE)).isEqualTo(InsertResult.CONFLICT);
        // an earlier interval arriving late is just added: no neighbours involved
        assertThat(s.insert(T0 - Q, 3, p, NONE)).isEqualTo(InsertResult.ACCEPTED);
        // 3 + 12.5 + 7.5 = 23
        assertThat(s.day(at("2026-11-24T00:00"))).isEqualTo(23.0);
    }

    @Test
    void intervalPointOfSixtyMinutesSpreadsOverFourEstimatedBuckets() {
        Point p = interval(60);
        PointSeries s = new PointSeries();
        Recorder r = new Recorder();
        assertThat(s.insert(T0, 100, p, r)).isEqualTo(InsertResult.ACCEPTED);
        // 100 over [10:00, 11:00): 25 in each quarter, estimated
        assertThat(s.quarters).isEqualTo(4);
        for (int i = 0; i < 4; i++) {
            assertThat(s.quarter(T0 + i * Q)).isEqualTo(25.0);
            assertThat(s.quarterIsEstimated(T0 + i * Q)).isTrue();
        }
        assertThat(s.quarter(T0 + 4 * Q)).isZero();
        assertThat(r.calls).isEqualTo(4);
    }

    // ---------------------------------------------------------------- calendar totals

    @Test
    void dayMonthAndYearSplitAtShanghaiMidnightAndMonthEnd() {
        Point p = cumulative(100_000_000, 400);
        PointSeries s = run(
                List.of(
                        new Reading(at("2026-11-30T23:30"), 1_000),
                        new Reading(at("2026-11-30T23:45"), 1_010),
                        new Reading(at("2026-12-01T00:00"), 1_030),
                        new Reading(at("2026-12-01T00:15"), 1_060),
                        new Reading(at("2026-12-01T00:30"), 1_100)),
                p,
                NONE);
        // November 30: 10 + 20 = 30; December 1: 30 + 40 = 70
        assertThat(s.day(at("2026-11-30T00:00"))).isEqualTo(30.0);
        assertThat(s.day(at("2026-12-01T00:00"))).isEqualTo(70.0);
        assertThat(s.month(at("2026-11-01T00:00"))).isEqualTo(30.0);
        assertThat(s.month(at("2026-12-01T00:00"))).isEqualTo(70.0);
        assertThat(s.year(at("2026-01-01T00:00"))).isEqualTo(100.0);
        // the UTC day 2026-11-30 (starting 08:00 Shanghai) is no period at all
        assertThat(s.month(at("2026-11-30T08:00"))).isZero();
    }

    @Test
    void stepAcrossNewYearIsSplitBetweenTheYears() {
        Point p = cumulative(100_000_000, 400);
        PointSeries s = run(
                List.of(new Reading(at("2026-12-31T23:45"), 2_000), new Reading(at("2027-01-01T00:15"), 2_060)),
                p,
                NONE);
        // 60 over [23:45, 00:15): 30 in 2026, 30 in 2027, both estimated
        long newYear = at("2027-01-01T00:00");
        assertThat(s.quarter(at("2026-12-31T23:45"))).isEqualTo(30.0);
        assertThat(s.quarter(newYear)).isEqualTo(30.0);
        assertThat(s.day(at("2026-12-31T00:00"))).isEqualTo(30.0);
        assertThat(s.day(newYear)).isEqualTo(30.0);
        assertThat(s.month(at("2026-12-01T00:00"))).isEqualTo(30.0);
        assertThat(s.month(newYear)).isEqualTo(30.0);
        assertThat(s.year(at("2026-01-01T00:00"))).isEqualTo(30.0);
        assertThat(s.year(newYear)).isEqualTo(30.0);
        assertThat(s.yearIsEstimated(newYear)).isTrue();
        assertThat(s.dayIsEstimated(newYear)).isTrue();
        assertThat(s.years).isEqualTo(2);
        assertThat(s.months).isEqualTo(2);
    }

    // ---------------------------------------------------------------- sharing copies

    @Test
    void aSharingCopyChangesOnItsOwnAndLeavesTheOriginalAsItWas() {
        Point p = cumulative(100_000_000, 400);
        PointSeries original = run(
                List.of(new Reading(T0, 1_000), new Reading(T0 + Q, 1_010), new Reading(T0 + 3 * Q, 1_040)), p, NONE);
        PointSeries copy = original.sharingCopy();
        assertThat(copy.readings).as("nothing is copied before a change").isSameAs(original.readings);

        // the late reading at +2Q re-splits [+Q, +3Q) = 30 into 12 and 18 in the copy only
        assertThat(copy.insert(T0 + 2 * Q, 1_022, p, NONE)).isEqualTo(InsertResult.ACCEPTED);
        assertThat(copy.size).isEqualTo(4);
        assertThat(copy.quarter(T0 + Q)).isEqualTo(12.0);
        assertThat(copy.quarter(T0 + 2 * Q)).isEqualTo(18.0);
        assertThat(copy.quarterIsEstimated(T0 + Q)).isFalse();

        assertThat(original.size).isEqualTo(3);
        assertThat(original.ts(2)).isEqualTo(T0 + 3 * Q);
        assertThat(original.quarter(T0 + Q)).isEqualTo(15.0);
        assertThat(original.quarter(T0 + 2 * Q)).isEqualTo(15.0);
        assertThat(original.quarterIsEstimated(T0 + Q)).isTrue();
        assertThat(original.day(at("2026-11-24T00:00"))).isEqualTo(40.0);

        // pruning a second copy leaves the first copy alone too
        PointSeries pruned = copy.sharingCopy();
        pruned.prune(at("2026-11-25T01:00"));
        assertThat(pruned.quarters).isZero();
        assertThat(copy.quarters).isEqualTo(3);
        assertThat(copy.ts(0)).isEqualTo(T0);
    }

    @Test
    void anInOrderReadingOnACopyAppendsToTheSharedReadingsAndQuartersAndCopiesOnlyTheMonthAndYearTotals() {
        Point p = cumulative(100_000_000, 400);
        PointSeries original = run(
                List.of(new Reading(T0, 1_000), new Reading(T0 + Q, 1_010), new Reading(T0 + 2 * Q, 1_030)), p, NONE);
        PointSeries copy = original.sharingCopy();

        assertThat(copy.insert(T0 + 3 * Q, 1_060, p, NONE)).isEqualTo(InsertResult.ACCEPTED);

        assertThat(copy.readings).as("appended, not copied").isSameAs(original.readings);
        assertThat(copy.quarterData).as("appended, not copied").isSameAs(original.quarterData);
        assertThat(copy.ledgers).as("changed in place: copied").isNotSameAs(original.ledgers);
        assertThat(copy.size).isEqualTo(4);
        assertThat(copy.quarter(T0 + 2 * Q)).isEqualTo(30.0);
        assertThat(copy.day(at("2026-11-24T00:00"))).isEqualTo(60.0);
        // the original sees what it saw
        assertThat(original.size).isEqualTo(3);
        assertThat(original.quarters).isEqualTo(2);
        assertThat(original.quarter(T0 + 2 * Q)).isZero();
        assertThat(original.day(at("2026-11-24T00:00"))).isEqualTo(30.0);
        assertThat(original.month(at("2026-11-01T00:00"))).isEqualTo(30.0);
    }

    /** What a series holds, copied out: to compare a checkpoint's series before and after its copies went on. */
    private record View(
            List<Long> ts,
            List<Double> values,
            List<Long> quarters,
            List<Double> quarterAmounts,
            List<Integer> quarterEstimated,
            List<Long> days,
            List<Double> dayAmounts,
            List<Integer> dayEstimated,
            List<Long> months,
            List<Double> monthAmounts,
            List<Long> years,
            List<Double> yearAmounts,
            long floor,
            long lastSeen,
            List<Long> covered) {
        static View of(PointSeries s) {
            return new View(
                    list(s.size, s::ts),
                    list(s.size, s::value),
                    list(s.quarters, s::quarterStart),
                    list(s.quarters, s::quarterAmount),
                    list(s.quarters, s::quarterEstimated),
                    list(s.days, s::dayStart),
                    list(s.days, s::dayAmount),
                    list(s.days, s::dayEstimated),
                    list(s.months, s::monthStart),
                    list(s.months, s::monthAmount),
                    list(s.years, s::yearStart),
                    list(s.years, s::yearAmount),
                    s.floor,
                    s.lastSeen,
                    list(s.coveredCount, i -> s.covered[i]));
        }

        private static <T> List<T> list(int n, java.util.function.IntFunction<T> entry) {
            List<T> l = new ArrayList<>();
            for (int i = 0; i < n; i++) l.add(entry.apply(i));
            return l;
        }
    }

    @Test
    void aChainOfCheckpointCopiesLeavesEveryCheckpointAsItWasAndEndsLikeASeriesNeverCopied() {
        Point p = cumulative(100_000_000, 4_000);
        Random random = new Random(7);
        for (int run = 0; run < 50; run++) {
            PointSeries plain = new PointSeries();
            PointSeries live = new PointSeries();
            List<PointSeries> checkpoints = new ArrayList<>();
            List<View> seen = new ArrayList<>();
            long t = at("2026-11-20T00:00");
            double v = 1_000;
            List<Long> times = new ArrayList<>();
            for (int step = 0; step < 400; step++) {
                int op = random.nextInt(20);
                if (op == 0) {
                    // a checkpoint: the live series goes to it, a sharing copy goes on
                    checkpoints.add(live);
                    seen.add(View.of(live));
                    live = live.sharingCopy();
                } else if (op == 1 && !times.isEmpty()) {
                    // a late reading between two known ones, off the grid: re-splits, changes buckets in place
                    int i = random.nextInt(times.size());
                    long late = times.get(i) - 1 - random.nextInt((int) (Q / 2));
                    plain.insert(late, v - 1, p, NONE);
                    live.insert(late, v - 1, p, NONE);
                } else if (op == 2) {
                    long horizon = t - 2 * ShanghaiCalendar.DAY_MS;
                    plain.prune(horizon);
                    live.prune(horizon);
                } else {
                    // in order: mostly on the grid, sometimes off it
                    t += op == 3 ? Q + random.nextInt(600_000) : Q;
                    v += random.nextInt(8) / 4.0;
                    times.add(t);
                    assertThat(plain.insert(t, v, p, NONE)).isEqualTo(live.insert(t, v, p, NONE));
                }
            }
            assertThat(View.of(live)).isEqualTo(View.of(plain));
            for (int i = 0; i < checkpoints.size(); i++)
                assertThat(View.of(checkpoints.get(i)))
                        .as("checkpoint %d of run %d", i, run)
                        .isEqualTo(seen.get(i));
        }
    }

    // ---------------------------------------------------------------- pruning

    @Test
    void pruneClosesTheDaysBeforeTheHorizonAndFloorsAtTheFirstKeptReading() {
        Point p = cumulative(100_000_000, 400);
        // 2026-11-22 23:00 to 2026-11-24 12:00 every quarter hour, +10 each: 149 readings, 148 buckets of 10
        List<Reading> readings = quarterHourly("2026-11-22T23:00", 149);
        PointSeries s = run(readings, p, NONE);
        assertThat(s.day(at("2026-11-22T00:00"))).isEqualTo(40.0);
        assertThat(s.day(at("2026-11-23T00:00"))).isEqualTo(960.0);
        assertThat(s.day(at("2026-11-24T00:00"))).isEqualTo(480.0);

        // horizon 01:00 on the 24th: the 22nd and 23rd close
        assertThat(s.prune(at("2026-11-24T01:00"))).isFalse();
        // readings from 00:00 on the 24th stay (i = 100 .. 148, value 1,000 + 10 × 100 = 2,000 first)
        assertThat(s.size).isEqualTo(49);
        assertThat(s.floor).isEqualTo(at("2026-11-24T00:00"));
        assertThat(s.value(0)).isEqualTo(2_000.0);
        assertThat(s.quarterStart(0)).isEqualTo(at("2026-11-24T00:00"));
        assertThat(s.quarters).isEqualTo(48);
        assertThat(s.day(at("2026-11-24T00:00"))).isEqualTo(480.0);
        assertThat(s.day(at("2026-11-23T00:00"))).isZero();
        // month and year totals are kept: 148 buckets × 10
        assertThat(s.month(at("2026-11-01T00:00"))).isEqualTo(1_480.0);
        assertThat(s.year(at("2026-01-01T00:00"))).isEqualTo(1_480.0);

        // a reading in a closed day can no longer be placed
        InsertResult tooOld = s.insert(at("2026-11-23T23:50"), 1_995, p, NONE);
        assertThat(tooOld).isEqualTo(InsertResult.BEFORE_FLOOR);
        assertThat(tooOld.rejectReason()).isEqualTo(RejectReason.TOO_LATE);
        // the floor reading itself is still known
        assertThat(s.insert(at("2026-11-24T00:00"), 2_000, p, NONE)).isEqualTo(InsertResult.DUPLICATE);
    }

    @Test
    void theHorizonsOwnDayStaysOpenSoALateReadingStillReSplitsIt() {
        Point p = cumulative(100_000_000, 400);
        List<Reading> readings = new ArrayList<>();
        // 2026-11-24 00:00 .. 12:00 every quarter hour, +10 each, but the reading of 02:15 is still buffered
        long day = at("2026-11-24T00:00");
        for (int i = 0; i <= 48; i++) if (i != 9) readings.add(new Reading(day + i * Q, 1_000 + 10 * i));
        PointSeries s = run(readings, p, NONE);
        // 48 buckets × 10
        assertThat(s.day(day)).isEqualTo(480.0);

        s.prune(at("2026-11-24T02:00"));
        assertThat(s.floor).isEqualTo(Long.MIN_VALUE);
        assertThat(s.size).isEqualTo(48);
        // the buffered 02:15 reading (1,090) re-splits [02:00, 02:30)
        assertThat(s.insert(day + 9 * Q, 1_090, p, NONE)).isEqualTo(InsertResult.ACCEPTED);
        assertThat(s.quarter(at("2026-11-24T02:00"))).isEqualTo(10.0);
        assertThat(s.quarter(at("2026-11-24T02:15"))).isEqualTo(10.0);
        assertThat(s.day(day)).isEqualTo(480.0);
        assertThat(s.dayIsEstimated(day)).isFalse();
    }

    @Test
    void aPointSilentSinceBeforeTheHorizonBooksItsNextDeltaIntoOpenDaysOnly() {
        Point p = cumulative(100_000_000, 400);
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i <= 8; i++) readings.add(new Reading(T0 + i * Q, 1_000 + 10 * i));
        PointSeries s = run(readings, p, NONE);
        long nextDay = at("2026-11-25T00:00");
        // the 24th closes; the newest reading (1,080 at 12:00) moves to the start of the 25th
        s.prune(at("2026-11-25T05:00"));
        assertThat(s.size).isEqualTo(1);
        assertThat(s.ts(0)).isEqualTo(nextDay);
        assertThat(s.value(0)).isEqualTo(1_080.0);
        assertThat(s.floor).isEqualTo(nextDay);
        assertThat(s.quarters).isZero();
        // 00:30 on the 25th → 1,100: the 20 since the last reading go to [00:00, 00:30) of the 25th, 10 + 10, estimated
        assertThat(s.insert(nextDay + 2 * Q, 1_100, p, NONE)).isEqualTo(InsertResult.ACCEPTED);
        assertThat(s.quarter(nextDay)).isEqualTo(10.0);
        assertThat(s.quarter(nextDay + Q)).isEqualTo(10.0);
        assertThat(s.dayIsEstimated(nextDay)).isTrue();
        // 8 × 10 on the 24th + 20 on the 25th
        assertThat(s.month(at("2026-11-01T00:00"))).isEqualTo(100.0);
        // a reading between the moved anchor and the new one re-splits within the open day
        assertThat(s.insert(nextDay + Q, 1_095, p, NONE)).isEqualTo(InsertResult.ACCEPTED);
        assertThat(s.quarter(nextDay)).isEqualTo(15.0);
        assertThat(s.quarter(nextDay + Q)).isEqualTo(5.0);
        assertThat(s.dayIsEstimated(nextDay)).isFalse();
    }

    @Test
    void intervalPointsForgetClosedDaysAndRejectResendsIntoThem() {
        Point p = interval(15);
        PointSeries s =
                run(List.of(new Reading(at("2026-11-24T23:45"), 7), new Reading(at("2026-11-25T00:00"), 9)), p, NONE);
        s.prune(at("2026-11-25T03:00"));
        assertThat(s.size).isEqualTo(1);
        assertThat(s.floor).isEqualTo(at("2026-11-25T00:00"));
        assertThat(s.insert(at("2026-11-24T23:45"), 7, p, NONE)).isEqualTo(InsertResult.BEFORE_FLOOR);
        assertThat(s.insert(at("2026-11-25T00:00"), 9, p, NONE)).isEqualTo(InsertResult.DUPLICATE);
        assertThat(s.day(at("2026-11-25T00:00"))).isEqualTo(9.0);
    }

    @Test
    void pruneWithoutReadingsBeforeTheHorizonKeepsEverythingAndOldMonthsAndYearsGo() {
        Point p = cumulative(100_000_000, 1e9);
        PointSeries s = run(
                List.of(
                        new Reading(at("2025-06-01T00:00"), 0),
                        new Reading(at("2025-06-01T00:15"), 10),
                        new Reading(at("2026-11-24T10:00"), 20)),
                p,
                NONE);
        assertThat(s.years).isEqualTo(2);
        // horizon 2026-11-30: the newest reading moves to the 30th; months before 2025-11 and years before 2025 go
        assertThat(s.prune(at("2026-11-30T00:00"))).isFalse();
        assertThat(s.size).isEqualTo(1);
        assertThat(s.ts(0)).isEqualTo(at("2026-11-30T00:00"));
        assertThat(s.month(at("2025-06-01T00:00"))).isZero();
        assertThat(s.monthStart(0)).isEqualTo(at("2025-11-01T00:00"));
        assertThat(s.years).isEqualTo(2);
        assertThat(s.yearStart(0)).isEqualTo(at("2025-01-01T00:00"));
        // a year later only 2026 and 2027 can still change
        s.prune(at("2027-12-01T00:00"));
        assertThat(s.year(at("2025-01-01T00:00"))).isZero();
        assertThat(s.yearStart(0)).isEqualTo(at("2026-01-01T00:00"));

        PointSeries empty = new PointSeries();
        assertThat(empty.prune(T0)).isTrue();
        assertThat(empty.floor).isEqualTo(Long.MIN_VALUE);
    }

    // ---------------------------------------------------------------- recent and older parts

    @Test
    void splitKeepsTheAnchorAndItsQuarterHoursOnInTheRecentPart() {
        Point p = cumulative(100_000_000, 400);
        // 2026-11-22 23:00 to 2026-11-24 12:00 every quarter hour, +10 each: 149 readings, 148 buckets of 10
        List<Reading> readings = quarterHourly("2026-11-22T23:00", 149);
        PointSeries recent = run(readings, p, NONE);
        PointSeries whole = run(readings, p, NONE);

        PointSeries older = recent.splitOlder(at("2026-11-24T00:00"));

        // readings before the 24th are i = 0 .. 99; the last of them (23rd 23:45) stays as the anchor
        assertThat(older.size).isEqualTo(99);
        assertThat(older.ts(98)).isEqualTo(at("2026-11-23T23:30"));
        assertThat(recent.size).isEqualTo(50);
        assertThat(recent.ts(0)).isEqualTo(at("2026-11-23T23:45"));
        assertThat(recent.value(0)).isEqualTo(1_990.0);
        // quarter hours from the anchor's on stay; the 99 before it move
        assertThat(older.quarters).isEqualTo(99);
        assertThat(older.quarterStart(0)).isEqualTo(at("2026-11-22T23:00"));
        assertThat(recent.quarters).isEqualTo(49);
        assertThat(recent.quarterStart(0)).isEqualTo(at("2026-11-23T23:45"));
        assertThat(recent.day(at("2026-11-23T00:00"))).isEqualTo(960.0);
        assertThat(recent.day(at("2026-11-24T00:00"))).isEqualTo(480.0);
        // day, month and year ledgers and the header stay with the recent part
        assertThat(older.months).isZero();
        assertThat(recent.month(at("2026-11-01T00:00"))).isEqualTo(1_480.0);
        assertThat(recent.lastSeen).isEqualTo(at("2026-11-24T12:00"));

        assertThat(recent.day(at("2026-11-22T00:00")))
                .as("day totals stay whole in the recent part")
                .isEqualTo(40.0);
        assertThat(recent.needsOlderFor(at("2026-11-23T23:40"))).isTrue();
        assertThat(recent.needsOlderFor(at("2026-11-23T23:45")))
                .as("at the anchor's time the step before it may decide (outside the hot window)")
                .isTrue();
        assertThat(recent.needsOlderFor(at("2026-11-23T23:50"))).isFalse();
        assertThat(View.of(PointSeries.joined(older, recent))).isEqualTo(View.of(whole));
        assertThat(recent.splitOlder(at("2026-11-24T00:00")))
                .as("nothing more to move")
                .isNull();
    }

    @Test
    void aSplitLeavesTheCheckpointsCopyItSharedArraysWithAsItWas() {
        Point p = cumulative(100_000_000, 400);
        List<Reading> readings = quarterHourly("2026-11-22T00:00", 200);
        PointSeries checkpoint = run(readings, p, NONE);
        View before = View.of(checkpoint);
        PointSeries live = checkpoint.sharingCopy();
        PointSeries older = live.splitOlder(at("2026-11-24T00:00"));
        live.insert(at("2026-11-24T02:00"), 3_000, p, NONE);
        assertThat(older.size).as("the 22nd and 23rd but the anchor at 23:45").isEqualTo(191);
        assertThat(View.of(checkpoint)).isEqualTo(before);
    }

    /**
     * The way the job keeps a point: a recent part, and an older part split off once a day, joined again only for a
     * reading before the recent part or a day total that needs it. Every result, every bucket change and every day
     * total must be those of one whole series.
     */
    @Test
    void aSeriesKeptInTwoPartsBehavesExactlyLikeOneWholeSeries() {
        Random random = new Random(11);
        for (int run = 0; run < 60; run++) {
            Point p = run % 3 == 0 ? interval(15) : cumulative(100_000_000, 4_000);
            PointSeries plain = new PointSeries();
            PointSeries recent = new PointSeries();
            PointSeries older = null;
            Recorder plainChanges = new Recorder();
            Recorder partChanges = new Recorder();
            long t = at("2026-11-01T00:00");
            double v = 1_000;
            List<Reading> accepted = new ArrayList<>();
            int joinedForReadings = 0;
            for (int step = 0; step < 1_500; step++) {
                int op = random.nextInt(40);
                if (op == 0) {
                    // the daily split (with a prune now and then), as the job's timer does it
                    PointSeries whole = older == null ? recent : PointSeries.joined(older, recent);
                    long day = ShanghaiCalendar.dayStart(t);
                    if (random.nextBoolean()) {
                        plain.prune(day - 5 * ShanghaiCalendar.DAY_MS);
                        whole.prune(day - 5 * ShanghaiCalendar.DAY_MS);
                    }
                    older = whole.splitOlder(day);
                    recent = whole;
                } else if (op <= 3 && !accepted.isEmpty()) {
                    // late, possibly days back into the older part: off the grid, a duplicate or a conflict
                    Reading r = accepted.get(random.nextInt(accepted.size()));
                    long late = op == 1 ? r.ts() - 1 - random.nextInt((int) Q) : r.ts();
                    double value = op == 3 ? r.value() + 1 : op == 2 ? r.value() : r.value() - 0.25;
                    InsertResult expected = plain.insert(late, value, p, plainChanges);
                    InsertResult actual;
                    if (older != null && recent.needsOlderFor(late)) {
                        joinedForReadings++;
                        long anchor = recent.ts(0) + 1;
                        PointSeries whole = PointSeries.joined(older, recent);
                        actual = whole.insert(late, value, p, partChanges);
                        older = whole.splitOlder(anchor);
                        recent = whole;
                    } else {
                        actual = recent.insert(late, value, p, partChanges);
                    }
                    assertThat(actual)
                            .as("late reading at %d in run %d", late, run)
                            .isEqualTo(expected);
                } else if (op == 4) {
                    long day = ShanghaiCalendar.dayStart(t - random.nextInt(10) * ShanghaiCalendar.DAY_MS);
                    PointSeries source = recent;
                    assertThat(source.day(day)).as("day %d in run %d", day, run).isEqualTo(plain.day(day));
                    assertThat(source.dayIsEstimated(day)).isEqualTo(plain.dayIsEstimated(day));
                } else {
                    // in order: mostly on the grid, sometimes off it, sometimes after a gap of hours
                    t += op == 5 ? Q + random.nextInt(600_000) : op == 6 ? 20 * Q : Q;
                    v += random.nextInt(8) / 4.0;
                    InsertResult expected = plain.insert(t, v, p, plainChanges);
                    assertThat(recent.needsOlderFor(t)).isFalse();
                    assertThat(recent.insert(t, v, p, partChanges)).isEqualTo(expected);
                    if (expected.accepted()) accepted.add(new Reading(t, v));
                }
            }
            PointSeries whole = older == null ? recent : PointSeries.joined(older, recent);
            assertThat(View.of(whole)).as("run %d", run).isEqualTo(View.of(plain));
            assertThat(partChanges.amount).isEqualTo(plainChanges.amount);
            assertThat(partChanges.estimated).isEqualTo(plainChanges.estimated);
            assertThat(joinedForReadings)
                    .as("readings before the recent part in run %d", run)
                    .isPositive();
        }
    }

    @Test
    void searchAnswersExactlyLikeABinarySearch() {
        Random random = new Random(3);
        for (int run = 0; run < 2_000; run++) {
            int n = random.nextInt(12);
            long[] a = new long[n + random.nextInt(3)];
            long v = random.nextInt(5);
            for (int i = 0; i < n; i++) a[i] = v += 1 + random.nextInt(3);
            // the same entries packed as a series packs them: after some other entries, three longs each
            int from = 3 * random.nextInt(3);
            long[] packed = new long[from + 3 * a.length];
            for (int i = 0; i < packed.length; i++) packed[i] = random.nextLong();
            for (int i = 0; i < n; i++) packed[from + 3 * i] = a[i];
            for (long key = -1; key <= v + 2; key++) {
                int expected = n == 0 ? -1 : java.util.Arrays.binarySearch(a, 0, n, key);
                assertThat(PointSeries.search(a, 0, 1, n, key))
                        .as("%s of %d, key %d", java.util.Arrays.toString(a), n, key)
                        .isEqualTo(expected);
                assertThat(PointSeries.search(packed, from, 3, n, key))
                        .as("packed %s of %d, key %d", java.util.Arrays.toString(a), n, key)
                        .isEqualTo(expected);
            }
        }
    }

    // ---------------------------------------------------------------- the hot window

    private static final long HOUR = 3_600_000L;
    private static final long HOT = 72 * HOUR;

    /** Quarter-hourly readings from {@code from} for {@code days} days, +10 each, but none in [gapFrom, gapTo). */
    private static PointSeries withGap(Point p, String from, int days, long gapFrom, long gapTo, List<Reading> out) {
        PointSeries s = new PointSeries();
        long t0 = at(from);
        for (int i = 0; i <= days * 96; i++) {
            long t = t0 + i * Q;
            Reading r = new Reading(t, 1_000 + 10 * i);
            out.add(r);
            if (t > gapFrom && t < gapTo) continue;
            assertThat(s.insert(t, r.value(), p, HOT, NONE).accepted()).isTrue();
        }
        return s;
    }

    @Test
    void atTheHotWindowsEdgeADuplicateIsADuplicateAndJustOutsideItIsLateCovered() {
        Point p = cumulative(100_000_000, 400);
        List<Reading> all = new ArrayList<>();
        PointSeries s = withGap(p, "2026-11-20T00:00", 5, Long.MIN_VALUE, Long.MIN_VALUE, all);
        long newest = s.lastSeen;
        long edge = newest - HOT;
        assertThat(edge).isEqualTo(at("2026-11-22T00:00"));
        Recorder r = new Recorder();

        assertThat(s.insert(edge, 1_000 + 10 * 192, p, HOT, r))
                .as("72 h behind the newest reading is still inside")
                .isEqualTo(InsertResult.DUPLICATE);
        assertThat(s.insert(edge, 1_000 + 10 * 192 + 1, p, HOT, r)).isEqualTo(InsertResult.CONFLICT);
        assertThat(s.insert(edge + 60_000, 2_925, p, HOT, r))
                .as("inside, off the grid: placed")
                .isEqualTo(InsertResult.ACCEPTED);
        assertThat(s.insert(edge - Q, 1_000 + 10 * 191, p, HOT, r))
                .as("a duplicate a quarter hour outside: its stretch is covered")
                .isEqualTo(InsertResult.LATE_COVERED);
        assertThat(s.insert(edge - 60_000, 2_915, p, HOT, r))
                .as("off the grid a minute outside, between readings a quarter hour apart")
                .isEqualTo(InsertResult.LATE_COVERED);
        assertThat(InsertResult.LATE_COVERED.rejectReason()).isEqualTo(RejectReason.LATE_COVERED);
        assertThat(s.insert(at("2026-11-19T12:00"), 500, p, HOT, r))
                .as("before the point's first reading")
                .isEqualTo(InsertResult.LATE_COVERED);
        // the one accepted reading re-split [edge, edge + Q) exactly: 5 + 5 in the same bucket, nothing else moved
        assertThat(r.amount.keySet()).containsExactly(edge);
        assertThat(r.amount.get(edge)).isEqualTo(0.0);
    }

    @Test
    void anOldReadingIntoARecordedGapReSplitsItExactlyEvenAfterCompaction() {
        Point p = cumulative(100_000_000, 400);
        long gapFrom = at("2026-11-21T08:00");
        long gapTo = at("2026-11-21T14:00");
        List<Reading> all = new ArrayList<>();
        PointSeries s = withGap(p, "2026-11-20T00:00", 6, gapFrom, gapTo, all);
        PointSeries never = withGap(p, "2026-11-20T00:00", 6, gapFrom, gapTo, new ArrayList<>());
        s.compact(s.lastSeen - HOT, p);

        // kept: the gap's two bounds, the anchor before the cut and the readings after it; covered marks around the gap
        assertThat(s.size).isLessThan(never.size);
        assertThat(s.ts(0)).isEqualTo(gapFrom);
        assertThat(s.ts(1)).isEqualTo(gapTo);
        assertThat(s.covered).startsWith(gapTo);
        assertThat(s.day(at("2026-11-21T00:00"))).isEqualTo(never.day(at("2026-11-21T00:00")));
        assertThat(s.quarter(at("2026-11-21T10:00")))
                .as("the gap's estimated quarter hours stay")
                .isEqualTo(never.quarter(at("2026-11-21T10:00")));
        assertThat(s.quarter(at("2026-11-21T16:00")))
                .as("covered quarter hours go")
                .isZero();

        // the gateway's buffer arrives four days late: every reading into the gap is placed, exactly as without the
        // hot window; its first bound is a duplicate; the last one, once the gap is filled, bounds none and is
        // late_covered, as is a reading beside the gap
        Recorder compacted = new Recorder();
        Recorder plain = new Recorder();
        for (Reading r : all) {
            if (r.ts() < gapFrom || r.ts() > gapTo) continue;
            InsertResult want = r.ts() == gapFrom
                    ? InsertResult.DUPLICATE
                    : r.ts() == gapTo ? InsertResult.LATE_COVERED : InsertResult.ACCEPTED;
            assertThat(s.insert(r.ts(), r.value(), p, HOT, compacted)).isEqualTo(want);
            assertThat(never.insert(r.ts(), r.value(), p, HOT, plain)).isEqualTo(want);
        }
        assertThat(s.insert(gapFrom - Q, 1, p, HOT, compacted)).isEqualTo(InsertResult.LATE_COVERED);
        assertThat(compacted.amount).isEqualTo(plain.amount);
        assertThat(compacted.estimated).isEqualTo(plain.estimated);
        // [08:00, 14:00) now holds 24 steps of 10 exactly: every quarter hour 10, nothing estimated any more
        for (long b = gapFrom; b < gapTo; b += Q) {
            assertThat(s.quarter(b)).as("bucket %d", b).isEqualTo(10.0);
            assertThat(s.quarterIsEstimated(b)).isFalse();
        }
        assertThat(s.day(at("2026-11-21T00:00"))).isEqualTo(960.0);
        assertThat(s.dayIsEstimated(at("2026-11-21T00:00"))).isFalse();
        assertThat(s.month(at("2026-11-01T00:00"))).isEqualTo(never.month(at("2026-11-01T00:00")));
        // once filled, the stretch is covered: a late copy of the upload is late_covered, not counted again
        s.compact(s.lastSeen - HOT, p);
        assertThat(s.insert(gapFrom + Q, 1_000 + 10 * (32 + 1), p, HOT, compacted))
                .isEqualTo(InsertResult.LATE_COVERED);
        assertThat(s.ts(0)).isGreaterThanOrEqualTo(s.lastSeen - HOT - Q);
    }

    @Test
    void aMissingReadingMakesAGapAndJitterDoesNot() {
        Point p = cumulative(100_000_000, 400);
        assertThat(PointSeries.isGap(T0, T0 + 2 * Q, p))
                .as("one reading missing")
                .isTrue();
        assertThat(PointSeries.isGap(T0, T0 + Q + 7 * 60_000, p))
                .as("seven minutes late")
                .isFalse();
        assertThat(PointSeries.isGap(T0, T0 + 3 * Q / 2, p)).isFalse();
        Point hourly = interval(60);
        assertThat(PointSeries.isGap(T0, T0 + 4 * Q, hourly))
                .as("the next period")
                .isFalse();
        assertThat(PointSeries.isGap(T0, T0 + 8 * Q, hourly))
                .as("room for one period")
                .isTrue();
    }

    @Test
    void anIntervalPointTakesAnOldAmountOnlyWhereItsWholePeriodIsUncovered() {
        Point p = interval(15);
        PointSeries s = new PointSeries();
        long t0 = at("2026-11-20T00:00");
        for (int i = 0; i < 5 * 96; i++) {
            if (i >= 40 && i < 44) continue; // 10:00 .. 11:00 on the 20th missing
            s.insert(t0 + i * Q, 7, p, HOT, NONE);
        }
        s.compact(s.lastSeen - HOT, p);
        assertThat(s.insert(t0 + 41 * Q, 7, p, HOT, NONE)).isEqualTo(InsertResult.ACCEPTED);
        assertThat(s.insert(t0 + 41 * Q + 60_000, 7, p, HOT, NONE))
                .as("its period would overlap the one just taken")
                .isEqualTo(InsertResult.LATE_COVERED);
        assertThat(s.insert(t0 + 20 * Q, 7, p, HOT, NONE)).isEqualTo(InsertResult.LATE_COVERED);
        assertThat(s.quarter(t0 + 41 * Q)).isEqualTo(7.0);
        assertThat(s.day(t0)).isEqualTo(7.0 * (96 - 3));
    }

    /**
     * Compaction changes what is kept, never a result: the same readings offered to a series compacted now and then
     * and to one never compacted (both with the hot window) give the same results, bucket changes and totals.
     */
    @Test
    void compactingChangesWhatIsKeptAndNoResult() {
        Random random = new Random(17);
        for (int run = 0; run < 40; run++) {
            Point p = run % 4 == 0 ? interval(15) : cumulative(100_000_000, 4_000);
            long hot = (24 + random.nextInt(72)) * HOUR;
            PointSeries plain = new PointSeries();
            PointSeries compacted = new PointSeries();
            Recorder plainChanges = new Recorder();
            Recorder compactedChanges = new Recorder();
            long t = at("2026-11-01T00:00");
            double v = 1_000;
            List<Reading> offered = new ArrayList<>();
            List<Reading> skipped = new ArrayList<>();
            int lateCovered = 0;
            int lateIntoGaps = 0;
            for (int step = 0; step < 3_000; step++) {
                int op = random.nextInt(60);
                if (op == 0) {
                    compacted.compact(compacted.lastSeen - hot, p);
                } else if (op <= 4 && !offered.isEmpty()) {
                    // late: a skipped reading (into a gap), a re-send, or off the grid
                    Reading r = op == 1 && !skipped.isEmpty()
                            ? skipped.remove(random.nextInt(skipped.size()))
                            : offered.get(random.nextInt(offered.size()));
                    long late = op == 3 ? r.ts() - 1 - random.nextInt((int) Q) : r.ts();
                    double value = op == 4 ? r.value() + 1 : r.value();
                    InsertResult expected = plain.insert(late, value, p, hot, plainChanges);
                    InsertResult actual = compacted.insert(late, value, p, hot, compactedChanges);
                    assertThat(actual)
                            .as("late reading at %d in run %d", late, run)
                            .isEqualTo(expected);
                    if (!plain.inHotWindow(late, hot)) {
                        if (expected == InsertResult.LATE_COVERED) lateCovered++;
                        if (expected.accepted()) lateIntoGaps++;
                    }
                } else {
                    // in order, mostly on the grid; now and then a few hours skipped, to come later
                    t += op == 5 ? Q + random.nextInt(300_000) : Q;
                    v += random.nextInt(8) / 4.0;
                    Reading r = new Reading(t, v);
                    offered.add(r);
                    if (op == 6) {
                        for (int k = 0; k < 12; k++) {
                            skipped.add(new Reading(t, v));
                            t += Q;
                            v += 1;
                        }
                    }
                    InsertResult expected = plain.insert(t, v, p, hot, plainChanges);
                    assertThat(compacted.insert(t, v, p, hot, compactedChanges)).isEqualTo(expected);
                }
            }
            assertThat(compactedChanges.amount).as("run %d", run).isEqualTo(plainChanges.amount);
            assertThat(compactedChanges.estimated).isEqualTo(plainChanges.estimated);
            assertThat(compacted.days).isEqualTo(plain.days);
            for (int i = 0; i < plain.days; i++) {
                assertThat(compacted.dayAmount(i)).isEqualTo(plain.dayAmount(i));
                assertThat(compacted.dayEstimated(i)).isEqualTo(plain.dayEstimated(i));
            }
            for (int q = 0; q < compacted.quarters; q++) {
                long b = compacted.quarterStart(q);
                assertThat(compacted.quarterAmount(q)).isEqualTo(plain.quarter(b));
            }
            assertThat(compacted.size).isLessThan(plain.size);
            if (run % 4 != 0) {
                assertThat(lateCovered).as("late_covered in run %d", run).isPositive();
                assertThat(lateIntoGaps)
                        .as("old readings into gaps in run %d", run)
                        .isPositive();
            }
        }
    }

    // ---------------------------------------------------------------- listener

    @Test
    void listenerDeltasAddUpToEveryBucket() {
        Random rnd = new Random(42L);
        Point p = cumulative(0, 1e9);
        List<Reading> readings = new ArrayList<>();
        long t = at("2026-11-30T21:07:00");
        double v = 0;
        for (int i = 0; i < 30; i++) {
            readings.add(new Reading(t, v));
            t += 60_000L + rnd.nextInt(40 * 60_000);
            v += 1 + rnd.nextInt(500);
        }
        Collections.shuffle(readings, rnd);
        Recorder r = new Recorder();
        PointSeries s = run(readings, p, r);
        assertThat(s.quarters).isPositive();
        assertThat(r.amount.keySet()).hasSize(s.quarters);
        for (int i = 0; i < s.quarters; i++) {
            long b = s.quarterStart(i);
            assertThat(r.amount.get(b))
                    .as("bucket %d", b)
                    .isCloseTo(s.quarterAmount(i), within(1e-9 * Math.abs(s.quarterAmount(i))));
            assertThat(r.estimated.get(b)).as("estimated of %d", b).isEqualTo(s.quarterEstimated(i));
        }
    }
}
