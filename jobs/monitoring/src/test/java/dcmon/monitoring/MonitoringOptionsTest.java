package dcmon.monitoring;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MonitoringOptionsTest {
    @Test
    void argumentsOverrideTheDefaultsAndTheRestStay() {
        MonitoringOptions o = MonitoringOptions.fromArgs(new String[] {"--kafka", "k:9", "--region-combine-interval", "PT0S",
                "--influx-write-lanes", "4", "--point-rollup-interval", "PT30S", "--influx-batch-size", "20000"});
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
    void everyWitherKeepsTheOtherOptions() {
        MonitoringOptions o = MonitoringOptions.defaults().withInfluxWriteLanes(3).withInfluxBatchSize(7).withRegionCombineInterval(Duration.ofSeconds(1))
                .withKafka("a:1").withParallelism(4).withLateness(Duration.ofDays(7)).withInflux("http://i:1")
                .withRegistry(Path.of("r"), Path.of("f")).withCheckpointInterval(Duration.ofSeconds(3)).withPointRollupInterval(Duration.ZERO)
                .withStateBackend(StateBackendType.ROCKSDB);
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
        assertThat(MonitoringOptions.fromArgs(new String[] {"--state-backend", "rocksdb"}).stateBackend()).isEqualTo(StateBackendType.ROCKSDB);
        assertThat(MonitoringOptions.fromArgs(new String[] {"--state-backend", "hashmap"}).stateBackend()).isEqualTo(StateBackendType.HASHMAP);
    }

    @Test
    void anUnknownStateBackendIsRejectedNamingTheValidOnes() {
        assertThatThrownBy(() -> MonitoringOptions.fromArgs(new String[] {"--state-backend", "memory"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("state-backend must be one of hashmap, rocksdb, was 'memory'");
        // Flink's names, as in its own configuration: not the enum's
        assertThatThrownBy(() -> StateBackendType.parse("ROCKSDB")).hasMessageEndingWith("was 'ROCKSDB'");
    }

    @Test
    void fewerThanOneWriteLaneIsRejectedNamingTheOption() {
        assertThatThrownBy(() -> MonitoringOptions.fromArgs(new String[] {"--influx-write-lanes", "0"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("influx-write-lanes must be at least 1, was 0");
        assertThatThrownBy(() -> MonitoringOptions.fromArgs(new String[] {"--influx-batch-size", "0"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("influx-batch-size must be at least 1, was 0");
    }
}
