package dcmon.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientPropertiesTest {

    @TempDir
    Path dir;

    @Test
    void resolvesEnvironmentAndFileReferencesSoThatNoSecretIsInTheFile() throws Exception {
        Files.writeString(dir.resolve("kafka.secret"), "s3cret-from-file\n");
        Path file = write(
                "security.protocol=SASL_SSL\n",
                "sasl.mechanism = SCRAM-SHA-512\n",
                "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"job\" password=\"${env:DCMON_KAFKA_PASSWORD}\";\n",
                "ssl.truststore.password=${file:kafka.secret}\n");

        Map<String, String> props = ClientProperties.load(file, Map.of("DCMON_KAFKA_PASSWORD", "p@ss")::get);

        assertThat(props)
                .containsExactly(
                        Map.entry(
                                "sasl.jaas.config",
                                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"job\""
                                        + " password=\"p@ss\";"),
                        Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
                        Map.entry("security.protocol", "SASL_SSL"),
                        Map.entry("ssl.truststore.password", "s3cret-from-file"));
    }

    @Test
    void namesFileLineAndPropertyOfAMissingSecretAndOfSettingsDcmonOwns() throws Exception {
        Path file = write(
                "# client security\n",
                "security.protocol=SASL_PLAINTEXT\n",
                "sasl.jaas.config=x password=\"${env:NOT_SET}\";\n",
                "bootstrap.servers=elsewhere:9092\n",
                "ssl.key.password=${file:missing.secret}\n");

        assertThatThrownBy(() -> ClientProperties.load(file, Map.<String, String>of()::get))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.errors())
                                .extracting(ConfigError::toString)
                                .containsExactlyInAnyOrder(
                                        file + ":3: sasl.jaas.config: environment variable NOT_SET is not set",
                                        file + ":4: bootstrap.servers: set by dcmon itself; remove it from this file",
                                        file + ":5: ssl.key.password: cannot read secret file missing.secret"));
    }

    @Test
    void aFileThatCannotBeReadIsNamed() {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> ClientProperties.load(missing))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.errors().get(0).toString()).startsWith(missing + ":0: : cannot read"));
    }

    private Path write(String... lines) throws Exception {
        Path file = dir.resolve("kafka.properties");
        Files.writeString(file, String.join("", lines));
        return file;
    }
}
