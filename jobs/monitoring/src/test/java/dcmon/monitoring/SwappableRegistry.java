package dcmon.monitoring;

import dcmon.core.reference.ReferenceData;
import dcmon.core.registry.Registry;

/** A registry provider whose snapshot a test replaces, as {@link RegistryDirectory} does when files change. */
final class SwappableRegistry implements RegistryProvider {
    private volatile Snapshot snapshot;

    SwappableRegistry(Registry registry, ReferenceData reference) {
        this.snapshot = new Snapshot(registry, reference, 1);
    }

    /** Replaces the registry with the next version. */
    void swap(Registry registry) {
        snapshot = new Snapshot(registry, snapshot.reference(), snapshot.version() + 1);
    }

    @Override
    public Snapshot current() {
        return snapshot;
    }
}
