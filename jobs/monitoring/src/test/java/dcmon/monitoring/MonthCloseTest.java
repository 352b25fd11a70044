package dcmon.monitoring;

import static dcmon.monitoring.TestRegistry.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dcmon.core.calendar.Period;
import dcmon.core.monthly.MonthlyJson;
import dcmon.core.monthly.MonthlySnapshot;
import dcmon.core.progress.TimeShare;
import dcmon.core.usage.UsageKeys;
import dcmon.core.usage.UsageTotals;
import dcmon.influx.SeriesPoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The month close of the enterprise and region progress functions: docs/design.md, *Month close*. */
class MonthCloseTest {
    static final Duration LATENESS = Duration.ofDays(35);
    static final long NOV = at("2026-11-01T00:00:00+08:00");
    static final long NOV_24 = at("2026-11-24T00:00:00+08:00");
    static final long RX = at("2026-11-24T10:20:00+08:00");
    /** November's end plus the default grace of three days. */
    static final long CLOSE = at("2026-12-04T00:00:00+08:00");

    static final String STEEL = TestRegistry.STEEL;
    static final String CEMENT = TestRegistry.CEMENT;

    private SwappableRegistry provider;
    private KeyedOneInputStreamOperatorTestHarness<String, RegionDelta, SeriesPoint> units;
    private KeyedOneInputStreamOperatorTestHarness<String, ProgressShare, SeriesPoint> regions;

    @BeforeAll
    static void config() throws Exception {
        EnterpriseProgressFunctionTest.config();
    }

