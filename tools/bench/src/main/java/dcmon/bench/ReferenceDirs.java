package dcmon.bench;

import dcmon.core.reference.ReferenceLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the reference tables are when none is given. */
public final class ReferenceDirs {
    private ReferenceDirs() {}

    /** config/reference under the dcmon home ({@code dcmon.home}), else under the working directory or a parent of it. */
    public static Path defaultReference() {
        String home = System.getProperty("dcmon.home");
        if (home != null) return Path.of(home, "config", "reference");
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("config").resolve("reference");
            if (Files.isRegularFile(candidate.resolve(ReferenceLoader.ENERGY_FILE))) return candidate;
        }
        return Path.of("config", "reference");
    }
}
