package dcmon.bridge;

import static dcmon.bridge.BridgeTestSupport.Gateway;
import static dcmon.bridge.BridgeTestSupport.TopicReader;
import static dcmon.bridge.BridgeTestSupport.await;
import static dcmon.bridge.BridgeTestSupport.enterprise;
import static dcmon.bridge.BridgeTestSupport.header;
import static dcmon.bridge.BridgeTestSupport.payload;
import static dcmon.bridge.BridgeTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcmon.core.Topics;
import dcmon.core.reading.RejectReason;
import dcmon.stack.EmbeddedKafka;
import dcmon.stack.MosquittoServer;
import dcmon.stack.Ports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge between a real Mosquitto and a real (in-process) Kafka. Each test uses its own Kafka topics
 * and its own share group, so the persistent sessions that earlier tests leave behind take nothing away.
 */
class MqttKafkaBridgeTest {

    @TempDir
    static Path root;

    static MosquittoServer mosquitto;
    static EmbeddedKafka kafka;

    @BeforeAll
    static void startServers() throws Exception {
        mosquitto = MosquittoServer.start(root.resolve("mosquitto"), 0);
        kafka = EmbeddedKafka.start(root.resolve("kafka"), 0);
    }

    @AfterAll
    static void stopServers() {
        if (kafka != null) kafka.close();
        if (mosquitto != null) mosquitto.close();
    }

    /** A bridge on the test's own topics and share group. */
    private static BridgeConfig.Builder config(String test) {
        kafka.createTopics(3, "raw-" + test, "rejected-" + test, "status-" + test);
        return BridgeConfig.builder()
                .mqttUrl(mosquitto.url())
                .kafkaBootstrap(kafka.bootstrapServers())
                .clientId("bridge-" + test)
                .shareGroup("group-" + test)
                .rawTopic("raw-" + test)
                .rejectedTopic("rejected-" + test)
                .status(Topics.MQTT_STATUS_FILTER, "status-" + test);
    }

    /** Publishes {@code count} readings round-robin over 5 enterprises with 2 gateways each. */
    private static Map<String, String> publish(Gateway gateway, int from, int count) throws Exception {
        Map<String, String> topicByPayload = new HashMap<>();
        for (int i = from; i < from + count; i++) {
            String topic = Topics.readingsTopic(enterprise(i % 5), "GW0" + (i % 2 + 1));
            byte[] payload = payload("GW0" + (i % 2 + 1), i);
            gateway.publish(topic, payload);
            topicByPayload.put(text(payload), topic);
        }
        gateway.flush();
        return topicByPayload;
    }

