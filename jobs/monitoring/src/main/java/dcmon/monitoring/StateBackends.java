package dcmon.monitoring;

import java.util.List;
import java.util.Optional;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.util.ParameterTool;
import org.rocksdb.CompressionType;

/** The Flink configuration of where the job's state lives ({@link StateBackendType}). */
public final class StateBackends {
    private StateBackends() {}

    /**
     * RocksDB's compression by level: none in L0 and L1, LZ4 below (Flink's suggested balance; its default is Snappy
     * everywhere). A point's recent part is rewritten with nearly every message, so its values pass through the upper
     * levels again and again, and compressing them there cost the job more than a tenth of its rate
     * (docs/benchmarks.md, *RocksDB compression by level*); the data that settles in the lower levels is still compressed.
     */
    static final List<CompressionType> ROCKSDB_COMPRESSION =
            List.of(CompressionType.NO_COMPRESSION, CompressionType.NO_COMPRESSION, CompressionType.LZ4_COMPRESSION);

    /**
     * The Flink settings of the chosen state backend: its type, incremental checkpoints where it has them, and for
     * RocksDB bloom filters, since the job reads state by exact key (a point's series, a period's totals) and a
     * filter spares a lookup the files that cannot hold the key. How much memory RocksDB gets is the cluster's
     * setting ({@link LocalJob} sets it for a run in this JVM).
     */
    public static Configuration config(StateBackendType backend) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, backend.flinkName());
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, backend.incrementalCheckpoints());
        if (backend == StateBackendType.ROCKSDB) {
            conf.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
            conf.set(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL, ROCKSDB_COMPRESSION);
        }
        return conf;
    }

    /**
     * On a cluster the state backend is the cluster's ({@code state.backend.type} in its configuration) unless the
     * job is started with {@code --state-backend}: an operator's choice is not overridden by a default of the job.
     */
    static Optional<Configuration> forCluster(String[] args) {
        if (!ParameterTool.fromArgs(args).has("state-backend")) return Optional.empty();
        return Optional.of(config(MonitoringOptions.fromArgs(args).stateBackend()));
    }
}
