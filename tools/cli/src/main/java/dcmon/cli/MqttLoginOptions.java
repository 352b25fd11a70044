package dcmon.cli;

import dcmon.core.config.TrustedCa;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.net.SocketFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How an MQTT client logs in to the broker: a user name, its password from a file or an environment variable
 * (never from the command line, where {@code ps} shows it), and the CA a TLS broker's certificate must come from.
 */
final class MqttLoginOptions {
    static final String DEFAULT_PASSWORD_ENV = "DCMON_MQTT_PASSWORD";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
            names = {"--mqtt-username", "--user"},
            description = "MQTT user name (with mqtt-auth's files: a gateway's from credentials.csv, the bridge's"
                    + " dcmon-bridge)")
    String username;

    @Option(
            names = "--mqtt-password-file",
            description = "file whose first line is the MQTT password (e.g. mqtt-auth's bridge.password)")
    Path passwordFile;

    @Option(
            names = {"--mqtt-password-env", "--password-env"},
            defaultValue = DEFAULT_PASSWORD_ENV,
            description = "environment variable holding the MQTT password, read when no file is given"
                    + " (default: ${DEFAULT-VALUE})")
    String passwordEnv;

    @Option(
            names = "--mqtt-ca",
            description = "PEM file of the CA the broker's TLS certificate must come from (with an ssl:// URL)")
    Path caFile;

    /** The password for {@link #username}, or null when no user name is given. */
    String password() {
        if (username == null) {
            if (passwordFile != null) throw bad("--mqtt-password-file needs --mqtt-username");
            return null;
        }
        if (passwordFile != null) return readPasswordFile(passwordFile, "--mqtt-password-file");
        String fromEnv = System.getenv(passwordEnv);
        if (fromEnv == null || fromEnv.isEmpty()) {
            throw bad("--mqtt-username " + username + " needs a password: --mqtt-password-file FILE or the"
                    + " environment variable " + passwordEnv);
        }
        return fromEnv;
    }

    /** TLS sockets trusting {@link #caFile} for an {@code ssl://} URL, or null for Paho's default. */
    SocketFactory socketFactory(String mqttUrl) {
        if (caFile == null) return null;
        checkTls(mqttUrl);
        try {
            return TrustedCa.socketFactory(caFile);
        } catch (IllegalArgumentException e) {
            throw bad("--mqtt-ca: " + e.getMessage());
        }
    }

    /** The CA file after checking it goes with the URL, or null. */
    Path caFile(String mqttUrl) {
        if (caFile != null) socketFactory(mqttUrl);
        return caFile;
    }

    private void checkTls(String mqttUrl) {
        if (!mqttUrl.startsWith("ssl://")) {
            throw bad("--mqtt-ca is for TLS: the broker URL must start with ssl://, was " + mqttUrl);
        }
    }

    /** The first line of a password file, naming the option when it is missing, unreadable or empty. */
    String readPasswordFile(Path file, String option) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            String first = lines.isEmpty() ? "" : lines.get(0).strip();
            if (first.isEmpty()) throw bad(option + " " + file + ": the first line is empty");
            return first;
        } catch (IOException e) {
            throw bad(option + " " + file + ": cannot read it (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Gateway logins from mqtt-auth's credentials.csv, by enterprise/gateway. */
    Map<String, dcmon.stack.MqttAccounts.Account> readCredentials(Path file, String option) {
        if (!Files.isRegularFile(file)) throw bad(option + " " + file + ": no such file");
        try {
            return dcmon.stack.MqttAccounts.readGatewayCredentials(file);
        } catch (IOException e) {
            throw bad(option + " " + file + ": " + e.getMessage());
        }
    }

    ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
