package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.bridge.MqttKafkaBridge;
import dcmon.core.Topics;
import dcmon.core.alert.AlertEvent;
import dcmon.core.alert.AlertIds;
import dcmon.core.alert.AlertJson;
import dcmon.core.alert.RuleIds;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.targets.RegionKey;
import dcmon.core.targets.Subject;
import dcmon.core.targets.SubjectLevel;
import dcmon.influx.InfluxQuery;
import dcmon.monitoring.GatewayHealth;
import dcmon.monitoring.LocalJob;
import dcmon.monitoring.MonitoringOptions;
import dcmon.monitoring.RegistryDirectory;
import dcmon.simulator.MqttPublisher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Alerts on the real stack, with a known outcome: one unit far over a small cap, one of its two gateways silent while
 * the other keeps publishing, raises exactly the expected alerts on {@code dcmon.alerts} and in InfluxDB; they clear
 * when the registry raises the cap and the gateway speaks again; and a fresh job over the whole raw topic raises no
 * alert id that was not raised before.
 */
class AlertsEndToEndTest extends EndToEndTestBase {
    static final String UNIT = "91420202MA4BD3K2PM";
    static final String CITY = "420200";
    static final double KGCE_PER_KWH = 0.1229;
    static final Duration OFFLINE_AFTER = Duration.ofSeconds(20);
    static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX").withZone(ZoneOffset.ofHours(8));

    /** One unit in 黄石, one electricity meter, a 2026 cap of {@code capTce}. */
    static String registryYaml(double capTce) {
        int year = ShanghaiCalendar.year(System.currentTimeMillis());
        return """
                enterprises:
                  - code: %s
                    name: 黄石测试水泥有限公司
                    city: "%s"
                    tier: thousand
                    industry: C30
                    baseline: { year: 2015, consumption_tce: 1000 }
                    targets:
                      - { year: %d, total_cap_tce: %s }
                    gateways: [ { id: GW01 }, { id: GW02 } ]
                    points:
                      - { id: E-MAIN-01, gateway: GW01, energy: electricity, unit: kWh, role: input, kind: cumulative, max_rate_per_hour: 100000000 }
                      - { id: E-SUB-01, gateway: GW02, energy: electricity, unit: kWh, role: input, kind: cumulative, max_rate_per_hour: 100000000 }
                """.formatted(UNIT, CITY, year, capTce);
    }

