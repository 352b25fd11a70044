package dcmon.cli.chaos;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A dcmon part in a JVM of its own, started with this JVM's class path, so that a fault can kill it with SIGKILL as
 * an operating system would. Output goes to a log file; a shutdown hook stops it if this JVM exits first.
 */
final class ChildJvm implements AutoCloseable {
    /** What the launcher opens for Flink and Kryo (./dcmon's JAVA_OPTS). */
    private static final List<String> OPENS = List.of(
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");

    private static final String MARKER = "-Ddcmon.chaos.dir=";

    private final String name;
    private final List<String> command;
    private final Path log;
    private Process process;
    private Thread hook;

    /**
     * @param heap      maximum heap, e.g. {@code 512m}
     * @param mainClass the class whose {@code main} runs
     */
    ChildJvm(String name, Path logDir, String heap, String mainClass, List<String> args) {
        this.name = name;
        this.log = logDir.resolve(name + ".log");
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.add("-Xmx" + heap);
        // two cores shared with the servers: few GC and compiler threads per child
        c.addAll(List.of("-XX:+UseSerialGC", "-XX:CICompilerCount=2", "-XX:TieredStopAtLevel=1"));
        c.addAll(OPENS);
        c.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        c.add("-Duser.timezone=UTC");
        // names the run on the command line: a later run finds what a killed one left behind by it
        c.add(MARKER + logDir.getParent().toAbsolutePath());
        c.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        c.addAll(args);
        this.command = List.copyOf(c);
    }

    String name() {
        return name;
    }

    /** Starts the process (again); its output is appended to the log. */
    synchronized void start() throws IOException {
        if (process != null && process.isAlive()) throw new IllegalStateException(name + " already runs");
        Files.createDirectories(log.getParent());
        Files.writeString(
                log,
                "---- start " + java.time.Instant.now() + "\n",
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log.toFile()))
                .redirectInput(Redirect.from(new java.io.File("/dev/null")))
                .start();
        Files.writeString(log.resolveSibling(name + ".pid"), process.pid() + "\n", StandardCharsets.US_ASCII);
        if (hook == null) {
            hook = new Thread(this::stopQuietly, "stop-" + name);
            Runtime.getRuntime().addShutdownHook(hook);
        }
    }

    /**
     * Waits until the log of this start shows {@code line}; fails when the process exits first or the time is up.
     */
    void awaitLine(String line, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            String current = text.substring(text.lastIndexOf("---- start "));
            if (current.contains(line)) return;
            if (!process.isAlive()) throw new IOException(name + " exited (" + process.exitValue() + "); see " + log);
            if (System.nanoTime() > deadline) throw new IOException(name + " not ready in " + timeout + "; see " + log);
            Thread.sleep(200);
        }
    }

    /**
     * Kills the child JVMs an earlier run with these logs left running (its own JVM killed): those whose pid file is
     * in {@code logDir} and whose command line names the run's directory. Nothing else is touched.
     */
    static void stopLeftovers(Path logDir) throws IOException, InterruptedException {
        if (!Files.isDirectory(logDir)) return;
        String marker = MARKER + logDir.getParent().toAbsolutePath();
        try (var files = Files.list(logDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".pid")).toList()) {
                long pid;
                try {
                    pid = Long.parseLong(
                            Files.readString(f, StandardCharsets.US_ASCII).trim());
                } catch (NumberFormatException e) {
                    continue;
                }
                Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
                if (!Files.exists(cmdline)) continue;
                String args = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
                if (java.util.Arrays.asList(args.split("\0")).contains(marker)) {
                    ProcessHandle.of(pid).ifPresent(p -> {
                        try {
                            Sigkill.kill(p);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                }
            }
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye; returns once the process is gone. */
    void kill() throws InterruptedException {
        Sigkill.kill(process.toHandle());
    }

    private void stopQuietly() {
        if (process == null || !process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS))
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopQuietly();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }
}
