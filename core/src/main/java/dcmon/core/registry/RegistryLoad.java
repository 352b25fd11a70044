package dcmon.core.registry;

import dcmon.core.config.ConfigError;
import java.util.List;

/**
 * A loaded registry with the warnings found while loading it: findings that do not stop it from loading.
 */
public record RegistryLoad(Registry registry, List<ConfigError> warnings) {
    public RegistryLoad {
        warnings = List.copyOf(warnings);
    }
}
