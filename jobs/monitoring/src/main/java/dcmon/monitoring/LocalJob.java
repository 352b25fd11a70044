package dcmon.monitoring;

import dcmon.influx.SeriesPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the monitoring job on a mini-cluster inside this JVM (the embedded stack and the CLI's {@code job}
 * command). Checkpoints are kept under a directory and survive cancellation, and a new run resumes from the
 * newest completed one — so stopping and starting the local job loses nothing and counts nothing twice.
 */
public final class LocalJob implements AutoCloseable {
    private final JobClient client;
    private final Optional<Path> restoredFrom;

    private LocalJob(JobClient client, Optional<Path> restoredFrom) {
        this.client = client;
        this.restoredFrom = restoredFrom;
    }

    /**
     * Starts the job; returns once it is submitted.
     *
     * @throws StateBackendMismatch when the checkpoints to resume from were written by the other state backend
     */
    public static LocalJob start(MonitoringOptions o, RegistryProvider registry, Path checkpointDir) throws Exception {
        return start(o, registry, checkpointDir, MonitoringJob.influxSink(o));
    }

    /** The same with another sink of the usage rows (a benchmark's). */
    public static LocalJob start(
            MonitoringOptions o, RegistryProvider registry, Path checkpointDir, Sink<SeriesPoint> usageSink)
            throws Exception {
        Files.createDirectories(checkpointDir);
        Optional<Path> latest = latestCheckpoint(checkpointDir);
        claimCheckpoints(checkpointDir, o.stateBackend(), latest.isPresent());
        Configuration conf = new Configuration();
        configureStateBackend(conf, o.stateBackend(), checkpointDir);
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                checkpointDir.toUri().toString());
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, Math.max(1, o.parallelism()));
        latest.ifPresent(
                p -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toUri().toString()));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(o.parallelism(), conf);
        MonitoringJob.buildWithConnectors(env, o, registry, usageSink);
        return new LocalJob(env.executeAsync("dcmon monitoring"), latest);
    }

    /**
     * Managed memory of the mini-cluster with RocksDB: its block cache and write buffers. The mini-cluster's own
     * default (128 MB, shared by all slots) left so little cache that {@code bench job} over a million points fell
     * from about 180,000 to under 10,000 readings/s; from 1 GB on more made little difference there
     * (docs/benchmarks.md, <i>State in RocksDB</i>).
     */
    static final MemorySize ROCKSDB_MANAGED_MEMORY = MemorySize.ofMebiBytes(1024);

    /**
     * The state backend of a run in this JVM ({@link StateBackends#config}); with RocksDB also its working
     * files in {@link #rocksDbDir} beside the checkpoints rather than in the temporary directory (they are as large
     * as the state), and {@link #ROCKSDB_MANAGED_MEMORY}.
     */
    public static void configureStateBackend(Configuration conf, StateBackendType backend, Path checkpointDir) {
        conf.addAll(StateBackends.config(backend));
        if (backend != StateBackendType.ROCKSDB) return;
        conf.set(RocksDBOptions.LOCAL_DIRECTORIES, rocksDbDir(checkpointDir).toString());
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, ROCKSDB_MANAGED_MEMORY);
    }

    /** In a checkpoint directory: the name of the state backend its checkpoints were written by. */
    static final String BACKEND_FILE = "state-backend";

    /** Checkpoints of one state backend do not restore into the other: Flink fails every attempt to restore them, and restarts without end. */
    public static final class StateBackendMismatch extends IllegalStateException {
        StateBackendMismatch(String message) {
            super(message);
        }
    }

    /**
     * Refuses to resume from checkpoints of the other state backend, and records the backend of the checkpoints
     * this run will write. Checkpoints without a record are from before the choice existed: heap state.
     */
    static void claimCheckpoints(Path checkpointDir, StateBackendType backend, boolean resuming) throws IOException {
        Path file = checkpointDir.resolve(BACKEND_FILE);
        if (resuming) {
            StateBackendType written = StateBackendType.HASHMAP;
            if (Files.exists(file)) {
                String name = Files.readString(file).strip();
                try {
                    written = StateBackendType.parse(name);
                } catch (IllegalArgumentException e) {
                    throw new StateBackendMismatch(file + ": " + e.getMessage());
                }
            }
            if (written != backend) {
                throw new StateBackendMismatch(
                        "the checkpoints in " + checkpointDir + " hold " + written.flinkName()
                                + " state, which does not restore into "
                                + backend.flinkName() + ": resume with --state-backend " + written.flinkName()
                                + ". Moving state to another backend needs a "
                                + "savepoint in canonical format (flink stop --type canonical on a cluster), which a local run does not take.");
            }
        }
        Files.writeString(file, backend.flinkName() + "\n");
    }

    /** Where RocksDB keeps its working files (a copy of the state, rebuilt from a checkpoint on every start). */
    public static Path rocksDbDir(Path checkpointDir) {
        return checkpointDir.toAbsolutePath().resolveSibling("rocksdb");
    }

    /** The checkpoint this run resumed from, if any. */
    public Optional<Path> restoredFrom() {
        return restoredFrom;
    }

    public JobClient client() {
        return client;
    }

    /**
     * The newest completed checkpoint under {@code dir}: a {@code chk-N} folder holding {@code _metadata}
     * (written last, so its presence means the checkpoint completed).
     */
    public static Optional<Path> latestCheckpoint(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return Optional.empty();
        try (Stream<Path> files = Files.walk(dir, 3)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .map(Path::getParent)
                    .filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .max(Comparator.comparingLong((Path p) -> p.toFile().lastModified())
                            .thenComparingLong(p ->
                                    Long.parseLong(p.getFileName().toString().substring(4))));
        }
    }

    /** Cancels the job (its last checkpoint is retained for the next start) and waits until it has stopped. */
    @Override
    public void close() throws Exception {
        try {
            client.cancel().get();
        } catch (Exception e) {
            // already finished or failed: nothing left to cancel
        }
        try {
            client.getJobExecutionResult().get();
        } catch (Exception e) {
            // a cancelled job completes its result exceptionally; that is the expected end
        }
    }
}
