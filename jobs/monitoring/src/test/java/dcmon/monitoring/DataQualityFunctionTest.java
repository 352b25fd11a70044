package dcmon.monitoring;

import static dcmon.monitoring.TestRegistry.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcmon.core.alert.AlertConfig;
import dcmon.core.alert.AlertConfigLoader;
import dcmon.core.alert.AlertIds;
import dcmon.core.alert.AlertLifecycle;
import dcmon.core.reading.RejectReason;
import dcmon.core.reading.Rejection;
import dcmon.influx.SeriesPoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.typeinfo.Types;
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

class DataQualityFunctionTest {
    static final AlertConfig ALERTS = loadAlerts();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long QUARTER = 15 * 60_000L;
    private static final long HOUR = 3_600_000L;

    private KeyedOneInputStreamOperatorTestHarness<String, QualitySignal, SeriesPoint> harness;

    static AlertConfig loadAlerts() {
        String home = System.getProperty("dcmon.home");
        Path root = home == null || home.isBlank() ? Path.of("../..") : Path.of(home);
        try {
            return AlertConfigLoader.load(root.resolve("config/alerts.yaml"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new DataQualityFunction(TestRegistry.provider(), ALERTS), s -> s.enterprise, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    // --- input

    private void send(String enterprise, String gateway, long receivedAt, Object... pointTsValue) throws Exception {
        harness.processElement(new StreamRecord<>(
                QualitySignal.accepted(TestRegistry.accepted(enterprise, gateway, receivedAt, 1, pointTsValue)),
                receivedAt));
    }

    /** One reading per message, received 30 s after its ts. */
    private void reading(String enterprise, String gateway, String point, long ts, double value) throws Exception {
        send(enterprise, gateway, ts + 30_000, point, iso(ts), value);
    }

    private void reject(
            RejectReason reason, String enterprise, String gateway, String point, long receivedAt, boolean atValidation)
            throws Exception {
        Rejection r = new Rejection(
                reason,
                null,
                "dcmon/v1/" + enterprise + "/" + gateway + "/readings",
                enterprise,
                gateway,
                1,
                point == null ? -1 : 0,
                point,
                receivedAt - 60_000,
                1.0,
                receivedAt,
                null);
        QualitySignal s = QualitySignal.rejected(r, atValidation);
        if (s != null) harness.processElement(new StreamRecord<>(s, receivedAt));
    }

    private static String iso(long ts) {
        return java.time.Instant.ofEpochMilli(ts)
                .atOffset(java.time.ZoneOffset.ofHours(8))
                .toString();
    }

    /** Evaluates the Shanghai day that starts at {@code day} (its end plus the allowance). */
    private void endOfDay(String day) throws Exception {
        harness.processWatermark(at(day + "T00:00:00+08:00") + 24 * HOUR + HOUR);
    }

    // --- output

    private List<JsonNode> alerts() throws IOException {
        List<JsonNode> list = new ArrayList<>();
        var emitted = harness.getSideOutput(Outputs.ALERTS);
        if (emitted == null) return list; // nothing emitted yet
        for (StreamRecord<AlertMessage> r : emitted) {
            list.add(JSON.readTree(r.getValue().json));
        }
        return list;
    }

    private List<JsonNode> alerts(String rule) throws IOException {
        return alerts().stream()
                .filter(a -> a.path("rule").asText().equals(rule))
                .toList();
    }

    private List<SeriesPoint> rows(String measurement) {
        return harness.extractOutputValues().stream()
                .filter(p -> p.measurement().equals(measurement))
                .toList();
    }

    /** The gateway's row of 2026-11-24. */
    private SeriesPoint qualityRow(String enterprise, String gateway) {
        List<SeriesPoint> rows = rows("data_quality").stream()
                .filter(p -> p.tags().get("enterprise").equals(enterprise)
                        && p.tags().get("gateway").equals(gateway)
                        && p.timeMillis() == at("2026-11-24T00:00:00+08:00"))
                .toList();
        assertThat(rows).as("data_quality %s %s", enterprise, gateway).hasSize(1);
        return rows.get(0);
    }

    private static void assertAlert(
            JsonNode a, String rule, String event, String severity, String level, String code, String period) {
        assertThat(a.path("rule").asText()).isEqualTo(rule);
        assertThat(a.path("event").asText()).isEqualTo(event);
        assertThat(a.path("severity").asText()).isEqualTo(severity);
        assertThat(a.path("subject").path("level").asText()).isEqualTo(level);
        assertThat(a.path("subject").path("code").asText()).isEqualTo(code);
        assertThat(a.path("period").asText()).isEqualTo(period);
        assertThat(a.path("id").asText()).isEqualTo(AlertIds.id(rule, level, code, period));
    }

    private <V> MapState<String, V> state(
            String enterprise, org.apache.flink.api.common.state.MapStateDescriptor<String, V> d) throws Exception {
        harness.getOperator().getKeyedStateBackend().setCurrentKey(enterprise);
        return harness.getOperator()
                .getKeyedStateBackend()
                .getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, d);
    }

    /** The enterprise's days pending evaluation, day start → evaluation time. */
    private MapState<Long, Long> pendingDays(String enterprise) throws Exception {
        harness.getOperator().getKeyedStateBackend().setCurrentKey(enterprise);
        return harness.getOperator()
                .getKeyedStateBackend()
                .getPartitionedState(
                        VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, DataQualityFunction.daysState());
    }

    private Long evaluatedDay(String enterprise) throws Exception {
        harness.getOperator().getKeyedStateBackend().setCurrentKey(enterprise);
        return harness.getOperator()
                .getKeyedStateBackend()
                .getPartitionedState(
                        VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, DataQualityFunction.evaluatedState())
                .value();
    }

    /** A full day of quarter-hour electricity readings and hourly coke amounts of the steel plant. */
    private void fullDay(String day) throws Exception {
        long start = at(day + "T00:00:00+08:00");
        for (int q = 0; q < 96; q++) {
            long ts = start + q * QUARTER;
            if (q % 4 == 0) {
                send(STEEL, "GW01", ts + 30_000, "E-MAIN-01", iso(ts), 1000.0 + q * 100, "COKE-01", iso(ts), 500.0);
            } else {
                reading(STEEL, "GW01", "E-MAIN-01", ts, 1000.0 + q * 100);
            }
        }
    }

    // --- data.completeness

    @Test
    void aCompleteDayRaisesNothingAndWritesItsQualityRow() throws Exception {
        fullDay("2026-11-24");
        endOfDay("2026-11-24");

        assertThat(alerts()).isEmpty();
        SeriesPoint row = qualityRow(STEEL, "GW01");
        assertThat(row.timeMillis()).isEqualTo(at("2026-11-24T00:00:00+08:00"));
        assertThat(row.tags())
                .containsEntry("period", "day")
                .containsEntry("city", "420100")
                .containsEntry("tier", "hundred");
        // 96 quarter hours of electricity, 24 hours of coke; the product counter never reported
        assertThat(row.fields())
                .containsEntry("expected", 120L)
                .containsEntry("covered", 120L)
                .containsEntry("received", 120L)
                .containsEntry("rejected", 0L)
                .containsEntry("completeness_pct", 100.0);
    }

    @Test
    void aDayWithMissingReadingsRaisesAWarningWithItsShare() throws Exception {
        long day = at("2026-11-24T00:00:00+08:00");
        reading(STEEL, "GW01", "E-MAIN-01", day - QUARTER, 900); // first reading ever: the last quarter of the 23rd
        for (int q = 0; q < 80; q++) reading(STEEL, "GW01", "E-MAIN-01", day + q * QUARTER, 1000.0 + q);
        // a repeat counts once
        reading(STEEL, "GW01", "E-MAIN-01", day + 79 * QUARTER, 1079.0);
        endOfDay("2026-11-24");

        List<JsonNode> raised = alerts(RuleIdsView.COMPLETENESS);
        assertThat(raised).hasSize(1); // the 23rd had 1 of 1 expected: no alert
        JsonNode a = raised.get(0);
        assertAlert(a, "data.completeness", "raised", "warning", "point", STEEL + "/E-MAIN-01", "2026-11-24");
        assertThat(a.path("evidence").path("value").asDouble()).isCloseTo(100.0 * 80 / 96, within(1e-9));
        assertThat(a.path("evidence").path("threshold").asDouble()).isEqualTo(90.0);
        assertThat(a.path("evidence").path("received").asDouble()).isEqualTo(80.0);
        assertThat(a.path("evidence").path("expected").asDouble()).isEqualTo(96.0);
        assertThat(a.path("message_en").asText()).contains("80 of 96");

        // its InfluxDB row leaves on the main output
        assertThat(rows("alerts")).singleElement().satisfies(r -> {
            assertThat(r.tags()).containsEntry("rule", "data.completeness").containsEntry("point", "E-MAIN-01");
            assertThat(r.fields()).containsEntry("id", a.path("id").asText());
        });
        SeriesPoint row = qualityRow(STEEL, "GW01");
        assertThat(row.fields()).containsEntry("expected", 96L).containsEntry("covered", 80L);
        assertThat(row.fields()).containsEntry("received", 81L);
    }

    @Test
    void aPointThatJoinedMidDayIsExpectedOnlyFromItsFirstReading() throws Exception {
        long noon = at("2026-11-24T12:00:00+08:00");
        for (int q = 0; q < 48; q++) reading(STEEL, "GW01", "E-MAIN-01", noon + q * QUARTER, 1000.0 + q);
        endOfDay("2026-11-24");

        assertThat(alerts()).isEmpty();
        assertThat(qualityRow(STEEL, "GW01").fields())
                .containsEntry("expected", 48L)
                .containsEntry("completeness_pct", 100.0);
    }

    @Test
    void aSilentDayAfterReportingIsZeroPercent() throws Exception {
        fullDay("2026-11-24");
        endOfDay("2026-11-24");
        // nothing at all on the 25th: no timer, no evaluation (a silent unit is gateway.offline's)
        endOfDay("2026-11-25");

        assertThat(alerts(RuleIdsView.COMPLETENESS)).isEmpty(); // no timer for a day without any signal
        // a single reading on the 26th: the 26th is evaluated, with the coke point missing altogether
        reading(STEEL, "GW01", "E-MAIN-01", at("2026-11-26T08:00:00+08:00"), 20_000);
        endOfDay("2026-11-26");
        List<JsonNode> raised = alerts(RuleIdsView.COMPLETENESS);
        assertThat(raised).hasSize(2);
        assertThat(raised)
                .extracting(a -> a.path("subject").path("point").asText() + "="
                        + a.path("evidence").path("value").asDouble())
                .containsExactlyInAnyOrder("E-MAIN-01=" + 100.0 / 96, "COKE-01=0.0");
    }

    @Test
    void readingsForADayAlreadyEvaluatedAreNotCounted() throws Exception {
        fullDay("2026-11-24");
        endOfDay("2026-11-24");
        int before = harness.extractOutputValues().size();
        reading(STEEL, "GW01", "E-MAIN-01", at("2026-11-24T10:05:00+08:00"), 1000);
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.extractOutputValues()).hasSize(before);
    }

    // --- days uploaded late

    /**
     * The first {@code quarters} quarter hours of the 24th of the electricity meter, all received at {@code r} as
     * one catch-up upload, the watermark following a minute behind as the job's does (it is the receive time).
     */
    private void upload(long r, int quarters) throws Exception {
        long day = at("2026-11-24T00:00:00+08:00");
        for (int q = 0; q < quarters; q++) {
            send(STEEL, "GW01", r, "E-MAIN-01", iso(day + q * QUARTER), 1000.0 + q);
            harness.processWatermark(r - 60_000);
        }
    }

    @Test
    void aDayUploadedLateIsJudgedAnHourAfterTheUploadStarted() throws Exception {
        long r = at("2026-11-25T10:00:00+08:00");
        upload(r, 96);
        harness.processWatermark(r + HOUR - 1);
        assertThat(rows("data_quality")).isEmpty(); // not on its first readings, though the day ended long ago
        assertThat(pendingDays(STEEL).get(at("2026-11-24T00:00:00+08:00"))).isEqualTo(r + HOUR);

        harness.processWatermark(r + HOUR);
        assertThat(alerts()).isEmpty();
        assertThat(qualityRow(STEEL, "GW01").fields()) // one evaluation, with the whole upload
                .containsEntry("expected", 96L)
                .containsEntry("covered", 96L)
                .containsEntry("completeness_pct", 100.0);
        assertThat(pendingDays(STEEL).keys())
                .containsExactly(at("2026-11-25T00:00:00+08:00")); // the day of receipt, judged after it ends
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        // the 24th is closed now: a straggler is not counted and the day is not judged again
        send(STEEL, "GW01", r + HOUR + 1000, "E-MAIN-01", iso(at("2026-11-24T23:50:00+08:00")), 2000.0);
        for (long[] entry : state(STEEL, DataQualityFunction.pointsState()).values()) {
            assertThat(entry).hasSize(DataQualityFunction.POINT_HEADER);
        }
        // the 25th, the day of receipt, is judged after it ends (the meter sent nothing of the 25th itself)
        endOfDay("2026-11-25");
        assertThat(rows("data_quality"))
                .filteredOn(p -> p.timeMillis() == at("2026-11-24T00:00:00+08:00"))
                .hasSize(1);
        assertThat(alerts(RuleIdsView.COMPLETENESS))
                .extracting(a -> a.path("period").asText())
                .containsExactly("2026-11-25");
        assertThat(pendingDays(STEEL).isEmpty()).isTrue();
        assertThat(harness.numEventTimeTimers()).isZero();
        for (long[] entry : state(STEEL, DataQualityFunction.pointsState()).values()) {
            assertThat(entry).hasSize(DataQualityFunction.POINT_HEADER);
        }
    }

    @Test
    void anIncompleteLateUploadIsRaisedAnHourAfterItStarted() throws Exception {
        long r = at("2026-11-25T10:00:00+08:00");
        upload(r, 80);
        harness.processWatermark(r + HOUR - 1);
        assertThat(alerts()).isEmpty();
        harness.processWatermark(r + HOUR);

        List<JsonNode> raised = alerts(RuleIdsView.COMPLETENESS);
        assertThat(raised).hasSize(1);
        JsonNode a = raised.get(0);
        assertAlert(a, "data.completeness", "raised", "warning", "point", STEEL + "/E-MAIN-01", "2026-11-24");
        assertThat(a.path("evidence").path("value").asDouble()).isEqualTo(100.0 * 80 / 96);
        assertThat(a.path("evidence").path("received").asDouble()).isEqualTo(80.0);
        assertThat(a.path("evidence").path("expected").asDouble()).isEqualTo(96.0);
        assertThat(a.path("first_seen").asText()).isEqualTo(AlertLifecycle.time(r + HOUR));
        assertThat(qualityRow(STEEL, "GW01").fields())
                .containsEntry("expected", 96L)
                .containsEntry("covered", 80L);
    }

    @Test
    void aDayDueWaitsForAnEarlierDayStillComingIn() throws Exception {
        // the 25th live, then the 24th uploaded from 00:30 on the 26th
        long day25 = at("2026-11-25T00:00:00+08:00");
        for (int q = 0; q < 96; q++) reading(STEEL, "GW01", "E-MAIN-01", day25 + q * QUARTER, 5000.0 + q);
        long r = at("2026-11-26T00:30:00+08:00");
        upload(r, 96);
        harness.processWatermark(at("2026-11-26T01:00:00+08:00")); // the 25th's own time
        assertThat(rows("data_quality")).isEmpty();

        harness.processWatermark(r + HOUR);
        assertThat(alerts(RuleIdsView.COMPLETENESS)).isEmpty();
        assertThat(rows("data_quality"))
                .extracting(SeriesPoint::timeMillis)
                .containsExactly(at("2026-11-24T00:00:00+08:00"), day25);
        assertThat(evaluatedDay(STEEL)).isEqualTo(day25);
        assertThat(pendingDays(STEEL).keys()).containsExactly(at("2026-11-26T00:00:00+08:00"));
    }

    // --- point.stuck

    private void cementQuarters(long from, int quarters, boolean kilnMoves) throws Exception {
        for (int q = 0; q < quarters; q++) {
            long ts = from + q * QUARTER;
            double elec = 10_000 + q * 100.0;
            send(CEMENT, "GW01", ts + 30_000, "E-MAIN-01", iso(ts), elec);
            double coal = kilnMoves ? 5_000 + q : 5_000;
            send(CEMENT, "GW02", ts + 30_000, "KILN-COAL", iso(ts), coal);
        }
    }

    @Test
    void aRegisterUnchangedWhileTheOthersMoveIsStuckUntilItMoves() throws Exception {
        long start = at("2026-11-24T00:00:00+08:00");
        cementQuarters(start, 99, false); // to 2026-11-25T00:30: 24.5 h unchanged
        endOfDay("2026-11-24");

        List<JsonNode> stuck = alerts("point.stuck");
        assertThat(stuck).hasSize(1);
        assertAlert(stuck.get(0), "point.stuck", "raised", "warning", "point", CEMENT + "/KILN-COAL", "2026-11-24");
        assertThat(stuck.get(0).path("evidence").path("value").asDouble()).isEqualTo(24.5);
        assertThat(stuck.get(0).path("evidence").path("threshold").asDouble()).isEqualTo(24.0);
        assertThat(state(CEMENT, DataQualityFunction.alertsState()).keys()).hasSize(1);

        // the register moves: cleared, same id
        send(CEMENT, "GW02", at("2026-11-25T01:15:30+08:00"), "KILN-COAL", "2026-11-25T01:15:00+08:00", 5_010.0);
        stuck = alerts("point.stuck");
        assertThat(stuck).hasSize(2);
        assertAlert(stuck.get(1), "point.stuck", "cleared", "warning", "point", CEMENT + "/KILN-COAL", "2026-11-24");
        assertThat(stuck.get(1).path("seq").asInt()).isEqualTo(2);
        assertThat(state(CEMENT, DataQualityFunction.alertsState()).isEmpty()).isTrue();
    }

    @Test
    void aPointThatLeavesTheRegistryTakesItsStateAndStuckAlertWithIt() throws Exception {
        SwappableRegistry registry = new SwappableRegistry(TestRegistry.registry(), TestRegistry.reference());
        harness.close();
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new DataQualityFunction(registry, ALERTS), s -> s.enterprise, Types.STRING);
        cementQuarters(at("2026-11-24T00:00:00+08:00"), 99, false);
        endOfDay("2026-11-24");
        assertThat(alerts("point.stuck")).hasSize(1);
        assertThat(state(CEMENT, DataQualityFunction.alertsState()).keys()).hasSize(1);

        List<dcmon.core.registry.Enterprise> changed = new ArrayList<>();
        for (dcmon.core.registry.Enterprise e : TestRegistry.registry().enterprises()) {
            changed.add(
                    e.code().equals(CEMENT)
                            ? new dcmon.core.registry.Enterprise(
                                    e.code(),
                                    e.name(),
                                    e.city(),
                                    e.tier(),
                                    e.industry(),
                                    e.baseline(),
                                    e.products(),
                                    e.targets(),
                                    e.gateways(),
                                    List.of(CEMENT_ELEC))
                            : e);
        }
        registry.swap(new dcmon.core.registry.Registry(changed));
        endOfDay("2026-11-25");

        assertThat(state(CEMENT, DataQualityFunction.pointsState()).keys()).containsExactly("E-MAIN-01");
        assertThat(state(CEMENT, DataQualityFunction.alertsState()).isEmpty()).isTrue();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aWholeUnitAtRestIsNotStuck() throws Exception {
        long start = at("2026-11-24T00:00:00+08:00");
        for (int q = 0; q < 100; q++) {
            long ts = start + q * QUARTER;
            send(CEMENT, "GW01", ts + 30_000, "E-MAIN-01", iso(ts), 10_000.0);
            send(CEMENT, "GW02", ts + 30_000, "KILN-COAL", iso(ts), 5_000.0);
        }
        endOfDay("2026-11-24");
        assertThat(alerts("point.stuck")).isEmpty();
        // and with both moving nothing is stuck either
        cementQuarters(at("2026-11-25T01:00:00+08:00"), 100, true);
        endOfDay("2026-11-25");
        assertThat(alerts("point.stuck")).isEmpty();
    }

    // --- counter.reset

    @Test
    void aResetRaisesInfoButARolloverDoesNot() throws Exception {
        long t = at("2026-11-24T10:00:00+08:00");
        reading(STEEL, "GW01", "E-MAIN-01", t, 999_000);
        reading(STEEL, "GW01", "E-MAIN-01", t + QUARTER, 500); // wraps at 1,000,000: 1,500 kWh in 15 min
        assertThat(alerts()).isEmpty();
        reading(STEEL, "GW01", "E-MAIN-01", t + 2 * QUARTER, 2_000);
        reading(STEEL, "GW01", "E-MAIN-01", t + 3 * QUARTER, 40); // back to near zero: a meter change
        List<JsonNode> resets = alerts("counter.reset");
        assertThat(resets).hasSize(1);
        assertAlert(resets.get(0), "counter.reset", "raised", "info", "point", STEEL + "/E-MAIN-01", "2026-11-24");
        assertThat(resets.get(0).path("evidence").path("value").asDouble()).isEqualTo(1.0);
        // a drop that is neither is rejected while counting and is no reset either
        reading(STEEL, "GW01", "E-MAIN-01", t + 4 * QUARTER, 2_000);
        reading(STEEL, "GW01", "E-MAIN-01", t + 5 * QUARTER, 4_000);
        reading(STEEL, "GW01", "E-MAIN-01", t + 6 * QUARTER, 3_900);
        assertThat(alerts("counter.reset")).hasSize(1);
    }

    // --- count rules

    @Test
    void suspectAndConflictingReadingsRaiseWatchPerPointAndDay() throws Exception {
        long t = at("2026-11-24T10:00:30+08:00");
        reject(RejectReason.SUSPECT_STEP, STEEL, "GW01", "E-MAIN-01", t, false);
        reject(RejectReason.SUSPECT_STEP, STEEL, "GW01", "E-MAIN-01", t + 1000, false);
        reject(RejectReason.CONFLICT, STEEL, "GW01", "COKE-01", t + 2000, false);

        List<JsonNode> suspect = alerts("reading.suspect");
        assertThat(suspect).hasSize(1); // the second is below the update step of 10
        assertAlert(suspect.get(0), "reading.suspect", "raised", "watch", "point", STEEL + "/E-MAIN-01", "2026-11-24");
        assertThat(suspect.get(0).path("evidence").path("value").asDouble()).isEqualTo(1.0);
        List<JsonNode> conflict = alerts("reading.conflict");
        assertThat(conflict).hasSize(1);
        assertAlert(conflict.get(0), "reading.conflict", "raised", "watch", "point", STEEL + "/COKE-01", "2026-11-24");

        // ten more: an update once the count moved by the update step of 10
        for (int i = 0; i < 10; i++) reject(RejectReason.SUSPECT_STEP, STEEL, "GW01", "E-MAIN-01", t + 5000 + i, false);
        suspect = alerts("reading.suspect");
        assertThat(suspect).hasSize(2);
        assertThat(suspect.get(1).path("event").asText()).isEqualTo("updated");
        assertThat(suspect.get(1).path("evidence").path("value").asDouble()).isEqualTo(11.0);

        // the next day is a new period with a new id; the old one never clears
        endOfDay("2026-11-24");
        reject(RejectReason.SUSPECT_STEP, STEEL, "GW01", "E-MAIN-01", at("2026-11-25T09:00:00+08:00"), false);
        suspect = alerts("reading.suspect");
        assertThat(suspect).hasSize(3);
        assertAlert(suspect.get(2), "reading.suspect", "raised", "watch", "point", STEEL + "/E-MAIN-01", "2026-11-25");
        assertThat(suspect.get(2).path("seq").asInt()).isEqualTo(1);
        assertThat(alerts()).noneMatch(a -> a.path("event").asText().equals("cleared"));
    }

    @Test
    void unknownPointsRaiseWatchPerGateway() throws Exception {
        reject(RejectReason.UNKNOWN_POINT, STEEL, "GW01", "X-99", at("2026-11-24T10:00:30+08:00"), true);
        List<JsonNode> unknown = alerts("reading.unknown_point");
        assertThat(unknown).hasSize(1);
        assertAlert(
                unknown.get(0), "reading.unknown_point", "raised", "watch", "gateway", STEEL + "/GW01", "2026-11-24");
        assertThat(unknown.get(0).path("subject").path("gateway").asText()).isEqualTo("GW01");
    }

    @Test
    void cleanInputRaisesNoCountRule() throws Exception {
        fullDay("2026-11-24");
        endOfDay("2026-11-24");
        assertThat(alerts()).isEmpty();
    }

    // --- reading.rejected_rate

    @Test
    void theRejectedShareOfAGatewaysReadingsIsRatedAtDayEnd() throws Exception {
        long t = at("2026-11-24T10:00:00+08:00");
        for (int q = 0; q < 18; q++) reading(STEEL, "GW01", "E-MAIN-01", t + q * QUARTER, 1000.0 + q);
        reject(RejectReason.BAD_VALUE, STEEL, "GW01", "E-MAIN-01", t + 30_000, true);
        reject(RejectReason.BAD_VALUE, STEEL, "GW01", "E-MAIN-01", t + 60_000, true);
        // rejected while counting: was already received as accepted
        reject(RejectReason.NEGATIVE_STEP, STEEL, "GW01", "E-MAIN-01", t + 90_000, false);
        // a whole message rejected: in the row, not in the rate
        reject(RejectReason.MALFORMED_JSON, STEEL, "GW01", null, t + 120_000, true);
        endOfDay("2026-11-24");

        List<JsonNode> rate = alerts("reading.rejected_rate");
        assertThat(rate).hasSize(1);
        assertAlert(rate.get(0), "reading.rejected_rate", "raised", "watch", "gateway", STEEL + "/GW01", "2026-11-24");
        assertThat(rate.get(0).path("evidence").path("value").asDouble()).isEqualTo(15.0); // 3 of 20
        assertThat(rate.get(0).path("evidence").path("rejected").asDouble()).isEqualTo(3.0);
        assertThat(rate.get(0).path("evidence").path("received").asDouble()).isEqualTo(20.0);
        assertThat(qualityRow(STEEL, "GW01").fields())
                .containsEntry("received", 20L)
                .containsEntry("rejected", 3L)
                .containsEntry("rejected_messages", 1L)
                .containsEntry("rejected_bad_value", 2L)
                .containsEntry("rejected_negative_step", 1L)
                .containsEntry("rejected_malformed_json", 1L);
    }

    @Test
    void aLowRejectedShareRaisesNothing() throws Exception {
        fullDay("2026-11-24");
        reject(RejectReason.BAD_VALUE, STEEL, "GW01", "E-MAIN-01", at("2026-11-24T10:00:30+08:00"), true);
        endOfDay("2026-11-24");
        assertThat(alerts("reading.rejected_rate")).isEmpty(); // 1 of 121
        assertThat(qualityRow(STEEL, "GW01").fields()).containsEntry("received", 121L);
    }

    // --- robustness and state

    @Test
    void unknownEnterprisesAndPointsAreSkipped() throws Exception {
        long t = at("2026-11-24T10:00:30+08:00");
        send("91000000000000000X", "GW01", t, "E-MAIN-01", "2026-11-24T10:00:00+08:00", 1.0);
        reject(RejectReason.UNKNOWN_ENTERPRISE, "91000000000000000X", "GW01", null, t, true);
        reject(RejectReason.SUSPECT_STEP, "91000000000000000X", "GW01", "E-MAIN-01", t, false);
        reject(RejectReason.SUSPECT_STEP, STEEL, "GW01", "NO-SUCH-POINT", t, false);
        reject(RejectReason.BAD_TOPIC, null, null, null, t, true);
        send(STEEL, "GW01", t, "NO-SUCH-POINT", "2026-11-24T10:00:00+08:00", 1.0);
        endOfDay("2026-11-24");

        assertThat(alerts())
                .allMatch(a -> a.path("subject").path("enterprise").asText().equals(STEEL));
        assertThat(state("91000000000000000X", DataQualityFunction.pointsState())
                        .isEmpty())
                .isTrue();
        assertThat(state("91000000000000000X", DataQualityFunction.gatewaysState())
                        .isEmpty())
                .isTrue();
        assertThat(state(STEEL, DataQualityFunction.pointsState()).isEmpty()).isTrue();
    }

    @Test
    void aDaysCountsTimersAndAlertStatesAreGoneOnceItIsEvaluated() throws Exception {
        fullDay("2026-11-24");
        reject(RejectReason.SUSPECT_STEP, STEEL, "GW01", "E-MAIN-01", at("2026-11-24T10:00:30+08:00"), false);
        reject(RejectReason.UNKNOWN_POINT, STEEL, "GW01", "X-1", at("2026-11-24T10:00:30+08:00"), true);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1); // one per enterprise and day
        assertThat(state(STEEL, DataQualityFunction.alertsState()).keys()).hasSize(2);
        endOfDay("2026-11-24");

        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(pendingDays(STEEL).isEmpty()).isTrue();
        assertThat(state(STEEL, DataQualityFunction.gatewaysState()).isEmpty()).isTrue();
        assertThat(state(STEEL, DataQualityFunction.alertsState()).isEmpty()).isTrue();
        MapState<String, long[]> points = state(STEEL, DataQualityFunction.pointsState());
        assertThat(points.keys()).containsExactlyInAnyOrder("E-MAIN-01", "COKE-01");
        for (long[] entry : points.values()) assertThat(entry).hasSize(DataQualityFunction.POINT_HEADER);
    }

    @Test
    void theLastDaysAreNotJudgedAtTheEndOfInput() throws Exception {
        reading(STEEL, "GW01", "E-MAIN-01", at("2026-11-24T10:00:00+08:00"), 1);
        harness.processWatermark(Long.MAX_VALUE);
        assertThat(alerts()).isEmpty();
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(state(STEEL, DataQualityFunction.gatewaysState()).isEmpty()).isTrue();
        assertThat(pendingDays(STEEL).isEmpty()).isTrue();
        for (long[] entry : state(STEEL, DataQualityFunction.pointsState()).values()) {
            assertThat(entry).hasSize(DataQualityFunction.POINT_HEADER);
        }
    }

    /** On RocksDB a state value is a copy: a change not written back would be lost, unlike on the heap. */
    @Test
    void theRulesHoldOnRocksDb(@TempDir Path dir) throws Exception {
        onRocksDb(dir.resolve("a"));
        aRegisterUnchangedWhileTheOthersMoveIsStuckUntilItMoves();
        onRocksDb(dir.resolve("b"));
        aDayWithMissingReadingsRaisesAWarningWithItsShare();
        onRocksDb(dir.resolve("c"));
        suspectAndConflictingReadingsRaiseWatchPerPointAndDay();
        onRocksDb(dir.resolve("d"));
        aDaysCountsTimersAndAlertStatesAreGoneOnceItIsEvaluated();
        onRocksDb(dir.resolve("e"));
        theRejectedShareOfAGatewaysReadingsIsRatedAtDayEnd();
        onRocksDb(dir.resolve("f"));
        aDayUploadedLateIsJudgedAnHourAfterTheUploadStarted();
    }

    private void onRocksDb(Path dir) throws Exception {
        harness.close();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DataQualityFunction(TestRegistry.provider(), ALERTS)),
                s -> s.enterprise,
                Types.STRING);
        EmbeddedRocksDBStateBackend rocksDb = new EmbeddedRocksDBStateBackend();
        rocksDb.setDbStoragePath(dir.toString());
        harness.setStateBackend(rocksDb);
        harness.open();
    }

    @Test
    void theStoredAlertStateRoundTrips() {
        var s = new dcmon.core.alert.AlertState(
                "abc", 3, true, dcmon.core.alert.Severity.WARNING, 24.5, 10L, 20L, 15L, Map.of("x", 1.0));
        var back = DataQualityFunction.EncodedAlert.decode(
                DataQualityFunction.EncodedAlert.encode(new DataQualityFunction.EncodedAlert("point.stuck", 7L, s)));
        assertThat(back.rule).isEqualTo("point.stuck");
        assertThat(back.periodDay).isEqualTo(7L);
        assertThat(back.state)
                .isEqualTo(new dcmon.core.alert.AlertState(
                        "abc", 3, true, dcmon.core.alert.Severity.WARNING, 24.5, 10L, 20L, 15L, Map.of()));
    }

    /** Rule ids as the tests read them. */
    private static final class RuleIdsView {
        static final String COMPLETENESS = "data.completeness";
    }

    /** Gateway counts from a checkpoint of the version before late_covered: each reason keeps its count. */
    @Test
    void gatewayCountsOfTheLayoutBeforeLateCoveredRestoreWithTheirReasons() {
        int oldBlock = DataQualityFunction.G_BLOCK_UNMARKED;
        long[] old = new long[2 * oldBlock];
        for (int k = 0; k < 2; k++) {
            old[k * oldBlock] = at("2026-11-24T00:00:00+08:00") + k * 86_400_000L;
            for (int j = 1; j < oldBlock; j++) old[k * oldBlock + j] = 100 * k + j;
        }
        long[] now = DataQualityFunction.restored(old);
        int block = oldBlock + 1;
        assertThat(now).hasSize(2 * block);
        for (int k = 0; k < 2; k++) {
            assertThat(now[k * block]).isEqualTo(old[k * oldBlock]);
            // received, rejected, rejected messages, then the reasons in the order they had
            for (int j = 1; j < oldBlock; j++) assertThat(now[k * block + j]).isEqualTo(100 * k + j);
            assertThat(now[k * block + 4 + RejectReason.LATE_COVERED.ordinal()]).isZero();
        }
        assertThat(DataQualityFunction.restored(DataQualityFunction.stored(now)))
                .isEqualTo(now);
        assertThat(DataQualityFunction.stored(now)[0]).isEqualTo(-block);
    }
}
