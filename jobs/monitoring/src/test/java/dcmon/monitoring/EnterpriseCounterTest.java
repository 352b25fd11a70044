package dcmon.monitoring;

import static dcmon.monitoring.TestRegistry.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dcmon.core.reading.AcceptedReadings;
import dcmon.core.reading.RejectReason;
import dcmon.core.reading.Rejection;
import dcmon.influx.SeriesPoint;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Counting without Flink: state in plain maps, outputs in lists. */
class EnterpriseCounterTest {
    private static final long LATENESS_MS = Duration.ofDays(35).toMillis();
    private static final long ROLLUP_MS = Duration.ofMinutes(5).toMillis();
    private static final String STEEL_DAY = "2026-11-24T00:00+08:00";

    private EnterpriseCounter counter = new EnterpriseCounter(TestRegistry.provider(), LATENESS_MS, 0);
    private final EnterpriseState state = InMemoryStateMap.enterpriseState();
    private final List<SeriesPoint> rows = new ArrayList<>();
    private final List<Rejection> rejected = new ArrayList<>();
    private final List<RegionDelta> deltas = new ArrayList<>();
    private final UsageOutputs outputs = new UsageOutputs() {
        @Override
        public void rejected(Rejection r) {
            rejected.add(r);
        }

        @Override
        public void regionDelta(RegionDelta d) {
            deltas.add(d);
        }
    };

    private EnterpriseCounter.Counted count(
            String enterprise, String gateway, String receivedAt, Object... pointTsValue) throws Exception {
        AcceptedReadings msg = TestRegistry.accepted(enterprise, gateway, at(receivedAt), 7, pointTsValue);
        return counter.count(msg, state, rows, outputs);
    }

    /**
     * A row as measurement, period, start in Shanghai time and amount (point rows) or tce (enterprise rows), rounded
     * to 1e-9: sums of converted amounts differ from the decimal figures in their last bits.
     */
    private static String describe(SeriesPoint p) {
        String start = Instant.ofEpochMilli(p.timeMillis())
                .atOffset(ZoneOffset.ofHours(8))
                .toLocalDateTime()
                .toString();
        String field = p.measurement().equals("point_usage") ? "amount" : "tce";
        double value = (Double) p.fields().get(field);
        return p.measurement() + " " + p.tags().get("period") + " " + start + " " + Math.round(value * 1e9) / 1e9;
    }

    private List<String> rows() {
        return rows.stream().map(EnterpriseCounterTest::describe).toList();
    }

    @Test
    void aMessageGivesPointRowsThenEnterpriseRowsAndRegionAndProgressDeltasPerPeriod() throws Exception {
        EnterpriseCounter.Counted counted = count(
                STEEL,
                "GW01",
                "2026-11-24T10:31:00+08:00",
                "E-MAIN-01",
                "2026-11-24T10:00:00+08:00",
                100,
                "E-MAIN-01",
                "2026-11-24T10:15:00+08:00",
                200,
                "E-MAIN-01",
                "2026-11-24T10:30:00+08:00",
                350);

        assertThat(counted).isEqualTo(EnterpriseCounter.Counted.COUNTED);
        // 100 kWh in [10:00, 10:15), 150 in [10:15, 10:30); tce = kWh × 0.1229 / 1000
        assertThat(rows())
                .containsExactly(
                        "point_usage 15m 2026-11-24T10:00 100.0",
                        "point_usage 15m 2026-11-24T10:15 150.0",
                        "point_usage day 2026-11-24T00:00 250.0",
                        "point_usage month 2026-11-01T00:00 250.0",
                        "point_usage year 2026-01-01T00:00 250.0",
                        "enterprise_usage 15m 2026-11-24T10:00 0.01229",
                        "enterprise_usage day 2026-11-24T00:00 0.030725",
                        "enterprise_usage month 2026-11-01T00:00 0.030725",
                        "enterprise_usage year 2026-01-01T00:00 0.030725",
                        "enterprise_usage 15m 2026-11-24T10:15 0.018435");
        // per period changed: city, tier, province, and for a day or month the unit's own progress
        String own = "enterprise|" + STEEL;
        assertThat(deltas)
                .extracting(RegionDelta::rollupKey)
                .containsExactly(
                        "city|420100",
                        "tier|hundred",
                        "province|420000",
                        "city|420100",
                        "tier|hundred",
                        "province|420000",
                        own,
                        "city|420100",
                        "tier|hundred",
                        "province|420000",
                        own,
                        "city|420100",
                        "tier|hundred",
                        "province|420000",
                        "city|420100",
                        "tier|hundred",
                        "province|420000");
        double[] tce = {
            0.01229, 0.01229, 0.01229, 0.030725, 0.030725, 0.030725, 0.030725, 0.030725, 0.030725, 0.030725, 0.030725,
            0.030725, 0.030725, 0.030725, 0.018435, 0.018435, 0.018435
        };
        for (int i = 0; i < deltas.size(); i++) {
            assertThat(deltas.get(i).delta.tce).as("delta %d", i).isCloseTo(tce[i], within(1e-15));
        }
        assertThat(rejected).isEmpty();
        assertThat(counter.counts().counted).isEqualTo(3);
        assertThat(state.series().get("E-MAIN-01").size).isEqualTo(3);
        assertThat(InMemoryStateMap.of(state.totals()).map).hasSize(5);
    }