    @BeforeEach
    void open() throws Exception {
        provider = new SwappableRegistry(EnterpriseProgressFunctionTest.registry, TestRegistry.reference());
        units = unitsHarness();
        units.open();
        regions = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new RegionProgressFunction(provider, EnterpriseProgressFunctionTest.settings(), LATENESS),
                ProgressShare::rollupKey,
                Types.STRING);
    }

    private KeyedOneInputStreamOperatorTestHarness<String, RegionDelta, SeriesPoint> unitsHarness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(
                        new EnterpriseProgressFunction(provider, EnterpriseProgressFunctionTest.settings(), LATENESS)),
                d -> d.region,
                Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        units.close();
        regions.close();
    }

    private void delta(String unit, Period period, long start, UsageTotals t, long timestamp) throws Exception {
        RegionDelta d = new RegionDelta(UsagePoints.LEVEL_ENTERPRISE, unit, UsageKeys.key(period, start), t);
        units.processElement(new StreamRecord<>(d, timestamp));
    }

    /** November's usage of both units, month and day rows as the usage function sends them. */
    private void november() throws Exception {
        delta(STEEL, Period.MONTH, NOV, TestTotals.of(950, 980, 940, 2500, 0, "crude-steel", 1600), RX);
        delta(STEEL, Period.DAY, NOV_24, TestTotals.of(950, 980, 940, 2500, 0, "crude-steel", 1600), RX);
        delta(CEMENT, Period.MONTH, NOV, TestTotals.of(120, 125, 120, 300, 2), RX);
        delta(CEMENT, Period.DAY, NOV_24, TestTotals.of(120, 125, 120, 300, 2), RX);
    }

    /** Advances both functions: the units, then the regions with the shares the units sent meanwhile. */
    private void watermark(long t) throws Exception {
        int sent = shares.size();
        units.processWatermark(new Watermark(t));
        var out = units.getSideOutput(Outputs.PROGRESS_SHARES);
        if (out != null) {
            List<StreamRecord<ProgressShare>> all = new ArrayList<>(out);
            for (int i = sent; i < all.size(); i++) {
                shares.add(all.get(i));
                regions.processElement(all.get(i));
            }
        }
        regions.processWatermark(new Watermark(t));
    }

    private final List<StreamRecord<ProgressShare>> shares = new ArrayList<>();

    private static List<MonthlySnapshot> snapshots(KeyedOneInputStreamOperatorTestHarness<String, ?, ?> h)
            throws Exception {
        List<MonthlySnapshot> out = new ArrayList<>();
        var queue = h.getSideOutput(Outputs.MONTHLY);
        if (queue == null) return out;
        for (var r : queue) {
            MonthlyMessage m = r.getValue();
            MonthlySnapshot s = MonthlyJson.read(new String(m.json, StandardCharsets.UTF_8));
            assertThat(m.id).isEqualTo(s.id());
            assertThat(m.key).isEqualTo(s.key());
            out.add(s);
        }
        return out;
    }

    private List<String> ids() throws Exception {
        List<String> out = new ArrayList<>();
        for (MonthlySnapshot s : snapshots(units)) out.add(s.id());
        for (MonthlySnapshot s : snapshots(regions)) out.add(s.id());
        return out;
    }

    @Test
    void closesTheMonthOnceTheWatermarkPassesItsEndPlusTheGraceNotBefore() throws Exception {
        november();
        watermark(CLOSE - 1);
        assertThat(ids()).isEmpty();

        watermark(CLOSE);
        assertThat(ids())
                .containsExactlyInAnyOrder(
                        "enterprise:" + STEEL + "|2026-11|r1",
                        "enterprise:" + CEMENT + "|2026-11|r1",
                        "city:420100|2026-11|r1",
                        "city:420500|2026-11|r1",
                        "province:420000|2026-11|r1",
                        "tier:hundred|2026-11|r1",
                        "tier:ten-thousand|2026-11|r1");

        // every snapshot of the close carries its evaluation time, the Kafka record's timestamp
        assertThat(units.getSideOutput(Outputs.MONTHLY)).allMatch(r -> r.getValue().at == CLOSE);
        assertThat(regions.getSideOutput(Outputs.MONTHLY)).allMatch(r -> r.getValue().at == CLOSE);

        MonthlySnapshot steel = snapshots(units).get(0);
        assertThat(steel.level()).isEqualTo("enterprise");
        assertThat(steel.tags()).containsEntry("city", "420100").containsEntry("tier", "hundred");
        assertThat(steel.monthTotals())
                .containsEntry("tce", 950.0)
                .containsEntry("tce_equal_value", 980.0)
                .containsEntry("tce_policy", 940.0)
                .containsEntry("tco2", 2500.0)
                .containsEntry("estimated", false)
                .containsEntry("output_crude-steel", 1600.0);
        assertThat(steel.yearToDate()).containsEntry("tce", 950.0);
        // progress as of November's last millisecond, not as of the close
        assertThat(steel.progress())
                .containsEntry("ytd_tce", 950.0)
                .containsEntry("mtd_tce", 950.0)
                .containsEntry("cap_tce", 1000.0)
                .containsEntry("completion_pct", 95.0)
                .containsEntry("months_measured", 1L);
        double timePct = TimeShare.calendar(2026, at("2026-12-01T00:00:00+08:00") - 1) * 100;
        assertThat((double) steel.progress().get("time_pct")).isCloseTo(timePct, within(1e-9));
        // 950 tce over 1600 t of crude steel
        assertThat((double) steel.products().get("crude-steel").get("ytd_kgce_per_unit"))
                .isCloseTo(593.75, within(1e-9));

        MonthlySnapshot province = snapshots(regions).stream()
                .filter(s -> s.level().equals("province"))
                .findFirst()
                .orElseThrow();
        assertThat(province.monthTotals())
                .containsEntry("tce", 1070.0)
                .containsEntry("estimated", true)
                .containsEntry("output_crude-steel", 1600.0);
        assertThat(province.progress()).containsEntry("ytd_tce", 1070.0);

        // a later day changes nothing: no second close
        watermark(CLOSE + 3 * 86_400_000L);
        assertThat(ids()).hasSize(7);
    }

    @Test
    void lateDataForAClosedMonthSendsTheNextRevisionOfTheSubjectsItChangedOnly() throws Exception {
        november();
        watermark(CLOSE);
        long late = at("2026-12-05T09:00:00+08:00");
        delta(CEMENT, Period.MONTH, NOV, TestTotals.of(5, 5, 5, 10, 0), late);
        delta(CEMENT, Period.DAY, at("2026-11-30T00:00:00+08:00"), TestTotals.of(5, 5, 5, 10, 0), late);
        watermark(at("2026-12-05T09:15:00+08:00"));

        assertThat(ids())
                .containsExactlyInAnyOrder(
                        "enterprise:" + STEEL + "|2026-11|r1",
                        "enterprise:" + CEMENT + "|2026-11|r1",
                        "enterprise:" + CEMENT + "|2026-11|r2",
                        "city:420100|2026-11|r1",
                        "city:420500|2026-11|r1",
                        "province:420000|2026-11|r1",
                        "tier:hundred|2026-11|r1",
                        "tier:ten-thousand|2026-11|r1",
                        "city:420500|2026-11|r2",
                        "province:420000|2026-11|r2",
                        "tier:ten-thousand|2026-11|r2");
        MonthlySnapshot r2 = snapshots(units).get(2);
        assertThat(r2.monthTotals()).containsEntry("tce", 125.0);
        MonthlySnapshot province = snapshots(regions).stream()
                .filter(s -> s.id().equals("province:420000|2026-11|r2"))
                .findFirst()
                .orElseThrow();
        assertThat(province.monthTotals()).containsEntry("tce", 1075.0);
    }

    @Test
    void lateDataThatChangesNothingSendsNoRevision() throws Exception {
        november();
        watermark(CLOSE);
        long late = at("2026-12-05T09:00:00+08:00");
        // a late reading that re-splits a step moves amounts between buckets of the month: +0.1 and −0.1 in the
        // month's total, which in floating point is not exactly the old one
        delta(STEEL, Period.MONTH, NOV, TestTotals.of(0.1, 0.1, 0.1, 0.1, 0), late);
        delta(STEEL, Period.MONTH, NOV, TestTotals.of(-0.1, -0.1, -0.1, -0.1, 0), late);
        // and a reading of December only leaves November alone
        delta(STEEL, Period.MONTH, at("2026-12-01T00:00:00+08:00"), TestTotals.of(3, 3, 3, 3, 0), late);
        watermark(at("2026-12-05T09:15:00+08:00"));
        assertThat(ids()).hasSize(7).allMatch(id -> id.endsWith("|r1"));
    }

    @Test
    void restoredFromASnapshotItGoesOnWithTheNextRevision() throws Exception {
        november();
        watermark(CLOSE);
        var snapshot = units.snapshot(1, CLOSE);
        units.close();

        units = unitsHarness();
        units.initializeState(snapshot);
        units.open();
        shares.clear();
        long late = at("2026-12-06T09:00:00+08:00");
        delta(STEEL, Period.MONTH, NOV, TestTotals.of(0, 0, 0, 0, 0), late);
        watermark(at("2026-12-06T09:15:00+08:00"));
        assertThat(snapshots(units)).isEmpty(); // recomputed, unchanged: the hash came through the restore

        delta(STEEL, Period.MONTH, NOV, TestTotals.of(50, 50, 50, 100, 0), late + 20 * 60_000);
        watermark(at("2026-12-06T09:30:00+08:00"));
        List<MonthlySnapshot> sent = snapshots(units);
        assertThat(sent).extracting(MonthlySnapshot::id).containsExactly("enterprise:" + STEEL + "|2026-11|r2");
        assertThat(sent.get(0).progress()).containsEntry("ytd_tce", 1000.0).containsEntry("completion_pct", 100.0);
    }

    @Test
    void forgetsAClosedMonthOnceNoReadingCanChangeItAndDoesNotCloseItAgain() throws Exception {
        november();
        watermark(CLOSE);
        assertThat(closedMonths(STEEL)).isEqualTo(1);
        // November's end plus the lateness (35 days) plus the pruning's margin (2 days): 7 January 2027. December
        // closed on the 4th: without usage of its own, but with the year to date of a unit that has data this year
        watermark(at("2027-01-06T23:00:00+08:00"));
        assertThat(closedMonths(STEEL)).isEqualTo(2);
        watermark(at("2027-01-07T00:00:00+08:00"));
        assertThat(closedMonths(STEEL)).isEqualTo(1);
        assertThat(regionState("province|420000")).isEqualTo(3); // December: closed, and its two members' shares
        List<String> december =
                ids().stream().filter(id -> id.contains("|2026-12|")).toList();
        assertThat(december).hasSize(7).allMatch(id -> id.endsWith("|r1"));
        assertThat(ids()).hasSize(14); // November is not closed again

        watermark(at("2027-02-07T00:00:00+08:00"));
        assertThat(closedMonths(STEEL)).isZero();
        assertThat(regionState("province|420000")).isZero();
    }

    private int closedMonths(String unit) throws Exception {
        units.getOperator().setCurrentKey(unit);
        MapState<Long, ClosedMonth> s = units.getOperator()
                .getKeyedStateBackend()
                .getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        EnterpriseProgressFunction.closedState("progress-monthly"));
        int n = 0;
        for (var ignored : s.keys()) n++;
        return n;
    }

    /** The region's closed months and month shares. */
    private int regionState(String region) throws Exception {
        regions.getOperator().setCurrentKey(region);
        var backend = regions.getOperator().getKeyedStateBackend();
        int n = 0;
        for (var ignored : backend.getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        EnterpriseProgressFunction.closedState("region-monthly"))
                .keys()) n++;
        for (var ignored : backend.getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        RegionProgressFunction.monthSharesState())
                .keys()) n++;
        return n;
    }
}
