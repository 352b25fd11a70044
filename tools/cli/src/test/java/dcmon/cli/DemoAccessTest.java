package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dcmon.bridge.BridgeConfig;
import dcmon.bridge.MqttKafkaBridge;
import dcmon.core.Topics;
import dcmon.simulator.Mode;
import dcmon.simulator.RunSummary;
import dcmon.simulator.Simulator;
import dcmon.simulator.SimulatorOptions;
import dcmon.stack.LocalStack;
import dcmon.stack.MqttAccounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's MQTT wiring as {@code ./dcmon demo} sets it up without {@code --insecure}: accounts and CA under the data
 * directory, the broker refusing anonymous clients, and the bridge and the simulator (every fault it can still place)
 * logging in over TLS, so that every published message reaches Kafka.
 */
class DemoAccessTest {
    @TempDir
    Path data;

    @Test
    void theDemoRunsTheBrokerWithAccountsAndTlsAndItsClientsGetThrough() throws Exception {
        DemoAccess access = DemoAccess.create(data, EndToEnd.REGISTRY_MODEL.registry());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("tls/server.key"))))
                .isEqualTo("rw-------");
        try (LocalStack stack = LocalStack.start(data, 0, 0, 0, b -> access.broker(b, 0));
                MqttKafkaBridge bridge = new MqttKafkaBridge(access.bridge(
                                BridgeConfig.builder()
                                        .kafkaBootstrap(stack.kafka.bootstrapServers())
                                        .clientId("demo-access-bridge"),
                                stack.mosquitto)
                        .build())) {
            bridge.start();
            assertThat(stack.mosquitto.tlsUrl()).isEqualTo("ssl://127.0.0.1:" + stack.mosquitto.tlsPort());
            assertThatThrownBy(() -> anonymous(stack.mosquitto.url()))
                    .isInstanceOf(MqttException.class)
                    .satisfies(
                            e -> assertThat(((MqttException) e).getReasonCode()).isIn(0x86, 0x87));

            String faults = DemoAccess.faultsWithAccounts("all");
            assertThat(faults).isEqualTo("all,-unknown-enterprise,-unknown-gateway");
            Instant now = Instant.now();
            SimulatorOptions.Builder sim = SimulatorOptions.builder()
                    .registryDir(EndToEnd.REGISTRY)
                    .referenceDir(EndToEnd.REFERENCE)
                    .mode(Mode.HISTORY)
                    .from(now.minus(Duration.ofHours(3)))
                    .to(now)
                    .faults(faults)
                    .groundTruthFile(data.resolve("ground-truth.json"));
            RunSummary summary =
                    new Simulator(access.simulator(sim, stack.mosquitto).build()).run();
            assertThat(summary.faults()).containsKeys("dup", "spoof", "gateway-mismatch");
            assertThat(summary.faults()).doesNotContainKeys("unknown-enterprise", "unknown-gateway");

            // every message reaches Kafka: the accepted ones on the raw topic, the oversized on the rejected
            EndToEnd.await(
                    "every simulated message in Kafka",
                    Duration.ofSeconds(60),
                    () -> count(stack, Topics.READINGS_RAW) + count(stack, Topics.READINGS_REJECTED)
                            >= summary.messages());
            assertThat(count(stack, Topics.READINGS_RAW) + count(stack, Topics.READINGS_REJECTED))
                    .isEqualTo(summary.messages());
            assertThat(Files.readString(data.resolve("mosquitto/mosquitto.conf")))
                    .contains("allow_anonymous false\n")
                    .contains("password_file "
                            + data.resolve(DemoAccess.ACCOUNTS_DIR)
                                    .resolve(MqttAccounts.PASSWORD_FILE)
                                    .toAbsolutePath())
                    .doesNotContain("allow_anonymous true");
        }
    }

    private static void anonymous(String url) throws MqttException {
        MqttClient client = new MqttClient(url, "demo-anonymous", new MemoryPersistence());
        try {
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setConnectionTimeout(10);
            client.connect(o);
        } finally {
            client.close(true);
        }
    }

    private static long count(LocalStack stack, String topic) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.kafka.bootstrapServers(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            return c.endOffsets(parts).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }
}
