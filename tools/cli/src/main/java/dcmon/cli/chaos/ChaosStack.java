package dcmon.cli.chaos;

import dcmon.console.Console;
import dcmon.console.ConsoleSettings;
import dcmon.console.db.Database;
import dcmon.monitoring.MonitoringOptions;
import dcmon.stack.InfluxdServer;
import dcmon.stack.MosquittoServer;
import dcmon.stack.Ports;
import dcmon.stack.PostgresServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The real stack of a chaos run, every part a process of its own so that it can be killed with SIGKILL and started
 * again on the same ports and data: Mosquitto and influxd (the system's binaries), the Kafka broker, the bridges and
 * the job (JVMs started with this one's class path). The bridges reach Kafka, and the job reaches InfluxDB, through
 * a {@link TcpProxy} each, which cuts or slows the link on demand.
 */
final class ChaosStack implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    /**
     * Mosquitto saves its sessions every second instead of every 30 minutes; after a SIGKILL it still comes back
     * without the bridges' shared subscriptions (docs/notes.md, *Faults*).
     */
    private static final int MOSQUITTO_AUTOSAVE_SECONDS = 1;

    static final String JOB_READY = "monitoring job running";

    private final ChaosSettings settings;
    private final Path logs;
    final int mqttPort = Ports.free();
    final int influxPort = Ports.free();
    final int kafkaPort = Ports.free();
    private final int kafkaBridgesPort = Ports.free();
    final InfluxDisk influxDisk;
    MosquittoServer mosquitto;
    InfluxdServer influxd;
    final ChildJvm kafka;
    final TcpProxy kafkaProxy;
    final TcpProxy influxProxy;
    final List<ChildJvm> bridges = new ArrayList<>();
    final ChildJvm job;
    /** PostgreSQL and the console on it, only for the {@code postgres-kill} fault. */
    final int postgresPort = Ports.free();

    PostgresServer postgres;
    private Database consoleDb;
    private Console console;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** What the faults observed on their way (the console's health, say), and what they expected but did not see. */
    final List<String> observations = new ArrayList<>();

    final List<String> problems = new ArrayList<>();
    private final Thread closer = new Thread(this::close, "chaos-stop");
    private boolean closed;
    /** Epoch millis the load has reached; set by the run once the load starts. */
    volatile java.util.function.LongSupplier simulatedTime = System::currentTimeMillis;

    private ChaosStack(ChaosSettings settings) throws IOException {
        this.settings = settings;
        this.logs = settings.dir().resolve("logs");
        this.influxDisk = InfluxDisk.prepare(
                influxDir(), settings.influxDiskMb(), settings.faults().contains(Fault.INFLUXDB_DISK_FULL));
        this.kafkaProxy = new TcpProxy("kafka", 0, kafkaBridgesPort);
        this.influxProxy = new TcpProxy("influxdb", 0, influxPort);
        this.kafka = new ChildJvm(
                "kafka",
                logs,
                "768m",
                KafkaMain.class.getName(),
                List.of(
                        dir("kafka").toString(),
                        Integer.toString(kafkaPort),
                        Integer.toString(kafkaBridgesPort),
                        Integer.toString(kafkaProxy.port())));
        for (int i = 1; i <= settings.bridges(); i++) bridges.add(bridge(i));
        this.job = new ChildJvm("job", logs, "1g", "dcmon.cli.Dcmon", jobArguments());
    }

    /** Starts everything and returns once the job runs. */
    static ChaosStack start(ChaosSettings settings) throws IOException, InterruptedException {
        ChaosStack s = new ChaosStack(settings);
        // Ctrl-C: the child JVMs and servers stop by their own hooks, the tmpfs needs ours
        Runtime.getRuntime().addShutdownHook(s.closer);
        try {
            s.startMosquitto();
            s.startInfluxd();
            s.startKafka();
            for (ChildJvm b : s.bridges) s.startBridge(b);
            s.startJob();
            if (settings.faults().contains(Fault.POSTGRES_KILL)) s.startConsole();
            return s;
        } catch (IOException | RuntimeException | InterruptedException e) {
            s.close();
            throw e;
        }
    }

    private ChildJvm bridge(int n) {
        return new ChildJvm(
                "bridge-" + n,
                logs,
                "256m",
                "dcmon.cli.Dcmon",
                List.of(
                        "bridge",
                        "--mqtt",
                        mqttUrl(),
                        "--kafka",
                        "127.0.0.1:" + kafkaProxy.port(),
                        "--client-id",
                        "chaos-bridge-" + n));
    }

    private List<String> jobArguments() {
        return List.of(
                "job",
                "--kafka",
                kafkaBootstrap(),
                "--influx",
                "http://127.0.0.1:" + influxProxy.port(),
                "--checkpoints",
                dir("checkpoints").toString(),
                "--registry",
                settings.registry().toAbsolutePath().toString(),
                "--reference",
                settings.reference().toAbsolutePath().toString(),
                "--targets",
                settings.targets().toAbsolutePath().toString(),
                "--alerts",
                settings.alerts().toAbsolutePath().toString(),
                "--parallelism",
                "1",
                // day rows of points follow within a second, so that a check does not wait for the 5-minute default
                "--point-rollup-interval",
                "PT1S");
    }

    void startMosquitto() throws IOException {
        mosquitto = MosquittoServer.builder(dir("mosquitto"))
                .port(mqttPort)
                .autosaveInterval(MOSQUITTO_AUTOSAVE_SECONDS)
                .start();
    }

    void startInfluxd() throws IOException {
        influxd = InfluxdServer.start(influxDir(), influxPort);
    }

    /**
     * Writes one row to the job's database at the load's simulated time, where the job writes now, and deletes it
     * again; null when InfluxDB took it, else its answer.
     */
    String probeInfluxWrite() throws IOException, InterruptedException {
        String base = influxUrl() + "/write?db=" + MonitoringOptions.DEFAULT_INFLUX_DATABASE + "&precision=ms";
        HttpRequest write = HttpRequest.newBuilder(URI.create(base))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("chaos_probe value=1 " + simulatedTime.getAsLong()))
                .build();
        HttpResponse<String> answer = http.send(write, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 204)
            return answer.statusCode() + " " + answer.body().trim();
        HttpRequest drop = HttpRequest.newBuilder(URI.create(influxUrl() + "/query?db="
                        + MonitoringOptions.DEFAULT_INFLUX_DATABASE + "&q=DROP+MEASUREMENT+chaos_probe"))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        http.send(drop, HttpResponse.BodyHandlers.discarding());
        return null;
    }

    void startKafka() throws IOException, InterruptedException {
        kafka.start();
        kafka.awaitLine(KafkaMain.READY, START_TIMEOUT);
    }

    void startBridge(ChildJvm bridge) throws IOException, InterruptedException {
        bridge.start();
        bridge.awaitLine("bridge " + bridge.name().replace("bridge-", "chaos-bridge-") + ":", START_TIMEOUT);
    }

    void startJob() throws IOException, InterruptedException {
        job.start();
        job.awaitLine(JOB_READY, START_TIMEOUT);
    }

    void startPostgres() throws IOException {
        postgres = PostgresServer.start(dir("postgres"), postgresPort);
    }

    /** PostgreSQL, and the console on it reading the alerts, on a free port. */
    private void startConsole() throws IOException {
        startPostgres();
        postgres.createDatabase("dcmon");
        consoleDb = Database.open(postgres.jdbcUrl("dcmon"), postgres.user(), postgres.password());
        console = Console.start(consoleDb, kafkaBootstrap(), ConsoleSettings.defaults(), "127.0.0.1", 0);
    }

    /** The HTTP status of the console's {@code /api/health}, or -1 when it does not answer. */
    int consoleHealth() {
        try {
            HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port() + "/api/health"))
                    .timeout(Duration.ofSeconds(10))
                    .build();
            return http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Waits until the console's health answers {@code status}; notes how long it took, or the problem.
     *
     * @return whether it did within {@code timeout}
     */
    boolean awaitConsoleHealth(int status, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        int last;
        while ((last = consoleHealth()) != status) {
            if (System.nanoTime() > deadline) {
                problems.add(
                        "console health answered " + last + ", not " + status + ", for " + timeout.toSeconds() + " s");
                return false;
            }
            Thread.sleep(200);
        }
        observations.add(String.format(
                java.util.Locale.ROOT, "console health %d after %.1f s", status, (System.nanoTime() - start) / 1e9));
        return true;
    }

    String mqttUrl() {
        return "tcp://127.0.0.1:" + mqttPort;
    }

    String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    /** InfluxDB itself, not through the proxy: the checks read what it holds. */
    String influxUrl() {
        return "http://127.0.0.1:" + influxPort;
    }

    Path influxDir() {
        return dir("influxdb");
    }

    Path checkpoints() {
        return dir("checkpoints");
    }

    Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafkaBootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000));
    }

    private Path dir(String name) {
        return settings.dir().resolve(name).toAbsolutePath();
    }

    /** Stops the job first, then the bridges, Kafka and the servers; removes the small file system if one was made. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (Thread.currentThread() != closer) {
            try {
                Runtime.getRuntime().removeShutdownHook(closer);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
        if (console != null) console.close();
        if (consoleDb != null) consoleDb.close();
        if (postgres != null) postgres.close();
        job.close();
        bridges.forEach(ChildJvm::close);
        kafka.close();
        kafkaProxy.close();
        influxProxy.close();
        if (influxd != null) influxd.close();
        if (mosquitto != null) mosquitto.close();
        influxDisk.close();
    }
}
