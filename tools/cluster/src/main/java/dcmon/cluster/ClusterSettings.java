package dcmon.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;

/**
 * What a standalone session cluster is started with, and the Flink configuration ({@code config.yaml}) made from
 * it: loopback addresses and the given ports, RocksDB with incremental checkpoints in a directory every process
 * shares, and small processes (the cluster shares a small machine with the rest of the stack).
 *
 * @param dir the cluster's directory: its configuration, pid files, logs, checkpoints and savepoints
 * @param taskManagers how many TaskManager processes {@code up} starts
 * @param slots task slots per TaskManager
 * @param rpcPort the JobManager's RPC port
 * @param restPort the JobManager's REST port (job submission, status, the web UI's API)
 * @param taskManagerMemory each TaskManager's process size, everything included
 * @param managedMemory each TaskManager's managed memory: RocksDB's block cache and write buffers, shared by its slots
 */
public record ClusterSettings(
        Path dir,
        int taskManagers,
        int slots,
        int rpcPort,
        int restPort,
        MemorySize taskManagerMemory,
        MemorySize managedMemory) {
    /** The file name Flink 2 reads its configuration from (Flink 1's was flink-conf.yaml). */
    public static final String CONFIG_FILE = "config.yaml";

    /** A JobManager holds no job state; its own work is small. */
    public static final MemorySize JOB_MANAGER_MEMORY = MemorySize.ofMebiBytes(1024);

    /** Per TaskManager by default, everything included (heap about 500 MB, network buffers, RocksDB, JVM overhead). */
    public static final MemorySize TASK_MANAGER_MEMORY = MemorySize.ofMebiBytes(1280);

    /** RocksDB's block cache and write buffers per TaskManager by default, shared by its slots. */
    public static final MemorySize TASK_MANAGER_MANAGED_MEMORY = MemorySize.ofMebiBytes(128);

    /**
     * A lost TaskManager is noticed within this time even when its process died without closing its connections
     * (Flink's default is 50 s; a restart should not wait that long on one machine).
     */
    static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

    static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(2);

    public ClusterSettings {
        dir = dir.toAbsolutePath().normalize();
        if (taskManagers < 1)
            throw new IllegalArgumentException("--taskmanagers must be at least 1, not " + taskManagers);
        if (slots < 1) throw new IllegalArgumentException("--slots must be at least 1, not " + slots);
    }

    /** Settings with the default memory of a TaskManager. */
    public ClusterSettings(Path dir, int taskManagers, int slots, int rpcPort, int restPort) {
        this(dir, taskManagers, slots, rpcPort, restPort, TASK_MANAGER_MEMORY, TASK_MANAGER_MANAGED_MEMORY);
    }

    /** Settings with RPC and REST ports that were free on loopback a moment ago. */
    public static ClusterSettings withFreePorts(Path dir, int taskManagers, int slots) {
        return new ClusterSettings(dir, taskManagers, slots, freePort(), freePort());
    }

    /** Whether nothing listens on this loopback port right now. */
    public static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(LOOPBACK))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    public Path configDir() {
        return dir.resolve("conf");
    }

    public Path checkpointDir() {
        return dir.resolve("checkpoints");
    }

    public Path savepointDir() {
        return dir.resolve("savepoints");
    }

    public Path logDir() {
        return dir.resolve("log");
    }

    /** The cluster's Flink configuration. */
    public Configuration flinkConfiguration() {
        Configuration c = new Configuration();
        c.set(JobManagerOptions.ADDRESS, LOOPBACK);
        c.set(JobManagerOptions.BIND_HOST, LOOPBACK);
        c.set(JobManagerOptions.PORT, rpcPort);
        c.set(JobManagerOptions.TOTAL_PROCESS_MEMORY, JOB_MANAGER_MEMORY);
        c.set(RestOptions.ADDRESS, LOOPBACK);
        c.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        c.set(RestOptions.PORT, restPort);
        c.set(TaskManagerOptions.HOST, LOOPBACK);
        c.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        c.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
        c.set(TaskManagerOptions.TOTAL_PROCESS_MEMORY, taskManagerMemory);
        c.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, managedMemory);
        // a job's tasks spread over the TaskManagers rather than filling one first: losing one then costs part
        c.set(TaskManagerOptions.TASK_MANAGER_LOAD_BALANCE_MODE, TaskManagerOptions.TaskManagerLoadBalanceMode.SLOTS);
        c.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        c.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        c.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                checkpointDir().toUri().toString());
        c.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, savepointDir().toUri().toString());
        c.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        c.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
        c.set(RocksDBOptions.LOCAL_DIRECTORIES, dir.resolve("rocksdb").toString());
        c.set(CoreOptions.TMP_DIRS, dir.resolve("tmp").toString());
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
        c.set(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, HEARTBEAT_TIMEOUT);
        c.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, HEARTBEAT_INTERVAL);
        return c;
    }

    static final String LOOPBACK = "127.0.0.1";

    /** Writes {@code config.yaml} into {@link #configDir()}, one {@code key: value} line per setting, sorted. */
    public Path writeConfig() throws IOException {
        Files.createDirectories(configDir());
        Map<String, String> sorted = new TreeMap<>(flinkConfiguration().toMap());
        List<String> lines = new ArrayList<>();
        lines.add("# written by ./dcmon cluster up; read by the JobManager, the TaskManagers and the job's client");
        sorted.forEach((k, v) -> lines.add(k + ": " + yamlValue(v)));
        Path file = configDir().resolve(CONFIG_FILE);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /** Quotes values YAML would read as something else (a path with a colon, a list, a number-like string). */
    private static String yamlValue(String v) {
        if (v.matches("[A-Za-z0-9_./-]+") && !v.matches("[0-9.]+")) return v;
        if (v.matches("-?[0-9]+")) return v;
        return "'" + v.replace("'", "''") + "'";
    }
}
