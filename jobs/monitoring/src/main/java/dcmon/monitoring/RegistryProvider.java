package dcmon.monitoring;

import dcmon.core.reference.ReferenceData;
import dcmon.core.registry.Registry;
import java.io.Serializable;

/**
 * Where the job's functions get the registry and reference tables from. {@link #current()} is called per
 * record and must be cheap; an implementation may swap in a newer registry at any call, which is how
 * registry changes reach a running job without a restart.
 */
public interface RegistryProvider extends Serializable {

    /** The registry and the reference tables it was validated against. */
    record Snapshot(Registry registry, ReferenceData reference, long version) implements Serializable {}

    Snapshot current();

    /** A registry given once, for tests and embedded use. */
    static RegistryProvider fixed(Registry registry, ReferenceData reference) {
        Snapshot s = new Snapshot(registry, reference, 1);
        return () -> s;
    }
}
