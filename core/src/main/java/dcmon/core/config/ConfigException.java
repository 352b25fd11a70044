package dcmon.core.config;

import java.util.List;

/** Thrown when configuration fails validation; carries every error found, not only the first. */
public class ConfigException extends Exception {
    private final List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(summary(errors));
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }

    private static String summary(List<ConfigError> errors) {
        StringBuilder sb = new StringBuilder(errors.size() + " configuration error(s):");
        for (ConfigError e : errors) sb.append("\n  ").append(e);
        return sb.toString();
    }
}
