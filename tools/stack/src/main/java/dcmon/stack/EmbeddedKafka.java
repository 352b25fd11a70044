package dcmon.stack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, broker and controller in one) running inside this JVM, with its log
 * under one directory. Starting again on the same directory keeps the topics and records written before.
 *
 * <p>Settings are those of a one-node cluster: every replication factor and min ISR is 1 (including the
 * transaction state log, which Flink's exactly-once sink needs), consumer groups start without the
 * initial rebalance delay, and topics are never created implicitly — a misspelt topic is an error, not a
 * new topic.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    /** Written by the storage formatter; its presence means the directory holds a formatted log. */
    private static final String META_PROPERTIES = "meta.properties";

    /** The SASL mechanism of a broker started with {@link Scram} users. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-256";

    /**
     * Client authentication by SASL/SCRAM: every client, the broker's own connections included, logs in as
     * one of these users. The broker uses {@code brokerUser}; the others are for dcmon's parts and tools.
     *
     * @param brokerUser the user the broker and {@link #admin()} authenticate as
     * @param passwords  password per user name, {@code brokerUser}'s among them
     */
    public record Scram(String brokerUser, Map<String, String> passwords) {
        public Scram {
            passwords = Map.copyOf(passwords);
            if (!passwords.containsKey(brokerUser)) {
                throw new IllegalArgumentException("no password for the broker's user " + brokerUser);
            }
            for (String name : passwords.keySet()) {
                // the names go into a JAAS line and the format tool's arguments, both of which quote with '"'
                if (!name.matches("[A-Za-z0-9._-]+")) throw new IllegalArgumentException("bad SCRAM user name " + name);
            }
        }
    }

    /**
     * A second plain client listener on 127.0.0.1:{@code port} that tells its clients to connect to
     * {@code advertisedPort} instead: clients that reach the broker through a proxy on that port stay behind the
     * proxy after the bootstrap (Kafka hands every client the advertised addresses of the listener it came in on).
     *
     * @param name listener name, upper case (e.g. {@code PROXIED})
     */
    public record ExtraListener(String name, int port, int advertisedPort) {
        public ExtraListener {
            if (!name.matches("[A-Z][A-Z0-9_]*") || name.equals("PLAINTEXT") || name.equals("CONTROLLER")) {
                throw new IllegalArgumentException("not a usable listener name: " + name);
            }
        }
    }

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final int port;
    private final Scram scram;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, Path dataDir, int port, Scram scram) {
        this.server = server;
        this.dataDir = dataDir;
        this.port = port;
        this.scram = scram;
    }

    /**
     * Starts a broker on {@code dataDir}, formatting it first if it holds no Kafka log yet, and returns
     * once the broker answers requests.
     *
     * @param port the client listener port on 127.0.0.1, or 0 for a free one
     */
    public static EmbeddedKafka start(Path dataDir, int port) throws IOException {
        return start(dataDir, port, null);
    }

    /**
     * As {@link #start(Path, int)}, with clients authenticated by SASL/SCRAM when {@code scram} is given: a
     * client without valid credentials cannot connect. Users are created when the log is formatted; on a log
     * formatted before, users not known to it are added on start (existing passwords are left as they are).
     */
    public static EmbeddedKafka start(Path dataDir, int port, Scram scram) throws IOException {
        return start(dataDir, port, scram, null);
    }

    /** As {@link #start(Path, int, Scram)}, with a second listener when {@code extra} is given (plain brokers only). */
    public static EmbeddedKafka start(Path dataDir, int port, Scram scram, ExtraListener extra) throws IOException {
        if (scram != null && extra != null)
            throw new IllegalArgumentException("a second listener needs a plain broker");
        Files.createDirectories(dataDir);
        int brokerPort = port == 0 ? Ports.free() : port;
        // The controller port is internal to this node; static voters let it change between restarts.
        int controllerPort = Ports.free();
        Properties props = serverProperties(dataDir, brokerPort, controllerPort);
        if (scram != null) secure(props, scram);
        if (extra != null) addListener(props, extra);
        boolean fresh = !Files.exists(dataDir.resolve(META_PROPERTIES));
        if (fresh) {
            format(dataDir, props, scram);
        }
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            shutdownQuietly(server);
            throw new IllegalStateException(
                    "Kafka did not start on port " + brokerPort + " with data in " + dataDir + ": " + e.getMessage(),
                    e);
        }
        EmbeddedKafka kafka = new EmbeddedKafka(server, dataDir, brokerPort, scram);
        try {
            kafka.awaitReady();
            if (scram != null && !fresh) kafka.addMissingUsers();
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        LOG.info("Kafka started on {} with data in {}", kafka.bootstrapServers(), dataDir);
        return kafka;
    }

    static Properties serverProperties(Path dataDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + Ports.LOOPBACK + ":" + controllerPort);
        p.put(
                "listeners",
                "PLAINTEXT://" + Ports.LOOPBACK + ":" + brokerPort + ",CONTROLLER://" + Ports.LOOPBACK + ":"
                        + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + Ports.LOOPBACK + ":" + brokerPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir.toAbsolutePath().toString());
        p.put("auto.create.topics.enable", "false");
        // keep every record: tests and the demo write records stamped months back (month snapshots of a past month),
        // which the default 7-day retention would delete within minutes
        p.put("log.retention.ms", "-1");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        // Fewer internal partitions than the defaults (50): a one-node stack starts and loads faster.
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    /**
     * The client listener becomes SASL_PLAINTEXT with SCRAM; the broker talks to itself over it as
     * {@code brokerUser}. The controller listener stays plain: it is internal to the node and on loopback.
     * No TLS here: the embedded broker listens on 127.0.0.1 only; a broker on a network has TLS of its own
     * (SASL_SSL), which dcmon's clients take from their properties file.
     */
    static void secure(Properties p, Scram scram) {
        // "PLAINTEXT://…,CONTROLLER://…": the client listener is the first
        p.put("listeners", ((String) p.get("listeners")).replaceFirst("^PLAINTEXT://", "SASL_PLAINTEXT://"));
        p.put(
                "advertised.listeners",
                ((String) p.get("advertised.listeners")).replaceFirst("^PLAINTEXT://", "SASL_PLAINTEXT://"));
        p.put("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "SASL_PLAINTEXT");
        p.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", SCRAM_MECHANISM);
        p.put(
                "listener.name.sasl_plaintext." + SCRAM_MECHANISM.toLowerCase(java.util.Locale.ROOT)
                        + ".sasl.jaas.config",
                jaas(scram.brokerUser(), scram.passwords().get(scram.brokerUser())));
    }

    static void addListener(Properties p, ExtraListener extra) {
        String at = "://" + Ports.LOOPBACK + ":";
        p.put("listeners", p.get("listeners") + "," + extra.name() + at + extra.port());
        p.put("advertised.listeners", p.get("advertised.listeners") + "," + extra.name() + at + extra.advertisedPort());
        p.put(
                "listener.security.protocol.map",
                p.get("listener.security.protocol.map") + "," + extra.name() + ":PLAINTEXT");
    }

    /** The properties a client needs to authenticate as {@code user} (no bootstrap servers). */
    public static Map<String, String> clientProperties(String user, String password) {
        return Map.of(
                "security.protocol",
                "SASL_PLAINTEXT",
                "sasl.mechanism",
                SCRAM_MECHANISM,
                "sasl.jaas.config",
                jaas(user, password));
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password.replace("\\", "\\\\").replace("\"", "\\\"") + "\";";
    }

    private void addMissingUsers() {
        try (Admin admin = admin()) {
            java.util.Set<String> known = admin.describeUserScramCredentials()
                    .all()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .keySet();
            List<org.apache.kafka.clients.admin.UserScramCredentialAlteration> add = new ArrayList<>();
            scram.passwords().forEach((user, password) -> {
                if (!known.contains(user)) {
                    add.add(new org.apache.kafka.clients.admin.UserScramCredentialUpsertion(
                            user,
                            new org.apache.kafka.clients.admin.ScramCredentialInfo(
                                    org.apache.kafka.clients.admin.ScramMechanism.SCRAM_SHA_256, 8192),
                            password));
                }
            });
            if (!add.isEmpty()) {
                admin.alterUserScramCredentials(add).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not add the SCRAM users to Kafka: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while adding SCRAM users", e);
        }
    }

    private static void format(Path dataDir, Properties props, Scram scram) throws IOException {
        Path config = Files.createTempFile("kafka-format-", ".properties");
        try {
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "storage format");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int exitCode;
            // execute() rather than main(): main() exits the JVM.
            try (PrintStream printer = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                List<String> args = new ArrayList<>(List.of(
                        "format",
                        "--config",
                        config.toString(),
                        "--cluster-id",
                        Uuid.randomUuid().toString(),
                        "--ignore-formatted"));
                if (scram != null) {
                    // the broker's own user must exist before it can log in to itself
                    scram.passwords().forEach((user, password) -> {
                        args.add("--add-scram");
                        args.add(SCRAM_MECHANISM + "=[name=" + user + ",password=\"" + password + "\"]");
                    });
                }
                exitCode = StorageTool.execute(args.toArray(String[]::new), printer);
            }
            if (exitCode != 0) {
                throw new IllegalStateException(
                        "formatting the Kafka log in " + dataDir + " failed (exit code " + exitCode + "): "
                                + output.toString(StandardCharsets.UTF_8).trim());
            }
        } finally {
            Files.deleteIfExists(config);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                try {
                    if (!admin.describeCluster()
                            .nodes()
                            .get(5, TimeUnit.SECONDS)
                            .isEmpty()) return;
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka on " + bootstrapServers() + " did not become ready", e);
                    }
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    /** {@code host:port} for clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return Ports.LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** An admin client for this broker; the caller closes it. */
    public Admin admin() {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) ADMIN_TIMEOUT.toMillis()));
        config.putAll(clientProperties());
        return Admin.create(config);
    }

    /**
     * What a client of this broker needs besides the bootstrap servers: nothing for a plain broker, the
     * broker user's SCRAM login for one started with {@link Scram}.
     */
    public Map<String, String> clientProperties() {
        if (scram == null) return Map.of();
        return clientProperties(scram.brokerUser(), scram.passwords().get(scram.brokerUser()));
    }

    /**
     * Creates the topics with this many partitions and replication factor 1. Topics that exist already
     * are left as they are (whatever their partition count), so this is safe to call on every start.
     */
    public void createTopics(int partitions, String... names) {
        if (partitions < 1) throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) topics.add(new NewTopic(name, partitions, (short) 1));
        try (Admin admin = admin()) {
            Map<String, KafkaFuture<Void>> results = admin.createTopics(topics).values();
            for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
                try {
                    result.getValue().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "could not create Kafka topic " + result.getKey() + ": "
                                        + e.getCause().getMessage(),
                                e.getCause());
                    }
                } catch (TimeoutException e) {
                    throw new IllegalStateException("creating Kafka topic " + result.getKey() + " timed out", e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating Kafka topics", e);
        }
    }

    /** Shuts the broker down cleanly and waits until it has stopped; the log stays in the data dir. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        shutdownQuietly(server);
        LOG.info("Kafka on port {} stopped", port);
    }

    private static void shutdownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Kafka shutdown failed: {}", e.toString());
        }
    }
}
