package dcmon.influx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * How dcmon logs in to InfluxDB when no user is given in code: from the environment, so that no secret is in a
 * command line, a config file of the repository or a log.
 *
 * <ul>
 * <li>{@code DCMON_INFLUX_TOKEN} or {@code DCMON_INFLUX_TOKEN_FILE}: a token, sent as {@code Authorization: Token
 *     …} — InfluxDB 2.x's v1 compatibility API and InfluxDB 3 take their tokens so, InfluxDB 1.8+ takes {@code
 *     user:password} as a token;
 * <li>{@code DCMON_INFLUX_USER} with {@code DCMON_INFLUX_PASSWORD} or {@code DCMON_INFLUX_PASSWORD_FILE}: a user
 *     of InfluxDB 1.x (basic authentication).
 * </ul>
 * A file's content is the secret, without trailing line breaks (the shape of a mounted secret). Nothing set:
 * no authentication. A token and a user together, a password without a user, or a file that cannot be read
 * fail with the variable's name, never with the secret.
 */
public record InfluxCredentials(String username, String password, String token) {

    public static final InfluxCredentials NONE = new InfluxCredentials(null, null, null);

    public static final String TOKEN = "DCMON_INFLUX_TOKEN";
    public static final String USER = "DCMON_INFLUX_USER";
    public static final String PASSWORD = "DCMON_INFLUX_PASSWORD";

    public static InfluxCredentials fromEnvironment() {
        return fromEnvironment(System::getenv);
    }

    static InfluxCredentials fromEnvironment(Function<String, String> env) {
        String token = secret(env, TOKEN);
        String user = blankToNull(env.apply(USER));
        String password = secret(env, PASSWORD);
        if (token != null && user != null) {
            throw new IllegalArgumentException("set either " + TOKEN + " or " + USER + " for InfluxDB, not both");
        }
        if (password != null && user == null) {
            throw new IllegalArgumentException(PASSWORD + " is set but " + USER + " is not");
        }
        if (user != null && password == null) {
            throw new IllegalArgumentException(USER + " is set but neither " + PASSWORD + " nor " + PASSWORD + "_FILE");
        }
        return new InfluxCredentials(user, password, token);
    }

    public boolean none() {
        return username == null && token == null;
    }

    /** The header value of a token login. */
    String authorization() {
        return "Token " + token;
    }

    /** Never the secrets. */
    @Override
    public String toString() {
        return token != null
                ? "InfluxCredentials[token]"
                : username != null ? "InfluxCredentials[user=" + username + "]" : "InfluxCredentials[none]";
    }

    /** {@code NAME}, or else the content of the file {@code NAME_FILE} names. */
    private static String secret(Function<String, String> env, String name) {
        String value = blankToNull(env.apply(name));
        String file = blankToNull(env.apply(name + "_FILE"));
        if (value != null && file != null) {
            throw new IllegalArgumentException("set either " + name + " or " + name + "_FILE, not both");
        }
        if (file == null) return value;
        try {
            return blankToNull(
                    Files.readString(Path.of(file), StandardCharsets.UTF_8).replaceAll("[\\r\\n]+$", ""));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the file that " + name + "_FILE names: " + file);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
