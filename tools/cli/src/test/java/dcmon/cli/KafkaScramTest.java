package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dcmon.bridge.MqttKafkaBridge;
import dcmon.core.Topics;
import dcmon.stack.EmbeddedKafka;
import dcmon.stack.MosquittoServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The in-process Kafka broker with SASL/SCRAM: a client without the account, or with a wrong password, is refused;
 * the bridge with the account in {@code --kafka-properties} forwards.
 */
class KafkaScramTest {
    static final String USER = "dcmon";
    static final String PASSWORD = "kafka-s3cret-7Qm";

    @TempDir
    static Path dir;

    static EmbeddedKafka kafka;
    static MosquittoServer mosquitto;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.startWithScram(dir.resolve("kafka"), 0, USER, PASSWORD);
        kafka.createTopics(1, Topics.READINGS_RAW, Topics.READINGS_REJECTED, Topics.GATEWAY_STATUS);
        mosquitto = MosquittoServer.start(dir.resolve("mosquitto"), 0);
    }

    @AfterAll
    static void stop() {
        if (kafka != null) kafka.close();
        if (mosquitto != null) mosquitto.close();
    }

    @Test
    void aClientWithoutTheAccountIsRefused() {
        try (Admin anonymous = admin(Map.of())) {
            assertThatThrownBy(() -> anonymous.describeCluster().nodes().get(10, TimeUnit.SECONDS))
                    .isInstanceOfAny(ExecutionException.class, java.util.concurrent.TimeoutException.class);
        }
    }

    @Test
    void aClientWithAWrongPasswordIsRefusedAndSaysWhy() {
        Map<String, Object> wrong = new HashMap<>(kafka.clientSecurity());
        wrong.put("sasl.jaas.config", EmbeddedKafka.scramJaas(USER, "not-the-password"));
        try (Admin admin = admin(wrong)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("invalid credentials with SASL mechanism SCRAM-SHA-256");
        }
    }

    @Test
    void theBridgeWithTheAccountInItsKafkaPropertiesForwards() throws Exception {
        Path props = dir.resolve("kafka-client.properties");
        Files.writeString(
                props,
                "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-256\nsasl.jaas.config="
                        + EmbeddedKafka.scramJaas(USER, PASSWORD) + "\n");
        BridgeCommand command = new BridgeCommand();
        new CommandLine(command)
                .parseArgs(
                        "--mqtt", mosquitto.url(),
                        "--kafka", kafka.bootstrapServers(),
                        "--client-id", "scram-bridge",
                        "--kafka-properties", props.toString());
        try (MqttKafkaBridge bridge = new MqttKafkaBridge(command.config())) {
            assertThat(command.config().toString()).doesNotContain(PASSWORD);
            bridge.start();
            MqttClient gw = new MqttClient(mosquitto.url(), "scram-gw", new MemoryPersistence());
            gw.connect();
            MqttMessage m = new MqttMessage("through SCRAM".getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            gw.publish(Topics.readingsTopic("91420112MA4ALXWN9U", "GW01"), m);
            gw.disconnect();
            gw.close();
            assertThat(readRaw()).containsExactly("through SCRAM");
        }
    }

    @Test
    void badKafkaPropertiesAreNamed() {
        Path bootstrap = dir.resolve("bootstrap.properties");
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Dcmon());
        cli.setErr(new PrintWriter(err, true));
        try {
            Files.writeString(bootstrap, "bootstrap.servers=elsewhere:9092\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(cli.execute("bridge", "--kafka-properties", bootstrap.toString()))
                .isNotZero();
        assertThat(err.toString())
                .startsWith(
                        "--kafka-properties " + bootstrap + ": bootstrap.servers belongs in --kafka, not in the file")
                .doesNotContain("\tat ");
        err.getBuffer().setLength(0);
        assertThat(cli.execute(
                        "bridge", "--kafka-properties", dir.resolve("none").toString()))
                .isNotZero();
        assertThat(err.toString()).startsWith("--kafka-properties " + dir.resolve("none") + ": no such file");
    }

    private static Admin admin(Map<String, Object> security) {
        Map<String, Object> config = new HashMap<>(security);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return Admin.create(config);
    }

    private static List<String> readRaw() {
        Map<String, Object> config = new HashMap<>(kafka.clientSecurity());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition p = new TopicPartition(Topics.READINGS_RAW, 0);
            c.assign(List.of(p));
            c.seekToBeginning(List.of(p));
            List<String> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
            return out;
        }
    }
}
