package dcmon.cli;

import dcmon.console.names.Names;
import dcmon.monitoring.RegistryDirectory;
import dcmon.monitoring.RegistryProvider;
import java.util.function.Supplier;

/**
 * The console's names of units and divisions from a registry directory, reloaded when its files change (at most
 * every few seconds, as the job does); a change that does not load keeps the names before it.
 */
final class RegistryNames implements Supplier<Names> {
    private final RegistryDirectory directory;
    private long version = -1;
    private Names names = Names.none();

    /** @param directory loaded already (a broken registry stops the command before this) */
    RegistryNames(RegistryDirectory directory) {
        this.directory = directory;
    }

    /** Called by every request of the console: the directory itself is not thread-safe. */
    @Override
    public synchronized Names get() {
        RegistryProvider.Snapshot s = directory.current();
        if (s.version() != version) {
            names = Names.of(s.registry(), s.reference().divisions());
            version = s.version();
        }
        return names;
    }
}
