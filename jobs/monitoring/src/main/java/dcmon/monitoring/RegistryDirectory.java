package dcmon.monitoring;

import dcmon.core.config.ConfigException;
import dcmon.core.reference.ReferenceData;
import dcmon.core.reference.ReferenceLoader;
import dcmon.core.registry.Registry;
import dcmon.core.registry.RegistryLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry and reference directories on disk, reloaded when a file changes. A reload that fails
 * validation keeps the previous registry running and logs every error: a typo in a config file must not stop
 * monitoring. Changes are looked for at most every {@code checkEveryMs}, so the per-record cost is a clock read.
 *
 * <p>A change is detected by file names and contents, not modification times: an edit that keeps the size
 * within the file system's timestamp granularity is still seen. A directory or file that cannot be read at a
 * check (renamed away during a deploy, deleted while listed) is a failed reload like any other, never an
 * exception out of {@link #current()}.
 */
public final class RegistryDirectory implements RegistryProvider {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryDirectory.class);

    private final String registryDir;
    private final String referenceDir;
    private final long checkEveryMs;

    private transient Snapshot snapshot;
    private transient String fingerprint;
    private transient long nextCheck;
    private transient ConfigException lastError;

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
                    LOG.info(
                            "registry reloaded: {} enterprises (version {})",
                            snapshot.registry().size(),
                            snapshot.version());
                    lastError = null;
                } catch (ConfigException e) {
                    fingerprint = fp; // don't retry the same broken files on every check
                    lastError = e;
                    LOG.error("registry change rejected, keeping version {}: {}", snapshot.version(), e.getMessage());
                }
            }
        }
        return snapshot;
    }

    /**
     * Why the latest change on disk was not taken (every error with file, line and field), or null when the
     * version running is what the files say.
     */
    public ConfigException lastError() {
        return lastError;
    }

    /** Names and content digests of every file under both directories; an unreadable entry is named as such. */
    private String fingerprint() {
        StringBuilder sb = new StringBuilder();
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        for (String dir : new String[] {registryDir, referenceDir}) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(Paths.get(dir))) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            } catch (IOException | UncheckedIOException e) {
                sb.append(dir).append(": unreadable: ").append(e).append('\n');
                continue;
            }
            for (Path f : files) {
                sb.append(f).append(':');
                try {
                    sb.append(HexFormat.of().formatHex(sha.digest(Files.readAllBytes(f))));
                } catch (IOException e) {
                    sb.append("unreadable: ").append(e);
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}