    @Test
    void conflictsAndImplausibleStepsAreRejectedWithTheirReasonCodesAndDuplicatesCounted() throws Exception {
        count(
                STEEL,
                "GW01",
                "2026-11-24T10:46:00+08:00",
                "E-MAIN-01",
                "2026-11-24T10:00:00+08:00",
                100_000,
                "E-MAIN-01",
                "2026-11-24T10:15:00+08:00",
                100_100);
        rows.clear();
        deltas.clear();
        count(
                STEEL,
                "GW01",
                "2026-11-24T10:46:00+08:00",
                "E-MAIN-01",
                "2026-11-24T10:15:00+08:00",
                100_100, // a duplicate
                "E-MAIN-01",
                "2026-11-24T10:15:00+08:00",
                100_250, // a conflict
                "E-MAIN-01",
                "2026-11-24T10:30:00+08:00",
                900_000, // 799,900 kWh in 15 min, at most 10,000 kWh/h
                "E-MAIN-01",
                "2026-11-24T10:45:00+08:00",
                90_000, // back by 10,100: neither a wrap nor a reset
                "E-MAIN-01",
                "2026-11-24T10:45:00+08:00",
                100_300);

        assertThat(rejected)
                .extracting(r -> r.reason().code() + " " + r.index() + " " + r.value())
                .containsExactly("conflict 1 100250.0", "suspect_step 2 900000.0", "negative_step 3 90000.0");
        assertThat(rejected).allSatisfy(r -> {
            assertThat(r.mqttTopic()).isEqualTo("dcmon/v1/" + STEEL + "/GW01/readings");
            assertThat(r.seq()).isEqualTo(7);
            assertThat(r.point()).isEqualTo("E-MAIN-01");
        });
        // 200 kWh from the last accepted reading over [10:15, 10:45): 100 in each quarter
        assertThat(rows())
                .containsExactly(
                        "point_usage 15m 2026-11-24T10:15 100.0",
                        "point_usage 15m 2026-11-24T10:30 100.0",
                        "point_usage day 2026-11-24T00:00 300.0",
                        "point_usage month 2026-11-01T00:00 300.0",
                        "point_usage year 2026-01-01T00:00 300.0",
                        "enterprise_usage 15m 2026-11-24T10:15 0.01229",
                        "enterprise_usage day 2026-11-24T00:00 0.03687",
                        "enterprise_usage month 2026-11-01T00:00 0.03687",
                        "enterprise_usage year 2026-01-01T00:00 0.03687",
                        "enterprise_usage 15m 2026-11-24T10:30 0.01229");
        ReadingCounts counts = counter.counts();
        assertThat(counts.counted).isEqualTo(3);
        assertThat(counts.duplicates).isEqualTo(1);
        assertThat(counts.rejected(RejectReason.CONFLICT)).isEqualTo(1);
        assertThat(counts.rejected(RejectReason.SUSPECT_STEP)).isEqualTo(1);
        assertThat(counts.rejected(RejectReason.NEGATIVE_STEP)).isEqualTo(1);
    }

    @Test
    void readingsTheRegistryNoLongerHoldsAreRejectedAndCountNothing() throws Exception {
        assertThat(count(
                        CEMENT,
                        "GW01",
                        "2026-11-24T10:46:00+08:00",
                        "KILN-COAL",
                        "2026-11-24T10:00:00+08:00",
                        100,
                        "NO-SUCH-POINT",
                        "2026-11-24T10:00:00+08:00",
                        5))
                .as("a known enterprise: the prune timer is due even when nothing counted")
                .isEqualTo(EnterpriseCounter.Counted.COUNTED);
        assertThat(count(
                        "91000000000000000X",
                        "GW01",
                        "2026-11-24T10:46:00+08:00",
                        "E-MAIN-01",
                        "2026-11-24T10:00:00+08:00",
                        1))
                .isEqualTo(EnterpriseCounter.Counted.UNKNOWN_ENTERPRISE);

        assertThat(rejected)
                .extracting(r -> r.reason().code() + " " + r.point())
                .containsExactly(
                        "gateway_mismatch KILN-COAL", "unknown_point NO-SUCH-POINT", "unknown_enterprise E-MAIN-01");
        assertThat(rows).isEmpty();
        assertThat(deltas).isEmpty();
        assertThat(InMemoryStateMap.of(state.series()).map).isEmpty();
        assertThat(InMemoryStateMap.of(state.totals()).map).isEmpty();
    }