    @Test
    void aUnitOverItsCapRaisesExactlyTheExpectedAlertsWhichClearWhenTheCapIsRaisedAndAReplayAddsNoNewIds()
            throws Exception {
        Path registry = dir.resolve("registry");
        Files.createDirectories(registry);
        Files.writeString(registry.resolve("units.yaml"), registryYaml(10));
        MonitoringOptions o = e2e.options.toBuilder()
                .registry(registry, EndToEnd.REFERENCE)
                .targets(dir.resolve("no-region-targets"), EndToEnd.ALERTS)
                .progressInterval(Duration.ofSeconds(1))
                // gateway.offline after 20 s of silence instead of an hour
                .gatewayHealth(new GatewayHealth.Options(OFFLINE_AFTER, Duration.ofSeconds(5)))
                .build();
        int year = ShanghaiCalendar.year(System.currentTimeMillis());
        String period = String.valueOf(year);
        Subject unit = Subject.enterprise(new RegistryDirectory(registry, EndToEnd.REFERENCE, Long.MAX_VALUE)
                .loadOrThrow()
                .registry()
                .enterprise(UNIT));
        Map<String, String> expected = new LinkedHashMap<>(); // id → rule/subject/severity
        expected.put(AlertIds.id(RuleIds.TOTAL_PACE, unit, period), "total.pace enterprise:" + UNIT + " warning");
        expected.put(
                AlertIds.id(RuleIds.TOTAL_PROJECTION, unit, period),
                "total.projection enterprise:" + UNIT + " warning");
        expected.put(AlertIds.id(RuleIds.TOTAL_BREACH, unit, period), "total.breach enterprise:" + UNIT + " breach");
        // the regions have no targets of their own: their caps are the unit's, and they project over them too
        for (RegionKey r : List.of(
                new RegionKey(SubjectLevel.CITY, CITY),
                new RegionKey(SubjectLevel.TIER, "thousand"),
                new RegionKey(SubjectLevel.PROVINCE, "420000"))) {
            expected.put(
                    AlertIds.id(RuleIds.REGION_PROJECTION, Subject.region(r), period),
                    "region.projection " + r.level().code() + ":" + r.code() + " warning");
        }

        Subject silentGateway = Subject.gateway(
                new RegistryDirectory(registry, EndToEnd.REFERENCE, Long.MAX_VALUE)
                        .loadOrThrow()
                        .registry()
                        .enterprise(UNIT),
                "GW02");
        String outageDay = ShanghaiCalendar.date(System.currentTimeMillis()).toString();
        String offlineId = AlertIds.id(RuleIds.GATEWAY_OFFLINE, silentGateway, outageDay);
        expected.put(offlineId, "gateway.offline gateway:" + UNIT + "/GW02 warning");

        long now = System.currentTimeMillis();
        long t0 = ShanghaiCalendar.quarterStart(now) - 2 * ShanghaiCalendar.QUARTER_MS;
        AtomicLong register = new AtomicLong(0);
        try (MqttKafkaBridge bridge = e2e.startBridge("alerts-bridge");
                MqttPublisher gateway = new MqttPublisher(e2e.stack.mosquitto.url(), "alerts-gw", null, null, 100)) {
            gateway.connect();
            // 100,000 kWh in the last half hour: 12.29 tce against a cap of 10
            publish(gateway, 1, t0, 0);
            publish(gateway, 2, t0 + ShanghaiCalendar.QUARTER_MS, 100_000);
            register.set(100_000);
            // the second gateway says one thing, then nothing until told to speak again
            publish(gateway, "GW02", "E-SUB-01", 1, t0, 0);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicBoolean bothSpeak = new AtomicBoolean();
            // the watermark follows the bridge's receive time: a slow heartbeat of +1 kWh moves it on
            Thread heartbeat = new Thread(() -> {
                long seq = 3;
                try {
                    while (!stop.get()) {
                        Thread.sleep(2_000);
                        long ts = System.currentTimeMillis() / 1000 * 1000; // whole seconds, as gateways send
                        long value = register.incrementAndGet();
                        publish(gateway, seq, ts, value);
                        if (bothSpeak.get()) publish(gateway, "GW02", "E-SUB-01", seq, ts, value - 100_000);
                        seq++;
                    }
                } catch (Exception e) {
                    // the test ends by stopping it
                }
            });
            heartbeat.setDaemon(true);
            heartbeat.start();
            try {
                try (LocalJob job = LocalJob.start(
                        o,
                        new RegistryDirectory(registry, EndToEnd.REFERENCE, 1_000),
                        dir.resolve("alerts-checkpoints"))) {
                    EndToEnd.await(
                            "the expected alerts raised",
                            Duration.ofMinutes(4),
                            () -> active(alerts()).keySet().containsAll(expected.keySet()));
                    Map<String, AlertEvent> active = active(alerts());
                    assertThat(describe(active)).isEqualTo(expected);
                    AlertEvent breach = active.get(AlertIds.id(RuleIds.TOTAL_BREACH, unit, period));
                    assertThat((double) breach.evidence().get("cap_tce")).isEqualTo(10.0);
                    assertThat((double) breach.evidence().get("value"))
                            .isGreaterThan(100_000 * KGCE_PER_KWH / 1000 / 10 * 100 - 1e-9);
                    assertThat(breach.messageZh()).contains("黄石测试水泥有限公司").contains("上限");
                    EndToEnd.await(
                            "the alerts in InfluxDB",
                            Duration.ofSeconds(30),
                            () -> influxIds().containsAll(expected.keySet()));

                    assertThat(active.get(offlineId).subject()).isEqualTo(silentGateway);
                    assertThat(active.get(offlineId).evidence()).containsEntry("connection", "silent");

                    // the province raises the unit's cap, and the gateway speaks again: every alert clears
                    bothSpeak.set(true);
                    Files.writeString(registry.resolve("units.yaml"), registryYaml(1_000_000));
                    EndToEnd.await(
                            "the alerts cleared",
                            Duration.ofMinutes(4),
                            () -> active(alerts()).isEmpty());
                    Map<String, AlertEvent> last = latest(alerts());
                    assertThat(last.keySet()).isEqualTo(expected.keySet());
                    assertThat(last.values()).allSatisfy(e -> {
                        assertThat(e.event()).isEqualTo(AlertEvent.Type.CLEARED);
                        assertThat(e.state()).isEqualTo(AlertEvent.State.CLEARED);
                    });
                }
                Set<String> before = new TreeSet<>(latest(alerts()).keySet());
                int eventsBefore = alerts().size();

                // a fresh job (no checkpoint, a new consumer group) over the whole raw topic, with the small cap again
                Files.writeString(registry.resolve("units.yaml"), registryYaml(10));
                try (LocalJob replay = LocalJob.start(
                        o.toBuilder()
                                .groupId("dcmon-replay")
                                .transactionalIdPrefix("dcmon-replay")
                                .build(),
                        new RegistryDirectory(registry, EndToEnd.REFERENCE, 1_000),
                        dir.resolve("replay-checkpoints"))) {
                    EndToEnd.await(
                            "the replay to raise its alerts",
                            Duration.ofMinutes(4),
                            // the gateway speaks all along now: the progress alerts come back, the outage does not
                            () -> alerts().size() > eventsBefore
                                    && active(alerts()).keySet().containsAll(progressIds(expected, offlineId)));
                    assertThat(new TreeSet<>(latest(alerts()).keySet())).isEqualTo(before);
                }
            } finally {
                stop.set(true);
                heartbeat.join(5_000);
            }
        }
    }

