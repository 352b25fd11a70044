package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dcmon.bridge.BridgeConfig;
import dcmon.bridge.MqttKafkaBridge;
import dcmon.core.Topics;
import dcmon.core.config.TrustedCa;
import dcmon.simulator.RunSummary;
import dcmon.simulator.Simulator;
import dcmon.simulator.SimulatorOptions;
import dcmon.stack.DemoCertificates;
import dcmon.stack.EmbeddedKafka;
import dcmon.stack.MosquittoServer;
import dcmon.stack.MqttAccounts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.SocketFactory;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Access to the real Mosquitto with the accounts {@code mqtt-auth} writes for the sample registry and a TLS listener
 * with a CA of the test's own: a gateway publishes only its own topics, no one connects without an account, no client
 * trusting another CA connects, and the bridge forwards what the gateways (and the simulator, one login per gateway)
 * publish with theirs.
 */
class MqttAccessTest {
    /** 武汉楚钢钢铁有限公司 (GW01, GW02, GW03). */
    static final String STEEL = "91420112MA4ALXWN9U";
    /** Another registered unit. */
    static final String OTHER = "91420202MA4BD3K2PM";

    @TempDir
    static Path dir;

    static Path auth;
    static String mqttAuthOutput;
    static Map<String, MqttAccounts.Account> credentials;
    static DemoCertificates certificates;
    static DemoCertificates otherCa;
    static MosquittoServer mosquitto;
    static EmbeddedKafka kafka;
    static MqttKafkaBridge bridge;

    @BeforeAll
    static void start() throws Exception {
        auth = dir.resolve("mqtt-auth");
        mqttAuthOutput = run(
                "mqtt-auth",
                "--registry",
                EndToEnd.REGISTRY.toString(),
                "--reference",
                EndToEnd.REFERENCE.toString(),
                "--out",
                auth.toString());
        credentials = MqttAccounts.readGatewayCredentials(auth.resolve(MqttAccounts.CREDENTIALS_FILE));
        certificates = DemoCertificates.create(dir.resolve("tls"), "access test CA");
        otherCa = DemoCertificates.create(dir.resolve("other-tls"), "someone else's CA");
        mosquitto = MosquittoServer.builder(dir.resolve("mosquitto"))
                .accounts(auth.resolve(MqttAccounts.PASSWORD_FILE), auth.resolve(MqttAccounts.ACL_FILE))
                .tls(0, certificates)
                .debugLog(true)
                .start();
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
        kafka.createTopics(1, Topics.READINGS_RAW, Topics.READINGS_REJECTED, Topics.GATEWAY_STATUS);
        String bridgePassword = Files.readString(auth.resolve(MqttAccounts.BRIDGE_PASSWORD_FILE))
                .strip();
        bridge = new MqttKafkaBridge(BridgeConfig.builder()
                .mqttUrl(mosquitto.tlsUrl())
                .mqttCaFile(certificates.ca())
                .credentials(MqttAccounts.BRIDGE_USER, bridgePassword)
                .kafkaBootstrap(kafka.bootstrapServers())
                .clientId("access-bridge")
                .build());
        bridge.start();
    }

    @AfterAll
    static void stop() {
        if (bridge != null) bridge.close();
        if (kafka != null) kafka.close();
        if (mosquitto != null) mosquitto.close();
    }

    @Test
    void mqttAuthSaysWhatItWroteAndPrintsNoPassword() {
        assertThat(mqttAuthOutput)
                .startsWith(
                        "122 gateway accounts and dcmon-bridge for 67 enterprises in " + auth + " (123 new, 0 kept)\n");
        for (MqttAccounts.Account a : credentials.values())
            assertThat(mqttAuthOutput).doesNotContain(a.password());
        assertThat(mosquitto.log())
                .doesNotContain(credentials.get(STEEL + "/GW01").password());
    }

    @Test
    void aGatewayWithItsAccountAndTheCaPublishesAndTheBridgeForwards() throws Exception {
        MqttClient gw = connect("steel-gw01-own", login(STEEL, "GW01"), certificates.ca());
        gw.publish(Topics.readingsTopic(STEEL, "GW01"), message("own readings"));
        gw.publish(Topics.statusTopic(STEEL, "GW01"), message("{\"state\":\"online\"}"));
        gw.disconnect();
        gw.close();
        assertThat(payloadsUntil(Topics.READINGS_RAW, "own readings")).contains("own readings");
        assertThat(payloadsUntil(Topics.GATEWAY_STATUS, "{\"state\":\"online\"}"))
                .contains("{\"state\":\"online\"}");
    }

