package dcmon.core.config;

import java.io.Serializable;

/**
 * One problem in a configuration file, located so that a person can fix it.
 *
 * @param file  path of the file as given to the loader
 * @param line  1-based line number, or 0 when the problem is not tied to a line
 * @param field dotted path of the field, e.g. {@code enterprises[3].points[0].rollover}
 */
public record ConfigError(String file, int line, String field, String message) implements Serializable {
    @Override
    public String toString() {
        return file + ":" + line + ": " + field + ": " + message;
    }
}
