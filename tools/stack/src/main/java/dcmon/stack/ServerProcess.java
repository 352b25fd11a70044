package dcmon.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How the local stack launches a server binary, and finds one that an earlier run of ours left behind. */
final class ServerProcess {
    private static final Logger LOG = LoggerFactory.getLogger(ServerProcess.class);
    private static final long STOP_WAIT_SECONDS = 15;

    private ServerProcess() {}

    /**
     * The command line, run in a session of its own when {@code setsid} is there: Ctrl-C in a terminal signals
     * the whole foreground process group, and the servers must outlive that signal long enough for dcmon to
     * stop the bridge and the job first and then stop them in order. setsid execs in place, so the pid is the
     * server's own.
     */
    static ProcessBuilder builder(String... command) {
        List<String> line = new ArrayList<>();
        SystemPackages.locate("setsid").ifPresent(p -> line.add(p.toString()));
        line.addAll(List.of(command));
        return new ProcessBuilder(line);
    }

    /** Records the server's pid beside its data, so that a run after a killed one can find it. */
    static void writePid(Path pidFile, Process process) throws IOException {
        Files.writeString(pidFile, process.pid() + "\n", StandardCharsets.US_ASCII);
    }

    /** Forgets the pid once the server stopped. */
    static void removePid(Path pidFile) {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", pidFile, e.getMessage());
        }
    }

    /**
     * Stops the server an earlier run started with this configuration file, when its pid file names a process that
     * is still running with that very file on its command line (a JVM killed with SIGKILL leaves its servers behind,
     * holding ports and data). Any other process — a pid reused since, a server someone else started — is left
     * alone.
     *
     * @return whether a server was stopped
     */
    static boolean stopLeftover(Path pidFile, Path configFile) {
        if (!Files.isRegularFile(pidFile)) return false;
        long pid;
        try {
            pid = Long.parseLong(
                    Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            removePid(pidFile);
            return false;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive() || !runsWith(pid, configFile)) {
            removePid(pidFile);
            return false;
        }
        LOG.warn("stopping process {} left running by an earlier run with {}", pid, configFile);
        ProcessHandle p = handle.get();
        p.destroy();
        try {
            p.onExit().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            try {
                p.onExit().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception again) {
                throw new IllegalStateException("process " + pid + " left by an earlier run does not stop", again);
            }
        }
        removePid(pidFile);
        return true;
    }

    /** Whether the process's command line names {@code configFile} (relative names resolved in its directory). */
    static boolean runsWith(long pid, Path configFile) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            String[] args = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).split("\0");
            Path cwd = Files.readSymbolicLink(proc.resolve("cwd"));
            Path want = configFile.toAbsolutePath().normalize();
            for (String arg : args) {
                if (!arg.isEmpty() && cwd.resolve(arg).normalize().equals(want)) return true;
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
