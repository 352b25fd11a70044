package dcmon.cli;

import dcmon.core.config.ClientProperties;
import dcmon.core.config.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Kafka client security (SASL/SCRAM, TLS) for the commands that talk to Kafka: a properties file whose secrets are
 * named ({@code ${env:NAME}}, {@code ${file:PATH}}), never written on the command line.
 */
final class KafkaClientOptions {
    @Option(
            names = "--kafka-properties",
            defaultValue = "${env:DCMON_KAFKA_PROPERTIES}",
            description = "Kafka client properties (security.protocol, sasl.*, ssl.*); secrets as ${env:NAME} or"
                    + " ${file:PATH} (default: $DCMON_KAFKA_PROPERTIES, else none)")
    Path file;

    /** The file's properties, or none without a file. */
    Map<String, String> properties() throws ConfigException {
        return file == null ? Map.of() : ClientProperties.load(file);
    }
}
