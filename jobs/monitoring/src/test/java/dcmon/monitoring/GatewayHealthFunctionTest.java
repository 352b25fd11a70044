package dcmon.monitoring;

import static dcmon.monitoring.TestRegistry.CEMENT;
import static dcmon.monitoring.TestRegistry.STEEL;
import static dcmon.monitoring.TestRegistry.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dcmon.core.alert.AlertConfig;
import dcmon.core.alert.AlertConfigLoader;
import dcmon.core.alert.AlertEvent;
import dcmon.core.alert.AlertIds;
import dcmon.core.alert.AlertJson;
import dcmon.core.alert.RuleConfig;
import dcmon.core.alert.RuleIds;
import dcmon.core.alert.Severity;
import dcmon.core.reading.RejectReason;
import dcmon.core.reading.Rejection;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Gateway;
import dcmon.core.registry.Registry;
import dcmon.core.targets.Subject;
import dcmon.influx.SeriesPoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GatewayHealthFunctionTest {
    private static final long MIN = 60_000;
    private static final long HOUR = 60 * MIN;
    private static final long T0 = at("2026-11-24T10:00:00+08:00");
    private static final String STEEL_GW = STEEL + "/GW01";

    static AlertConfig alerts() throws Exception {
        Path home = Path.of(System.getProperty("dcmon.home", "../.."));
        return AlertConfigLoader.load(home.resolve("config/alerts.yaml"));
    }

    private KeyedOneInputStreamOperatorTestHarness<String, GatewaySignal, SeriesPoint> harness;
    /** Alert events {@link #events()} returned so far. */
    private int eventsTaken;

    @AfterEach
    void close() throws Exception {
        if (harness != null) harness.close();
    }

    private KeyedOneInputStreamOperatorTestHarness<String, GatewaySignal, SeriesPoint> open(
            RegistryProvider registry, Duration offlineAfter, OperatorSubtaskState restore) throws Exception {
        return open(registry, alerts(), offlineAfter, restore);
    }

    private KeyedOneInputStreamOperatorTestHarness<String, GatewaySignal, SeriesPoint> open(
            RegistryProvider registry, AlertConfig alerts, Duration offlineAfter, OperatorSubtaskState restore)
            throws Exception {
        GatewayHealthFunction f = new GatewayHealthFunction(
                registry, alerts, offlineAfter, GatewayHealthFunction.DEFAULT_DISCONNECT_GRACE);
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(f), GatewaySignal::key, Types.STRING);
        harness.setup();
        if (restore != null) harness.initializeState(restore);
        harness.open();
        eventsTaken = 0;
        return harness;
    }

    private void openDefault() throws Exception {
        open(TestRegistry.provider(), null, null);
        harness.setProcessingTime(T0);
    }

    /** Sets the job's clock to {@code t}, firing what is due. */
    private void clock(long t) throws Exception {
        harness.setProcessingTime(t);
    }

    /** At time {@code t} (bridge and job clocks agree), the signal arrives. */
    private void signal(long t, GatewaySignal s) throws Exception {
        clock(t);
        harness.processElement(new StreamRecord<>(s));
    }

    private void data(long t, String enterprise, String gateway) throws Exception {
        signal(
                t,
                GatewaySignal.data(TestRegistry.accepted(
                        enterprise, gateway, t, 1, "E-MAIN-01", "2026-11-24T10:00:00+08:00", 1.0)));
    }

    /** New alert events since the last call. */
    private List<AlertEvent> events() throws Exception {
        Queue<StreamRecord<AlertMessage>> q = harness.getSideOutput(Outputs.ALERTS);
        List<StreamRecord<AlertMessage>> all = q == null ? List.of() : new ArrayList<>(q);
        List<AlertEvent> fresh = new ArrayList<>();
        for (int i = eventsTaken; i < all.size(); i++) {
            AlertMessage m = all.get(i).getValue();
            AlertEvent e = AlertJson.read(new String(m.json, StandardCharsets.UTF_8));
            assertThat(m.id).isEqualTo(e.id());
            assertThat(m.seq).isEqualTo(e.seq());
            fresh.add(e);
        }
        eventsTaken = all.size();
        return fresh;
    }

    private List<SeriesPoint> rows(String measurement) {
        return harness.extractOutputValues().stream()
                .filter(p -> p.measurement().equals(measurement))
                .toList();
    }

    private List<SeriesPoint> statusRows(String enterprise, String gateway) {
        return rows("gateway_status").stream()
                .filter(p -> p.tags().get("enterprise").equals(enterprise)
                        && p.tags().get("gateway").equals(gateway))
                .toList();
    }

    private static Subject steelGateway() {
        return Subject.gateway(TestRegistry.registry().enterprise(STEEL), "GW01");
    }

    @Test
    void silenceRaisesAfterExactlyTheThresholdWhileOtherGatewaysSend() throws Exception {
        openDefault();
        data(T0, STEEL, "GW01");
        for (long t = T0; t < T0 + HOUR; t += 10 * MIN) data(t, CEMENT, "GW01");
        clock(T0 + HOUR - 1);
        assertThat(events()).isEmpty();

        clock(T0 + HOUR);
        List<AlertEvent> raised = events();
        assertThat(raised).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(AlertEvent.Type.RAISED);
            assertThat(e.rule()).isEqualTo(RuleIds.GATEWAY_OFFLINE);
            assertThat(e.seq()).isEqualTo(1);
            assertThat(e.severity()).isEqualTo(Severity.WARNING);
            assertThat(e.subject()).isEqualTo(steelGateway());
            assertThat(e.subject().code()).isEqualTo(STEEL_GW);
            assertThat(e.period()).isEqualTo("2026-11-24");
            assertThat(e.id()).isEqualTo(AlertIds.id(RuleIds.GATEWAY_OFFLINE, steelGateway(), "2026-11-24"));
            assertThat(e.evidence())
                    .containsEntry("value", 1.0)
                    .containsEntry("threshold", 1.0)
                    .containsEntry("unit", "h")
                    .containsEntry("connection", "silent")
                    .containsEntry("last_data", "2026-11-24T10:00:00+08:00");
            assertThat(e.lastChanged()).isEqualTo("2026-11-24T11:00:00+08:00");
            assertThat(e.messageZh()).contains("武汉示例钢铁有限公司 GW01").contains("1 小时");
        });
        // the event's InfluxDB row leaves on the main output
        assertThat(rows("alerts")).singleElement().satisfies(r -> {
            assertThat(r.tags()).containsEntry("gateway", "GW01").containsEntry("rule", RuleIds.GATEWAY_OFFLINE);
            assertThat(r.fields()).containsEntry("id", raised.get(0).id());
            assertThat(r.timeMillis()).isEqualTo(T0 + HOUR);
        });
        SeriesPoint last =
                statusRows(STEEL, "GW01").get(statusRows(STEEL, "GW01").size() - 1);
        assertThat(last.fields())
                .containsEntry("silent", true)
                .containsEntry("alert", true)
                .containsEntry("cause", "silent")
                .containsEntry("connection", "unknown")
                .containsEntry("last_data_age_s", 3600L);
        assertThat(statusRows(CEMENT, "GW01"))
                .as("the sending gateway's state never changed")
                .hasSize(1);

        for (long t = T0 + HOUR + 10 * MIN; t < T0 + 2 * HOUR; t += 10 * MIN) data(t, CEMENT, "GW01");
        // an hour later the value has moved by the update step
        clock(T0 + 2 * HOUR);
        assertThat(events()).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(AlertEvent.Type.UPDATED);
            assertThat(e.seq()).isEqualTo(2);
            assertThat((Double) e.evidence().get("value")).isCloseTo(2.0, within(1e-9));
        });
    }

    @Test
    void silenceAlsoRaisesWhenAllInputStops() throws Exception {
        openDefault();
        data(T0, STEEL, "GW01");
        data(T0 + 5 * MIN, CEMENT, "GW01");
        clock(T0 + HOUR + 5 * MIN);
        assertThat(events())
                .extracting(e -> e.subject().code() + " " + e.event().code())
                .containsExactlyInAnyOrder(STEEL + "/GW01 raised", CEMENT + "/GW01 raised");
    }

    @Test
    void dataClearsItAndALaterOutageTheSameDayKeepsTheId() throws Exception {
        openDefault();
        data(T0, STEEL, "GW01");
        clock(T0 + HOUR);
        String id = events().get(0).id();

        data(T0 + HOUR + 5 * MIN, STEEL, "GW01");
        assertThat(events()).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(AlertEvent.Type.CLEARED);
            assertThat(e.state()).isEqualTo(AlertEvent.State.CLEARED);
            assertThat(e.id()).isEqualTo(id);
            assertThat(e.seq()).isEqualTo(2);
            assertThat(e.firstSeen()).isEqualTo("2026-11-24T11:00:00+08:00");
            assertThat(e.lastChanged()).isEqualTo("2026-11-24T11:05:00+08:00");
        });
        List<SeriesPoint> status = statusRows(STEEL, "GW01");
        assertThat(status.get(status.size() - 1).fields())
                .containsEntry("silent", false)
                .containsEntry("alert", false)
                .doesNotContainKey("cause");

        // silent again from 11:05: the same day, so the same id goes on
        clock(T0 + 2 * HOUR + 5 * MIN);
        assertThat(events()).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(AlertEvent.Type.RAISED);
            assertThat(e.id()).isEqualTo(id);
            assertThat(e.seq()).isEqualTo(3);
        });
    }

    @Test
    void theRulesClearDelayHoldsTheAlertUntilTheGatewayKeptSendingThatLong() throws Exception {
        AlertConfig yaml = alerts();
        RuleConfig r = yaml.rule(RuleIds.GATEWAY_OFFLINE);
        Map<String, RuleConfig> rules = new LinkedHashMap<>(yaml.rules());
        rules.put(
                RuleIds.GATEWAY_OFFLINE,
                new RuleConfig(
                        r.id(),
                        r.labelZh(),
                        r.labelEn(),
                        r.unit(),
                        r.compare(),
                        r.thresholds(),
                        r.clearMargin(),
                        10 * MIN,
                        r.updateStep(),
                        r.messageZh(),
                        r.messageEn()));
        open(
                TestRegistry.provider(),
                new AlertConfig(
                        rules,
                        yaml.colours(),
                        yaml.severityLabels(),
                        yaml.colourLabels(),
                        yaml.clearedZh(),
                        yaml.clearedEn()),
                null,
                null);
        clock(T0);
        data(T0, STEEL, "GW01");
        clock(T0 + HOUR);
        assertThat(events()).hasSize(1);
        data(T0 + HOUR + 5 * MIN, STEEL, "GW01");
        data(T0 + HOUR + 10 * MIN, STEEL, "GW01");
        clock(T0 + HOUR + 15 * MIN - 1);
        assertThat(events()).as("the condition ended less than 10 min ago").isEmpty();
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
        clock(T0 + HOUR + 15 * MIN);
        assertThat(events()).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(AlertEvent.Type.CLEARED);
            assertThat(e.lastChanged()).isEqualTo("2026-11-24T11:15:00+08:00");
        });
    }

    @Test
    void idsAreTheSameOnEveryRunAndDifferByTheDayTheOutageBegan() throws Exception {
        List<List<String>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            openDefault();
            data(T0, STEEL, "GW01");
            clock(T0 + HOUR);
            for (long t = T0 + 90 * MIN; t <= at("2026-11-24T23:30:00+08:00"); t += 30 * MIN) data(t, STEEL, "GW01");
            // the next outage begins at 23:30 and is noticed after midnight: it belongs to the 24th
            clock(at("2026-11-25T00:30:00+08:00"));
            // data, then silence from the 25th
            data(at("2026-11-25T01:00:00+08:00"), STEEL, "GW01");
            clock(at("2026-11-25T02:00:00+08:00"));
            runs.add(events().stream()
                    .map(e ->
                            e.id() + " " + e.seq() + " " + e.event().code() + " " + e.period() + " " + e.lastChanged())
                    .toList());
            harness.close();
            harness = null;
        }
        assertThat(runs.get(0)).isEqualTo(runs.get(1)).hasSize(5);
        String day24 = AlertIds.id(RuleIds.GATEWAY_OFFLINE, steelGateway(), "2026-11-24");
        String day25 = AlertIds.id(RuleIds.GATEWAY_OFFLINE, steelGateway(), "2026-11-25");
        assertThat(runs.get(0))
                .extracting(s -> s.substring(0, s.indexOf(' ', s.indexOf(' ') + 1)))
                .containsExactly(day24 + " 1", day24 + " 2", day24 + " 3", day24 + " 4", day25 + " 1");
    }

    @Test
    void theLastWillRaisesAfterTheGraceAndOnlineClears() throws Exception {
        openDefault();
        data(T0, STEEL, "GW01");
        signal(T0 + MIN, GatewaySignal.offline(STEEL, "GW01", T0 + MIN, GatewaySignal.NO_SINCE));
        clock(T0 + 6 * MIN - 1);
        assertThat(events()).isEmpty();
        List<SeriesPoint> status = statusRows(STEEL, "GW01");
        assertThat(status.get(status.size() - 1).fields())
                .containsEntry("connection", "offline")
                .containsEntry("online", false)
                .containsEntry("cause", "lost")
                .containsEntry("alert", false);

        clock(T0 + 6 * MIN);
        assertThat(events()).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(AlertEvent.Type.RAISED);
            assertThat(e.evidence())
                    .containsEntry("connection", "lost")
                    .containsEntry("value", 1.0)
                    .containsEntry("connection_since", "2026-11-24T10:01:00+08:00");
            assertThat(e.lastChanged()).isEqualTo("2026-11-24T10:06:00+08:00");
        });

        signal(T0 + 20 * MIN, GatewaySignal.online(STEEL, "GW01", T0 + 20 * MIN, at("2026-11-24T10:19:58+08:00")));
        assertThat(events())
                .singleElement()
                .satisfies(e -> assertThat(e.event()).isEqualTo(AlertEvent.Type.CLEARED));
        status = statusRows(STEEL, "GW01");
        assertThat(status.get(status.size() - 1).fields())
                .containsEntry("connection", "online")
                .containsEntry("online", true)
                .containsEntry("connection_since", "2026-11-24T10:19:58+08:00")
                .containsEntry("alert", false);
    }

    @Test
    void aCleanDisconnectSaysSoAndDataAfterItMeansTheGatewayIsBack() throws Exception {
        openDefault();
        data(T0, STEEL, "GW01");
        signal(T0 + MIN, GatewaySignal.offline(STEEL, "GW01", T0 + MIN, T0 + MIN - 500));
        // a message received before the disconnect, read late from the other topic, does not undo it
        signal(
                T0 + 2 * MIN,
                GatewaySignal.data(TestRegistry.accepted(
                        STEEL, "GW01", T0 + MIN - 1000, 1, "E-MAIN-01", "2026-11-24T10:00:00+08:00", 1.0)));
        clock(T0 + 7 * MIN);
        assertThat(events())
                .singleElement()
                .satisfies(e -> assertThat(e.evidence()).containsEntry("connection", "disconnected"));

        data(T0 + 8 * MIN, STEEL, "GW01");
        assertThat(events())
                .singleElement()
                .satisfies(e -> assertThat(e.event()).isEqualTo(AlertEvent.Type.CLEARED));
        List<SeriesPoint> status = statusRows(STEEL, "GW01");
        assertThat(status.get(status.size() - 1).fields()).containsEntry("connection", "online");
    }

    @Test
    void aReconnectWithinTheGraceRaisesNothing() throws Exception {
        openDefault();
        data(T0, STEEL, "GW01");
        signal(T0 + MIN, GatewaySignal.offline(STEEL, "GW01", T0 + MIN, GatewaySignal.NO_SINCE));
        signal(T0 + 3 * MIN, GatewaySignal.online(STEEL, "GW01", T0 + 3 * MIN, GatewaySignal.NO_SINCE));
        for (long t = T0 + 4 * MIN; t <= T0 + 50 * MIN; t += 2 * MIN) data(t, STEEL, "GW01");
        clock(T0 + 55 * MIN);
        assertThat(events()).isEmpty();
        assertThat(rows("alerts")).isEmpty();
        assertThat(statusRows(STEEL, "GW01"))
                .extracting(p -> p.fields().get("connection"))
                .containsExactly("unknown", "offline", "online");
    }

    @Test
    void aGatewayThatSendsGarbageIsNotOffline() throws Exception {
        openDefault();
        for (long t = T0; t <= T0 + 2 * HOUR; t += 20 * MIN) {
            signal(
                    t,
                    GatewaySignal.data(new Rejection(
                            RejectReason.MALFORMED_JSON,
                            "not JSON",
                            "dcmon/v1/" + STEEL + "/GW01/readings",
                            STEEL,
                            "GW01",
                            -1,
                            -1,
                            null,
                            Long.MIN_VALUE,
                            Double.NaN,
                            t,
                            "ab")));
        }
        assertThat(events()).isEmpty();
        // rejections that name no registered gateway, and later readings of a message, make no signal
        assertThat(GatewaySignal.data(
                        new Rejection(RejectReason.BAD_TOPIC, null, "x", null, null, -1, -1, null, 0, 0, T0, "ab")))
                .isNull();
        assertThat(GatewaySignal.data(new Rejection(
                        RejectReason.UNKNOWN_GATEWAY, null, "x", STEEL, "GW09", -1, -1, null, 0, 0, T0, "ab")))
                .isNull();
        assertThat(GatewaySignal.data(new Rejection(
                        RejectReason.BAD_VALUE, null, "x", STEEL, "GW01", 3, 2, "E-MAIN-01", T0, 0, T0, null)))
                .isNull();
        assertThat(GatewaySignal.data(new Rejection(
                        RejectReason.BAD_VALUE, null, "x", STEEL, "GW01", 3, 0, "E-MAIN-01", T0, 0, T0, null)))
                .isNotNull();
    }

    @Test
    void statusRowsAreWrittenOnChangesOnly() throws Exception {
        openDefault();
        for (int i = 0; i < 20; i++) data(T0 + i * MIN, STEEL, "GW01");
        assertThat(statusRows(STEEL, "GW01")).singleElement().satisfies(r -> {
            assertThat(r.tags())
                    .containsEntry("enterprise", STEEL)
                    .containsEntry("gateway", "GW01")
                    .containsEntry("city", "420100")
                    .containsEntry("tier", "hundred");
            assertThat(r.fields())
                    .containsEntry("connection", "unknown")
                    .containsEntry("online", false)
                    .containsEntry("silent", false)
                    .containsEntry("alert", false)
                    .containsEntry("last_data_age_s", 0L);
            assertThat(r.timeMillis()).isEqualTo(T0);
        });
        signal(T0 + 20 * MIN, GatewaySignal.online(STEEL, "GW01", T0 + 20 * MIN, GatewaySignal.NO_SINCE));
        signal(T0 + 21 * MIN, GatewaySignal.online(STEEL, "GW01", T0 + 21 * MIN, GatewaySignal.NO_SINCE));
        for (int i = 22; i < 30; i++) data(T0 + i * MIN, STEEL, "GW01");
        assertThat(statusRows(STEEL, "GW01")).hasSize(2);
        // timers that find nothing due write nothing
        clock(T0 + 29 * MIN + HOUR - 1);
        assertThat(statusRows(STEEL, "GW01")).hasSize(2);
        clock(T0 + 29 * MIN + HOUR);
        assertThat(statusRows(STEEL, "GW01")).hasSize(3);
    }

    @Test
    void eachGatewayHasExactlyOnePendingTimer() throws Exception {
        openDefault();
        for (int i = 0; i < 30; i++) {
            data(T0 + i * MIN, STEEL, "GW01");
            data(T0 + i * MIN, CEMENT, "GW01");
            if (i % 7 == 0) {
                signal(T0 + i * MIN, GatewaySignal.offline(CEMENT, "GW02", T0 + i * MIN, GatewaySignal.NO_SINCE));
                signal(T0 + i * MIN, GatewaySignal.online(CEMENT, "GW02", T0 + i * MIN, GatewaySignal.NO_SINCE));
            }
            assertThat(harness.numProcessingTimeTimers()).isEqualTo(3);
        }
        signal(T0 + 30 * MIN, GatewaySignal.offline(CEMENT, "GW02", T0 + 30 * MIN, GatewaySignal.NO_SINCE));
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(3);
        for (long t = T0 + 31 * MIN; t <= T0 + 5 * HOUR; t += 7 * MIN) {
            clock(t);
            assertThat(harness.numProcessingTimeTimers()).isEqualTo(3);
        }
        assertThat(harness.numKeyedStateEntries()).isEqualTo(3);
    }

    @Test
    void aGatewayRemovedFromTheRegistryLeavesNoStateAndItsAlertClears() throws Exception {
        SwappableRegistry registry = new SwappableRegistry(TestRegistry.registry(), TestRegistry.reference());
        open(registry, null, null);
        clock(T0);
        data(T0, STEEL, "GW01");
        data(T0, CEMENT, "GW01");
        data(T0, CEMENT, "GW02");
        // unregistered gateways are skipped: no state, no timer
        data(T0, CEMENT, "GW09");
        data(T0, "91420100000000000X", "GW01");
        signal(T0, GatewaySignal.malformed(CEMENT, null, T0));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(3);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(3);

        clock(T0 + HOUR);
        assertThat(events()).hasSize(3);

        // version 2: the cement plant loses GW02, the steel plant is gone
        Enterprise c = TestRegistry.registry().enterprise(CEMENT);
        registry.swap(new Registry(List.of(new Enterprise(
                c.code(),
                c.name(),
                c.city(),
                c.tier(),
                c.industry(),
                c.baseline(),
                c.products(),
                c.targets(),
                List.of(new Gateway("GW01")),
                List.of(TestRegistry.CEMENT_ELEC)))));
        data(T0 + HOUR + MIN, CEMENT, "GW01");
        clock(T0 + 2 * HOUR);
        List<AlertEvent> cleared = events();
        assertThat(cleared)
                .filteredOn(e -> e.event() == AlertEvent.Type.CLEARED)
                .extracting(e -> e.subject().code())
                .containsExactlyInAnyOrder(STEEL + "/GW01", CEMENT + "/GW01", CEMENT + "/GW02");
        assertThat(cleared)
                .filteredOn(e -> !e.subject().code().equals(CEMENT + "/GW01"))
                .allSatisfy(e -> {
                    assertThat(e.evidence()).containsEntry("connection", "removed");
                    assertThat(e.subject().city()).isNotNull();
                });
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
    }

    @Test
    void aShorterThresholdScalesTheRule() throws Exception {
        open(TestRegistry.provider(), Duration.ofSeconds(30), null);
        clock(T0);
        data(T0, STEEL, "GW01");
        clock(T0 + 29_999);
        assertThat(events()).isEmpty();
        clock(T0 + 30_000);
        assertThat(events()).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(AlertEvent.Type.RAISED);
            assertThat((Double) e.evidence().get("value")).isEqualTo(30_000 / 3_600_000.0);
            assertThat((Double) e.evidence().get("threshold")).isEqualTo(30_000 / 3_600_000.0);
        });
        // the update step (1 h against a 1 h threshold) becomes 30 s
        clock(T0 + 60_000);
        assertThat(events())
                .singleElement()
                .satisfies(e -> assertThat(e.event()).isEqualTo(AlertEvent.Type.UPDATED));
        data(T0 + 61_000, STEEL, "GW01");
        assertThat(events())
                .singleElement()
                .satisfies(e -> assertThat(e.event()).isEqualTo(AlertEvent.Type.CLEARED));
    }

    @Test
    void aRestartAfterDowntimeWaitsAFullThresholdAndKeepsActiveAlerts() throws Exception {
        openDefault();
        data(T0, STEEL, "GW01");
        data(T0, CEMENT, "GW01");
        clock(T0 + HOUR);
        assertThat(events()).hasSize(2);
        data(T0 + HOUR + MIN, CEMENT, "GW01"); // cement clears, steel stays silent
        assertThat(events()).hasSize(1);
        OperatorSubtaskState checkpoint = harness.snapshot(1, T0 + HOUR + MIN);
        harness.close();

        // down for three hours: the cement gateway's timer is long due, yet its data may be in the backlog
        open(TestRegistry.provider(), null, checkpoint);
        clock(T0 + 4 * HOUR);
        // the steel alert went on through the restart and has moved by three hours; cement raises nothing yet
        assertThat(events()).singleElement().satisfies(e -> {
            assertThat(e.subject().code()).isEqualTo(STEEL_GW);
            assertThat(e.event()).isEqualTo(AlertEvent.Type.UPDATED);
            assertThat(e.seq()).isEqualTo(2);
            assertThat(e.evidence()).containsEntry("value", 4.0);
        });
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(2);
        data(T0 + 4 * HOUR + 10 * MIN, CEMENT, "GW01");
        clock(T0 + 5 * HOUR - 1);
        assertThat(events()).isEmpty();
        clock(T0 + 5 * HOUR);
        assertThat(events()).singleElement().satisfies(e -> {
            assertThat(e.subject().code()).isEqualTo(STEEL_GW);
            assertThat(e.event()).isEqualTo(AlertEvent.Type.UPDATED);
            assertThat(e.seq()).isEqualTo(3);
        });
        clock(T0 + 5 * HOUR + 10 * MIN);
        assertThat(events()).singleElement().satisfies(e -> {
            assertThat(e.subject().code()).isEqualTo(CEMENT + "/GW01");
            assertThat(e.event()).isEqualTo(AlertEvent.Type.RAISED);
        });
    }

    @Test
    void anAlertOfALostConnectionSurvivesARestart() throws Exception {
        openDefault();
        data(T0, STEEL, "GW01");
        signal(T0 + MIN, GatewaySignal.offline(STEEL, "GW01", T0 + MIN, GatewaySignal.NO_SINCE));
        clock(T0 + 6 * MIN);
        assertThat(events()).hasSize(1);
        OperatorSubtaskState checkpoint = harness.snapshot(1, T0 + 6 * MIN);
        harness.close();

        open(TestRegistry.provider(), null, checkpoint);
        // the Will again (a redelivery) changes nothing: the gateway went down at 10:01
        signal(T0 + 20 * MIN, GatewaySignal.offline(STEEL, "GW01", T0 + 20 * MIN, GatewaySignal.NO_SINCE));
        clock(T0 + 59 * MIN);
        assertThat(events()).as("still lost: neither cleared nor raised again").isEmpty();
        signal(T0 + 60 * MIN, GatewaySignal.online(STEEL, "GW01", T0 + 60 * MIN, GatewaySignal.NO_SINCE));
        assertThat(events()).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(AlertEvent.Type.CLEARED);
            assertThat(e.seq()).isEqualTo(2);
        });
    }

    @Test
    void malformedStatusesAreCountedAndIgnored() throws Exception {
        openDefault();
        signal(T0, GatewaySignal.malformed(STEEL, "GW01", T0));
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }
}
