package dcmon.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Kafka client settings beyond the bootstrap servers — security (SASL/SCRAM, TLS) above all — from a Java properties
 * file, so that secrets such as {@code sasl.jaas.config} never appear on a command line or in the repository.
 */
final class KafkaClientOptions {
    static final String ENV = "DCMON_KAFKA_PROPERTIES";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
            names = "--kafka-properties",
            paramLabel = "FILE",
            defaultValue = "${env:" + ENV + "}",
            description = {
                "Kafka client properties (e.g. security.protocol=SASL_SSL, sasl.mechanism=SCRAM-SHA-512,",
                "sasl.jaas.config=…, ssl.truststore.location=…); default: the file named by $" + ENV
            })
    Path file;

    /** The file's properties in file order, or none without a file; a bad file names itself and the option. */
    Map<String, String> properties() {
        if (file == null) return Map.of();
        if (!Files.isRegularFile(file)) throw bad("--kafka-properties " + file + ": no such file");
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw bad("--kafka-properties " + file + ": not a properties file (" + e.getMessage() + ")");
        }
        if (p.containsKey("bootstrap.servers")) {
            throw bad("--kafka-properties " + file + ": bootstrap.servers belongs in --kafka, not in the file");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames().stream().sorted().toList()) out.put(key, p.getProperty(key));
        return out;
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