    @Test
    void withARollupIntervalPointRollupsWaitAndTheirDaysAreKnownWithoutReadingState() throws Exception {
        counter = new EnterpriseCounter(TestRegistry.provider(), LATENESS_MS, ROLLUP_MS);
        InMemoryStateMap<String, long[]> pending = InMemoryStateMap.of(state.pendingRollups());

        assertThat(count(
                        STEEL,
                        "GW01",
                        "2026-11-24T10:16:00+08:00",
                        "E-MAIN-01",
                        "2026-11-24T10:00:00+08:00",
                        100,
                        "E-MAIN-01",
                        "2026-11-24T10:15:00+08:00",
                        200))
                .isEqualTo(EnterpriseCounter.Counted.ROLLUPS_STARTED);
        assertThat(rows())
                .containsExactly(
                        "point_usage 15m 2026-11-24T10:00 100.0",
                        "enterprise_usage 15m 2026-11-24T10:00 0.01229",
                        "enterprise_usage day 2026-11-24T00:00 0.01229",
                        "enterprise_usage month 2026-11-01T00:00 0.01229",
                        "enterprise_usage year 2026-01-01T00:00 0.01229");
        assertThat(pending.map.get("E-MAIN-01")).containsExactly(at(STEEL_DAY));

        rows.clear();
        pending.reads = 0;
        assertThat(count(STEEL, "GW01", "2026-11-24T10:31:00+08:00", "E-MAIN-01", "2026-11-24T10:30:00+08:00", 350))
                .as("roll-ups already wait: no new timer")
                .isEqualTo(EnterpriseCounter.Counted.COUNTED);
        assertThat(pending.reads).as("this instance knows what waits").isZero();
        assertThat(rows())
                .containsExactly(
                        "point_usage 15m 2026-11-24T10:15 150.0",
                        "enterprise_usage 15m 2026-11-24T10:15 0.018435",
                        "enterprise_usage day 2026-11-24T00:00 0.030725",
                        "enterprise_usage month 2026-11-01T00:00 0.030725",
                        "enterprise_usage year 2026-01-01T00:00 0.030725");

        rows.clear();
        counter.emitPendingRollups(STEEL, state, rows);
        assertThat(rows())
                .containsExactly(
                        "point_usage day 2026-11-24T00:00 250.0",
                        "point_usage month 2026-11-01T00:00 250.0",
                        "point_usage year 2026-01-01T00:00 250.0");
        assertThat(pending.map).isEmpty();

        rows.clear();
        assertThat(count(STEEL, "GW01", "2026-11-24T10:46:00+08:00", "E-MAIN-01", "2026-11-24T10:45:00+08:00", 400))
                .as("the first roll-up after the timer wrote them")
                .isEqualTo(EnterpriseCounter.Counted.ROLLUPS_STARTED);
    }

    @Test
    void afterARestoreWaitingDaysAreReadFromStateAndJoined() throws Exception {
        counter = new EnterpriseCounter(TestRegistry.provider(), LATENESS_MS, ROLLUP_MS);
        InMemoryStateMap<String, long[]> pending = InMemoryStateMap.of(state.pendingRollups());
        count(
                STEEL,
                "GW01",
                "2026-11-24T10:16:00+08:00",
                "E-MAIN-01",
                "2026-11-23T23:45:00+08:00",
                100,
                "E-MAIN-01",
                "2026-11-24T00:00:00+08:00",
                200);
        counter = new EnterpriseCounter(TestRegistry.provider(), LATENESS_MS, ROLLUP_MS); // a restart: nothing known

        pending.reads = 0;
        assertThat(count(STEEL, "GW01", "2026-11-24T10:31:00+08:00", "E-MAIN-01", "2026-11-24T00:15:00+08:00", 350))
                .isEqualTo(EnterpriseCounter.Counted.COUNTED);
        assertThat(pending.reads).isGreaterThan(0);
        assertThat(pending.map.get("E-MAIN-01")).containsExactly(at("2026-11-23T00:00+08:00"), at(STEEL_DAY));
    }

    @Test
    void pruningKeepsTheAnchorAfterTheLatenessAndForgetsASilentPointWithClosedTotals() throws Exception {
        count(
                STEEL,
                "GW01",
                "2026-11-24T10:31:00+08:00",
                "E-MAIN-01",
                "2026-11-24T10:00:00+08:00",
                100,
                "E-MAIN-01",
                "2026-11-24T10:15:00+08:00",
                200);

        assertThat(counter.prune(STEEL, at("2027-01-05T01:00:00+08:00"), state))
                .as("the newest reading stays")
                .isTrue();
        assertThat(state.series().get("E-MAIN-01").size).isEqualTo(1);
        // quarter-hour and day totals before the horizon are gone; the month and the year stay
        assertThat(InMemoryStateMap.of(state.totals()).map).hasSize(2);

        assertThat(counter.prune(STEEL, at("2029-06-01T01:00:00+08:00"), state)).isFalse();
        assertThat(InMemoryStateMap.of(state.series()).map).isEmpty();
        assertThat(InMemoryStateMap.of(state.olderSeries()).map).isEmpty();
        assertThat(InMemoryStateMap.of(state.totals()).map).isEmpty();
    }
}
