package dcmon.core.reference;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository's {@code config/} directory for tests that load the real tables. */
public final class RepoConfig {
    private RepoConfig() {}

    /** {@code config/} under the repository root: system property {@code dcmon.home} (set by surefire), else {@code ..}. */
    public static Path configDir() {
        String home = System.getProperty("dcmon.home");
        Path dir = (home == null || home.isBlank() ? Path.of("..") : Path.of(home)).resolve("config");
        if (!Files.isDirectory(dir)) throw new IllegalStateException("config directory not found at " + dir);
        return dir;
    }

    public static Path referenceDir() {
        return configDir().resolve("reference");
    }
}
