package dcmon.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL 15 server from the distribution's package, with its cluster under one directory, listening on
 * 127.0.0.1 only, its superuser protected by a password generated on first start (SCRAM-SHA-256).
 *
 * <p>Layout below {@code dir}: {@code data/} (the cluster), {@code superuser-password} (mode 600),
 * {@code postgres.log}, and {@code dcmon-postgres.pid} — the postmaster's pid and port, written on start and
 * removed on a clean stop, so that a later run finding it can stop a server an earlier run left behind.
 *
 * <p>initdb refuses to run as root: when this JVM is root, the binaries run as the {@code postgres} system user
 * ({@code runuser -u postgres --}) and {@code dir} is owned by that user.
 */
public final class PostgresServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);

    public static final String SUPERUSER = "dcmon";
    private static final String SYSTEM_USER = "postgres";
    private static final String PID_FILE = "dcmon-postgres.pid";
    private static final String PASSWORD_FILE = "superuser-password";
    private static final List<Path> BIN_DIRS = List.of(
            Path.of("/usr/lib/postgresql/15/bin"),
            Path.of("/usr/lib/postgresql/16/bin"),
            Path.of("/usr/lib/postgresql/17/bin"));
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
    private static final int PORT_ATTEMPTS = 3;
    private static final int MAX_SOCKET_PATH = 107;

    private final Path binDir;
    private final Path dir;
    private final int port;
    private final String password;
    private final Thread shutdownHook;
    private boolean stopped;

    private PostgresServer(Path binDir, Path dir, int port, String password) {
        this.binDir = binDir;
        this.dir = dir;
        this.port = port;
        this.password = password;
        this.shutdownHook = new Thread(this::stopQuietly, "postgres-stop-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts PostgreSQL on the cluster under {@code dir}, creating it first if there is none, and returns once it
     * accepts connections. A server an earlier run left running on this directory is stopped first.
     *
     * @param port the TCP port on 127.0.0.1, or 0 for a free one
     */
    public static PostgresServer start(Path dir, int port) throws IOException {
        Path binDir = locateBinaries();
        Files.createDirectories(dir);
        Path absolute = dir.toAbsolutePath();
        prepareOwnership(absolute);
        stopLeftover(binDir, absolute);
        String password = initIfNeeded(binDir, absolute);
        IOException lastFailure = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int chosen = port == 0 ? Ports.free() : port;
            PostgresServer server = new PostgresServer(binDir, absolute, chosen, password);
            try {
                server.launch();
                return server;
            } catch (IOException e) {
                server.close();
                lastFailure = e;
                if (port != 0) break;
                LOG.warn("postgres could not start on port {} (attempt {}): {}", chosen, attempt, e.getMessage());
            }
        }
        throw lastFailure;
    }

    /** JDBC URL of a database on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + Ports.LOOPBACK + ":" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    /** The superuser's name, {@value #SUPERUSER}. */
    public String user() {
        return SUPERUSER;
    }

    /** The superuser's password, generated when the cluster was created. */
    public String password() {
        return password;
    }

    /** The file holding the superuser's password (mode 600). */
    public Path passwordFile() {
        return dir.resolve(PASSWORD_FILE);
    }

    public Path logFile() {
        return dir.resolve("postgres.log");
    }

    /** Creates a database owned by the superuser unless it exists. */
    public void createDatabase(String name) throws IOException {
        if (!name.matches("[a-z_][a-z0-9_]*")) throw new IllegalArgumentException("database name: " + name);
        Result exists = run(
                binDir,
                dir,
                Map.of("PGPASSWORD", password),
                "psql",
                "-h",
                Ports.LOOPBACK,
                "-p",
                String.valueOf(port),
                "-U",
                SUPERUSER,
                "-d",
                "postgres",
                "-tAc",
                "SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
        exists.orThrow("psql");
        if (exists.output.strip().equals("1")) return;
        run(
                        binDir,
                        dir,
                        Map.of("PGPASSWORD", password),
                        "createdb",
                        "-h",
                        Ports.LOOPBACK,
                        "-p",
                        String.valueOf(port),
                        "-U",
                        SUPERUSER,
                        name)
                .orThrow("createdb");
    }

    /** The postmaster's process id while it runs (to kill it in fault tests), from its {@code postmaster.pid}. */
    public Optional<Long> pid() {
        return postmasterPid(dir.resolve("data"));
    }

    public boolean isRunning() {
        try {
            return run(
                                    binDir,
                                    dir,
                                    Map.of(),
                                    "pg_ctl",
                                    "-D",
                                    dir.resolve("data").toString(),
                                    "status")
                            .exit
                    == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the server with {@code pg_ctl stop -m fast} (open sessions are rolled back). */
    @Override
    public synchronized void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
    }

    private synchronized void stopQuietly() {
        if (stopped) return;
        stopped = true;
        try {
            stop(binDir, dir);
        } catch (IOException e) {
            LOG.warn("could not stop postgres in {}: {}", dir, e.getMessage());
        }
    }

    private void launch() throws IOException {
        Path data = dir.resolve("data");
        // a Unix socket path has at most 107 bytes; below a deep directory the server listens on TCP only
        String socketDir =
                data.toString().length() + ".s.PGSQL.65535".length() + 1 < MAX_SOCKET_PATH ? "'" + data + "'" : "''";
        String options = "-p " + port + " -k " + socketDir + " -c listen_addresses=" + Ports.LOOPBACK;
        Result started = run(
                binDir,
                dir,
                Map.of(),
                "pg_ctl",
                "-D",
                data.toString(),
                "-l",
                logFile().toString(),
                "-w",
                "-t",
                "60",
                "-o",
                options,
                "start");
        if (started.exit != 0) {
            throw new IOException("pg_ctl start failed (" + started.exit + "): " + started.output + "\n" + logTail());
        }
        Optional<Long> pid = postmasterPid(data);
        Files.writeString(dir.resolve(PID_FILE), pid.map(String::valueOf).orElse("?") + "\n" + port + "\n");
        LOG.info("postgres {} started on {}:{} with data in {}", pid.orElse(-1L), Ports.LOOPBACK, port, data);
    }

    private static void stop(Path binDir, Path dir) throws IOException {
        Path data = dir.resolve("data");
        Optional<Long> pid = postmasterPid(data);
        if (pid.isPresent()
                && ProcessHandle.of(pid.get()).map(p -> !p.isAlive()).orElse(true)) {
            // a postmaster killed with SIGKILL (or a machine that went down) leaves its pid file behind, which pg_ctl
            // stop cannot act on; PostgreSQL's own start checks that no child still holds its shared memory
            LOG.warn("postgres in {} is gone (pid {}); removing its stale postmaster.pid", dir, pid.get());
            Files.deleteIfExists(data.resolve("postmaster.pid"));
        }
        if (Files.exists(data.resolve("postmaster.pid"))) {
            Result result =
                    run(binDir, dir, Map.of(), "pg_ctl", "-D", data.toString(), "-w", "-t", "60", "-m", "fast", "stop");
            if (result.exit != 0 && Files.exists(data.resolve("postmaster.pid"))) {
                throw new IOException("pg_ctl stop failed (" + result.exit + "): " + result.output);
            }
        }
        Files.deleteIfExists(dir.resolve(PID_FILE));
    }

    /**
     * Stops a server an earlier run started on the cluster under {@code dir} and never stopped (a killed JVM),
     * if there is one; call it before deleting the directory.
     */
    public static void stopLeftover(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) stopLeftover(locateBinaries(), absolute);
    }

    private static void stopLeftover(Path binDir, Path dir) throws IOException {
        if (!Files.exists(dir.resolve(PID_FILE))
                && !Files.exists(dir.resolve("data").resolve("postmaster.pid"))) {
            return;
        }
        LOG.warn("stopping a postgres an earlier run left in {}", dir);
        stop(binDir, dir);
    }

    private static String initIfNeeded(Path binDir, Path dir) throws IOException {
        Path passwordFile = dir.resolve(PASSWORD_FILE);
        Path data = dir.resolve("data");
        if (Files.exists(data.resolve("PG_VERSION"))) {
            if (!Files.exists(passwordFile)) throw new IOException("cluster in " + data + " has no " + PASSWORD_FILE);
            return Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
        }
        String password = generatePassword();
        Files.deleteIfExists(passwordFile);
        Files.createFile(
                passwordFile,
                PosixFilePermissions.asFileAttribute(
                        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
        Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
        chownToSystemUser(passwordFile);
        Result init = run(
                binDir,
                dir,
                Map.of(),
                "initdb",
                "-D",
                data.toString(),
                "-U",
                SUPERUSER,
                "--auth=scram-sha-256",
                "--pwfile=" + passwordFile,
                "-E",
                "UTF8",
                "--locale=C.UTF-8");
        if (init.exit != 0) throw new IOException("initdb failed (" + init.exit + "): " + init.output);
        return password;
    }

    private static String generatePassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * As root: {@code dir} belongs to the postgres user, and each ancestor lets others traverse it (execute only,
     * not list), which temporary directories created with mode 700 do not.
     */
    private static void prepareOwnership(Path dir) throws IOException {
        if (!SystemPackages.isRoot()) return;
        chownToSystemUser(dir);
        for (Path p = dir.getParent(); p != null; p = p.getParent()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                Set<PosixFilePermission> widened = new java.util.HashSet<>(perms);
                widened.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(p, widened);
            }
        }
    }

    private static void chownToSystemUser(Path path) throws IOException {
        if (!SystemPackages.isRoot()) return;
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(path, lookup.lookupPrincipalByName(SYSTEM_USER));
        Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class)
                .setGroup(lookup.lookupPrincipalByGroupName(SYSTEM_USER));
    }

    private static Optional<Long> postmasterPid(Path data) {
        try {
            return Optional.of(Long.parseLong(
                    Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static Path locateBinaries() throws IOException {
        return BIN_DIRS.stream()
                .filter(d -> Files.isExecutable(d.resolve("initdb")))
                .findFirst()
                .orElseThrow(() -> new IOException("PostgreSQL server binaries not found in " + BIN_DIRS
                        + "; install the distribution's postgresql package"));
    }

    private record Result(int exit, String output) {
        void orThrow(String what) throws IOException {
            if (exit != 0) throw new IOException(what + " failed (" + exit + "): " + output);
        }
    }

    private static Result run(Path binDir, Path workDir, Map<String, String> env, String binary, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        if (SystemPackages.isRoot()) command.addAll(List.of("runuser", "-u", SYSTEM_USER, "--"));
        command.add(binDir.resolve(binary).toString());
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(binary + " did not finish within " + COMMAND_TIMEOUT);
            }
            return new Result(process.exitValue(), output.strip());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + binary, e);
        }
    }
}
