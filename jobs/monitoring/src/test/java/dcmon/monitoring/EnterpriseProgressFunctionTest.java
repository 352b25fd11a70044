package dcmon.monitoring;

import static dcmon.monitoring.TestRegistry.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dcmon.core.alert.AlertConfig;
import dcmon.core.alert.AlertConfigLoader;
import dcmon.core.alert.AlertEvent;
import dcmon.core.alert.AlertIds;
import dcmon.core.alert.AlertJson;
import dcmon.core.alert.RuleIds;
import dcmon.core.alert.Severity;
import dcmon.core.calendar.Period;
import dcmon.core.progress.TimeShare;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.IntensityTarget;
import dcmon.core.registry.Level;
import dcmon.core.registry.Registry;
import dcmon.core.registry.YearTarget;
import dcmon.core.targets.RegionTargets;
import dcmon.core.targets.Subject;
import dcmon.core.usage.UsageKeys;
import dcmon.influx.SeriesPoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EnterpriseProgressFunctionTest {
    static final Duration LATENESS = Duration.ofDays(35);
    static final long NOV = at("2026-11-01T00:00:00+08:00");
    static final long RX = at("2026-11-24T10:20:00+08:00");
    /** The end of the 15-minute interval that holds RX: when the unit is evaluated. */
    static final long EVAL = at("2026-11-24T10:30:00+08:00");

    static AlertConfig alerts;
    static Registry registry;
    static Enterprise steel;

    private SwappableRegistry provider;
    private KeyedOneInputStreamOperatorTestHarness<String, RegionDelta, SeriesPoint> harness;

    @BeforeAll
    static void config() throws Exception {
        alerts = AlertConfigLoader.load(
                Path.of(System.getProperty("dcmon.home", "../..")).resolve("config/alerts.yaml"));
        registry = withCap(TestRegistry.registry(), TestRegistry.STEEL, 1000);
        steel = registry.enterprise(TestRegistry.STEEL);
    }

    /** The registry with a 2026 cap for one unit. */
    static Registry withCap(Registry r, String code, double capTce) {
        List<Enterprise> all = new ArrayList<>();
        for (Enterprise e : r.enterprises()) {
            if (e.code().equals(code)) {
                e = new Enterprise(
                        e.code(),
                        e.name(),
                        e.city(),
                        e.tier(),
                        e.industry(),
                        e.baseline(),
                        e.products(),
                        List.of(new YearTarget(2026, capTce, List.of())),
                        e.gateways(),
                        e.points());
            }
            all.add(e);
        }
        return new Registry(all);
    }

    static ProgressSettings settings() {
        return new ProgressSettings(
                RegionTargets.NONE, alerts, Duration.ofMinutes(15).toMillis());
    }

    @BeforeEach
    void open() throws Exception {
        provider = new SwappableRegistry(registry, TestRegistry.reference());
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new EnterpriseProgressFunction(provider, settings(), LATENESS), d -> d.region, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void monthDelta(long monthStart, double tce, long timestamp) throws Exception {
        RegionDelta d = new RegionDelta(
                UsagePoints.LEVEL_ENTERPRISE,
                TestRegistry.STEEL,
                UsageKeys.key(Period.MONTH, monthStart),
                TestTotals.of(tce, tce, tce, 0, 0));
        harness.processElement(new StreamRecord<>(d, timestamp));
    }

    private List<SeriesPoint> progressRows() {
        return harness.extractOutputValues().stream()
                .filter(p -> p.measurement().equals("enterprise_progress"))
                .toList();
    }

    private List<AlertEvent> alertEvents() throws Exception {
        List<AlertEvent> out = new ArrayList<>();
        var queue = harness.getSideOutput(Outputs.ALERTS);
        if (queue == null) return out;
        for (var r : queue) out.add(AlertJson.read(new String(r.getValue().json, StandardCharsets.UTF_8)));
        return out;
    }

    private static String id(String rule) {
        return AlertIds.id(rule, Subject.enterprise(steel), "2026");
    }

    @Test
    void evaluatesAtTheEndOfTheIntervalWithTheYearToDateAgainstTheCap() throws Exception {
        monthDelta(NOV, 600, RX);
        monthDelta(NOV, 350, RX);
        harness.processWatermark(new Watermark(EVAL - 1));
        assertThat(progressRows()).isEmpty();

        harness.processWatermark(new Watermark(EVAL));
        List<SeriesPoint> rows = progressRows();
        assertThat(rows).hasSize(2); // the unit and its one product
        SeriesPoint unit = rows.get(0);
        assertThat(unit.tags())
                .containsEntry("enterprise", TestRegistry.STEEL)
                .containsEntry("year", "2026")
                .doesNotContainKey("product");
        assertThat(unit.timeMillis()).isEqualTo(at("2026-11-24T00:00:00+08:00"));
        double timePct = TimeShare.calendar(2026, EVAL) * 100;
        assertThat(timePct).isCloseTo((327 + 10.5 / 24) / 365 * 100, within(1e-9));
        assertThat(unit.fields())
                .containsEntry("ytd_tce", 950.0)
                .containsEntry("cap_tce", 1000.0)
                .containsEntry("completion_pct", 95.0)
                .containsEntry("cap_basis", "gbt2589")
                .containsEntry("projection_method", "recent-rate")
                .containsEntry("months_measured", 1L);
        assertThat((double) unit.fields().get("pace_gap_pp")).isCloseTo(95.0 - timePct, within(1e-9));
        // no day totals: the year-to-date daily rate, 950 tce over 327.4375 days, carried to the year's end
        assertThat((double) unit.fields().get("projected_tce")).isCloseTo(950 * 365 / 327.4375, within(1e-9));
        assertThat(rows.get(1).tags()).containsEntry("product", "crude-steel");
    }

    @Test
    void raisesThePaceAndProjectionAlertsWithDeterministicIdsAndTheirInfluxRows() throws Exception {
        monthDelta(NOV, 950, RX);
        harness.processWatermark(new Watermark(EVAL));

        List<AlertEvent> events = alertEvents();
        assertThat(events)
                .extracting(AlertEvent::rule, AlertEvent::severity, AlertEvent::event, AlertEvent::seq, AlertEvent::id)
                .containsExactly(
                        tuple(RuleIds.TOTAL_PACE, Severity.WATCH, AlertEvent.Type.RAISED, 1, id(RuleIds.TOTAL_PACE)),
                        tuple(
                                RuleIds.TOTAL_PROJECTION,
                                Severity.WARNING,
                                AlertEvent.Type.RAISED,
                                1,
                                id(RuleIds.TOTAL_PROJECTION)));
        assertThat(events.get(0).lastChanged()).isEqualTo("2026-11-24T10:30:00+08:00");
        assertThat(events.get(0).subject()).isEqualTo(Subject.enterprise(steel));

        List<SeriesPoint> alertRows = harness.extractOutputValues().stream()
                .filter(p -> p.measurement().equals("alerts"))
                .toList();
        assertThat(alertRows).hasSize(2);
        assertThat(alertRows.get(0).tags())
                .containsEntry("rule", RuleIds.TOTAL_PACE)
                .containsEntry("severity", "watch")
                .containsEntry("enterprise", TestRegistry.STEEL)
                .containsEntry("city", "420100")
                .containsEntry("tier", steel.tier().code());
        assertThat(alertRows.get(0).fields())
                .containsEntry("id", id(RuleIds.TOTAL_PACE))
                .containsEntry("state", "active")
                .containsEntry("threshold", 5.0);
        assertThat(alertRows.get(0).timeMillis()).isEqualTo(EVAL);
    }

    @Test
    void raisesTheBreachIntensityAndCarbonRulesWithTheirEvidence() throws Exception {
        // a 900 tce cap, a CO₂ cap of 2000 t and 500 kgce per tonne of crude steel
        Enterprise tight = new Enterprise(
                steel.code(),
                steel.name(),
                steel.city(),
                steel.tier(),
                steel.industry(),
                steel.baseline(),
                steel.products(),
                List.of(new YearTarget(
                        2026,
                        Level.of(900),
                        Level.of(2000),
                        List.of(new IntensityTarget("crude-steel", 500)),
                        List.of())),
                steel.gateways(),
                steel.points());
        provider.swap(new Registry(List.of(tight)));
        RegionDelta d = new RegionDelta(
                UsagePoints.LEVEL_ENTERPRISE,
                TestRegistry.STEEL,
                UsageKeys.key(Period.MONTH, NOV),
                TestTotals.of(950, 950, 950, 2500, 0, "crude-steel", 1600));
        harness.processElement(new StreamRecord<>(d, RX));
        harness.processWatermark(new Watermark(EVAL));

        var byRule = alertEvents().stream().collect(Collectors.toMap(AlertEvent::rule, e -> e));
        assertThat(byRule.get(RuleIds.TOTAL_BREACH).severity()).isEqualTo(Severity.BREACH);
        assertThat((double) byRule.get(RuleIds.TOTAL_BREACH).evidence().get("value"))
                .isCloseTo(950.0 / 900 * 100, within(1e-9));
        // the unit's one product takes its whole energy: 950 tce over 1600 t is 593.75 kgce/t, 18.75 % over target
        AlertEvent intensity = byRule.get(RuleIds.INTENSITY_TARGET);
        assertThat(intensity.severity()).isEqualTo(Severity.BREACH);
        assertThat((double) intensity.evidence().get("value")).isCloseTo(18.75, within(1e-9));
        assertThat(intensity.evidence())
                .containsEntry("product", "crude-steel")
                .containsEntry("target_kgce_per_unit", 500.0);
        assertThat((double) intensity.evidence().get("ytd_kgce_per_unit")).isCloseTo(593.75, within(1e-9));
        assertThat(byRule.get(RuleIds.CO2_BREACH).severity()).isEqualTo(Severity.BREACH);
        assertThat((double) byRule.get(RuleIds.CO2_BREACH).evidence().get("value"))
                .isCloseTo(125.0, within(1e-9));
        assertThat(byRule.get(RuleIds.CO2_PROJECTION).severity()).isEqualTo(Severity.WARNING);
        assertThat(byRule.get(RuleIds.INTENSITY_TARGET).messageZh()).contains("crude-steel");
    }

    @Test
    void sendsItsShareToItsCityTierAndProvince() throws Exception {
        monthDelta(NOV, 950, RX);
        harness.processWatermark(new Watermark(EVAL));
        var shares = harness.getSideOutput(Outputs.PROGRESS_SHARES).stream()
                .map(StreamRecord::getValue)
                .toList();
        assertThat(shares)
                .extracting(ProgressShare::rollupKey)
                .containsExactly("city|420100", "tier|" + steel.tier().code(), "province|420000");
        assertThat(shares.get(0).ytd.tce).isEqualTo(950.0);
        assertThat(shares.get(0).measured).containsExactly("2026-11");
        assertThat(shares.get(0).year).isEqualTo(2026);
    }

    @Test
    void clearsThePaceAlertOnceTimeCatchesUpPastTheClearMargin() throws Exception {
        monthDelta(NOV, 950, RX);
        // no more usage: the unit is evaluated every midnight, and the time share grows
        harness.processWatermark(new Watermark(at("2026-12-01T00:00:00+08:00")));
        List<AlertEvent> pace = alertEvents().stream()
                .filter(e -> e.rule().equals(RuleIds.TOTAL_PACE))
                .toList();
        assertThat(pace)
                .extracting(AlertEvent::event)
                .containsExactly(AlertEvent.Type.RAISED, AlertEvent.Type.UPDATED, AlertEvent.Type.CLEARED);
        // raised at 95 − 327.4375/365 × 100 = 5.29 pp; at midnight of the 29th the gap is 95 − 332/365 × 100 = 4.04,
        // moved by more than the update step (1): updated, still watch
        assertThat(pace.get(1).lastChanged()).isEqualTo("2026-11-29T00:00:00+08:00");
        assertThat((double) pace.get(1).evidence().get("value")).isCloseTo(95 - 332.0 / 365 * 100, within(1e-9));
        // watch at 5 pp, clear margin 1: it holds until the gap is under 4 pp, first at midnight of the 30th (3.77)
        assertThat(pace.get(2).lastChanged()).isEqualTo("2026-11-30T00:00:00+08:00");
        assertThat(pace.get(2).seq()).isEqualTo(3);
        assertThat(pace.get(2).state()).isEqualTo(AlertEvent.State.CLEARED);
    }

    @Test
    void theSameInputGivesTheSameEventsByteForByte() throws Exception {
        monthDelta(NOV, 950, RX);
        harness.processWatermark(new Watermark(at("2026-12-01T00:00:00+08:00")));
        List<String> first = jsons();

        KeyedOneInputStreamOperatorTestHarness<String, RegionDelta, SeriesPoint> again =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new EnterpriseProgressFunction(provider, settings(), LATENESS), d -> d.region, Types.STRING);
        harness.close();
        harness = again;
        monthDelta(NOV, 950, RX);
        harness.processWatermark(new Watermark(at("2026-12-01T00:00:00+08:00")));
        assertThat(jsons()).isNotEmpty().isEqualTo(first);
    }

    private List<String> jsons() {
        return harness.getSideOutput(Outputs.ALERTS).stream()
                .map(r -> new String(r.getValue().json, StandardCharsets.UTF_8))
                .collect(Collectors.toList());
    }

    @Test
    void restoredFromASnapshotItGoesOnWithoutRaisingAgain() throws Exception {
        monthDelta(NOV, 950, RX);
        harness.processWatermark(new Watermark(EVAL));
        assertThat(alertEvents()).hasSize(2);
        var snapshot = harness.snapshot(1, EVAL);
        harness.close();

        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new EnterpriseProgressFunction(provider, settings(), LATENESS)),
                d -> d.region,
                Types.STRING);
        harness.initializeState(snapshot);
        harness.open();
        monthDelta(NOV, 1, at("2026-11-24T10:40:00+08:00"));
        harness.processWatermark(new Watermark(at("2026-11-24T10:45:00+08:00")));
        // 951 tce: the same severities, values moved by less than the update step: nothing new
        assertThat(alertEvents()).isEmpty();
        assertThat(progressRows())
                .hasSize(2)
                .first()
                .satisfies(r -> assertThat(r.fields()).containsEntry("ytd_tce", 951.0));
    }

    @Test
    void whileTheInputPausesTheFallbackEvaluatesThePendingTimeOnceAndTheWatermarkDoesNotAgain() throws Exception {
        harness.setProcessingTime(1_000_000);
        monthDelta(NOV, 950, RX);
        // no watermark comes: the input paused. The fallback waits the interval and the out-of-orderness
        long fallback = settings().idleFallback();
        harness.setProcessingTime(1_000_000 + fallback - 1_000);
        assertThat(progressRows()).isEmpty();
        harness.setProcessingTime(1_000_000 + fallback + 1_000);
        assertThat(progressRows()).hasSize(2);
        // evaluated at the pending event time, as the watermark would have
        assertThat(alertEvents()).extracting(AlertEvent::lastChanged).containsOnly("2026-11-24T10:30:00+08:00");
        int events = alertEvents().size();

        harness.processWatermark(new Watermark(EVAL));
        assertThat(progressRows()).hasSize(2);
        assertThat(alertEvents()).hasSize(events);
    }

    @Test
    void forgetsEverythingOfAUnitDroppedFromTheRegistry() throws Exception {
        monthDelta(NOV, 950, RX);
        harness.processWatermark(new Watermark(EVAL));
        assertThat(harness.numKeyedStateEntries()).isGreaterThan(0);

        List<Enterprise> others = registry.enterprises().stream()
                .filter(e -> !e.code().equals(TestRegistry.STEEL))
                .toList();
        provider.swap(new Registry(others));
        harness.processWatermark(new Watermark(at("2026-11-25T00:00:00+08:00")));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aYearClosedToLateDataLeavesNoAlertStateAndInTheEndNoStateOrTimerAtAll() throws Exception {
        monthDelta(NOV, 950, RX);
        harness.processWatermark(new Watermark(EVAL));
        assertThat(harness.numEventTimeTimers()).isEqualTo(1); // the next midnight

        // past the lateness after the year's end: 2026's alerts are final and forgotten; its months stay a year
        // longer, for the seasonal profile of 2027
        harness.processWatermark(new Watermark(at("2027-02-10T00:00:00+08:00")));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2); // the November total and the evaluation clock
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processWatermark(new Watermark(at("2028-02-10T00:00:00+08:00")));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