    @Test
    void forwardsEveryMessageOnceWithEnterpriseKeyTopicHeaderAndUnchangedPayload() throws Exception {
        int n = 2000;
        long before = System.currentTimeMillis();
        Map<String, String> published;
        try (MqttKafkaBridge bridge = new MqttKafkaBridge(config("forward").build());
                Gateway gateway = new Gateway(mosquitto.url(), "gw-forward")) {
            bridge.start();
            assertThat(bridge.isConnected()).isTrue();
            published = publish(gateway, 0, n);
            await(() -> bridge.metrics().acknowledged() == n, n + " acknowledgements");

            BridgeMetrics m = bridge.metrics();
            assertThat(m.received()).isEqualTo(n);
            assertThat(m.forwarded()).isEqualTo(n);
            assertThat(m.rejectedTotal()).isZero();
            assertThat(m.inFlight()).isZero();
            assertThat(m.redelivered()).isZero();
            assertThat(m.connected()).isTrue();
        }
        long after = System.currentTimeMillis();

        try (TopicReader raw = new TopicReader(kafka.bootstrapServers(), "raw-forward")) {
            List<ConsumerRecord<byte[], byte[]>> records = raw.readToEnd();
            assertThat(records).hasSize(n);
            Map<String, String> forwarded = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                String topic = header(r, Topics.HEADER_MQTT_TOPIC);
                assertThat(text(r.key())).as("key of a record from %s", topic).isEqualTo(topic.split("/")[2]);
                assertThat(Long.parseLong(header(r, Topics.HEADER_RECEIVED_AT))).isBetween(before, after);
                forwarded.put(text(r.value()), topic);
            }
            assertThat(forwarded).isEqualTo(published);
            // All of one enterprise in one partition (the key), as the job's keyed state expects.
            Map<String, Set<Integer>> partitionsByKey = new HashMap<>();
            records.forEach(r -> partitionsByKey
                    .computeIfAbsent(text(r.key()), k -> new HashSet<>())
                    .add(r.partition()));
            assertThat(partitionsByKey)
                    .hasSize(5)
                    .allSatisfy((key, partitions) -> assertThat(partitions).hasSize(1));
        }
        try (TopicReader rejected = new TopicReader(kafka.bootstrapServers(), "rejected-forward")) {
            assertThat(rejected.readToEnd()).isEmpty();
        }
    }

    @Test
    void carriesGatewayStatusMessagesToTheStatusTopicKeyedByEnterprise() throws Exception {
        String birth = "{\"state\":\"online\",\"firmware\":\"2.1\"}";
        String will = "{\"state\":\"offline\"}";
        try (MqttKafkaBridge bridge = new MqttKafkaBridge(config("status").build());
                Gateway gateway = new Gateway(mosquitto.url(), "gw-status")) {
            bridge.start();
            gateway.publish(Topics.statusTopic(enterprise(1), "GW01"), birth.getBytes(StandardCharsets.UTF_8));
            gateway.publish(Topics.statusTopic(enterprise(2), "GW02"), will.getBytes(StandardCharsets.UTF_8));
            gateway.publish(Topics.readingsTopic(enterprise(1), "GW01"), payload("GW01", 1));
            gateway.flush();
            await(() -> bridge.metrics().acknowledged() == 3, "3 acknowledgements");
            assertThat(bridge.metrics().forwarded()).isEqualTo(3);
        }
        try (TopicReader status = new TopicReader(kafka.bootstrapServers(), "status-status")) {
            Map<String, String> byKey = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : status.readToEnd()) {
                assertThat(header(r, Topics.HEADER_MQTT_TOPIC)).endsWith("/status");
                byKey.put(
                        text(r.key()) + " "
                                + header(r, Topics.HEADER_MQTT_TOPIC).split("/")[3],
                        text(r.value()));
            }
            assertThat(byKey)
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            enterprise(1) + " GW01", birth,
                            enterprise(2) + " GW02", will));
        }
        try (TopicReader raw = new TopicReader(kafka.bootstrapServers(), "raw-status")) {
            assertThat(raw.readToEnd()).hasSize(1);
        }
    }

    @Test
    void rejectsOversizedPayloadsAndMalformedTopicsWithTheirReason() throws Exception {
        byte[] oversized = new byte[Topics.MAX_PAYLOAD_BYTES + 1];
        Arrays.fill(oversized, (byte) 'x');
        byte[] atTheLimit = new byte[Topics.MAX_PAYLOAD_BYTES];
        Arrays.fill(atTheLimit, (byte) 'y');
        String enterprise = enterprise(7);
        String oversizedTopic = Topics.readingsTopic(enterprise, "GW01");
        String emptyEnterpriseTopic = "dcmon/v1//GW01/readings"; // matches the filter, not the contract

        try (MqttKafkaBridge bridge = new MqttKafkaBridge(config("reject").build());
                Gateway gateway = new Gateway(mosquitto.url(), "gw-reject")) {
            bridge.start();
            gateway.publish(oversizedTopic, oversized);
            gateway.publish(Topics.readingsTopic(enterprise, "GW02"), atTheLimit);
            gateway.publish(emptyEnterpriseTopic, payload("GW01", 1));
            gateway.flush();
            await(() -> bridge.metrics().acknowledged() == 3, "3 acknowledgements");

            BridgeMetrics m = bridge.metrics();
            assertThat(m.forwarded()).isEqualTo(1);
            assertThat(m.rejected()).isEqualTo(Map.of(RejectReason.OVERSIZED, 1L, RejectReason.BAD_TOPIC, 1L));
        }

        try (TopicReader raw = new TopicReader(kafka.bootstrapServers(), "raw-reject")) {
            List<ConsumerRecord<byte[], byte[]>> records = raw.readToEnd();
            assertThat(records).hasSize(1);
            assertThat(records.get(0).value()).isEqualTo(atTheLimit);
        }
        try (TopicReader rejectedTopic = new TopicReader(kafka.bootstrapServers(), "rejected-reject")) {
            List<ConsumerRecord<byte[], byte[]>> records = rejectedTopic.readToEnd();
            assertThat(records).hasSize(2);
            ObjectMapper json = new ObjectMapper();
            Map<String, JsonNode> byReason = new HashMap<>();
            Map<String, String> keyByReason = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                JsonNode node = json.readTree(r.value());
                byReason.put(node.path("reason").asText(), node);
                keyByReason.put(node.path("reason").asText(), text(r.key()));
            }
            assertThat(byReason).containsOnlyKeys("oversized", "bad_topic");

            JsonNode tooBig = byReason.get("oversized");
            assertThat(tooBig.path("schema").asText()).isEqualTo("dcmon.rejected/1");
            assertThat(tooBig.path("topic").asText()).isEqualTo(oversizedTopic);
            assertThat(tooBig.path("enterprise").asText()).isEqualTo(enterprise);
            assertThat(tooBig.path("gateway").asText()).isEqualTo("GW01");
            assertThat(tooBig.path("payload_sha256").asText())
                    .isEqualTo(MqttKafkaBridge.sha256Hex(oversized))
                    .hasSize(64);
            assertThat(tooBig.path("detail").asText()).contains("262145 bytes").contains("262144");
            assertThat(tooBig.path("id").asText()).isEqualTo("oversized:" + MqttKafkaBridge.sha256Hex(oversized));
            assertThat(keyByReason.get("oversized")).isEqualTo(enterprise);

            JsonNode badTopic = byReason.get("bad_topic");
            assertThat(badTopic.path("topic").asText()).isEqualTo(emptyEnterpriseTopic);
            assertThat(badTopic.has("enterprise")).isFalse();
            assertThat(keyByReason.get("bad_topic")).isEqualTo("bad_topic");
        }
    }

    @Test
    void aRestartWithTheSameClientIdLosesNothingPublishedMeanwhile() throws Exception {
        int n = 2000;
        BridgeConfig config = config("restart").build();
        CountDownLatch closing = new CountDownLatch(1);
        ExecutorService publisher = Executors.newSingleThreadExecutor();
        MqttKafkaBridge first = new MqttKafkaBridge(config);
        MqttKafkaBridge second = new MqttKafkaBridge(config);
        try (Gateway gateway = new Gateway(mosquitto.url(), "gw-restart")) {
            first.start();
            Future<Map<String, String>> published = publisher.submit(() -> {
                Map<String, String> all = new HashMap<>(publish(gateway, 0, n / 2));
                // The second half goes out while the first bridge closes and the second one starts.
                closing.await();
                all.putAll(publish(gateway, n / 2, n / 2));
                return all;
            });
            await(() -> first.forwarded() >= 300, "the first bridge to forward 300 messages");
            closing.countDown();
            first.close();
            second.start();
            Set<String> expected = published.get(60, TimeUnit.SECONDS).keySet();
            assertThat(expected).hasSize(n);

            try (TopicReader raw = new TopicReader(kafka.bootstrapServers(), "raw-restart")) {
                List<ConsumerRecord<byte[], byte[]>> records = raw.readUntil(
                        r -> r.stream().map(x -> text(x.value())).distinct().count() >= n, n + " distinct payloads");
                await(() -> second.inFlight() == 0, "the second bridge to acknowledge everything");
                records = raw.readToEnd();
                Set<String> distinct = new HashSet<>();
                records.forEach(r -> distinct.add(text(r.value())));
                int duplicates = records.size() - distinct.size();
                assertThat(distinct)
                        .as("distinct payloads (%d duplicates among %d records)", duplicates, records.size())
                        .isEqualTo(expected);
                assertThat(first.forwarded() + second.forwarded())
                        .as("records written by the two instances")
                        .isEqualTo(records.size());
                assertThat(second.forwarded())
                        .as("records written after the restart")
                        .isPositive();
            }
        } finally {
            publisher.shutdownNow();
            first.close();
            second.close();
        }
    }

    @Test
    void twoInstancesOnOneSharedSubscriptionSplitTheLoadAndTogetherDeliverEverything() throws Exception {
        int n = 2000;
        BridgeConfig one = config("shared").clientId("bridge-shared-1").build();
        BridgeConfig two = one.toBuilder().clientId("bridge-shared-2").build();
        try (MqttKafkaBridge a = new MqttKafkaBridge(one);
                MqttKafkaBridge b = new MqttKafkaBridge(two);
                Gateway gateway = new Gateway(mosquitto.url(), "gw-shared")) {
            a.start();
            b.start();
            Map<String, String> published = publish(gateway, 0, n);
            await(() -> a.metrics().acknowledged() + b.metrics().acknowledged() == n, n + " acknowledgements in total");

            assertThat(a.forwarded()).as("forwarded by instance 1").isPositive();
            assertThat(b.forwarded()).as("forwarded by instance 2").isPositive();
            assertThat(a.forwarded() + b.forwarded()).isEqualTo(n);
            try (TopicReader raw = new TopicReader(kafka.bootstrapServers(), "raw-shared")) {
                List<ConsumerRecord<byte[], byte[]>> records = raw.readToEnd();
                assertThat(records).hasSize(n);
                Set<String> payloads = new HashSet<>();
                records.forEach(r -> payloads.add(text(r.value())));
                assertThat(payloads).isEqualTo(published.keySet());
            }
        }
    }

    @Test
    void refusesToStartWhenTheKafkaTopicsDoNotExist() {
        BridgeConfig config = BridgeConfig.builder()
                .mqttUrl(mosquitto.url())
                .kafkaBootstrap(kafka.bootstrapServers())
                .clientId("bridge-no-topics")
                .rawTopic("no-such-raw-topic")
                .rejectedTopic("no-such-rejected-topic")
                .kafkaMaxBlock(Duration.ofSeconds(1))
                .build();
        MqttKafkaBridge bridge = new MqttKafkaBridge(config);
        assertThatThrownBy(bridge::start)
                .isInstanceOf(BridgeException.class)
                .hasMessageContaining("no-such-raw-topic")
                .hasMessageContaining(kafka.bootstrapServers());
        assertThat(bridge.isConnected()).isFalse();
        assertThatThrownBy(bridge::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesToStartWhenTheBrokerDoesNotAnswer() {
        int closedPort = Ports.free();
        BridgeConfig config =
                config("nobroker").mqttUrl("tcp://127.0.0.1:" + closedPort).build();
        try (MqttKafkaBridge bridge = new MqttKafkaBridge(config)) {
            assertThatThrownBy(bridge::start)
                    .isInstanceOf(BridgeException.class)
                    .hasMessageContaining("cannot connect to MQTT broker tcp://127.0.0.1:" + closedPort);
        }
    }
}
