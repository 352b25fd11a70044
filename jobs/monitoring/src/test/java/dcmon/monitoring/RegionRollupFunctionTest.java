package dcmon.monitoring;

import static dcmon.monitoring.TestRegistry.at;
import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.calendar.Period;
import dcmon.core.usage.UsageKeys;
import dcmon.core.usage.UsageTotals;
import dcmon.influx.SeriesPoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegionRollupFunctionTest {
    private static final Duration LATENESS = Duration.ofDays(35);
    private static final long RX = at("2026-11-24T10:31:00+08:00");
    private static final long QUARTER = at("2026-11-24T10:15:00+08:00");
    private static final long DAY = at("2026-11-24T00:00:00+08:00");
    private static final long MONTH = at("2026-11-01T00:00:00+08:00");
    private static final long YEAR = at("2026-01-01T00:00:00+08:00");

    private KeyedOneInputStreamOperatorTestHarness<String, RegionDelta, SeriesPoint> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new RegionRollupFunction(LATENESS), RegionDelta::rollupKey, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    /** A delta with binary-exact values, so sums compare exactly. */
    private static UsageTotals delta(
            double tce, double tceEqualValue, double tcePolicy, double tco2, int estimated, Object... productAmount) {
        return TestTotals.of(tce, tceEqualValue, tcePolicy, tco2, estimated, productAmount);
    }

    private void send(String level, String region, Period period, long start, UsageTotals d, long timestamp)
            throws Exception {
        harness.processElement(
                new StreamRecord<>(new RegionDelta(level, region, UsageKeys.key(period, start), d), timestamp));
    }

    private List<SeriesPoint> out() {
        return harness.extractOutputValues();
    }

    private SeriesPoint last() {
        List<SeriesPoint> all = out();
        return all.get(all.size() - 1);
    }

    @Test
    void deltasOfTwoEnterprisesOfOneCitySumToExactAbsoluteTotals() throws Exception {
        // steel plant: its 10:15 quarter
        send("city", "420100", Period.QUARTER, QUARTER, delta(0.5, 1.25, 0.5, 1.375, 0, "crude-steel", 10), RX);
        assertThat(last().fields())
                .isEqualTo(Map.of(
                        "tce",
                        0.5,
                        "tce_equal_value",
                        1.25,
                        "tce_policy",
                        0.5,
                        "tco2",
                        1.375,
                        "estimated",
                        false,
                        "output_crude-steel",
                        10.0));

        // a cement plant in the same city: the emitted value is the absolute total, not the delta
        send("city", "420100", Period.QUARTER, QUARTER, delta(0.25, 0.25, 0.125, 0.75, 1, "clinker", 3.5), RX);
        SeriesPoint total = last();
        assertThat(total.measurement()).isEqualTo("region_usage");
        assertThat(total.tags()).isEqualTo(Map.of("level", "city", "region", "420100", "period", "15m"));
        assertThat(total.timeMillis()).isEqualTo(QUARTER);
        assertThat(total.fields())
                .isEqualTo(Map.of(
                        "tce",
                        0.75,
                        "tce_equal_value",
                        1.5,
                        "tce_policy",
                        0.625,
                        "tco2",
                        2.125,
                        "estimated",
                        true,
                        "output_crude-steel",
                        10.0,
                        "output_clinker",
                        3.5));

        // a late reading re-splits the steel plant's gap: part of its quarter moves elsewhere, its estimate is gone
        send(
                "city",
                "420100",
                Period.QUARTER,
                QUARTER,
                delta(-0.125, -0.25, -0.125, -0.375, -1, "crude-steel", -2.5),
                RX + 60_000);
        assertThat(last().fields())
                .isEqualTo(Map.of(
                        "tce",
                        0.625,
                        "tce_equal_value",
                        1.25,
                        "tce_policy",
                        0.5,
                        "tco2",
                        1.75,
                        "estimated",
                        false,
                        "output_crude-steel",
                        7.5,
                        "output_clinker",
                        3.5));
        assertThat(out()).hasSize(3);
    }

    @Test
    void eachPeriodAndRegionIsItsOwnSeriesStampedAtThePeriodStart() throws Exception {
        for (Period p : Period.values()) {
            long start = p.start(QUARTER);
            send("city", "420100", p, start, delta(0.5, 0.5, 0.5, 1, 0), RX);
            send("city", "420500", p, start, delta(0.25, 0.25, 0.25, 0.5, 0), RX);
            send("province", "420000", p, start, delta(0.5, 0.5, 0.5, 1, 0), RX);
            send("province", "420000", p, start, delta(0.25, 0.25, 0.25, 0.5, 0), RX);
            send("tier", "hundred", p, start, delta(0.5, 0.5, 0.5, 1, 0), RX);
        }
        assertThat(out()).hasSize(20);
        for (Period p : Period.values()) {
            long start = p.start(QUARTER);
            assertThat(total("city", "420100", p, start)).isEqualTo(0.5);
            assertThat(total("city", "420500", p, start)).isEqualTo(0.25);
            assertThat(total("province", "420000", p, start)).isEqualTo(0.75);
            assertThat(total("tier", "hundred", p, start)).isEqualTo(0.5);
        }
        assertThat(out()).extracting(SeriesPoint::timeMillis).containsOnly(QUARTER, DAY, MONTH, YEAR);
        assertThat(out()).extracting(x -> x.tags().get("period")).containsOnly("15m", "day", "month", "year");
    }

    /** The tce of the last point written for a series. */
    private double total(String level, String region, Period period, long start) {
        List<SeriesPoint> series = out().stream()
                .filter(x -> x.tags().equals(Map.of("level", level, "region", region, "period", period.tag()))
                        && x.timeMillis() == start)
                .toList();
        assertThat(series).as("%s %s %s", level, region, period).isNotEmpty();
        return (Double) series.get(series.size() - 1).fields().get("tce");
    }

    @Test
    void stateAndTimersAreCleanedUpOnceTheHorizonHasPassed() throws Exception {
        for (Period p : Period.values()) {
            send("city", "420100", p, p.start(QUARTER), delta(0.5, 0.5, 0.5, 1, 0), RX);
            send("province", "420000", p, p.start(QUARTER), delta(0.5, 0.5, 0.5, 1, 0), RX);
        }
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);

        // lateness + one day past the day: quarter and day totals are gone, month and year totals stay
        harness.processWatermark(at("2027-01-05T00:00:00+08:00"));
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
        int before = out().size();
        long later = at("2027-01-05T00:00:00+08:00");
        send("city", "420100", Period.QUARTER, QUARTER, delta(0.25, 0.25, 0.25, 0.5, 0), later);
        send("city", "420100", Period.DAY, DAY, delta(0.25, 0.25, 0.25, 0.5, 0), later);
        send("city", "420100", Period.MONTH, MONTH, delta(0.25, 0.25, 0.25, 0.5, 0), later);
        send("city", "420100", Period.YEAR, YEAR, delta(0.25, 0.25, 0.25, 0.5, 0), later);
        assertThat(out().subList(before, out().size()))
                .extracting(x -> (Double) x.fields().get("tce"))
                .containsExactly(0.25, 0.25, 0.75, 0.75);

        // past a year and more: nothing left, no timer left
        harness.processWatermark(at("2028-06-01T00:00:00+08:00"));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
