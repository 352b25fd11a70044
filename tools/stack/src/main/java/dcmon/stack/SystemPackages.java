package dcmon.stack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Programs the local stack runs from the distribution's packages (mosquitto, influxd): found on the PATH
 * or in the system directories, and installed with apt-get when missing and allowed.
 */
public final class SystemPackages {
    private static final Logger LOG = LoggerFactory.getLogger(SystemPackages.class);

    /** Daemons live in sbin, which is often not on a normal user's PATH. */
    private static final List<String> SYSTEM_DIRS =
            List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

    private SystemPackages() {}

    /** The executable of that name on the PATH or in the system directories, if any. */
    public static Optional<Path> locate(String binary) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) if (!dir.isEmpty()) dirs.add(dir);
        }
        dirs.addAll(SYSTEM_DIRS);
        for (String dir : dirs) {
            Path candidate = Path.of(dir, binary);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /**
     * Returns the executable, installing its Debian package first if it is missing. Installs only when
     * running as root (with {@code apt-get update} and a second attempt if the first install fails);
     * otherwise fails with the command the user should run.
     *
     * @throws IllegalStateException when the program is missing and could not be installed
     */
    public static Path ensure(String binary, String debianPackage) {
        Optional<Path> found = locate(binary);
        if (found.isPresent()) return found.get();
        if (!isRoot()) {
            throw new IllegalStateException(
                    binary + " is not installed. Install it with: sudo apt-get install -y " + debianPackage);
        }
        if (locate("apt-get").isEmpty()) {
            throw new IllegalStateException(binary + " is not installed and apt-get is not available: install the "
                    + debianPackage + " package (or its equivalent) with the system's package manager");
        }
        LOG.info("{} is missing: installing package {}", binary, debianPackage);
        if (aptGet("install", "-y", "--no-install-recommends", debianPackage) != 0) {
            // A fresh machine or container often has no package lists yet.
            aptGet("update");
            int exit = aptGet("install", "-y", "--no-install-recommends", debianPackage);
            if (exit != 0) {
                throw new IllegalStateException("apt-get install " + debianPackage + " failed with exit code " + exit
                        + "; install it by hand and try again");
            }
        }
        return locate(binary)
                .orElseThrow(() -> new IllegalStateException(
                        "package " + debianPackage + " was installed but provides no " + binary));
    }

    /** Whether this process runs as the superuser (mosquitto then needs {@code user root} or a chown). */
    public static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static int aptGet(String... args) {
        List<String> command = new ArrayList<>();
        command.add("apt-get");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        try {
            Process process = builder.start();
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) LOG.info("apt-get: {}", line);
            }
            return process.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("could not run apt-get: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running apt-get", e);
        }
    }
}
