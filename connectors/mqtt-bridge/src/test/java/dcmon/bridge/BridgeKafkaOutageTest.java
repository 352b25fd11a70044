package dcmon.bridge;

import static dcmon.bridge.BridgeTestSupport.Gateway;
import static dcmon.bridge.BridgeTestSupport.TopicReader;
import static dcmon.bridge.BridgeTestSupport.await;
import static dcmon.bridge.BridgeTestSupport.enterprise;
import static dcmon.bridge.BridgeTestSupport.payload;
import static dcmon.bridge.BridgeTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.Topics;
import dcmon.stack.EmbeddedKafka;
import dcmon.stack.MosquittoServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka goes away under a running bridge and comes back on the same port and log: nothing may be
 * acknowledged on MQTT meanwhile, and everything published must arrive in the end. This class has a Kafka
 * of its own because it stops it.
 */
class BridgeKafkaOutageTest {

    private static final int MAX_IN_FLIGHT = 50;

    @TempDir
    static Path root;

    static MosquittoServer mosquitto;
    static EmbeddedKafka kafka;

    @BeforeAll
    static void startServers() throws Exception {
        mosquitto = MosquittoServer.start(root.resolve("mosquitto"), 0);
        kafka = EmbeddedKafka.start(root.resolve("kafka"), 0);
        kafka.createTopics(3, Topics.READINGS_RAW, Topics.READINGS_REJECTED, Topics.GATEWAY_STATUS);
    }

    @AfterAll
    static void stopServers() {
        if (kafka != null) kafka.close();
        if (mosquitto != null) mosquitto.close();
    }

    @Test
    void holdsMessagesAtTheBrokerWhileKafkaIsDownAndDeliversThemWhenItReturns() throws Exception {
        BridgeConfig config = BridgeConfig.builder()
                .mqttUrl(mosquitto.url())
                .kafkaBootstrap(kafka.bootstrapServers())
                .clientId("bridge-outage")
                .maxInFlight(MAX_IN_FLIGHT)
                // Short, so that the outage is noticed quickly.
                .deliveryTimeout(Duration.ofSeconds(2))
                .kafkaMaxBlock(Duration.ofSeconds(1))
                .reconnectDelay(Duration.ofMillis(100), Duration.ofMillis(500))
                .build();
        Set<String> published = new HashSet<>();
        int port = kafka.port();
        try (MqttKafkaBridge bridge = new MqttKafkaBridge(config);
                Gateway gateway = new Gateway(mosquitto.url(), "gw-outage")) {
            bridge.start();
            for (int i = 0; i < 200; i++) published.add(publish(gateway, i));
            gateway.flush();
            await(() -> bridge.metrics().acknowledged() == 200, "200 acknowledgements before the outage");

            kafka.close();
            for (int i = 200; i < 500; i++) published.add(publish(gateway, i));
            gateway.flush();
            await(
                    () -> bridge.metrics().kafkaErrors() > 0 && !bridge.isConnected(),
                    "the bridge to notice the outage and disconnect");
            assertThat(bridge.kafkaError()).isPresent();

            BridgeMetrics during = bridge.metrics();
            assertThat(during.acknowledged())
                    .as("acknowledged while Kafka was down")
                    .isEqualTo(200);
            assertThat(during.forwarded()).isEqualTo(200);
            // The window filled up, and the rest of the 300 stayed with the broker.
            assertThat(during.peakInFlight()).as("messages held at once").isEqualTo(MAX_IN_FLIGHT);

            kafka = EmbeddedKafka.start(root.resolve("kafka"), port);
            await(
                    () -> bridge.metrics().acknowledged() >= 500 && bridge.inFlight() == 0,
                    "every message to be acknowledged after Kafka returned");
            assertThat(bridge.isConnected()).isTrue();
            assertThat(bridge.kafkaError()).isEmpty();
            assertThat(bridge.metrics().reconnects()).isPositive();
            assertThat(bridge.metrics().peakInFlight()).isLessThanOrEqualTo(MAX_IN_FLIGHT);
        }

        try (TopicReader raw = new TopicReader(kafka.bootstrapServers(), Topics.READINGS_RAW)) {
            List<ConsumerRecord<byte[], byte[]>> records = raw.readToEnd();
            Set<String> distinct = new HashSet<>();
            records.forEach(r -> distinct.add(text(r.value())));
            assertThat(distinct)
                    .as(
                            "distinct payloads (%d duplicates among %d records)",
                            records.size() - distinct.size(), records.size())
                    .isEqualTo(published);
        }
    }

    private static String publish(Gateway gateway, int seq) throws Exception {
        byte[] payload = payload("GW01", seq);
        gateway.publish(Topics.readingsTopic(enterprise(seq % 3), "GW01"), payload);
        return text(payload);
    }
}
