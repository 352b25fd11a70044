package dcmon.bench;

import dcmon.core.config.ConfigException;
import dcmon.core.reference.ReferenceLoader;
import dcmon.monitoring.RegistryProvider;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives the job the synthetic registry the way {@code RegistryDirectory} gives it the real one: the job graph
 * carries only how to build it, and each task JVM builds it once. Shipping a million points inside every
 * function by Java serialization would make the job's start, not its throughput, the thing measured.
 */
final class SyntheticRegistryProvider implements RegistryProvider {
    private static final long serialVersionUID = 1L;
    /** One registry per JVM and parameters, shared by all subtasks, as a task manager would load it once. */
    private static final ConcurrentHashMap<String, Snapshot> BUILT = new ConcurrentHashMap<>();

    private final String reference;
    private final int enterprises;
    private final int points;
    private final int pointsPerGateway;
    private final long seed;
    private transient Snapshot snapshot;

    SyntheticRegistryProvider(Path reference, int enterprises, int points, int pointsPerGateway, long seed) {
        this.reference = reference.toAbsolutePath().toString();
        this.enterprises = enterprises;
        this.points = points;
        this.pointsPerGateway = pointsPerGateway;
        this.seed = seed;
    }

    /** Registers an already built registry, so the JVM that built it does not build it again. */
    SyntheticRegistryProvider with(SyntheticRegistry built) {
        BUILT.putIfAbsent(key(), new Snapshot(built.registry(), built.reference(), 1));
        return this;
    }

    @Override
    public Snapshot current() {
        Snapshot s = snapshot;
        if (s == null) snapshot = s = BUILT.computeIfAbsent(key(), k -> build());
        return s;
    }

    private Snapshot build() {
        try {
            SyntheticRegistry r = SyntheticRegistry.build(
                    ReferenceLoader.load(Path.of(reference)), enterprises, points, pointsPerGateway, seed);
            return new Snapshot(r.registry(), r.reference(), 1);
        } catch (ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private String key() {
        return reference + "|" + enterprises + "|" + points + "|" + pointsPerGateway + "|" + seed;
    }
}