    @Test
    void aGatewayPublishingUnderAnotherGatewayOrEnterpriseIsRefused() throws Exception {
        MqttClient intruder = connect("steel-gw01-intruder", login(STEEL, "GW01"), certificates.ca());
        // Mosquitto answers a denied publish as if it passed (or drops the connection): only its log shows it
        for (String topic : List.of(
                Topics.readingsTopic(STEEL, "GW02"),
                Topics.readingsTopic(OTHER, "GW01"),
                Topics.statusTopic(STEEL, "GW03"),
                "dcmon/v1/" + STEEL + "/GW01/other")) {
            try {
                intruder.publish(topic, message("forged on " + topic));
            } catch (MqttException e) {
                // either way the message must not reach the bridge
            }
        }
        if (intruder.isConnected()) intruder.disconnectForcibly(1000);
        intruder.close(true);
        awaitLog("Denied PUBLISH from steel-gw01-intruder");

        // handled after the forged ones: once it is in Kafka, any forged one that had passed would be too
        MqttClient gw = connect("steel-gw01-marker", login(STEEL, "GW01"), certificates.ca());
        gw.publish(Topics.readingsTopic(STEEL, "GW01"), message("marker after the forgeries"));
        gw.disconnect();
        gw.close();
        List<String> raw = payloadsUntil(Topics.READINGS_RAW, "marker after the forgeries");
        List<String> status = payloadsUntil(Topics.GATEWAY_STATUS, null);
        assertThat(raw).noneMatch(p -> p.startsWith("forged"));
        assertThat(status).noneMatch(p -> p.startsWith("forged"));
        assertThat(mosquitto.log())
                .contains("Denied PUBLISH from steel-gw01-intruder")
                .contains("'" + Topics.readingsTopic(STEEL, "GW02") + "'");
    }

    @Test
    void aGatewayReadsNothingNotEvenItsOwnTopics() throws Exception {
        List<String> read = new java.util.concurrent.CopyOnWriteArrayList<>();
        MqttClient reader = connect("steel-gw01-reader", login(STEEL, "GW01"), certificates.ca());
        reader.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                read.add(new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {}

            @Override
            public void mqttErrorOccurred(MqttException e) {}

            @Override
            public void deliveryComplete(IMqttToken t) {}

            @Override
            public void connectComplete(boolean reconnect, String uri) {}

            @Override
            public void authPacketArrived(int code, org.eclipse.paho.mqttv5.common.packet.MqttProperties p) {}
        });
        IMqttToken sub = reader.subscribe(
                new MqttSubscription[] {
                    new MqttSubscription("dcmon/v1/#", 1), new MqttSubscription(Topics.readingsTopic(STEEL, "GW01"), 1)
                },
                null);
        // Mosquitto 2.0.11 grants the subscriptions (QoS 1) and checks the ACL on each delivery instead
        assertThat(sub.getReasonCodes()).containsExactly(1, 1);

