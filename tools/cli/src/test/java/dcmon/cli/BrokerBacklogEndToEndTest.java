package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.bridge.BridgeConfig;
import dcmon.bridge.MqttKafkaBridge;
import dcmon.core.Topics;
import dcmon.core.alert.AlertEvent;
import dcmon.core.alert.AlertJson;
import dcmon.core.alert.Severity;
import dcmon.influx.InfluxQuery;
import dcmon.monitoring.LocalJob;
import dcmon.monitoring.MonitoringOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code broker.backlog} on the real stack: a client with a persistent session stops reading, Mosquitto holds every
 * message for it, the bridge reports the backlog from $SYS, and the job raises the alert with the rule's exact figures,
 * writes the backlog to InfluxDB and clears the alert once the session is gone. The thresholds are lowered for the
 * test (warning at 250 messages instead of 100,000) in a copy of config/alerts.yaml.
 */
class BrokerBacklogEndToEndTest {
    private static final int HELD = 300;
    private static final String BROKER = "mqtt-e2e";

    @TempDir
    Path dir;

    @Test
    void aBacklogRaisesBrokerBacklogWithItsFiguresAndItsEndClearsIt() throws Exception {
        try (EndToEnd e2e = new EndToEnd(dir, null, b -> b.sysInterval(Duration.ofSeconds(1)))) {
            MonitoringOptions options = e2e.options.toBuilder()
                    .targets(EndToEnd.TARGETS, lowThresholds())
                    .build();
            String url = e2e.stack.mosquitto.url();
            // a reader with a persistent session that goes away; the broker keeps what it subscribed to
            session(url, false).disconnect().waitForCompletion(10_000);
            publishHeld(url);
            // Mosquitto publishes its counts every second: two intervals later they include all of it
            Thread.sleep(2_500);

            try (LocalJob job = e2e.startJob(options);
                    MqttKafkaBridge bridge = new MqttKafkaBridge(BridgeConfig.builder()
                            .mqttUrl(url)
                            .kafkaBootstrap(e2e.stack.kafka.bootstrapServers())
                            .clientId("dcmon-bridge-backlog")
                            .brokerSamples(Topics.BROKER_STATUS, BROKER, Duration.ofSeconds(1))
                            .build())) {
                bridge.start();
                EndToEnd.await(
                        "broker.backlog raised",
                        Duration.ofSeconds(120),
                        () -> events(e2e).size() >= 1);
                AlertEvent raised = events(e2e).get(0);
                assertThat(raised.rule()).isEqualTo("broker.backlog");
                assertThat(raised.event()).isEqualTo(AlertEvent.Type.RAISED);
                assertThat(raised.seq()).isEqualTo(1);
                assertThat(raised.subject().key()).isEqualTo("broker:" + BROKER);
                assertThat(raised.severity()).isEqualTo(Severity.WARNING);
                assertThat(raised.evidence())
                        .containsEntry("value", (double) HELD)
                        .containsEntry("threshold", 250.0)
                        .containsEntry("unit", "count");
                assertThat(raised.messageEn())
                        .startsWith("MQTT broker " + BROKER + " holds " + HELD + " messages not yet forwarded (about ")
                        .endsWith(" MB of memory; threshold 250); check the bridges and Kafka");
                assertThat(raised.messageZh()).startsWith("MQTT 服务器 " + BROKER + " 积压 " + HELD + " 条消息未转发");

                // the reader comes back with a clean start: its session and the messages held for it are gone
                session(url, true).disconnect().waitForCompletion(10_000);
                EndToEnd.await(
                        "broker.backlog cleared",
                        Duration.ofSeconds(120),
                        () -> events(e2e).size() >= 2);
                List<AlertEvent> events = events(e2e);
                assertThat(events).hasSize(2);
                AlertEvent cleared = events.get(1);
                assertThat(cleared.id()).isEqualTo(raised.id());
                assertThat(cleared.event()).isEqualTo(AlertEvent.Type.CLEARED);
                assertThat(cleared.seq()).isEqualTo(2);
                assertThat(cleared.state()).isEqualTo(AlertEvent.State.CLEARED);
                assertThat(cleared.evidence()).containsEntry("value", 0.0);

                try (InfluxQuery influx = InfluxQuery.connect(e2e.stack.influxd.url(), options.influxDatabase())) {
                    EndToEnd.await(
                            "the backlog in InfluxDB",
                            Duration.ofSeconds(30),
                            () -> !influx.query("SELECT max(backlog_messages) FROM broker_status WHERE broker = '"
                                            + BROKER + "'")
                                    .isEmpty());
                    Map<String, Object> max = influx.query(
                                    "SELECT max(backlog_messages) FROM broker_status WHERE broker = '" + BROKER + "'")
                            .get(0);
                    assertThat(((Number) max.get("max")).longValue()).isEqualTo(HELD);
                    List<Map<String, Object>> rows =
                            influx.query("SELECT event, value FROM alerts WHERE rule = 'broker.backlog'");
                    assertThat(rows)
                            .extracting(r -> r.get("event") + " " + ((Number) r.get("value")).longValue())
                            .containsExactly("raised " + HELD, "cleared 0");
                }
            }
        }
    }

    /** config/alerts.yaml with broker.backlog at watch 100, warning 250, clear margin 50. */
    private Path lowThresholds() throws Exception {
        String yaml = Files.readString(EndToEnd.ALERTS, StandardCharsets.UTF_8);
        String changed = yaml.replace(
                        "thresholds: { watch: 20000, warning: 100000 }", "thresholds: { watch: 100, warning: 250 }")
                .replace("clear_margin: 5000", "clear_margin: 50")
                .replace("update_step: 20000", "update_step: 1000");
        assertThat(changed).contains("warning: 250 }").contains("clear_margin: 50\n");
        Path file = dir.resolve("alerts.yaml");
        Files.writeString(file, changed, StandardCharsets.UTF_8);
        return file;
    }

    /** The broker.backlog events on the alerts topic, in order. */
    private static List<AlertEvent> events(EndToEnd e2e) {
        List<AlertEvent> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : e2e.readAll(Topics.ALERTS)) {
            try {
                AlertEvent e = AlertJson.read(new String(r.value(), StandardCharsets.UTF_8));
                if (e.rule().equals("broker.backlog")) out.add(e);
            } catch (Exception ex) {
                throw new AssertionError(ex);
            }
        }
        return out;
    }

    /** The slow reader: a persistent session on a topic outside dcmon's, or a clean start that ends it. */
    private static MqttAsyncClient session(String url, boolean cleanStart) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(url, "slow-reader", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(cleanStart);
        o.setSessionExpiryInterval(cleanStart ? 0L : 3600L);
        client.connect(o).waitForCompletion(10_000);
        if (!cleanStart) client.subscribe("test/backlog/#", 1).waitForCompletion(10_000);
        return client;
    }

    private static void publishHeld(String url) throws Exception {
        MqttAsyncClient publisher = new MqttAsyncClient(url, "backlog-publisher", new MemoryPersistence());
        publisher.connect(new MqttConnectionOptions()).waitForCompletion(10_000);
        for (int i = 0; i < HELD; i++) {
            MqttMessage m = new MqttMessage(("held " + i).getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            publisher.publish("test/backlog/" + (i % 3), m).waitForCompletion(10_000);
        }
        publisher.disconnect().waitForCompletion(10_000);
        publisher.close();
    }
}
