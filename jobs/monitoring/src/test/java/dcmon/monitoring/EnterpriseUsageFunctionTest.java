package dcmon.monitoring;

import dcmon.core.reading.AcceptedReadings;
import dcmon.core.reading.RejectReason;
import dcmon.core.reading.Rejection;
import dcmon.influx.SeriesPoint;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dcmon.monitoring.TestRegistry.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
        harness.processElement(new StreamRecord<>(TestRegistry.accepted(enterprise, gateway, receivedAt, 7, pointTsValue), receivedAt));
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
                .filter(p -> p.measurement().equals(measurement) && p.timeMillis() == time && p.tags().entrySet().containsAll(tags.entrySet()))
                .collect(Collectors.toList());
        assertThat(matches).as("%s %s at %d", measurement, tags, time).hasSize(1);
        return matches.get(0);
    }

    private double pointAmount(String enterprise, String point, String period, String start) {
        return (Double) find("point_usage", Map.of("enterprise", enterprise, "point", point, "period", period), at(start)).fields().get("amount");
    }

    @Test
    void aMessagesRowsLeaveTogetherPointRowsFirst() throws Exception {
        long rx = at("2026-11-24T10:31:00+08:00");
        send(STEEL, "GW01", rx, "E-MAIN-01", "2026-11-24T10:00:00+08:00", 100, "E-MAIN-01", "2026-11-24T10:15:00+08:00", 200,
                "E-MAIN-01", "2026-11-24T10:30:00+08:00", 350);
        send(STEEL, "GW01", rx + 60_000, "E-MAIN-01", "2026-11-24T10:30:00+08:00", 350); // a duplicate: nothing changes

        List<List<SeriesPoint>> lists = harness.extractOutputValues();
        assertThat(lists).as("one list for the first message, none for the duplicate").hasSize(1);
        // the point's two quarter hours, day, month and year (this function writes roll-ups with every message), then
        // the enterprise's periods in the order the message first changed them
        assertThat(lists.get(0)).extracting(p -> p.measurement() + " " + p.tags().get("period"))
                .containsExactly("point_usage 15m", "point_usage 15m", "point_usage day", "point_usage month", "point_usage year",
                        "enterprise_usage 15m", "enterprise_usage day", "enterprise_usage month", "enterprise_usage year",
                        "enterprise_usage 15m");
    }

    @Test
    void registerDeltasFillOneQuarterEachAndSumIntoTheShanghaiDay() throws Exception {
        long rx = at("2026-11-24T10:31:00+08:00");
        send(STEEL, "GW01", rx, "E-MAIN-01", "2026-11-24T10:00:00+08:00", 100, "E-MAIN-01", "2026-11-24T10:15:00+08:00", 200,
                "E-MAIN-01", "2026-11-24T10:30:00+08:00", 350);

        assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", "2026-11-24T10:00:00+08:00")).isEqualTo(100.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", "2026-11-24T10:15:00+08:00")).isEqualTo(150.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "day", "2026-11-24T00:00:00+08:00")).isEqualTo(250.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "month", "2026-11-01T00:00:00+08:00")).isEqualTo(250.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "year", "2026-01-01T00:00:00+08:00")).isEqualTo(250.0);

        SeriesPoint day = find("enterprise_usage", Map.of("enterprise", STEEL, "period", "day", "city", "420100", "tier", "hundred"),
                at("2026-11-24T00:00:00+08:00"));
        // 250 kWh × 0.1229 kgce/kWh = 30.725 kgce; 等价值 250 × 0.300 = 75 kgce; CO₂ 250 × 0.5306 kg (2026 falls back to 2023)
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
                new EnterpriseUsageFunction(TestRegistry.provider(), LATENESS, Duration.ofSeconds(30)), a -> a.enterprise, Types.STRING);
        harness.setProcessingTime(1_000);
        long rx = at("2026-11-24T10:31:00+08:00");
        send(STEEL, "GW01", rx, "E-MAIN-01", "2026-11-24T10:00:00+08:00", 100, "E-MAIN-01", "2026-11-24T10:15:00+08:00", 200);
        send(STEEL, "GW01", rx + 1000, "E-MAIN-01", "2026-11-24T10:30:00+08:00", 350);

        assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", "2026-11-24T10:15:00+08:00")).isEqualTo(150.0);
        assertThat(rows()).noneMatch(p -> p.measurement().equals("point_usage") && !p.tags().get("period").equals("15m"));
        // the enterprise's own rows do not wait
        assertThat(find("enterprise_usage", Map.of("enterprise", STEEL, "period", "day"), at("2026-11-24T00:00:00+08:00"))).isNotNull();
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        harness.setProcessingTime(31_000);

        assertThat(pointAmount(STEEL, "E-MAIN-01", "day", "2026-11-24T00:00:00+08:00")).isEqualTo(250.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "month", "2026-11-01T00:00:00+08:00")).isEqualTo(250.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "year", "2026-01-01T00:00:00+08:00")).isEqualTo(250.0);
        long dayRows = rows().stream().filter(p -> p.measurement().equals("point_usage") && p.tags().get("period").equals("day")).count();
        assertThat(dayRows).as("two messages, one day row").isEqualTo(1);
        assertThat(harness.numProcessingTimeTimers()).isZero();

        // a late reading of the day before: both days are written on the next round
        send(STEEL, "GW01", rx + 2000, "E-MAIN-01", "2026-11-23T23:45:00+08:00", 40);
        harness.setProcessingTime(61_000);
        // 60 kWh from 23:45 to 10:00 spread over 615 minutes: 15 of them on the 23rd
        assertThat(pointAmount(STEEL, "E-MAIN-01", "day", "2026-11-23T00:00:00+08:00")).isCloseTo(60.0 * 15 / 615, within(1e-9));
        assertThat(pointAmount(STEEL, "E-MAIN-01", "day", "2026-11-24T00:00:00+08:00")).isCloseTo(250.0 + 60.0 * 600 / 615, within(1e-9));
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void atEndOfInputWaitingPointRollupsAreWritten() throws Exception {
        harness.close();
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new EnterpriseUsageFunction(TestRegistry.provider(), LATENESS, Duration.ofSeconds(30)), a -> a.enterprise, Types.STRING);
        send(STEEL, "GW01", at("2026-11-24T10:31:00+08:00"), "E-MAIN-01", "2026-11-24T10:00:00+08:00", 100, "E-MAIN-01", "2026-11-24T10:30:00+08:00", 160);

        harness.processWatermark(Long.MAX_VALUE);

        assertThat(pointAmount(STEEL, "E-MAIN-01", "day", "2026-11-24T00:00:00+08:00")).isEqualTo(60.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "year", "2026-01-01T00:00:00+08:00")).isEqualTo(60.0);
    }

    @Test
    void unionOfDayListsIsSortedAndDistinct() {
        assertThat(EnterpriseUsageFunction.union(null, new long[] {5})).containsExactly(5);
        assertThat(EnterpriseUsageFunction.union(new long[] {1, 4, 9}, new long[] {2, 4, 10})).containsExactly(1, 2, 4, 9, 10);
        long[] waiting = {1, 4, 9};
        assertThat(EnterpriseUsageFunction.union(waiting, new long[] {4, 9})).as("nothing new: no new state value").isSameAs(waiting);
    }

    @Test
    void aLateReadingReSplitsTheGapItFallsInto() throws Exception {
        long rx = at("2026-11-24T11:01:00+08:00");
        send(STEEL, "GW01", rx, "E-MAIN-01", "2026-11-24T10:00:00+08:00", 100, "E-MAIN-01", "2026-11-24T11:00:00+08:00", 500);
        // 400 kWh over an hour: 100 in each quarter, estimated
        assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", "2026-11-24T10:30:00+08:00")).isEqualTo(100.0);
        assertThat(find("point_usage", Map.of("point", "E-MAIN-01", "period", "15m"), at("2026-11-24T10:30:00+08:00")).fields().get("estimated"))
                .isEqualTo(true);

        // the gateway's buffer arrives: 10:30 → 400, so [10:00,10:30) had 300 and [10:30,11:00) had 100
        send(STEEL, "GW01", rx + 60_000, "E-MAIN-01", "2026-11-24T10:30:00+08:00", 400);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", "2026-11-24T10:00:00+08:00")).isEqualTo(150.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", "2026-11-24T10:15:00+08:00")).isEqualTo(150.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", "2026-11-24T10:30:00+08:00")).isEqualTo(50.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", "2026-11-24T10:45:00+08:00")).isEqualTo(50.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "day", "2026-11-24T00:00:00+08:00")).isEqualTo(400.0);

        send(STEEL, "GW01", rx + 120_000, "E-MAIN-01", "2026-11-24T10:15:00+08:00", 250, "E-MAIN-01", "2026-11-24T10:45:00+08:00", 450);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", "2026-11-24T10:00:00+08:00")).isEqualTo(150.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", "2026-11-24T10:15:00+08:00")).isEqualTo(150.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", "2026-11-24T10:30:00+08:00")).isEqualTo(50.0);
        assertThat(find("point_usage", Map.of("point", "E-MAIN-01", "period", "day"), at("2026-11-24T00:00:00+08:00")).fields().get("estimated"))
                .isEqualTo(false);
        SeriesPoint enterpriseDay = find("enterprise_usage", Map.of("enterprise", STEEL, "period", "day"), at("2026-11-24T00:00:00+08:00"));
        assertThat((Double) enterpriseDay.fields().get("tce")).isCloseTo(400 * ELEC_KGCE / 1000, within(1e-15));
        assertThat(enterpriseDay.fields().get("estimated")).isEqualTo(false);
    }

    @Test
    void aDeltaAcrossShanghaiMidnightSplitsBetweenTheTwoDaysAndMonths() throws Exception {
        long rx = at("2026-12-01T00:30:00+08:00");
        send(STEEL, "GW01", rx, "E-MAIN-01", "2026-11-30T23:30:00+08:00", 1000, "E-MAIN-01", "2026-12-01T00:30:00+08:00", 1400);
        // 400 kWh over one hour, half before midnight in Shanghai (15:30–16:30 UTC)
        assertThat(pointAmount(STEEL, "E-MAIN-01", "day", "2026-11-30T00:00:00+08:00")).isEqualTo(200.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "day", "2026-12-01T00:00:00+08:00")).isEqualTo(200.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "month", "2026-11-01T00:00:00+08:00")).isEqualTo(200.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "month", "2026-12-01T00:00:00+08:00")).isEqualTo(200.0);
    }

    @Test
    void intervalAmountsProductsAndTheOutputField() throws Exception {
        long rx = at("2026-11-24T11:01:00+08:00");
        send(STEEL, "GW01", rx, "COKE-01", "2026-11-24T10:00:00+08:00", 4000, "STEEL-OUT", "2026-11-24T10:00:00+08:00", 10,
                "STEEL-OUT", "2026-11-24T11:00:00+08:00", 30);
        // coke 4000 kg over [10:00, 11:00): 1000 kg per quarter, estimated
        assertThat(pointAmount(STEEL, "COKE-01", "15m", "2026-11-24T10:45:00+08:00")).isEqualTo(1000.0);
        SeriesPoint day = find("enterprise_usage", Map.of("enterprise", STEEL, "period", "day"), at("2026-11-24T00:00:00+08:00"));
        assertThat((Double) day.fields().get("tce")).isCloseTo(4000 * COKE_KGCE / 1000, within(1e-12));
        assertThat((Double) day.fields().get("tco2")).isCloseTo(4000 * COKE_TCO2_PER_KG, within(1e-12));
        assertThat((Double) day.fields().get("output_crude-steel")).isEqualTo(20.0);
    }

    @Test
    void conflictsAndImplausibleStepsAreRejectedWithTheirReasonsAndDuplicatesCountOnce() throws Exception {
        long rx = at("2026-11-24T10:46:00+08:00");
        send(STEEL, "GW01", rx, "E-MAIN-01", "2026-11-24T10:00:00+08:00", 100_000, "E-MAIN-01", "2026-11-24T10:15:00+08:00", 100_100);
        send(STEEL, "GW01", rx, "E-MAIN-01", "2026-11-24T10:15:00+08:00", 100_100, // QoS 1 duplicate
                "E-MAIN-01", "2026-11-24T10:15:00+08:00", 100_250, // conflict
                "E-MAIN-01", "2026-11-24T10:30:00+08:00", 900_000, // 799,900 kWh in 15 min at most 10,000 kWh/h: suspect
                "E-MAIN-01", "2026-11-24T10:45:00+08:00", 90_000, // back by 10,100: not a wrap (989,900), not near zero
                "E-MAIN-01", "2026-11-24T10:45:00+08:00", 100_300);
        List<Rejection> rejected = harness.getSideOutput(Outputs.REJECTED).stream().map(StreamRecord::getValue).toList();
        assertThat(rejected).extracting(Rejection::reason)
                .containsExactly(RejectReason.CONFLICT, RejectReason.SUSPECT_STEP, RejectReason.NEGATIVE_STEP);
        assertThat(rejected).extracting(Rejection::index).containsExactly(1, 2, 3);
        assertThat(rejected.get(0).value()).isEqualTo(100_250.0);
        // 100 kWh, then 200 kWh from the last accepted reading over [10:15, 10:45)
        assertThat(pointAmount(STEEL, "E-MAIN-01", "day", "2026-11-24T00:00:00+08:00")).isEqualTo(300.0);
        assertThat(pointAmount(STEEL, "E-MAIN-01", "15m", "2026-11-24T10:30:00+08:00")).isEqualTo(100.0);
    }

    @Test
    void aReadingOfAPointOfAnotherGatewayIsRejectedNotCounted() throws Exception {
        long rx = at("2026-11-24T10:46:00+08:00");
        send(CEMENT, "GW01", rx, "KILN-COAL", "2026-11-24T10:00:00+08:00", 100);
        assertThat(harness.getSideOutput(Outputs.REJECTED)).extracting(r -> r.getValue().reason()).containsExactly(RejectReason.GATEWAY_MISMATCH);
    }

    @Test
    void rollupDeltasGoToCityTierAndProvince() throws Exception {
        long rx = at("2026-11-24T10:31:00+08:00");
        send(STEEL, "GW01", rx, "E-MAIN-01", "2026-11-24T10:00:00+08:00", 100, "E-MAIN-01", "2026-11-24T10:15:00+08:00", 200);
        List<RegionDelta> deltas = harness.getSideOutput(Outputs.REGION_DELTAS).stream().map(StreamRecord::getValue).toList();
        // one quarter, day, month and year, each to three roll-ups
        assertThat(deltas).hasSize(12);
        assertThat(deltas).extracting(RegionDelta::rollupKey).containsOnly("city|420100", "tier|hundred", "province|420000");
        assertThat(deltas).allSatisfy(d -> assertThat(d.delta.tce).isCloseTo(100 * ELEC_KGCE / 1000, within(1e-15)));
    }

    @Test
    void stateAndTimersAreCleanedUpOnceTheHorizonHasPassed() throws Exception {
        long rx = at("2026-11-24T10:31:00+08:00");
        send(STEEL, "GW01", rx, "E-MAIN-01", "2026-11-24T10:00:00+08:00", 100, "E-MAIN-01", "2026-11-24T10:15:00+08:00", 200);
        send(CEMENT, "GW02", rx, "KILN-COAL", "2026-11-24T10:00:00+08:00", 100, "KILN-COAL", "2026-11-24T10:15:00+08:00", 300);
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
