package dcmon.monitoring;

import dcmon.core.config.ConfigException;
import dcmon.core.reference.ReferenceData;
import dcmon.core.reference.ReferenceLoader;
import dcmon.core.registry.Registry;
import dcmon.core.registry.RegistryLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

/**
 * The registry and reference directories on disk, reloaded when a file changes. A reload that fails
 * validation keeps the previous registry running and logs every error: a typo in a config file must not stop
 * monitoring. Changes are looked for at most every {@code checkEveryMs}, so the per-record cost is a clock read.
 */
public final class RegistryDirectory implements RegistryProvider {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryDirectory.class);

    private final String registryDir;
    private final String referenceDir;
    private final long checkEveryMs;

    private transient Snapshot snapshot;
    private transient String fingerprint;
    private transient long nextCheck;

    public RegistryDirectory(Path registryDir, Path referenceDir, long checkEveryMs) {
        this.registryDir = registryDir.toAbsolutePath().toString();
        this.referenceDir = referenceDir.toAbsolutePath().toString();
        this.checkEveryMs = checkEveryMs;
    }

    /** Loads now; throws when the configuration is invalid (at start, failing fast is right). */
    public Snapshot loadOrThrow() throws ConfigException {
        String fp = fingerprint();
        ReferenceData ref = ReferenceLoader.load(Paths.get(referenceDir));
        Registry reg = RegistryLoader.load(Paths.get(registryDir), ref);
        snapshot = new Snapshot(reg, ref, snapshot == null ? 1 : snapshot.version() + 1);
        fingerprint = fp;
        return snapshot;
    }

    @Override
    public Snapshot current() {
        long now = System.currentTimeMillis();
        if (snapshot == null) {
            try {
                loadOrThrow();
            } catch (ConfigException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            nextCheck = now + checkEveryMs;
        } else if (now >= nextCheck) {
            nextCheck = now + checkEveryMs;
            String fp = fingerprint();
            if (!fp.equals(fingerprint)) {
                try {
                    loadOrThrow();
                    LOG.info("registry reloaded: {} enterprises (version {})", snapshot.registry().size(), snapshot.version());
                } catch (ConfigException e) {
                    fingerprint = fp; // don't retry the same broken files on every check
                    LOG.error("registry change rejected, keeping version {}: {}", snapshot.version(), e.getMessage());
                }
            }
        }
        return snapshot;
    }

    /** Names, sizes and modification times of every file under both directories. */
    private String fingerprint() {
        StringBuilder sb = new StringBuilder();
        for (String dir : new String[] {registryDir, referenceDir}) {
            try (Stream<Path> files = Files.walk(Paths.get(dir))) {
                files.filter(Files::isRegularFile).sorted().forEach(f -> {
                    try {
                        sb.append(f).append(':').append(Files.size(f)).append(':').append(Files.getLastModifiedTime(f).toMillis()).append('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sb.toString();
    }
}
