package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.Topics;
import dcmon.stack.EmbeddedKafka;
import dcmon.stack.InfluxdServer;
import dcmon.stack.MosquittoServer;
import dcmon.stack.PostgresServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret in any log: a stack like the demo's, with every login on — Kafka requiring SASL/SCRAM, influxd requiring
 * a user, PostgreSQL a password, Mosquitto accounts — and dcmon's parts run as {@code ./dcmon} runs them, each a
 * process of its own with its secrets in the environment or in files the environment or its options name: the
 * bridge, the job, the console, the exporter and {@code gateway probe}, logging at INFO, plus a console started with a
 * wrong database password. Readings flow end to end; then every log the servers and the processes wrote, and each
 * process's standard output and error, are searched for every secret used: none may appear.
 */
class SecretsInLogsTest {
    private static final String UNIT = "91420202MA4BD3K2PM";
    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX").withZone(ZoneOffset.ofHours(8));
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Kept when the test fails: its logs are what to read then. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    /** Every secret of the run, by what it is. */
    private final Map<String, String> secrets = new LinkedHashMap<>();

    private final List<Process> processes = new ArrayList<>();

    @Test
    void noSecretAppearsInAnyLogOrOutput() throws Exception {
        String influxPassword = secret("influx");
        String mqttBridgePassword = secret("mqtt bridge");
        String mqttGatewayPassword = secret("mqtt gateway");
        Map<String, String> kafka = new LinkedHashMap<>();
        for (String user : List.of("broker", "bridge", "job", "console", "tools")) {
            kafka.put(user, secret("kafka " + user));
        }
        secret("wrong postgres", "wrong-pg-" + hex(12));

        Path servers = dir.resolve("servers");
        try (MosquittoServer mosquitto = MosquittoServer.builder(servers.resolve("mosquitto"))
                        .reader("dcmon-bridge", mqttBridgePassword)
                        .user("sim", mqttGatewayPassword, "topic write dcmon/v1/#")
                        .start();
                InfluxdServer influxd = InfluxdServer.start(servers.resolve("influxdb"), 0, true);
                PostgresServer postgres = PostgresServer.start(servers.resolve("postgres"), 0);
                EmbeddedKafka broker =
                        EmbeddedKafka.start(servers.resolve("kafka"), 0, new EmbeddedKafka.Scram("broker", kafka))) {
            secrets.put("postgres", postgres.password());
            broker.createTopics(
                    1,
                    Topics.READINGS_RAW,
                    Topics.READINGS_REJECTED,
                    Topics.GATEWAY_STATUS,
                    Topics.BROKER_STATUS,
                    Topics.ALERTS,
                    Topics.MONTHLY,
                    Topics.SINK_DEAD_LETTER);
            postgres.createDatabase("console");
            influx(influxd, "CREATE USER admin WITH PASSWORD '" + influxPassword + "' WITH ALL PRIVILEGES", null);

            Path secretsDir = Files.createDirectories(dir.resolve("secrets"));
            Path influxPasswordFile = write(secretsDir.resolve("influx.password"), influxPassword + "\n");
            Path mqttPasswordFile = write(secretsDir.resolve("mqtt-bridge.password"), mqttBridgePassword + "\n");
            write(secretsDir.resolve("kafka-bridge.password"), kafka.get("bridge") + "\n");
            write(secretsDir.resolve("kafka-console.password"), kafka.get("console") + "\n");
            Path wrongPostgres = write(secretsDir.resolve("wrong-postgres.password"), secrets.get("wrong postgres"));
            Path bridgeKafka =
                    kafkaProperties(secretsDir.resolve("bridge.properties"), "bridge", "${file:kafka-bridge.password}");
            Path jobKafka = kafkaProperties(secretsDir.resolve("job.properties"), "job", "${env:JOB_KAFKA_PASSWORD}");
            Path consoleKafka = kafkaProperties(
                    secretsDir.resolve("console.properties"), "console", "${file:kafka-console.password}");
            Path toolsKafka =
                    kafkaProperties(secretsDir.resolve("tools.properties"), "tools", "${env:TOOLS_KAFKA_PASSWORD}");

            String bootstrap = broker.bootstrapServers();
            String registry = EndToEnd.REGISTRY.toAbsolutePath().toString();
            String reference = EndToEnd.REFERENCE.toAbsolutePath().toString();
            String alerts = EndToEnd.ALERTS.toAbsolutePath().toString();
            Map<String, String> influxFromFile =
                    Map.of("DCMON_INFLUX_USER", "admin", "DCMON_INFLUX_PASSWORD_FILE", influxPasswordFile.toString());

            start(
                    "bridge",
                    Map.of(),
                    "bridge",
                    "--mqtt",
                    mosquitto.url(),
                    "--kafka",
                    bootstrap,
                    "--kafka-properties",
                    bridgeKafka.toString(),
                    "--mqtt-username",
                    "dcmon-bridge",
                    "--mqtt-password-file",
                    mqttPasswordFile.toString());
            start(
                    "job",
                    with(influxFromFile, "JOB_KAFKA_PASSWORD", kafka.get("job")),
                    "job",
                    "--kafka",
                    bootstrap,
                    "--kafka-properties",
                    jobKafka.toString(),
                    "--influx",
                    influxd.url(),
                    "--registry",
                    registry,
                    "--reference",
                    reference,
                    "--targets",
                    EndToEnd.TARGETS.toAbsolutePath().toString(),
                    "--alerts",
                    alerts,
                    "--checkpoints",
                    dir.resolve("checkpoints").toString(),
                    "--parallelism",
                    "1");
            Process console = start(
                    "console",
                    Map.of("DCMON_INFLUX_USER", "admin", "DCMON_INFLUX_PASSWORD", influxPassword),
                    "console",
                    "--http-port",
                    "0",
                    "--kafka",
                    bootstrap,
                    "--kafka-properties",
                    consoleKafka.toString(),
                    "--influx",
                    influxd.url(),
                    "--registry",
                    registry,
                    "--reference",
                    reference,
                    "--alerts",
                    alerts,
                    "--postgres-url",
                    postgres.jdbcUrl("console"),
                    "--postgres-user",
                    postgres.user(),
                    "--postgres-password-file",
                    postgres.passwordFile().toString());
            Map<String, String> tools = with(
                    Map.of("DCMON_KAFKA_PROPERTIES", toolsKafka.toString()),
                    "TOOLS_KAFKA_PASSWORD",
                    kafka.get("tools"));
            start(
                    "exporter",
                    tools,
                    "exporter",
                    "--kafka",
                    bootstrap,
                    "--out",
                    dir.resolve("exports").toString(),
                    "--registry",
                    registry,
                    "--reference",
                    reference,
                    "--alerts",
                    alerts);
            Process refused = start(
                    "console-wrong-password",
                    Map.of(),
                    "console",
                    "--http-port",
                    "0",
                    "--kafka",
                    "none",
                    "--influx",
                    "none",
                    "--registry",
                    registry,
                    "--reference",
                    reference,
                    "--postgres-url",
                    postgres.jdbcUrl("console"),
                    "--postgres-user",
                    postgres.user(),
                    "--postgres-password-file",
                    wrongPostgres.toString());

            assertThat(refused.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(refused.exitValue()).isEqualTo(1);
            assertThat(Files.readString(dir.resolve("logs/console-wrong-password.err")))
                    .contains("password authentication failed");
            EndToEnd.await(
                    "the console serving",
                    Duration.ofSeconds(120),
                    () -> output("console").contains("console: http://"));
            assertThat(console.isAlive()).isTrue();

            publish(mosquitto.url(), mqttGatewayPassword);
            EndToEnd.await(
                    "the unit's usage in InfluxDB",
                    Duration.ofSeconds(240),
                    () -> influx(
                                    influxd,
                                    "SELECT count(tce) FROM enterprise_usage WHERE enterprise = '" + UNIT + "'",
                                    influxPassword)
                            .contains("\"series\""));
            // started once the job made the database, which the probe reads from its first line on
            Process probe = start(
                    "probe",
                    with(
                            tools,
                            "DCMON_INFLUX_USER",
                            "admin",
                            "DCMON_INFLUX_PASSWORD_FILE",
                            influxPasswordFile.toString()),
                    "gateway",
                    "probe",
                    "--enterprise",
                    UNIT,
                    "--gateway",
                    "GW02",
                    "--kafka",
                    bootstrap,
                    "--influx",
                    influxd.url(),
                    "--registry",
                    registry,
                    "--reference",
                    reference,
                    "--settle",
                    "PT2S",
                    "--duration",
                    "PT60S");
            EndToEnd.await(
                    "the probe following the gateway",
                    Duration.ofSeconds(120),
                    () -> output("probe").contains("following"));
            assertThat(probe.isAlive() || probe.exitValue() == 0).isTrue();
        } finally {
            stopAll();
        }

        List<Path> logs = logs();
        assertThat(logs)
                .extracting(p -> p.getFileName().toString())
                .contains(
                        "bridge.err",
                        "job.err",
                        "console.out",
                        "exporter.out",
                        "probe.out",
                        "mosquitto.log",
                        "postgres.log");
        // the Kafka clients logged their settings at INFO, the SASL login among them, hidden
        assertThat(logs.stream().map(SecretsInLogsTest::read)).anyMatch(t -> t.contains("sasl.jaas.config = [hidden]"));
        List<String> found = new ArrayList<>();
        for (Path log : logs) {
            String text = read(log);
            secrets.forEach((what, value) -> {
                if (text.contains(value)) found.add(dir.relativize(log) + " holds the " + what + " password");
            });
        }
        assertThat(found).isEmpty();
    }

    /** A new random secret, remembered for the search. */
    private String secret(String what) {
        return secret(what, what.replace(' ', '-') + "-" + hex(12));
    }

    private String secret(String what, String value) {
        secrets.put(what, value);
        return value;
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static Path write(Path file, String text) throws IOException {
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static Path kafkaProperties(Path file, String user, String passwordReference) throws IOException {
        return write(
                file,
                "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=" + EmbeddedKafka.SCRAM_MECHANISM + "\n"
                        + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + user + "\" password=\"" + passwordReference + "\";\n");
    }

    private static Map<String, String> with(Map<String, String> base, String... keysAndValues) {
        Map<String, String> out = new LinkedHashMap<>(base);
        for (int i = 0; i < keysAndValues.length; i += 2) out.put(keysAndValues[i], keysAndValues[i + 1]);
        return out;
    }

    /** {@code ./dcmon ARGS} as a process of its own, logging at INFO into logs/NAME.out and .err. */
    private Process start(String name, Map<String, String> env, String... args) throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                // the Kafka clients log their whole configuration at INFO: the SASL login is among it
                "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=info",
                "-Dorg.slf4j.simpleLogger.log.kafka=info",
                "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
                "--add-opens=java.base/java.time=ALL-UNNAMED",
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "dcmon.cli.Dcmon"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(logs.resolve(name + ".out").toFile())
                .redirectError(logs.resolve(name + ".err").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DCMON_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private String output(String name) {
        return read(dir.resolve("logs/" + name + ".out"));
    }

    /** SIGTERM, as Ctrl-C would: the shutdown hooks run and log too. */
    private void stopAll() throws InterruptedException {
        for (Process p : processes) p.destroy();
        for (Process p : processes) {
            if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Every log file the servers and processes wrote, and each process's standard output and error. */
    private List<Path> logs() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().matches(".*\\.(log|out|err)$")
                            || p.getParent().getFileName().toString().equals("log"))
                    .toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A few quarter hours of the unit's electricity register, and one message no parser takes. */
    private static void publish(String url, String password) throws Exception {
        MqttClient client = new MqttClient(url, "sim-secrets", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName("sim");
        o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        client.connect(o);
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);
        for (int i = 0; i < 6; i++) {
            String json = "{\"schema\":\"dcmon.readings/1\",\"gateway\":\"GW02\",\"seq\":" + i
                    + ",\"readings\":[{\"point\":\"E-MAIN-01\",\"ts\":\""
                    + TS.format(start.plus(15L * i, ChronoUnit.MINUTES)) + "\",\"value\":"
                    + (1_000_000.0 + 50_000.0 * i)
                    + "}]}";
            MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            client.publish(Topics.readingsTopic(UNIT, "GW02"), m);
        }
        MqttMessage bad = new MqttMessage("not json".getBytes(StandardCharsets.UTF_8));
        bad.setQos(1);
        client.publish(Topics.readingsTopic(UNIT, "GW02"), bad);
        client.disconnect();
        client.close();
    }

    /** An InfluxQL statement over HTTP, logged in as admin when a password is given; the response body. */
    private static String influx(InfluxdServer influxd, String q, String password) {
        try {
            String query = "q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&db=dcmon";
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(influxd.url() + "/query"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(query));
            if (password != null) {
                b.header(
                        "Authorization",
                        "Basic "
                                + java.util.Base64.getEncoder()
                                        .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)));
            }
            HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200)
                throw new IllegalStateException("influxd answered " + r.statusCode() + ": " + r.body());
            return r.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
