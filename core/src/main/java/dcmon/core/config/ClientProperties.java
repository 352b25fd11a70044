package dcmon.core.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extra client properties for Kafka (security: {@code security.protocol}, {@code sasl.*}, {@code ssl.*}; tuning)
 * from a Java properties file, so that credentials stay out of command lines and of the repository.
 *
 * <p>A value may name its secret instead of holding it: {@code ${env:NAME}} is the environment variable, {@code
 * ${file:PATH}} the content of a file (trailing line breaks dropped; a relative path is against the properties
 * file's directory). A missing variable or file is an error naming the file, line and property, never an empty
 * password. Properties that dcmon sets itself (the bootstrap servers, serializers, and the settings its
 * exactly-once rests on) are refused.
 */
public final class ClientProperties {

    /** Set by dcmon from its own options or guarantees; a file may not override them. */
    static final List<String> OWN = List.of(
            "bootstrap.servers",
            "key.serializer",
            "value.serializer",
            "key.deserializer",
            "value.deserializer",
            "acks",
            "enable.idempotence",
            "transactional.id",
            "isolation.level",
            "enable.auto.commit",
            "group.id");

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");

    private ClientProperties() {}

    /** The file's properties with their references resolved against this process's environment. */
    public static Map<String, String> load(Path file) throws ConfigException {
        return load(file, System::getenv);
    }

    static Map<String, String> load(Path file, Function<String, String> env) throws ConfigException {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigError(name, 0, "", "cannot read: " + e.getMessage())));
        }
        Properties raw = new Properties();
        try {
            raw.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(
                    List.of(new ConfigError(name, 0, "", "not a properties file: " + e.getMessage())));
        }
        List<ConfigError> errors = new ArrayList<>();
        Map<String, String> out = new TreeMap<>();
        for (String key : raw.stringPropertyNames()) {
            int line = lineOf(text, key);
            if (OWN.contains(key)) {
                errors.add(new ConfigError(name, line, key, "set by dcmon itself; remove it from this file"));
                continue;
            }
            String value = resolve(raw.getProperty(key), file, line, key, env, errors);
            if (value != null) out.put(key, value);
        }
        if (!errors.isEmpty()) throw new ConfigException(errors);
        return out;
    }

    private static String resolve(
            String value, Path file, int line, String key, Function<String, String> env, List<ConfigError> errors) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String kind = m.group(1);
            String ref = m.group(2);
            String secret;
            if (kind.equals("env")) {
                secret = env.apply(ref);
                if (secret == null) {
                    errors.add(
                            new ConfigError(file.toString(), line, key, "environment variable " + ref + " is not set"));
                    return null;
                }
            } else {
                Path secretFile = file.toAbsolutePath().getParent().resolve(ref);
                try {
                    secret =
                            Files.readString(secretFile, StandardCharsets.UTF_8).replaceAll("[\\r\\n]+$", "");
                } catch (IOException e) {
                    errors.add(new ConfigError(file.toString(), line, key, "cannot read secret file " + ref));
                    return null;
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(secret));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The 1-based line on which the key is set, or 0 when it is not found as written (escaped keys). */
    private static int lineOf(String text, String key) {
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].stripLeading();
            if (l.startsWith(key)) {
                String rest = l.substring(key.length()).stripLeading();
                if (rest.isEmpty() || rest.charAt(0) == '=' || rest.charAt(0) == ':') return i + 1;
            }
        }
        return 0;
    }
}
