package dcmon.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MonitoringOptionsTest {
    @Test
    void argumentsOverrideTheDefaultsAndTheRestStay() {
        MonitoringOptions o = MonitoringOptions.fromArgs(new String[] {
            "--kafka",
            "k:9",
            "--region-combine-interval",
            "PT0S",
            "--influx-write-lanes",
            "4",
            "--point-rollup-interval",
            "PT30S",
            "--influx-batch-size",
            "20000"
        });
        assertThat(o.kafkaBootstrap()).isEqualTo("k:9");
        assertThat(o.regionCombineInterval()).isEqualTo(Duration.ZERO);
        assertThat(o.pointRollupInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.influxSinkOptions().writeLanes()).isEqualTo(4);
        assertThat(o.influxSinkOptions().batchSize()).isEqualTo(20_000);
        MonitoringOptions d = MonitoringOptions.defaults();
        assertThat(o.checkpointInterval()).isEqualTo(d.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.regionCombineInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(d.influxSinkOptions().writeLanes()).isEqualTo(2);
        assertThat(d.influxSinkOptions().batchSize()).isEqualTo(5_000);
    }

    @Test
    void everyBuilderSetterKeepsTheOtherOptions() {
        MonitoringOptions o = MonitoringOptions.builder()
                .influxWriteLanes(3)
                .influxBatchSize(7)
                .regionCombineInterval(Duration.ofSeconds(1))
                .kafkaBootstrap("a:1")
                .parallelism(4)
                .lateness(Duration.ofDays(7))
                .influxUrl("http://i:1")
                .registry(Path.of("r"), Path.of("f"))
                .checkpointInterval(Duration.ofSeconds(3))
                .pointRollupInterval(Duration.ZERO)
                .stateBackend(StateBackendType.ROCKSDB)
                .build();
        assertThat(o.influxUrl()).isEqualTo("http://i:1");
        assertThat(o.registryDir()).isEqualTo(Path.of("r"));
        assertThat(o.referenceDir()).isEqualTo(Path.of("f"));
        assertThat(o.checkpointInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.pointRollupInterval()).isEqualTo(Duration.ZERO);
        assertThat(o.groupId()).isEqualTo(MonitoringOptions.defaults().groupId());
        assertThat(o.influxWriteLanes()).isEqualTo(3);
        assertThat(o.influxBatchSize()).isEqualTo(7);
        assertThat(o.regionCombineInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.kafkaBootstrap()).isEqualTo("a:1");
        assertThat(o.parallelism()).isEqualTo(4);
        assertThat(o.lateness()).isEqualTo(Duration.ofDays(7));
        assertThat(o.stateBackend()).isEqualTo(StateBackendType.ROCKSDB);
    }

    @Test
    void theStateStaysOnTheHeapUnlessRocksDbIsAskedFor() {
        assertThat(MonitoringOptions.defaults().stateBackend()).isEqualTo(StateBackendType.HASHMAP);
        assertThat(MonitoringOptions.fromArgs(new String[] {"--state-backend", "rocksdb"})
                        .stateBackend())
                .isEqualTo(StateBackendType.ROCKSDB);
        assertThat(MonitoringOptions.fromArgs(new String[] {"--state-backend", "hashmap"})
                        .stateBackend())
                .isEqualTo(StateBackendType.HASHMAP);
    }

    @Test
    void anUnknownStateBackendIsRejectedNamingTheValidOnes() {
        assertThatThrownBy(() -> MonitoringOptions.fromArgs(new String[] {"--state-backend", "memory"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("state-backend must be one of hashmap, rocksdb, was 'memory'");
        // Flink's names, as in its own configuration: not the enum's
        assertThatThrownBy(() -> StateBackendType.parse("ROCKSDB")).hasMessageEndingWith("was 'ROCKSDB'");
    }

    @Test
    void theHotWindowIsSeventyTwoHoursByDefaultAndADayAtLeast() {
        assertThat(MonitoringOptions.defaults().hotWindow()).isEqualTo(Duration.ofHours(72));
        assertThat(MonitoringOptions.fromArgs(new String[] {"--hot-window", "PT24H"})
                        .hotWindow())
                .isEqualTo(Duration.ofHours(24));
        assertThatThrownBy(() -> MonitoringOptions.fromArgs(new String[] {"--hot-window", "PT23H"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hot-window must be at least PT24H (24 h), was PT23H");
        assertThat(MonitoringOptions.defaults().toBuilder()
                        .hotWindow(Duration.ofDays(5))
                        .build()
                        .hotWindow())
                .isEqualTo(Duration.ofDays(5));
    }

    @Test
    void fewerThanOneWriteLaneIsRejectedNamingTheOption() {
        assertThatThrownBy(() -> MonitoringOptions.fromArgs(new String[] {"--influx-write-lanes", "0"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("influx-write-lanes must be at least 1, was 0");
        assertThatThrownBy(() -> MonitoringOptions.fromArgs(new String[] {"--influx-batch-size", "0"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("influx-batch-size must be at least 1, was 0");
    }

    @Test
    void permanentInfluxErrorsFailTheJobUnlessDeadLettersAreAskedFor() {
        assertThat(MonitoringOptions.defaults().influxSinkOptions().onPermanentError())
                .isEqualTo(dcmon.influx.PermanentErrorMode.FAIL);
        assertThat(MonitoringOptions.fromArgs(new String[] {"--influx-on-permanent-error", "dead-letter"})
                        .influxSinkOptions()
                        .onPermanentError())
                .isEqualTo(dcmon.influx.PermanentErrorMode.DEAD_LETTER);
        assertThat(MonitoringOptions.builder()
                        .influxOnPermanentError("DEAD-LETTER")
                        .build()
                        .influxOnPermanentError())
                .isEqualTo(dcmon.influx.PermanentErrorMode.DEAD_LETTER);
        assertThatThrownBy(() -> MonitoringOptions.builder().influxOnPermanentError("retry"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("influx-on-permanent-error must be one of fail|dead-letter, was retry");
    }

    @Test
    void toBuilderChangesOnlyWhatIsSet() {
        MonitoringOptions o =
                MonitoringOptions.builder().kafkaBootstrap("a:1").parallelism(4).build();
        MonitoringOptions changed =
                o.toBuilder().stateBackend(StateBackendType.ROCKSDB).build();
        assertThat(changed.stateBackend()).isEqualTo(StateBackendType.ROCKSDB);
        assertThat(changed.kafkaBootstrap()).isEqualTo("a:1");
        assertThat(changed.parallelism()).isEqualTo(4);
        assertThat(o.stateBackend()).as("the options themselves never change").isEqualTo(StateBackendType.HASHMAP);
        assertThat(o.toBuilder().build()).isEqualTo(o).hasSameHashCodeAs(o).isNotEqualTo(changed);
    }

    @Test
    void missingAndNegativeValuesAreRejectedNamingTheOption() {
        assertThatThrownBy(
                        () -> MonitoringOptions.builder().kafkaBootstrap(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kafka must be given");
        assertThatThrownBy(() -> MonitoringOptions.builder()
                        .lateness(Duration.ofDays(-1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lateness must not be negative, was PT-24H");
        assertThatThrownBy(() -> MonitoringOptions.builder().parallelism(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelism must be at least 1, was 0");
        assertThatThrownBy(() -> MonitoringOptions.builder().stateBackend(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("state-backend must be given");
    }

    @Test
    void theInfluxUrlsUserInformationIsMaskedInTheOptionsText() {
        MonitoringOptions o = MonitoringOptions.builder()
                .influxUrl("http://dcmon:s3cret@influx:8086")
                .build();
        assertThat(o.toString()).contains("influxUrl=http://***@influx:8086").doesNotContain("s3cret");
        assertThat(o.influxUrl()).isEqualTo("http://dcmon:s3cret@influx:8086");
        assertThat(MonitoringOptions.defaults().toString()).contains("influxUrl=http://127.0.0.1:8086");
        assertThat(MonitoringOptions.maskUserInfo("not a url")).isEqualTo("***");
    }

    @Test
    void theMonthCloseGraceIsThreeDaysByDefaultAndRefusedWhenNegativeOrFourWeeksOrMore() {
        assertThat(MonitoringOptions.defaults().monthCloseGrace()).isEqualTo(Duration.ofDays(3));
        assertThat(MonitoringOptions.fromArgs(new String[] {"--month-close-grace", "PT12H"})
                        .monthCloseGrace())
                .isEqualTo(Duration.ofHours(12));
        assertThatThrownBy(() -> MonitoringOptions.builder()
                        .monthCloseGrace(Duration.ofDays(-1))
                        .build())
                .hasMessage("month-close-grace must not be negative, was PT-24H");
        assertThatThrownBy(() -> MonitoringOptions.builder()
                        .monthCloseGrace(Duration.ofDays(28))
                        .build())
                .hasMessage("month-close-grace must be shorter than PT672H, was PT672H");
    }

    @Test
    void kafkaPropertiesComeFromAFileAndTheirValuesNeverShow(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("kafka.properties");
        java.nio.file.Files.writeString(
                file, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-256\nsasl.jaas.config=secret-jaas\n");
        MonitoringOptions o = MonitoringOptions.fromArgs(new String[] {"--kafka-properties", file.toString()});

        assertThat(o.kafkaProperties())
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                        "security.protocol", "SASL_PLAINTEXT",
                        "sasl.mechanism", "SCRAM-SHA-256",
                        "sasl.jaas.config", "secret-jaas"));
        assertThat(KafkaConnectors.clientProperties(o)).containsEntry("sasl.jaas.config", "secret-jaas");
        assertThat(o.toString()).contains("sasl.jaas.config").doesNotContain("secret-jaas");
        assertThat(o.toBuilder().build()).isEqualTo(o);

        java.nio.file.Files.writeString(file, "acks=1\n");
        assertThatThrownBy(() -> MonitoringOptions.fromArgs(new String[] {"--kafka-properties", file.toString()}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file + ":1: acks: set by dcmon itself");
    }
}
