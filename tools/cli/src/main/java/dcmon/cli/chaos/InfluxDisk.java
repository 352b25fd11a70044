package dcmon.cli.chaos;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small file system of its own for influxd's data (a tmpfs mounted on its directory), so that a fault can fill it
 * to the last byte and free it again without touching the machine's disk. Mounting needs root; without it the
 * fault is skipped with the reason.
 */
final class InfluxDisk implements AutoCloseable {
    private static final String FILLER = "chaos-filler";

    private final Path dir;
    private final boolean mounted;
    private final String unavailable;

    private InfluxDisk(Path dir, boolean mounted, String unavailable) {
        this.dir = dir;
        this.mounted = mounted;
        this.unavailable = unavailable;
    }

    /** Mounts a tmpfs of {@code sizeMb} on {@code dir} when {@code wanted}; otherwise the directory stays as it is. */
    static InfluxDisk prepare(Path dir, int sizeMb, boolean wanted) throws IOException {
        Files.createDirectories(dir);
        if (!wanted) return new InfluxDisk(dir, false, "not requested");
        String failure =
                run(List.of("mount", "-t", "tmpfs", "-o", "size=" + sizeMb + "m,mode=0755", "tmpfs", dir.toString()));
        return failure == null
                ? new InfluxDisk(dir, true, null)
                : new InfluxDisk(dir, false, "mount tmpfs: " + failure);
    }

    /** Unmounts a tmpfs an earlier run left on {@code dir} (its JVM killed before it could). */
    static void unmountLeftover(Path dir) throws IOException {
        Path mounts = Path.of("/proc/mounts");
        if (!Files.exists(mounts)) return;
        String target = " " + dir.toAbsolutePath() + " tmpfs ";
        if (Files.readString(mounts, StandardCharsets.UTF_8).contains(target)) {
            run(List.of("umount", "-l", dir.toAbsolutePath().toString()));
        }
    }

    /** Null when the disk can be filled, else why not. */
    String unavailable() {
        return unavailable;
    }

    /** Writes a file until the file system has no byte left. */
    void fill() throws IOException {
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(dir.resolve(FILLER))) {
            while (true) out.write(block);
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) throw e;
        }
    }

    /** Removes what {@link #fill} wrote. */
    void free() throws IOException {
        Files.deleteIfExists(dir.resolve(FILLER));
    }

    /** Unmounts the tmpfs (influxd must have stopped); its contents go with it. */
    @Override
    public void close() {
        if (!mounted) return;
        if (run(List.of("umount", dir.toString())) != null) run(List.of("umount", "-l", dir.toString()));
    }

    /** Runs a command; null on success, else its output. */
    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timed out";
            }
            return p.exitValue() == 0 ? null : (out.isEmpty() ? "exit " + p.exitValue() : out);
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