        MqttClient gw2 = connect("steel-gw02", login(STEEL, "GW02"), certificates.ca());
        gw2.publish(Topics.readingsTopic(STEEL, "GW02"), message("seen by the bridge only"));
        gw2.disconnect();
        gw2.close();
        assertThat(payloadsUntil(Topics.READINGS_RAW, "seen by the bridge only"))
                .contains("seen by the bridge only");
        Thread.sleep(500);
        assertThat(read).isEmpty();
        reader.disconnect();
        reader.close();
    }

    @Test
    void withoutAnAccountOrWithAWrongPasswordNoClientConnects() {
        MqttAccounts.Account steel = login(STEEL, "GW01");
        MqttAccounts.Account wrong = new MqttAccounts.Account(steel.user(), "not-" + steel.password(), STEEL, "GW01");
        for (MqttAccounts.Account who : java.util.Arrays.asList(null, wrong)) {
            assertThatThrownBy(() -> connect("refused-tls", who, certificates.ca()))
                    .isInstanceOf(MqttException.class)
                    .satisfies(
                            e -> assertThat(((MqttException) e).getReasonCode()).isIn(0x86, 0x87));
            assertThatThrownBy(() -> connect("refused-plain", who, null))
                    .isInstanceOf(MqttException.class)
                    .satisfies(
                            e -> assertThat(((MqttException) e).getReasonCode()).isIn(0x86, 0x87));
        }
    }

    @Test
    void overTlsAClientTrustingAnotherCaCannotConnect() {
        assertThatThrownBy(() -> connect("wrong-ca", login(STEEL, "GW01"), otherCa.ca()))
                .isInstanceOf(MqttException.class)
                .satisfies(e -> assertThat(causes(e)).anyMatch(c -> c instanceof SSLHandshakeException));
        assertThat(mosquitto.log()).doesNotContain("as wrong-ca");
    }

    @Test
    void theSimulatorConnectsEachGatewayWithItsOwnLoginOverTlsAndTheBridgeForwardsEverything() throws Exception {
        long rawBefore = count(Topics.READINGS_RAW);
        String[] args = {
            "--registry",
            EndToEnd.REGISTRY.toString(),
            "--reference",
            EndToEnd.REFERENCE.toString(),
            "--mqtt",
            mosquitto.tlsUrl(),
            "--mqtt-ca",
            certificates.ca().toString(),
            "--mqtt-credentials",
            auth.resolve(MqttAccounts.CREDENTIALS_FILE).toString(),
            "--client-id",
            "access-sim",
            "--from",
            Instant.now().minus(Duration.ofHours(2)).toString(),
            "--truth",
            dir.resolve("truth.json").toString()
        };
        SimulateCommand command = new SimulateCommand();
        new CommandLine(command).parseArgs(args);
        SimulatorOptions options = command.options().build();
        assertThat(options.gatewayLogins()).hasSize(122);
        RunSummary summary = new Simulator(options).run();
        assertThat(summary.messages()).isPositive();
        long expected = rawBefore + summary.messages();
        EndToEnd.await(
                "every simulated message in Kafka",
                Duration.ofSeconds(60),
                () -> count(Topics.READINGS_RAW) >= expected);
        assertThat(count(Topics.READINGS_RAW)).isEqualTo(expected);
        assertThat(mosquitto.log()).doesNotContain("Denied PUBLISH from access-sim");
    }

    @Test
    void optionsNameTheirProblem() {
        assertThat(runFailing(
                        "bridge",
                        "--mqtt",
                        "tcp://127.0.0.1:1",
                        "--mqtt-ca",
                        certificates.ca().toString()))
                .contains("--mqtt-ca is for TLS: the broker URL must start with ssl://, was tcp://127.0.0.1:1");
        assertThat(runFailing(
                        "bridge",
                        "--mqtt",
                        "ssl://127.0.0.1:1",
                        "--mqtt-username",
                        "dcmon-bridge",
                        "--mqtt-password-file",
                        dir.resolve("missing").toString()))
                .contains("--mqtt-password-file " + dir.resolve("missing") + ": cannot read it (NoSuchFileException)");
        assertThat(runFailing(
                        "bridge",
                        "--mqtt",
                        "ssl://127.0.0.1:1",
                        "--mqtt-ca",
                        auth.resolve(MqttAccounts.ACL_FILE).toString()))
                .contains("--mqtt-ca: CA file " + auth.resolve(MqttAccounts.ACL_FILE)
                        + ": not a PEM certificate file (No certificate data found)");
        assertThat(runFailing(
                        "mqtt-auth",
                        "--out",
                        auth.resolve(MqttAccounts.ACL_FILE).toString()))
                .contains("--out " + auth.resolve(MqttAccounts.ACL_FILE) + ": exists and is not a directory");
    }

    private static MqttAccounts.Account login(String enterprise, String gateway) {
        return credentials.get(enterprise + "/" + gateway);
    }

    private static MqttClient connect(String clientId, MqttAccounts.Account who, Path ca) throws MqttException {
        String url = ca == null ? mosquitto.url() : mosquitto.tlsUrl();
        MqttClient client = new MqttClient(url, clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setConnectionTimeout(10);
        if (ca != null) {
            SocketFactory sockets = TrustedCa.socketFactory(ca);
            options.setSocketFactory(sockets);
        }
        if (who != null) {
            options.setUserName(who.user());
            options.setPassword(who.password().getBytes(StandardCharsets.UTF_8));
        }
        try {
            client.connect(options);
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
        return client;
    }

    private static MqttMessage message(String text) {
        MqttMessage m = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        return m;
    }

    private static void awaitLog(String text) throws InterruptedException {
        EndToEnd.await(
                "'" + text + "' in the broker log",
                Duration.ofSeconds(10),
                () -> mosquitto.log().contains(text));
    }

    /** The topic's payloads from the beginning, read until one equals {@code until} (or to the end when null). */
    private static List<String> payloadsUntil(String topic, String until) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long end = consumer.endOffsets(partitions).get(partitions.get(0));
            List<String> payloads = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (until != null ? !payloads.contains(until) : consumer.position(partitions.get(0)) < end) {
                if (System.nanoTime() > deadline) throw new AssertionError("no '" + until + "' in " + topic);
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    payloads.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
            return payloads;
        }
    }

    private static long count(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            TopicPartition p = new TopicPartition(topic, 0);
            return consumer.endOffsets(List.of(p)).get(p);
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> all = new ArrayList<>();
        for (Throwable c = e; c != null && !all.contains(c); c = c.getCause()) all.add(c);
        return all;
    }

    /** Runs a dcmon command in this JVM; returns what it printed, failing unless it exits 0. */
    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = new CommandLine(new Dcmon()).execute(args);
        } finally {
            System.setOut(saved);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isZero();
        return printed;
    }

    /** Runs a command expected to fail on its options; returns its error output. */
    private static String runFailing(String... args) {
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine cli = new CommandLine(new Dcmon());
        cli.setErr(new java.io.PrintWriter(err, true));
        int code = cli.execute(args);
        assertThat(code).as(err.toString()).isNotZero();
        assertThat(err.toString()).doesNotContain("\tat ");
        return err.toString();
    }
}
