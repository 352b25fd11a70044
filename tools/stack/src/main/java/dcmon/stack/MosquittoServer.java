package dcmon.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Mosquitto broker (the system's {@code mosquitto} binary) running as a child process, listening on
 * 127.0.0.1 only, with its configuration, persistence and log under one directory. Starting again on the
 * same directory restores persistent sessions and queued messages.
 *
 * <p>The broker never drops or stalls on in-flight or queued messages ({@code max_queued_messages 0},
 * {@code max_inflight_messages 0}): Mosquitto's defaults (1000 queued, 20 in flight) silently drop QoS 0
 * messages and hold back bridges. Clients bound their own in-flight window with MQTT v5 receive maximum.
 *
 * <p>By default clients connect anonymously. With {@link Builder#gateway} / {@link Builder#user}, or with the files
 * {@link MqttAccounts} wrote ({@link Builder#accounts}), the broker requires a user name and password and applies an
 * ACL. A publish the ACL denies still looks successful to the client; only the broker log shows it. With
 * {@link Builder#tls} it also listens with TLS on a second port.
 */
public final class MosquittoServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MosquittoServer.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** The running broker's pid, beside its data: a later run stops it if this one was killed. */
    static final String PID_FILE = "mosquitto.pid";

    private static final int PORT_ATTEMPTS = 3;

    private final Process process;
    private final Path dir;
    private final int port;
    private final int tlsPort;
    private final Path logFile;
    private final Thread shutdownHook;

    private MosquittoServer(Process process, Path dir, int port, int tlsPort, Path logFile) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.tlsPort = tlsPort;
        this.logFile = logFile;
        // A broker outliving a killed JVM would keep its port and persistence file.
        this.shutdownHook = new Thread(this::stopProcess, "mosquitto-stop-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts an anonymous broker with everything under {@code dir}; port 0 picks a free one. */
    public static MosquittoServer start(Path dir, int port) throws IOException {
        return builder(dir).port(port).start();
    }

    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    /** {@code tcp://127.0.0.1:PORT}, the server URI for MQTT clients. */
    public String url() {
        return "tcp://" + Ports.LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    /** Whether the broker has a TLS listener ({@link Builder#tls}). */
    public boolean hasTls() {
        return tlsPort > 0;
    }

    /** {@code ssl://127.0.0.1:PORT}, the TLS listener's URI; only with {@link Builder#tls}. */
    public String tlsUrl() {
        if (!hasTls()) throw new IllegalStateException("this broker has no TLS listener");
        return "ssl://" + Ports.LOOPBACK + ":" + tlsPort;
    }

    public int tlsPort() {
        return tlsPort;
    }

    public Path dir() {
        return dir;
    }

    /** The broker's own log (connections, denied publishes, errors). */
    public Path logFile() {
        return logFile;
    }

    /** The broker log as text so far (for diagnostics and tests). */
    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** The broker's process id (to kill it in fault tests). */
    public long pid() {
        return process.pid();
    }

    /** Stops the broker with SIGTERM (it then saves its persistence file), forcibly after a timeout. */
    @Override
    public void close() {
        stopProcess();
        ServerProcess.removePid(dir.resolve(PID_FILE));
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and runs the hook itself
        }
    }

    private void stopProcess() {
        if (!process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("mosquitto on port {} did not stop within {}: killing it", port, STOP_TIMEOUT);
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Options of a broker; {@link #start()} launches it. */
    public static final class Builder {
        private final Path dir;
        private int port;
        private boolean debugLog;
        private Path passwordFile;
        private Path aclFile;
        private int tlsPort = -1;
        private int autosaveSeconds;
        private DemoCertificates certificates;
        private long sysIntervalSeconds = 10;
        /** user name → password and ACL lines, in insertion order so the files are stable. */
        private final Map<String, Credentials> users = new LinkedHashMap<>();

        private Builder(Path dir) {
            this.dir = dir;
        }

        /** The listener port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("not a TCP port: " + port);
            this.port = port;
            return this;
        }

        /**
         * Also log at debug level: every packet, and publishes the ACL denied (Mosquitto logs those at
         * debug level only). Verbose: for diagnosing access rules, not for load.
         */
        public Builder debugLog(boolean enabled) {
            this.debugLog = enabled;
            return this;
        }

        /**
         * A gateway account: it may publish readings and status for its own enterprise only
         * ({@code dcmon/v1/{enterprise}/+/readings} and {@code .../status}), and nothing else.
         */
        public Builder gateway(String user, String password, String enterprise) {
            if (enterprise == null || enterprise.isBlank() || enterprise.matches(".*[/+#].*")) {
                throw new IllegalArgumentException("not an enterprise code usable in a topic: " + enterprise);
            }
            return user(
                    user,
                    password,
                    "topic write dcmon/v1/" + enterprise + "/+/readings",
                    "topic write dcmon/v1/" + enterprise + "/+/status");
        }

        /**
         * A reading account (for the bridge): may subscribe to and receive everything under dcmon/v1, and the store
         * counts of $SYS that make the broker's backlog ({@link MqttAccounts#BRIDGE_ACL}).
         */
        public Builder reader(String user, String password) {
            return user(user, password, MqttAccounts.BRIDGE_ACL.toArray(String[]::new));
        }

        /**
         * How often the broker publishes its {@code $SYS} topics (Mosquitto's {@code sys_interval}), whole seconds; 10
         * by default, as Mosquitto's own.
         */
        public Builder sysInterval(java.time.Duration interval) {
            if (interval.toSeconds() < 1) {
                throw new IllegalArgumentException("sys_interval must be at least a second, was " + interval);
            }
            this.sysIntervalSeconds = interval.toSeconds();
            return this;
        }

        /**
         * Any account with its Mosquitto ACL lines ({@code topic [read|write|readwrite|deny] <topic>}).
         * Once an account is added, anonymous clients are refused.
         */
        public Builder user(String user, String password, String... aclLines) {
            if (user == null || user.isBlank() || user.contains(":") || user.matches(".*\\s.*")) {
                throw new IllegalArgumentException("not a usable MQTT user name: '" + user + "'");
            }
            if (password == null || password.isEmpty() || password.contains("\n")) {
                throw new IllegalArgumentException("user " + user + " needs a non-empty single-line password");
            }
            for (String line : aclLines) {
                if (!line.startsWith("topic ") && !line.startsWith("pattern ")) {
                    throw new IllegalArgumentException("not a Mosquitto ACL line: '" + line + "'");
                }
            }
            users.put(user, new Credentials(password, List.of(aclLines)));
            return this;
        }

        /**
         * Requires the accounts of a password file and ACL written by {@link MqttAccounts} (or by hand); anonymous
         * clients are refused. Replaces {@link #gateway}/{@link #user} accounts.
         */
        public Builder accounts(Path passwordFile, Path aclFile) {
            for (Path f : List.of(passwordFile, aclFile)) {
                if (!Files.isRegularFile(f)) throw new IllegalArgumentException("no such file: " + f);
            }
            this.passwordFile = passwordFile.toAbsolutePath();
            this.aclFile = aclFile.toAbsolutePath();
            return this;
        }

        /**
         * A second listener on 127.0.0.1 with TLS, presenting {@code certificates}' server certificate; port 0
         * picks a free one. Clients trust its CA ({@code ssl://} URIs).
         */
        public Builder tls(int port, DemoCertificates certificates) {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("not a TCP port: " + port);
            this.tlsPort = port;
            this.certificates = certificates;
            return this;
        }

        /**
         * Saves sessions and queued messages to the persistence file every {@code seconds} (Mosquitto's default: every
         * 30 minutes, and on a clean stop). A broker killed with SIGKILL restarts from its last save: what it
         * acknowledged since — the bridges' subscriptions included — is gone.
         */
        public Builder autosaveInterval(int seconds) {
            if (seconds < 1)
                throw new IllegalArgumentException("autosave interval must be at least 1 s, was " + seconds);
            this.autosaveSeconds = seconds;
            return this;
        }

        /** Writes the configuration, starts the broker and returns once it accepts connections. */
        public MosquittoServer start() throws IOException {
            Path binary = SystemPackages.locate("mosquitto")
                    .orElseThrow(() -> new IllegalStateException(
                            "mosquitto is not installed (looked on the PATH and in the system directories); "
                                    + "install the Debian package 'mosquitto'"));
            Path absDir = dir.toAbsolutePath();
            Files.createDirectories(absDir.resolve("data"));
            if (passwordFile == null && !users.isEmpty()) writeAccounts(absDir);
            IOException lastFailure = null;
            for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
                int listenPort = port == 0 ? Ports.free() : port;
                int listenTlsPort = tlsPort == 0 ? Ports.free() : tlsPort;
                try {
                    return launch(binary, absDir, listenPort, listenTlsPort);
                } catch (PortTakenException e) {
                    lastFailure = e;
                    if (port != 0 && tlsPort != 0) break;
                    LOG.warn("mosquitto could not bind port {} (attempt {}), trying another", listenPort, attempt);
                }
            }
            throw lastFailure;
        }

        private MosquittoServer launch(Path binary, Path absDir, int listenPort, int listenTlsPort) throws IOException {
            Path conf = absDir.resolve("mosquitto.conf");
            Path log = absDir.resolve("mosquitto.log");
            Path console = absDir.resolve("mosquitto.out");
            Path pidFile = absDir.resolve(PID_FILE);
            ServerProcess.stopLeftover(pidFile, conf);
            Files.writeString(conf, config(absDir, listenPort, listenTlsPort, log), StandardCharsets.UTF_8);
            Process process = ServerProcess.builder(binary.toString(), "-c", conf.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(console.toFile()))
                    .start();
            ServerProcess.writePid(pidFile, process);
            MosquittoServer server = new MosquittoServer(process, absDir, listenPort, listenTlsPort, log);
            long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
            while (!Ports.accepting(listenPort, Duration.ofMillis(200))
                    || (listenTlsPort > 0 && !Ports.accepting(listenTlsPort, Duration.ofMillis(200)))) {
                if (!process.isAlive()) {
                    server.close();
                    String output = tail(console) + "\n" + tail(log);
                    if (output.contains("Address already in use")) {
                        throw new PortTakenException("port " + listenPort + " is in use");
                    }
                    throw new IOException(
                            "mosquitto exited with code " + process.exitValue() + " on start: " + output.trim());
                }
                if (System.nanoTime() > deadline) {
                    server.close();
                    throw new IOException("mosquitto did not accept connections on port " + listenPort
                            + (listenTlsPort > 0 ? " and " + listenTlsPort : "") + " within "
                            + STARTUP_TIMEOUT + ": " + tail(log));
                }
                sleep(20);
            }
            LOG.info(
                    "mosquitto started on {}{} in {}",
                    server.url(),
                    server.hasTls() ? " and " + server.tlsUrl() : "",
                    absDir);
            return server;
        }

        private String config(Path absDir, int listenPort, int listenTlsPort, Path log) {
            StringBuilder c = new StringBuilder();
            c.append("# written by dcmon for a local broker; rewritten on every start\n");
            c.append("listener ")
                    .append(listenPort)
                    .append(' ')
                    .append(Ports.LOOPBACK)
                    .append('\n');
            if (listenTlsPort > 0) {
                // the TLS options below apply to the listener just declared
                c.append("listener ")
                        .append(listenTlsPort)
                        .append(' ')
                        .append(Ports.LOOPBACK)
                        .append('\n');
                c.append("cafile ").append(certificates.ca().toAbsolutePath()).append('\n');
                c.append("certfile ")
                        .append(certificates.serverCert().toAbsolutePath())
                        .append('\n');
                c.append("keyfile ")
                        .append(certificates.serverKey().toAbsolutePath())
                        .append('\n');
                c.append("tls_version tlsv1.2\n");
            }
            if (passwordFile != null) {
                c.append("allow_anonymous false\n");
                c.append("password_file ").append(passwordFile).append('\n');
                c.append("acl_file ").append(aclFile).append('\n');
            } else if (users.isEmpty()) {
                c.append("allow_anonymous true\n");
            } else {
                c.append("allow_anonymous false\n");
                c.append("password_file ").append(absDir.resolve("passwd")).append('\n');
                c.append("acl_file ").append(absDir.resolve("acl")).append('\n');
            }
            c.append("persistence true\n");
            // A trailing slash: Mosquitto appends the file name to this string.
            c.append("persistence_location ").append(absDir.resolve("data")).append("/\n");
            if (autosaveSeconds > 0)
                c.append("autosave_interval ").append(autosaveSeconds).append('\n');
            c.append("max_queued_messages 0\n");
            c.append("max_inflight_messages 0\n");
            // the store counts the bridges report as the broker's backlog are published this often
            c.append("sys_interval ").append(sysIntervalSeconds).append('\n');
            c.append("log_dest file ").append(log).append('\n');
            c.append("log_type error\nlog_type warning\nlog_type notice\nlog_type information\n");
            if (debugLog) c.append("log_type debug\n");
            c.append("connection_messages true\n");
            c.append("log_timestamp_format %Y-%m-%dT%H:%M:%S\n");
            // Started as root, Mosquitto switches to user 'mosquitto', which cannot use our directory.
            if (SystemPackages.isRoot()) c.append("user root\n");
            return c.toString();
        }

        private void writeAccounts(Path absDir) throws IOException {
            Path passwd = absDir.resolve("passwd");
            Path mosquittoPasswd = SystemPackages.locate("mosquitto_passwd")
                    .orElseThrow(() -> new IllegalStateException(
                            "mosquitto_passwd is not installed; it comes with the Debian package 'mosquitto'"));
            Files.deleteIfExists(passwd);
            boolean first = true;
            for (Map.Entry<String, Credentials> user : users.entrySet()) {
                List<String> command = new ArrayList<>(List.of(mosquittoPasswd.toString()));
                if (first) command.add("-c");
                command.addAll(List.of(
                        "-b", passwd.toString(), user.getKey(), user.getValue().password()));
                run(command);
                first = false;
            }
            StringBuilder acl = new StringBuilder();
            for (Map.Entry<String, Credentials> user : users.entrySet()) {
                acl.append("user ").append(user.getKey()).append('\n');
                for (String line : user.getValue().acl()) acl.append(line).append('\n');
                acl.append('\n');
            }
            Files.writeString(absDir.resolve("acl"), acl.toString(), StandardCharsets.UTF_8);
        }

        private static void run(List<String> command) throws IOException {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            try {
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int exit = process.waitFor();
                // Never echo the command line: it holds a password.
                if (exit != 0) throw new IOException("mosquitto_passwd failed (exit " + exit + "): " + output.trim());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while writing the password file", e);
            }
        }
    }

    private record Credentials(String password, List<String> acl) {}

    private static final class PortTakenException extends IOException {
        PortTakenException(String message) {
            super(message);
        }
    }

    private static String tail(Path file) {
        try {
            if (!Files.exists(file)) return "";
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(" + file + " unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting mosquitto", e);
        }
    }
}
