package dcmon.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An InfluxDB 1.x server ({@code influxd} from the system's package) running as a child process with all
 * of its data under one directory, listening on loopback only.
 *
 * <p>Starting again on the same directory reuses the data written before, so a test can stop the
 * server and bring it back.
 */
public final class InfluxdServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxdServer.class);

    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PING_INTERVAL = Duration.ofMillis(50);
    /** Short, so that a port answered by some other process does not stall the startup check. */
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(1);
    /** Free ports are picked, released and then bound by influxd: another process may win the race. */
    private static final int PORT_ATTEMPTS = 3;
    /** The running influxd's pid, beside its data: a later run stops it if this one was killed. */
    static final String PID_FILE = "influxd.pid";

    private final Process process;
    private final int port;
    private final Path dir;
    private final Path logFile;
    private final Thread shutdownHook;

    private InfluxdServer(Process process, int port, Path dir, Path logFile) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.logFile = logFile;
        // An influxd left behind by a killed test run would hold its port and data dir.
        this.shutdownHook = new Thread(this::stopProcess, "influxd-stop-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts influxd with meta, data and WAL under {@code dir} and waits until it answers {@code /ping}.
     *
     * @param port the HTTP port, or 0 for a free one
     */
    public static InfluxdServer start(Path dir, int port) throws IOException {
        return start(dir, port, false);
    }

    /**
     * As {@link #start(Path, int)}; with {@code authEnabled} every request but {@code /ping} needs a user (InfluxDB
     * lets the first admin user be created without one).
     */
    public static InfluxdServer start(Path dir, int port, boolean authEnabled) throws IOException {
        Path executable = locateExecutable();
        Files.createDirectories(dir);
        PortTakenException lastFailure = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int httpPort = port == 0 ? freePort() : port;
            int rpcPort = freePort();
            try {
                return launch(executable, dir, httpPort, rpcPort, authEnabled);
            } catch (PortTakenException e) {
                lastFailure = e;
                if (port != 0 && e.getMessage().contains(":" + port + ":")) {
                    break; // the caller's own port is taken: picking another RPC port will not help
                }
                LOG.warn("influxd could not bind its ports (attempt {}): {}", attempt, e.getMessage());
            }
        }
        throw lastFailure;
    }

    /** Base URL of the HTTP API, e.g. {@code http://127.0.0.1:8086}. */
    public String url() {
        return "http://" + LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    /** The file influxd writes its log to. */
    public Path logFile() {
        return logFile;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** influxd's process id (to kill it in fault tests). */
    public long pid() {
        return process.pid();
    }

    /** Stops influxd: SIGTERM first so it closes its files cleanly, then a forced kill after a timeout. */
    @Override
    public void close() {
        stopProcess();
        ServerProcess.removePid(dir.resolve(PID_FILE));
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run; nothing left to do
        }
    }

    private void stopProcess() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("influxd on port {} did not stop within {}; killing it", port, STOP_TIMEOUT);
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static InfluxdServer launch(Path executable, Path dir, int httpPort, int rpcPort, boolean authEnabled)
            throws IOException {
        Path config = dir.resolve("influxdb.conf");
        Path logFile = dir.resolve("influxd.log");
        Path pidFile = dir.resolve(PID_FILE);
        ServerProcess.stopLeftover(pidFile, config);
        Files.writeString(config, config(dir, httpPort, rpcPort, authEnabled), StandardCharsets.UTF_8);
        Process process = ServerProcess.builder(executable.toString(), "-config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(logFile.toFile()))
                .start();
        ServerProcess.writePid(pidFile, process);
        InfluxdServer server = new InfluxdServer(process, httpPort, dir, logFile);
        try {
            server.awaitPing();
            LOG.info("influxd {} started at {} with data in {}", process.pid(), server.url(), dir);
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    static String config(Path dir, int httpPort, int rpcPort) {
        return config(dir, httpPort, rpcPort, false);
    }

    static String config(Path dir, int httpPort, int rpcPort, boolean authEnabled) {
        return String.join(
                "\n",
                "reporting-disabled = true",
                "bind-address = " + quoted(LOOPBACK + ":" + rpcPort),
                "",
                "[meta]",
                "  dir = " + quoted(dir.resolve("meta")),
                "",
                "[data]",
                "  dir = " + quoted(dir.resolve("data")),
                "  wal-dir = " + quoted(dir.resolve("wal")),
                "  query-log-enabled = false",
                // the TSI index keeps series on disk, memory-mapped: influxd's memory stays bounded as series
                // grow (the default in-memory index holds every series key on the heap — a province's points
                // times their periods)
                "  index-version = \"tsi1\"",
                // one WAL fsync per 100 ms instead of one per write request: 3x the write rate on a small disk; an
                // influxd (not dcmon) crash can lose the last 100 ms it acknowledged — fine for a local stack
                "  wal-fsync-delay = \"100ms\"",
                // point_usage alone has one series per point and period: a national registry (1M points) is
                // 4M series, past the default cap of 1M, beyond which writes fail with a partial write
                "  max-series-per-database = 0",
                "  max-values-per-tag = 0",
                // snapshots of the write cache to TSM files every 256 MB instead of 25 MB, and one compaction at a
                // time:
                // fewer, larger files and CPU left for ingest — on two cores 1.5x the rows per second
                // (docs/benchmarks.md, *The local influxd's configuration*)
                "  cache-snapshot-memory-size = \"256m\"",
                "  max-concurrent-compactions = 1",
                "",
                // no _internal database: it costs CPU and shows up in SHOW DATABASES
                "[monitor]",
                "  store-enabled = false",
                "",
                "[http]",
                "  bind-address = " + quoted(LOOPBACK + ":" + httpPort),
                "  log-enabled = false",
                "  auth-enabled = " + authEnabled,
                "",
                "[logging]",
                "  level = \"info\"",
                "  suppress-logo = true",
                "");
    }

    private void awaitPing() throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(PING_TIMEOUT).build();
        HttpRequest ping = HttpRequest.newBuilder(URI.create(url() + "/ping"))
                .timeout(PING_TIMEOUT)
                .GET()
                .build();
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (true) {
            if (!process.isAlive()) {
                String log = logTail();
                Optional<String> bindFailure = log.lines()
                        .filter(line -> line.contains("address already in use"))
                        .findFirst();
                if (bindFailure.isPresent()) {
                    throw new PortTakenException(bindFailure.get());
                }
                throw new IOException("influxd exited with code " + process.exitValue() + ": " + log);
            }
            try {
                if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 204) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep polling until the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for influxd", e);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException(
                        "influxd did not answer " + url() + "/ping within " + STARTUP_TIMEOUT + ": " + logTail());
            }
            try {
                process.waitFor(PING_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for influxd", e);
            }
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static Path locateExecutable() throws IOException {
        String pathVariable = Optional.ofNullable(System.getenv("PATH")).orElse("");
        Stream<Path> onPath = Stream.of(pathVariable.split(java.io.File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry, "influxd"));
        return Stream.concat(onPath, Stream.of(Path.of("/usr/bin/influxd")))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() ->
                        new IOException("influxd not found on PATH; install the distribution's influxdb package"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }

    private static String quoted(Object value) {
        return "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static final class PortTakenException extends IOException {
        PortTakenException(String message) {
            super(message);
        }
    }
}
