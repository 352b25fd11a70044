package dcmon.monitoring;

import static dcmon.monitoring.TestRegistry.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dcmon.core.calendar.Period;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.reading.AcceptedReadings;
import dcmon.core.reading.RejectReason;
import dcmon.core.reading.Rejection;
import dcmon.core.series.PointSeries;
import dcmon.core.usage.UsageKeys;
import dcmon.influx.SeriesPoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnterpriseUsageFunctionTest {
    private static final Duration LATENESS = Duration.ofDays(35);
    private KeyedOneInputStreamOperatorTestHarness<String, AcceptedReadings, List<SeriesPoint>> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new EnterpriseUsageFunction(TestRegistry.provider(), LATENESS), a -> a.enterprise, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(String enterprise, String gateway, long receivedAt, Object... pointTsValue) throws Exception {
        harness.processElement(new StreamRecord<>(
                TestRegistry.accepted(enterprise, gateway, receivedAt, 7, pointTsValue), receivedAt));
    }

    /** Every row emitted so far, in order: the function emits them a list per message or timer. */
    private List<SeriesPoint> rows() {
        return harness.extractOutputValues().stream().flatMap(List::stream).toList();
    }

    /** The last value written per series and time, as InfluxDB would hold it. */
    private Map<String, SeriesPoint> stored() {
        Map<String, SeriesPoint> last = new HashMap<>();
        for (SeriesPoint p : rows()) last.put(p.seriesKey().toString(), p);
        return last;
    }

    private SeriesPoint find(String measurement, Map<String, String> tags, long time) {
        List<SeriesPoint> matches = stored().values().stream()
                .filter(p -> p.measurement().equals(measurement)
                        && p.timeMillis() == time
                        && p.tags().entrySet().containsAll(tags.entrySet()))
                .collect(Collectors.toList());
        assertThat(matches).as("%s %s at %d", measurement, tags, time).hasSize(1);
        return matches.get(0);
    }

    private double pointAmount(String enterprise, String point, String period, String start) {
        return (Double)
                find("point_usage", Map.of("enterprise", enterprise, "point", point, "period", period), at(start))
                        .fields()
                        .get("amount");
    }

    @Test
    void aMessagesRowsLeaveTogetherPointRowsFirst() throws Exception {
        long rx = at("2026-11-24T10:31:00+08:00");
        send(
                STEEL,
                "GW01",
                rx,
                "E-MAIN-01",
                "2026-11-24T10:00:00+08:00",
                100,
                "E-MAIN-01",
                "2026-11-24T10:15:00+08:00",
                200,
                "E-MAIN-01",
                "2026-11-24T10:30:00+08:00",
                350);
        send(STEEL, "GW01", rx + 60_000, "E-MAIN-01", "2026-11-24T10:30:00+08:00", 350); // a duplicate: nothing changes

        List<List<SeriesPoint>> lists = harness.extractOutputValues();
        assertThat(lists)
                .as("one list for the first message, none for the duplicate")
                .hasSize(1);
        // the point's two quarter hours, day, month and year (this function writes roll-ups with every message), then
        // the enterprise's periods in the order the message first changed them
        assertThat(lists.get(0))
                .extracting(p -> p.measurement() + " " + p.tags().get("period"))
                .containsExactly(
                        "point_usage 15m",
                        "point_usage 15m",
                        "point_usage day",
                        "point_usage month",
                        "point_usage year",
                        "enterprise_usage 15m",
                        "enterprise_usage day",
                        "enterprise_usage month",
                        "enterprise_usage year",
                        "enterprise_usage 15m");
    }

    @Test
    void registerDeltasFillOneQuarterEachAndSumIntoTheShanghaiDay() throws Exception {
        long rx = at("2026-11-24T10:31:00+08:00");
        send(
                STEEL,
                "GW01",
                rx,
                "E-MAIN-01",
                "2026-11-24T10:00:00+08:00",
                100,
                "E-MAIN-01",
                "2026-11-24T10:15:00+08:00",
                200,
                "E-MAIN-01",
                "2026-11-24T10:30:00+08:00",
                350);

        assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", "2026-11-24T10:00:00+08:00"))
                .isEqualTo(100.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", "2026-11-24T10:15:00+08:00"))
                .isEqualTo(150.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "day", "2026-11-24T00:00:00+08:00"))
                .isEqualTo(250.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "month", "2026-11-01T00:00:00+08:00"))
                .isEqualTo(250.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "year", "2026-01-01T00:00:00+08:00"))
                .isEqualTo(250.0);

        SeriesPoint day = find(
                "enterprise_usage",
                Map.of("enterprise", STEEL, "period", "day", "city", "420100", "tier", "hundred"),
                at("2026-11-24T00:00:00+08:00"));
        // 250 kWh × 0.1229 kgce/kWh = 30.725 kgce; 等价值 250 × 0.300 = 75 kgce; CO₂ 250 × 0.5306 kg (2026 falls back to
        // 2023)
        assertThat((Double) day.fields().get("tce")).isCloseTo(0.030725, within(1e-15));
        assertThat((Double) day.fields().get("tce_equal_value")).isCloseTo(0.075, within(1e-15));
        assertThat((Double) day.fields().get("tce_policy")).isCloseTo(0.030725, within(1e-15));
        assertThat((Double) day.fields().get("tco2")).isCloseTo(0.13265, within(1e-15));
        assertThat(day.fields().get("estimated")).isEqualTo(false);
    }

    @Test
    void withARollupIntervalPointDayMonthAndYearRowsFollowOnceAndQuarterRowsAtOnce() throws Exception {
        harness.close();
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new EnterpriseUsageFunction(TestRegistry.provider(), LATENESS, Duration.ofSeconds(30)),
                a -> a.enterprise,
                Types.STRING);
        harness.setProcessingTime(1_000);
        long rx = at("2026-11-24T10:31:00+08:00");
        send(
                STEEL,
                "GW01",
                rx,
                "E-MAIN-01",
                "2026-11-24T10:00:00+08:00",
                100,
                "E-MAIN-01",
                "2026-11-24T10:15:00+08:00",
                200);
        send(STEEL, "GW01", rx + 1000, "E-MAIN-01", "2026-11-24T10:30:00+08:00", 350);

        assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", "2026-11-24T10:15:00+08:00"))
                .isEqualTo(150.0);
        assertThat(rows())
                .noneMatch(p -> p.measurement().equals("point_usage")
                        && !p.tags().get("period").equals("15m"));
        // the enterprise's own rows do not wait
        assertThat(find(
                        "enterprise_usage",
                        Map.of("enterprise", STEEL, "period", "day"),
                        at("2026-11-24T00:00:00+08:00")))
                .isNotNull();
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        harness.setProcessingTime(31_000);

        assertThat(pointAmount(STEEL, "E-MAIN-01", "day", "2026-11-24T00:00:00+08:00"))
                .isEqualTo(250.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "month", "2026-11-01T00:00:00+08:00"))
                .isEqualTo(250.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "year", "2026-01-01T00:00:00+08:00"))
                .isEqualTo(250.0);
        long dayRows = rows().stream()
                .filter(p -> p.measurement().equals("point_usage")
                        && p.tags().get("period").equals("day"))
                .count();
        assertThat(dayRows).as("two messages, one day row").isEqualTo(1);
        assertThat(harness.numProcessingTimeTimers()).isZero();

        // a late reading of the day before: both days are written on the next round
        send(STEEL, "GW01", rx + 2000, "E-MAIN-01", "2026-11-23T23:45:00+08:00", 40);
        harness.setProcessingTime(61_000);
        // 60 kWh from 23:45 to 10:00 spread over 615 minutes: 15 of them on the 23rd
        assertThat(pointAmount(STEEL, "E-MAIN-01", "day", "2026-11-23T00:00:00+08:00"))
                .isCloseTo(60.0 * 15 / 615, within(1e-9));
        assertThat(pointAmount(STEEL, "E-MAIN-01", "day", "2026-11-24T00:00:00+08:00"))
                .isCloseTo(250.0 + 60.0 * 600 / 615, within(1e-9));
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    /** A harness of the function with a 30 s roll-up interval, not yet opened. */
    private static KeyedOneInputStreamOperatorTestHarness<String, AcceptedReadings, List<SeriesPoint>> rollupHarness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(
                        new EnterpriseUsageFunction(TestRegistry.provider(), LATENESS, Duration.ofSeconds(30))),
                a -> a.enterprise,
                Types.STRING);
    }

    @Test
    void rollupDaysPendingBeforeARestoreAreWrittenWithThoseAddedAfterIt() throws Exception {
        harness.close();
        harness = rollupHarness();
        harness.open();
        harness.setProcessingTime(1_000);
        long rx = at("2026-11-24T10:31:00+08:00");
        send(
                STEEL,
                "GW01",
                rx,
                "E-MAIN-01",
                "2026-11-24T10:00:00+08:00",
                100,
                "E-MAIN-01",
                "2026-11-24T10:15:00+08:00",
                200);
        OperatorSubtaskState checkpoint = harness.snapshot(1, 2_000);
        harness.close();

        // the restored instance has the 24th pending in state, and knows nothing of it beyond that
        harness = rollupHarness();
        harness.setup();
        harness.initializeState(checkpoint);
        harness.open();
        harness.setProcessingTime(2_000);
        send(STEEL, "GW01", rx + 1000, "E-MAIN-01", "2026-11-23T23:45:00+08:00", 40);
        harness.setProcessingTime(31_000);

        // 60 kWh from 23:45 to 10:00 spread over 615 minutes: 15 of them on the 23rd
        assertThat(pointAmount(STEEL, "E-MAIN-01", "day", "2026-11-23T00:00:00+08:00"))
                .isCloseTo(60.0 * 15 / 615, within(1e-9));
        assertThat(pointAmount(STEEL, "E-MAIN-01", "day", "2026-11-24T00:00:00+08:00"))
                .isCloseTo(100 + 60.0 * 600 / 615, within(1e-9));
        assertThat(harness.numProcessingTimeTimers()).isZero();

        // after the timer the instance knows the (now empty) state: the next day written is only the new one
        send(STEEL, "GW01", rx + 2000, "E-MAIN-01", "2026-11-24T10:30:00+08:00", 260);
        harness.setProcessingTime(61_000);
        List<SeriesPoint> last =
                harness.extractOutputValues().get(harness.extractOutputValues().size() - 1);
        assertThat(last)
                .filteredOn(r -> r.tags().get("period").equals("day"))
                .extracting(SeriesPoint::timeMillis)
                .containsExactly(at("2026-11-24T00:00:00+08:00"));
    }

    @Test
    void atEndOfInputWaitingPointRollupsAreWritten() throws Exception {
        harness.close();
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new EnterpriseUsageFunction(TestRegistry.provider(), LATENESS, Duration.ofSeconds(30)),
                a -> a.enterprise,
                Types.STRING);
        send(
                STEEL,
                "GW01",
                at("2026-11-24T10:31:00+08:00"),
                "E-MAIN-01",
                "2026-11-24T10:00:00+08:00",
                100,
                "E-MAIN-01",
                "2026-11-24T10:30:00+08:00",
                160);

        harness.processWatermark(Long.MAX_VALUE);

        assertThat(pointAmount(STEEL, "E-MAIN-01", "day", "2026-11-24T00:00:00+08:00"))
                .isEqualTo(60.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "year", "2026-01-01T00:00:00+08:00"))
                .isEqualTo(60.0);
    }

    @Test
    void unionOfDayListsIsSortedAndDistinct() {
        assertThat(SortedLongs.union(null, new long[] {5})).containsExactly(5);
        assertThat(SortedLongs.union(new long[] {1, 4, 9}, new long[] {2, 4, 10}))
                .containsExactly(1, 2, 4, 9, 10);
        long[] waiting = {1, 4, 9};
        assertThat(SortedLongs.union(waiting, new long[] {4, 9}))
                .as("nothing new: no new state value")
                .isSameAs(waiting);
    }

    @Test
    void aLateReadingReSplitsTheGapItFallsInto() throws Exception {
        long rx = at("2026-11-24T11:01:00+08:00");
        send(
                STEEL,
                "GW01",
                rx,
                "E-MAIN-01",
                "2026-11-24T10:00:00+08:00",
                100,
                "E-MAIN-01",
                "2026-11-24T11:00:00+08:00",
                500);
        // 400 kWh over an hour: 100 in each quarter, estimated
        assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", "2026-11-24T10:30:00+08:00"))
                .isEqualTo(100.0);
        assertThat(find("point_usage", Map.of("point", "E-MAIN-01", "period", "15m"), at("2026-11-24T10:30:00+08:00"))
                        .fields()
                        .get("estimated"))
                .isEqualTo(true);

        // the gateway's buffer arrives: 10:30 → 400, so [10:00,10:30) had 300 and [10:30,11:00) had 100
        send(STEEL, "GW01", rx + 60_000, "E-MAIN-01", "2026-11-24T10:30:00+08:00", 400);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", "2026-11-24T10:00:00+08:00"))
                .isEqualTo(150.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", "2026-11-24T10:15:00+08:00"))
                .isEqualTo(150.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", "2026-11-24T10:30:00+08:00"))
                .isEqualTo(50.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", "2026-11-24T10:45:00+08:00"))
                .isEqualTo(50.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "day", "2026-11-24T00:00:00+08:00"))
                .isEqualTo(400.0);

        send(
                STEEL,
                "GW01",
                rx + 120_000,
                "E-MAIN-01",
                "2026-11-24T10:15:00+08:00",
                250,
                "E-MAIN-01",
                "2026-11-24T10:45:00+08:00",
                450);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", "2026-11-24T10:00:00+08:00"))
                .isEqualTo(150.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", "2026-11-24T10:15:00+08:00"))
                .isEqualTo(150.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", "2026-11-24T10:30:00+08:00"))
                .isEqualTo(50.0);
        assertThat(find("point_usage", Map.of("point", "E-MAIN-01", "period", "day"), at("2026-11-24T00:00:00+08:00"))
                        .fields()
                        .get("estimated"))
                .isEqualTo(false);
        SeriesPoint enterpriseDay =
                find("enterprise_usage", Map.of("enterprise", STEEL, "period", "day"), at("2026-11-24T00:00:00+08:00"));
        assertThat((Double) enterpriseDay.fields().get("tce")).isCloseTo(400 * ELEC_KGCE / 1000, within(1e-15));
        assertThat(enterpriseDay.fields().get("estimated")).isEqualTo(false);
    }

    /** The older part of a point's series in the harness' state (null when there is none). */
    private PointSeries olderPart(String enterprise, String point) throws Exception {
        harness.getOperator().getKeyedStateBackend().setCurrentKey(enterprise);
        MapState<String, PointSeries> older = harness.getOperator()
                .getKeyedStateBackend()
                .getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        EnterpriseUsageFunction.olderSeriesState());
        return older.get(point);
    }

    @Test
    void aReadingDaysLateCorrectsTheOlderPartTheDailyTimerSplitOff() throws Exception {
        // hourly readings, +400 each, from the 22nd 00:00 to the 24th 12:00, each received a minute later
        long first = at("2026-11-22T00:00:00+08:00");
        for (int h = 0; h <= 60; h++) {
            long rx = first + h * 3_600_000L + 60_000;
            send(
                    STEEL,
                    "GW01",
                    rx,
                    "E-MAIN-01",
                    java.time.Instant.ofEpochMilli(first + h * 3_600_000L)
                            .atOffset(java.time.ZoneOffset.ofHours(8))
                            .toString(),
                    1_000 + 400 * h);
            harness.processWatermark(rx);
        }
        // the timer at 01:00 on the 24th left the recent part from the 23rd's last reading on
        PointSeries older = olderPart(STEEL, "E-MAIN-01");
        assertThat(older).isNotNull();
        assertThat(older.size)
                .as("the 22nd's 24 readings and the 23rd's first 23")
                .isEqualTo(47);
        assertThat(older.quarters)
                .as("the buckets before the anchor's (the 23rd, 23:00)")
                .isEqualTo(188);

        // the gateway's buffer for the 22nd arrives: 12:30 → 6,100, so [12:00,12:30) had 300 and [12:30,13:00) had 100
        send(STEEL, "GW01", at("2026-11-24T12:02:00+08:00"), "E-MAIN-01", "2026-11-22T12:30:00+08:00", 6_100);

        assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", "2026-11-22T12:00:00+08:00"))
                .isEqualTo(150.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", "2026-11-22T12:15:00+08:00"))
                .isEqualTo(150.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", "2026-11-22T12:30:00+08:00"))
                .isEqualTo(50.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", "2026-11-22T12:45:00+08:00"))
                .isEqualTo(50.0);
        // the day rows come from the whole series: 24 steps of 400 on the 22nd, 12 on the 24th; 60 in the month
        assertThat(pointAmount(STEEL, "E-MAIN-01", "day", "2026-11-22T00:00:00+08:00"))
                .isEqualTo(9_600.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "month", "2026-11-01T00:00:00+08:00"))
                .isEqualTo(24_000.0);
        assertThat(olderPart(STEEL, "E-MAIN-01").size)
                .as("the late reading went to the older part")
                .isEqualTo(48);

        // a duplicate and a conflict of a reading in the older part are told apart there
        send(
                STEEL,
                "GW01",
                at("2026-11-24T12:03:00+08:00"),
                "E-MAIN-01",
                "2026-11-22T05:00:00+08:00",
                3_000,
                "E-MAIN-01",
                "2026-11-22T06:00:00+08:00",
                3_333);
        assertThat(harness.getSideOutput(Outputs.REJECTED))
                .extracting(r -> r.getValue().reason())
                .containsExactly(RejectReason.CONFLICT);
    }

    private static String shanghai(long t) {
        return java.time.Instant.ofEpochMilli(t)
                .atOffset(java.time.ZoneOffset.ofHours(8))
                .toString();
    }

    /**
     * The hot window (72 h by default) at work in the job: four days of quarter-hour readings with a two-hour outage
     * on the first, each daily timer compacting the series. Just inside the window a re-send is a duplicate; just
     * outside, into a covered stretch, it is {@code late_covered} on the rejected output; the outage's buffer,
     * older than the window, still fills its gap exactly.
     */
    @Test
    void atTheHotWindowsEdgeDuplicatesLateCoveredReadingsAndAnOldGapFilledExactly() throws Exception {
        long first = at("2026-11-20T00:00:00+08:00");
        long gapFrom = at("2026-11-20T10:00:00+08:00");
        long gapTo = at("2026-11-20T12:00:00+08:00");
        int n = 4 * 96 + 8;
        for (int i = 0; i <= n; i++) {
            long t = first + i * 900_000L;
            if (t > gapFrom && t < gapTo) continue;
            long rx = t + 60_000;
            send(STEEL, "GW01", rx, "E-MAIN-01", shanghai(t), 1_000 + 10 * i);
            harness.processWatermark(rx);
        }
        long newest = first + n * 900_000L;
        long edge = newest - Duration.ofHours(72).toMillis();
        long rx = newest + 120_000;
        PointSeries older = olderPart(STEEL, "E-MAIN-01");
        assertThat(older.ts(0))
                .as("compacted: the gap's bounds, then the hot window")
                .isEqualTo(gapFrom);
        assertThat(older.ts(1)).isEqualTo(gapTo);
        assertThat(older.ts(2))
                .as("the anchor before the hot window of the prune at 01:00, which saw the reading of 01:00")
                .isEqualTo(at("2026-11-21T00:45:00+08:00"));

        int edgeIndex = (int) ((edge - first) / 900_000L);
        send(
                STEEL,
                "GW01",
                rx,
                "E-MAIN-01",
                shanghai(edge),
                1_000 + 10 * edgeIndex,
                "E-MAIN-01",
                shanghai(edge - 900_000L),
                1_000 + 10 * (edgeIndex - 1));
        assertThat(harness.getSideOutput(Outputs.REJECTED))
                .as("the duplicate at the edge is not rejected; the one a quarter hour outside is")
                .extracting(r -> r.getValue().reason(), r -> r.getValue().ts())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RejectReason.LATE_COVERED, edge - 900_000L));

        // the buffer of the outage, three days and more behind: 10:15 .. 11:45 fill [10:00, 12:00) exactly
        harness.getSideOutput(Outputs.REJECTED).clear();
        List<Object> buffered = new ArrayList<>();
        for (long t = gapFrom + 900_000L; t < gapTo; t += 900_000L) {
            buffered.add("E-MAIN-01");
            buffered.add(shanghai(t));
            buffered.add(1_000 + 10 * (int) ((t - first) / 900_000L));
        }
        send(STEEL, "GW01", rx + 60_000, buffered.toArray());
        assertThat(harness.getSideOutput(Outputs.REJECTED)).isEmpty();
        for (long b = gapFrom; b < gapTo; b += 900_000L) {
            assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", shanghai(b)))
                    .as(shanghai(b))
                    .isEqualTo(10.0);
        }
        assertThat(pointAmount(STEEL, "E-MAIN-01", "day", "2026-11-20T00:00:00+08:00"))
                .isEqualTo(960.0);
        assertThat(find("point_usage", Map.of("enterprise", STEEL, "point", "E-MAIN-01", "period", "day"), first)
                        .fields()
                        .get("estimated"))
                .isEqualTo(false);
        // once filled, a copy of the same upload is late_covered, every reading of it
        send(STEEL, "GW01", rx + 120_000, buffered.toArray());
        assertThat(harness.getSideOutput(Outputs.REJECTED))
                .extracting(r -> r.getValue().reason())
                .containsOnly(RejectReason.LATE_COVERED)
                .hasSize(7);
    }

    /**
     * Six days of a cumulative and an interval point with late readings up to five days back, duplicates and
     * conflicts, the daily timer splitting each series in two: every row the function leaves must equal what one
     * whole series per point, fed the same readings in the same order, holds.
     */
    @Test
    void rowsOfSeriesKeptInTwoPartsEqualThoseOfWholeSeries() throws Exception {
        checkRowsAgainstWholeSeries(false);
    }

    /** The same with a point roll-up interval: day rows written later, from the series as it is then stored. */
    @Test
    void rollupRowsOfSeriesKeptInTwoPartsEqualThoseOfWholeSeries() throws Exception {
        harness.close();
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new EnterpriseUsageFunction(TestRegistry.provider(), LATENESS, Duration.ofSeconds(30)),
                a -> a.enterprise,
                Types.STRING);
        checkRowsAgainstWholeSeries(true);
    }

    /**
     * The same on RocksDB, where a state value is a copy: a part changed but not written back would be lost here,
     * while on the heap the change would show through the object itself.
     */
    @Test
    void rowsOfSeriesKeptInTwoPartsEqualThoseOfWholeSeriesOnRocksDb(@TempDir Path dir) throws Exception {
        harness.close();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(
                        new EnterpriseUsageFunction(TestRegistry.provider(), LATENESS, Duration.ofSeconds(30))),
                a -> a.enterprise,
                Types.STRING);
        EmbeddedRocksDBStateBackend rocksDb = new EmbeddedRocksDBStateBackend();
        rocksDb.setDbStoragePath(dir.toString());
        harness.setStateBackend(rocksDb);
        harness.open();
        checkRowsAgainstWholeSeries(true);
    }

    private void checkRowsAgainstWholeSeries(boolean rollupTimer) throws Exception {
        java.util.Random random = new java.util.Random(2026);
        Map<String, dcmon.core.registry.Point> specs = Map.of(ELEC.id(), ELEC, COKE.id(), COKE);
        Map<String, PointSeries> whole = Map.of(ELEC.id(), new PointSeries(), COKE.id(), new PointSeries());
        java.util.TreeMap<Long, Double> elec = new java.util.TreeMap<>();
        List<Long> skippedCoke = new java.util.ArrayList<>();
        long first = at("2026-11-20T00:00:00+08:00");
        double register = 10_000;
        long seq = 0;
        for (int q = 0; q < 6 * 96; q++) {
            long t = first + q * ShanghaiCalendar.QUARTER_MS;
            List<Object> readings = new java.util.ArrayList<>();
            register += random.nextInt(1_600) / 4.0;
            readings.addAll(List.of(ELEC.id(), t, register));
            elec.put(t, register);
            if (q % 4 == 0) {
                if (random.nextInt(7) == 0) skippedCoke.add(t);
                else readings.addAll(List.of(COKE.id(), t, (double) random.nextInt(4_000)));
            }
            if (q > 96 && random.nextInt(8) == 0) {
                // late: off the grid between two known readings up to five days back, a duplicate, a conflict, a
                // missing hour
                long back = t - 1 - random.nextInt(5 * 96) * ShanghaiCalendar.QUARTER_MS - random.nextInt(900_000);
                Map.Entry<Long, Double> before = elec.floorEntry(back), after = elec.higherEntry(back);
                if (before != null && after != null && before.getKey() < back) {
                    double value = before.getValue()
                            + Math.floor((after.getValue() - before.getValue()) * random.nextDouble() * 4) / 4;
                    readings.addAll(List.of(ELEC.id(), back, value));
                    elec.put(back, value);
                }
                Map.Entry<Long, Double> known = elec.floorEntry(back);
                if (known != null)
                    readings.addAll(
                            List.of(ELEC.id(), known.getKey(), known.getValue() + (random.nextBoolean() ? 0 : 1)));
                if (!skippedCoke.isEmpty())
                    readings.addAll(List.of(COKE.id(), skippedCoke.remove(0), (double) random.nextInt(4_000)));
            }
            long rx = t + 60_000;
            int n = readings.size() / 3;
            String[] ids = new String[n];
            long[] ts = new long[n];
            double[] values = new double[n];
            int[] index = new int[n];
            for (int i = 0; i < n; i++) {
                ids[i] = (String) readings.get(3 * i);
                ts[i] = (Long) readings.get(3 * i + 1);
                values[i] = (Double) readings.get(3 * i + 2);
                index[i] = i;
                whole.get(ids[i]).insert(ts[i], values[i], specs.get(ids[i]), (b, a, e) -> {});
            }
            harness.processElement(
                    new StreamRecord<>(new AcceptedReadings(STEEL, "GW01", rx, seq++, index, ids, ts, values), rx));
            harness.processWatermark(rx);
            if (rollupTimer) harness.setProcessingTime(31_000L * (seq + 1));
        }
        assertThat(olderPart(STEEL, ELEC.id()))
                .as("the daily timer split the series")
                .isNotNull();
        assertThat(harness.getSideOutput(Outputs.REJECTED)).as("the conflicts").isNotEmpty();

        Map<String, SeriesPoint> stored = stored();
        int compared = 0;
        for (Map.Entry<String, PointSeries> e : whole.entrySet()) {
            PointSeries s = e.getValue();
            for (int i = 0; i < s.quarters; i++) {
                assertThat(storedAmount(stored, e.getKey(), "15m", s.quarterStart(i)))
                        .as("%s at %d", e.getKey(), s.quarterStart(i))
                        .isEqualTo(s.quarterAmount(i));
                compared++;
            }
            for (int d = 0; d < 6; d++) {
                long day = first + d * ShanghaiCalendar.DAY_MS;
                assertThat(storedAmount(stored, e.getKey(), "day", day))
                        .as("%s on day %d", e.getKey(), d)
                        .isEqualTo(s.day(day));
            }
            long month = at("2026-11-01T00:00:00+08:00");
            assertThat(storedAmount(stored, e.getKey(), "month", month)).isEqualTo(s.month(month));
        }
        assertThat(compared).isGreaterThan(6 * 96);
    }

    private static double storedAmount(Map<String, SeriesPoint> stored, String point, String period, long time) {
        return stored.values().stream()
                .filter(p -> p.measurement().equals("point_usage")
                        && p.timeMillis() == time
                        && p.tags().get("point").equals(point)
                        && p.tags().get("period").equals(period))
                .mapToDouble(p -> (Double) p.fields().get("amount"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aDeltaAcrossShanghaiMidnightSplitsBetweenTheTwoDaysAndMonths() throws Exception {
        long rx = at("2026-12-01T00:30:00+08:00");
        send(
                STEEL,
                "GW01",
                rx,
                "E-MAIN-01",
                "2026-11-30T23:30:00+08:00",
                1000,
                "E-MAIN-01",
                "2026-12-01T00:30:00+08:00",
                1400);
        // 400 kWh over one hour, half before midnight in Shanghai (15:30–16:30 UTC)
        assertThat(pointAmount(STEEL, "E-MAIN-01", "day", "2026-11-30T00:00:00+08:00"))
                .isEqualTo(200.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "day", "2026-12-01T00:00:00+08:00"))
                .isEqualTo(200.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "month", "2026-11-01T00:00:00+08:00"))
                .isEqualTo(200.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "month", "2026-12-01T00:00:00+08:00"))
                .isEqualTo(200.0);
    }

    @Test
    void intervalAmountsProductsAndTheOutputField() throws Exception {
        long rx = at("2026-11-24T11:01:00+08:00");
        send(
                STEEL,
                "GW01",
                rx,
                "COKE-01",
                "2026-11-24T10:00:00+08:00",
                4000,
                "STEEL-OUT",
                "2026-11-24T10:00:00+08:00",
                10,
                "STEEL-OUT",
                "2026-11-24T11:00:00+08:00",
                30);
        // coke 4000 kg over [10:00, 11:00): 1000 kg per quarter, estimated
        assertThat(pointAmount(STEEL, "COKE-01", "15m", "2026-11-24T10:45:00+08:00"))
                .isEqualTo(1000.0);
        SeriesPoint day =
                find("enterprise_usage", Map.of("enterprise", STEEL, "period", "day"), at("2026-11-24T00:00:00+08:00"));
        assertThat((Double) day.fields().get("tce")).isCloseTo(4000 * COKE_KGCE / 1000, within(1e-12));
        assertThat((Double) day.fields().get("tco2")).isCloseTo(4000 * COKE_TCO2_PER_KG, within(1e-12));
        assertThat((Double) day.fields().get("output_crude-steel")).isEqualTo(20.0);
    }

    @Test
    void conflictsAndImplausibleStepsAreRejectedWithTheirReasonsAndDuplicatesCountOnce() throws Exception {
        long rx = at("2026-11-24T10:46:00+08:00");
        send(
                STEEL,
                "GW01",
                rx,
                "E-MAIN-01",
                "2026-11-24T10:00:00+08:00",
                100_000,
                "E-MAIN-01",
                "2026-11-24T10:15:00+08:00",
                100_100);
        send(
                STEEL,
                "GW01",
                rx,
                "E-MAIN-01",
                "2026-11-24T10:15:00+08:00",
                100_100, // QoS 1 duplicate
                "E-MAIN-01",
                "2026-11-24T10:15:00+08:00",
                100_250, // conflict
                "E-MAIN-01",
                "2026-11-24T10:30:00+08:00",
                900_000, // 799,900 kWh in 15 min at most 10,000 kWh/h: suspect
                "E-MAIN-01",
                "2026-11-24T10:45:00+08:00",
                90_000, // back by 10,100: not a wrap (989,900), not near zero
                "E-MAIN-01",
                "2026-11-24T10:45:00+08:00",
                100_300);
        List<Rejection> rejected = harness.getSideOutput(Outputs.REJECTED).stream()
                .map(StreamRecord::getValue)
                .toList();
        assertThat(rejected)
                .extracting(Rejection::reason)
                .containsExactly(RejectReason.CONFLICT, RejectReason.SUSPECT_STEP, RejectReason.NEGATIVE_STEP);
        assertThat(rejected).extracting(Rejection::index).containsExactly(1, 2, 3);
        assertThat(rejected.get(0).value()).isEqualTo(100_250.0);
        // 100 kWh, then 200 kWh from the last accepted reading over [10:15, 10:45)
        assertThat(pointAmount(STEEL, "E-MAIN-01", "day", "2026-11-24T00:00:00+08:00"))
                .isEqualTo(300.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", "2026-11-24T10:30:00+08:00"))
                .isEqualTo(100.0);
    }

    @Test
    void aReadingOfAPointOfAnotherGatewayIsRejectedNotCounted() throws Exception {
        long rx = at("2026-11-24T10:46:00+08:00");
        send(CEMENT, "GW01", rx, "KILN-COAL", "2026-11-24T10:00:00+08:00", 100);
        assertThat(harness.getSideOutput(Outputs.REJECTED))
                .extracting(r -> r.getValue().reason())
                .containsExactly(RejectReason.GATEWAY_MISMATCH);
    }

    @Test
    void rollupDeltasGoToCityTierAndProvince() throws Exception {
        long rx = at("2026-11-24T10:31:00+08:00");
        send(
                STEEL,
                "GW01",
                rx,
                "E-MAIN-01",
                "2026-11-24T10:00:00+08:00",
                100,
                "E-MAIN-01",
                "2026-11-24T10:15:00+08:00",
                200);
        List<RegionDelta> deltas = harness.getSideOutput(Outputs.REGION_DELTAS).stream()
                .map(StreamRecord::getValue)
                .toList();
        // one quarter, day, month and year, each to three roll-ups, and the day and month to the unit's progress
        assertThat(deltas).hasSize(14);
        assertThat(deltas)
                .extracting(RegionDelta::rollupKey)
                .containsOnly("city|420100", "tier|hundred", "province|420000", "enterprise|" + STEEL);
        assertThat(deltas)
                .filteredOn(d -> d.level.equals("enterprise"))
                .extracting(d -> UsageKeys.period(d.periodKey))
                .containsExactly(Period.DAY, Period.MONTH);
        assertThat(deltas).allSatisfy(d -> assertThat(d.delta.tce).isCloseTo(100 * ELEC_KGCE / 1000, within(1e-15)));
    }

    @Test
    void stateAndTimersAreCleanedUpOnceTheHorizonHasPassed() throws Exception {
        long rx = at("2026-11-24T10:31:00+08:00");
        send(
                STEEL,
                "GW01",
                rx,
                "E-MAIN-01",
                "2026-11-24T10:00:00+08:00",
                100,
                "E-MAIN-01",
                "2026-11-24T10:15:00+08:00",
                200);
        send(
                CEMENT,
                "GW02",
                rx,
                "KILN-COAL",
                "2026-11-24T10:00:00+08:00",
                100,
                "KILN-COAL",
                "2026-11-24T10:15:00+08:00",
                300);
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
        assertThat(harness.numKeyedStateEntries()).isGreaterThan(0);

        // after lateness the buckets go but the newest reading stays as the anchor for the next step
        harness.processWatermark(at("2027-01-05T00:00:00+08:00"));
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);

        // a point silent for more than a year past the horizon is forgotten, and so are closed months and years
        harness.processWatermark(at("2029-06-01T00:00:00+08:00"));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
