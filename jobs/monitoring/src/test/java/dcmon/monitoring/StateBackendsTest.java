package dcmon.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.junit.jupiter.api.Test;
import org.rocksdb.CompressionType;

class StateBackendsTest {
    @Test
    void rocksDbCheckpointsOnlyWhatChangedAndTheHeapEverything() {
        Configuration rocksdb = StateBackends.config(StateBackendType.ROCKSDB);
        assertThat(rocksdb.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(rocksdb.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(rocksdb.get(RocksDBConfigurableOptions.USE_BLOOM_FILTER)).isTrue();
        // the two upper levels, rewritten all the time, uncompressed; LZ4 below
        assertThat(rocksdb.get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL))
                .containsExactly(
                        CompressionType.NO_COMPRESSION,
                        CompressionType.NO_COMPRESSION,
                        CompressionType.LZ4_COMPRESSION);
        Configuration heap = StateBackends.config(StateBackendType.HASHMAP);
        assertThat(heap.contains(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL))
                .isFalse();
        assertThat(heap.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
        assertThat(heap.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isFalse();
    }

    @Test
    void onAClusterTheClustersOwnBackendStaysUnlessTheJobNamesOne() {
        assertThat(StateBackends.forCluster(new String[] {"--kafka", "k:9"})).isEmpty();
        assertThat(StateBackends.forCluster(new String[] {"--state-backend", "hashmap"}))
                .hasValueSatisfying(c ->
                        assertThat(c.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap"));
        assertThat(StateBackends.forCluster(new String[] {"--state-backend", "rocksdb"}))
                .hasValueSatisfying(c -> assertThat(c.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS))
                        .isTrue());
    }
}