    private static Set<String> progressIds(Map<String, String> expected, String offlineId) {
        Set<String> ids = new TreeSet<>(expected.keySet());
        ids.remove(offlineId);
        return ids;
    }

    private static void publish(MqttPublisher gateway, long seq, long ts, double kWh) throws Exception {
        publish(gateway, "GW01", "E-MAIN-01", seq, ts, kWh);
    }

    private static void publish(MqttPublisher mqtt, String gateway, String point, long seq, long ts, double kWh)
            throws Exception {
        String json = "{\"schema\":\"dcmon.readings/1\",\"gateway\":\"" + gateway + "\",\"seq\":" + seq
                + ",\"readings\":[{\"point\":\"" + point + "\",\"ts\":\"" + TS.format(Instant.ofEpochMilli(ts))
                + "\",\"value\":" + kWh + "}]}";
        mqtt.publish(Topics.readingsTopic(UNIT, gateway), json.getBytes(StandardCharsets.UTF_8), false);
        mqtt.flush(10_000);
    }

    private static List<AlertEvent> alerts() {
        List<AlertEvent> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : e2e.readAll(Topics.ALERTS)) {
            try {
                AlertEvent e = AlertJson.read(new String(r.value(), StandardCharsets.UTF_8));
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(e.id());
                out.add(e);
            } catch (Exception ex) {
                throw new AssertionError(ex);
            }
        }
        return out;
    }

    /** The latest event of each alert, by seq (a replay starts again at 1, so by order of arrival among equals). */
    private static Map<String, AlertEvent> latest(List<AlertEvent> events) {
        Map<String, AlertEvent> out = new LinkedHashMap<>();
        for (AlertEvent e : events) out.put(e.id(), e);
        return out;
    }

    private static Map<String, AlertEvent> active(List<AlertEvent> events) {
        Map<String, AlertEvent> out = new LinkedHashMap<>();
        latest(events).forEach((id, e) -> {
            if (e.state() == AlertEvent.State.ACTIVE) out.put(id, e);
        });
        return out;
    }

    private static Map<String, String> describe(Map<String, AlertEvent> events) {
        return events.values().stream()
                .collect(Collectors.toMap(
                        AlertEvent::id,
                        e -> e.rule() + " " + e.subject().key() + " "
                                + e.severity().code(),
                        (a, b) -> a,
                        LinkedHashMap::new));
    }

    private static Set<String> influxIds() {
        try (InfluxQuery influx = InfluxQuery.connect(e2e.stack.influxd.url(), e2e.options.influxDatabase())) {
            return influx.query("SELECT id FROM alerts").stream()
                    .map(r -> String.valueOf(r.get("id")))
                    .collect(Collectors.toSet());
        } catch (RuntimeException e) {
            return Set.of();
        }
    }
}
