package dcmon.bridge;

import static dcmon.bridge.BridgeTestSupport.TopicReader;
import static dcmon.bridge.BridgeTestSupport.await;
import static dcmon.bridge.BridgeTestSupport.enterprise;
import static dcmon.bridge.BridgeTestSupport.payload;
import static dcmon.bridge.BridgeTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.Topics;
import dcmon.core.broker.BrokerSample;
import dcmon.stack.EmbeddedKafka;
import dcmon.stack.MosquittoServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's backlog as the bridge reports it, on a real Mosquitto with accounts and ACL (the bridge's account may
 * read the store counts of $SYS and nothing else there): a persistent session that stops reading makes the broker hold
 * every message for it, and the bridge's samples say exactly how many, until the session goes.
 */
class BrokerBacklogBridgeTest {
    private static final String GATEWAY_ENTERPRISE = enterprise(0);
    private static final int MESSAGES = 300;

    @TempDir
    Path root;

    @Test
    void reportsTheMessagesTheBrokerHoldsForASlowSessionAndTheirEnd() throws Exception {
        try (MosquittoServer mosquitto = MosquittoServer.builder(root.resolve("mosquitto"))
                        .sysInterval(Duration.ofSeconds(1))
                        .reader("dcmon-bridge", "bridge-pw")
                        .user("slow-reader", "slow-pw", "topic read dcmon/v1/#")
                        .gateway("gw", "gw-pw", GATEWAY_ENTERPRISE)
                        .start();
                EmbeddedKafka kafka = EmbeddedKafka.start(root.resolve("kafka"), 0)) {
            kafka.createTopics(1, "raw", "rejected", "status", "broker");
            BridgeConfig config = BridgeConfig.builder()
                    .mqttUrl(mosquitto.url())
                    .kafkaBootstrap(kafka.bootstrapServers())
                    .clientId("bridge-backlog")
                    .credentials("dcmon-bridge", "bridge-pw")
                    .rawTopic("raw")
                    .rejectedTopic("rejected")
                    .status(Topics.MQTT_STATUS_FILTER, "status")
                    .brokerSamples("broker", "mqtt-test", Duration.ofMillis(500))
                    .build();
            // a reader with a persistent session that goes away: the broker queues everything for it
            session(mosquitto.url(), false).disconnect().waitForCompletion(10_000);

            try (MqttKafkaBridge bridge = new MqttKafkaBridge(config)) {
                bridge.start();
                await(() -> bridge.brokerBacklog() == 0, "the broker's first counts");
                publish(mosquitto.url());
                await(() -> bridge.metrics().acknowledged() == MESSAGES, MESSAGES + " messages forwarded");
                await(() -> bridge.brokerBacklog() == MESSAGES, "a backlog of " + MESSAGES);
                assertThat(bridge.metrics().brokerBacklog()).isEqualTo(MESSAGES);
                // the bytes follow the count in a $SYS message of their own; each payload is over 100 bytes
                await(() -> bridge.metrics().brokerStoredBytes() >= MESSAGES * 100L, "the stored bytes");
                assertThat(bridge.metrics().summary()).endsWith(" broker-backlog=" + MESSAGES);

                try (TopicReader samples = new TopicReader(kafka.bootstrapServers(), "broker")) {
                    List<ConsumerRecord<byte[], byte[]>> records =
                            samples.readUntil(r -> backlogOf(r) == MESSAGES, "a sample of " + MESSAGES);
                    ConsumerRecord<byte[], byte[]> last = records.get(records.size() - 1);
                    assertThat(text(last.key())).isEqualTo("mqtt-test");
                    BrokerSample s = BrokerSample.parse(last.value());
                    assertThat(s.broker()).isEqualTo("mqtt-test");
                    assertThat(s.bridge()).isEqualTo("bridge-backlog");
                    assertThat(s.storedMessages() - s.retainedMessages()).isEqualTo(MESSAGES);

                    // the reader comes back with a clean start: its session and what it held are gone
                    session(mosquitto.url(), true).disconnect().waitForCompletion(10_000);
                    samples.readUntil(r -> backlogOf(r) == 0, "a sample of no backlog");
                }
                await(() -> bridge.brokerBacklog() == 0, "no backlog");
                // the $SYS messages are no readings: nothing but the gateway's went to Kafka
                assertThat(bridge.metrics().received()).isEqualTo(MESSAGES);
            }
        }
    }

    /** The backlog of the last sample read, or -1. */
    private static long backlogOf(List<ConsumerRecord<byte[], byte[]>> records) {
        if (records.isEmpty()) return -1;
        return BrokerSample.parse(records.get(records.size() - 1).value()).backlogMessages();
    }

    /** The slow reader's connection: a persistent session subscribed to every reading, or a clean start. */
    private static MqttAsyncClient session(String brokerUrl, boolean cleanStart) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(brokerUrl, "slow-reader-session", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(cleanStart);
        o.setSessionExpiryInterval(cleanStart ? 0L : 3600L);
        o.setUserName("slow-reader");
        o.setPassword("slow-pw".getBytes(StandardCharsets.UTF_8));
        client.connect(o).waitForCompletion(10_000);
        if (!cleanStart) client.subscribe("dcmon/v1/+/+/readings", 1).waitForCompletion(10_000);
        return client;
    }

    private static void publish(String brokerUrl) throws Exception {
        MqttAsyncClient gw = new MqttAsyncClient(brokerUrl, "gw-backlog", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName("gw");
        o.setPassword("gw-pw".getBytes(StandardCharsets.UTF_8));
        gw.connect(o).waitForCompletion(10_000);
        for (int i = 0; i < MESSAGES; i++) {
            MqttMessage m = new MqttMessage(payload("GW01", i));
            m.setQos(1);
            gw.publish(Topics.readingsTopic(GATEWAY_ENTERPRISE, "GW01"), m).waitForCompletion(10_000);
        }
        gw.disconnect().waitForCompletion(10_000);
        gw.close();
    }
}
