package dcmon.console;

import dcmon.core.scorecard.ScoringRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How the web console treats sessions and logins.
 *
 * @param secureCookies mark the session cookie Secure: set when the console is served over HTTPS or behind TLS
 * @param sessionTtl how long a session lasts after login
 * @param maxLoginFailures failed logins per account and address within the window before logins are refused
 * @param throttleWindow the window failed logins are counted in
 * @param kafkaProperties further properties of the console's Kafka consumers (security: SASL, TLS)
 * @param exports the exports directory whose {@code monthly/<YYYY-MM>/r<N>/} revisions the exports page serves
 * @param qualitativeMax the most qualitative scorecard points a unit may get (the scoring rules' measures points)
 */
public record ConsoleSettings(
        boolean secureCookies,
        Duration sessionTtl,
        int maxLoginFailures,
        Duration throttleWindow,
        Map<String, String> kafkaProperties,
        Path exports,
        double qualitativeMax) {

    public ConsoleSettings {
        kafkaProperties = Map.copyOf(kafkaProperties);
    }

    public static ConsoleSettings defaults() {
        return new ConsoleSettings(
                false,
                Duration.ofHours(8),
                5,
                Duration.ofMinutes(15),
                Map.of(),
                Path.of("var/exports"),
                ScoringRules.defaults().qualitativeMax());
    }

    public ConsoleSettings withSecureCookies(boolean secure) {
        return new ConsoleSettings(
                secure, sessionTtl, maxLoginFailures, throttleWindow, kafkaProperties, exports, qualitativeMax);
    }

    public ConsoleSettings withKafkaProperties(Map<String, String> properties) {
        return new ConsoleSettings(
                secureCookies, sessionTtl, maxLoginFailures, throttleWindow, properties, exports, qualitativeMax);
    }

    public ConsoleSettings withExports(Path dir) {
        return new ConsoleSettings(
                secureCookies, sessionTtl, maxLoginFailures, throttleWindow, kafkaProperties, dir, qualitativeMax);
    }

    public ConsoleSettings withQualitativeMax(double max) {
        return new ConsoleSettings(
                secureCookies, sessionTtl, maxLoginFailures, throttleWindow, kafkaProperties, exports, max);
    }
}
