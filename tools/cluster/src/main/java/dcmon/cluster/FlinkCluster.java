package dcmon.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A standalone Flink session cluster on this machine: one JobManager process
 * ({@code StandaloneSessionClusterEntrypoint}) and TaskManager processes ({@code TaskManagerRunner}), each a JVM of
 * its own on Flink's released jars, sharing a configuration directory. The processes outlive the command that
 * started them; their pids are kept in the cluster's directory ({@code jobmanager.pid}, {@code taskmanager-N.pid})
 * so that {@code down} and {@code status} find them, and only processes whose command line names this cluster's
 * configuration directory are ever stopped.
 *
 * <p>The JVM options of each process (heap, direct and metaspace limits) and the memory settings handed to it are
 * the ones Flink's own start scripts compute from the configuration (the same Flink classes do it here).
 */
public final class FlinkCluster {
    static final String JOB_MANAGER_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    static final String JOB_MANAGER = "jobmanager";
    static final String TASK_MANAGER = "taskmanager-";
    private static final Pattern TASK_MANAGER_PID = Pattern.compile("taskmanager-(\\d+)\\.pid");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_WAIT = Duration.ofSeconds(15);

    /** Module access Flink needs on Java 17: Flink's distribution's list without the compiler exports the Table API uses. */
    static final List<String> JAVA_17_OPENS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private final Path dir;

    /** The cluster whose directory is {@code dir} (running or not). */
    public FlinkCluster(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    public Path configDir() {
        return dir.resolve("conf");
    }

    /** The configuration the cluster runs with, as its processes read it. */
    public Configuration configuration() {
        if (!Files.isRegularFile(configDir().resolve(ClusterSettings.CONFIG_FILE)))
            throw new ClusterException("no cluster configured in " + dir + ": start one with ./dcmon cluster up");
        return GlobalConfiguration.loadConfiguration(configDir().toString());
    }

    /** The REST address of the JobManager: the web UI, job submission and status. */
    public String restUrl() {
        Configuration c = configuration();
        return "http://" + c.get(RestOptions.ADDRESS) + ":" + c.get(RestOptions.PORT);
    }

    /**
     * Writes the configuration, starts the JobManager and the TaskManagers and returns once every TaskManager has
     * registered with the JobManager.
     *
     * @throws ClusterException when a cluster of this directory is running already, or a process did not come up
     *     (the message names its log)
     */
    public static FlinkCluster up(ClusterSettings settings) throws IOException, InterruptedException {
        FlinkCluster cluster = new FlinkCluster(settings.dir());
        if (cluster.jobManagerPid().isPresent())
            throw new ClusterException("a cluster is already running in " + cluster.dir + " (JobManager "
                    + cluster.jobManagerPid().getAsLong() + "): ./dcmon cluster down first");
        cluster.stopLeftovers(); // TaskManagers of an earlier cluster whose JobManager is gone
        Files.createDirectories(settings.logDir());
        Files.createDirectories(settings.checkpointDir());
        Files.createDirectories(settings.savepointDir());
        Files.createDirectories(settings.dir().resolve("tmp"));
        settings.writeConfig();
        taskManagerSpec(cluster.configuration()); // before any process starts
        cluster.startJobManager();
        for (int i = 1; i <= settings.taskManagers(); i++) cluster.startTaskManager(i);
        try (ClusterClient client = cluster.client()) {
            client.awaitTaskManagers(settings.taskManagers(), START_TIMEOUT, cluster::checkAlive);
        } catch (RuntimeException | InterruptedException e) {
            cluster.down();
            throw e;
        }
        return cluster;
    }

    /** A REST client of this cluster's JobManager. */
    public ClusterClient client() {
        return new ClusterClient(configuration());
    }

    /** Starts one more TaskManager (a replacement for a lost one, or more slots); returns its number. */
    public int addTaskManager() throws IOException {
        int n = taskManagerPids().keySet().stream().mapToInt(i -> i).max().orElse(0) + 1;
        startTaskManager(n);
        return n;
    }

    void startJobManager() throws IOException {
        JobManagerProcessSpec spec = JobManagerProcessUtils.processSpecFromConfig(configuration());
        List<String> jvm = split(JobManagerProcessUtils.generateJvmParametersStr(spec, configuration()));
        List<String> dynamic = split(JobManagerProcessUtils.generateDynamicConfigsStr(spec));
        start(JOB_MANAGER, jvm, JOB_MANAGER_MAIN, dynamic);
    }

    void startTaskManager(int n) throws IOException {
        TaskExecutorProcessSpec spec = taskManagerSpec(configuration());
        List<String> jvm = split(ProcessMemoryUtils.generateJvmParametersStr(spec));
        List<String> dynamic = new ArrayList<>(split(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec)));
        // a readable, stable id in the web UI and the logs instead of a random one
        dynamic.addAll(List.of("-D", "taskmanager.resource-id=" + TASK_MANAGER + n));
        start(TASK_MANAGER + n, jvm, TASK_MANAGER_MAIN, dynamic);
    }

    /**
     * A TaskManager's memory as Flink derives it; settings that do not add up (managed memory larger than the process,
     * say) are refused with Flink's explanation.
     */
    static TaskExecutorProcessSpec taskManagerSpec(Configuration config) {
        try {
            return TaskExecutorProcessUtils.processSpecFromConfig(config);
        } catch (IllegalConfigurationException e) {
            throw new ClusterException(
                    "the TaskManager's memory settings do not fit: " + ClusterClient.rootMessage(e), e);
        }
    }

    /**
     * One cluster process: Flink's jars on the class path, output to {@code log/NAME.log}, in a session of its own
     * (setsid) so that Ctrl-C in the terminal that ran {@code up} does not reach it.
     */
    private void start(String name, List<String> jvm, String main, List<String> dynamic) throws IOException {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) command.add("/usr/bin/setsid");
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.addAll(JAVA_17_OPENS);
        command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        command.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        command.add("-Dorg.slf4j.simpleLogger.log.org.apache.flink.metrics.MetricGroup=error");
        command.addAll(List.of(
                "-cp", flinkClassPath(), main, "--configDir", configDir().toString()));
        command.addAll(dynamic);
        Path log = dir.resolve("log").resolve(name + ".log");
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log.toFile()))
                .redirectInput(Redirect.from(new java.io.File("/dev/null")))
                .start();
        Files.writeString(pidFile(name), p.pid() + "\n", StandardCharsets.US_ASCII);
    }

    /** Flink's released jars (and their dependencies), as the build recorded them for this module. */
    static String flinkClassPath() {
        try (InputStream in = FlinkCluster.class.getResourceAsStream("flink-classpath.txt")) {
            if (in == null)
                throw new ClusterException("flink-classpath.txt is missing from the build of dcmon-cluster");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> split(String args) {
        return Arrays.stream(args.strip().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** Fails with the process's log when the JobManager or a TaskManager has exited during start. */
    private void checkAlive() {
        if (jobManagerPid().isEmpty()) throw died(JOB_MANAGER);
        taskManagerPids().forEach((n, pid) -> {
            if (pid.isEmpty()) throw died(TASK_MANAGER + n);
        });
    }

    private ClusterException died(String name) {
        return new ClusterException(
                name + " exited while starting; see " + dir.resolve("log").resolve(name + ".log"));
    }

    Path pidFile(String name) {
        return dir.resolve(name + ".pid");
    }

    /** The JobManager's pid while it runs. */
    public OptionalLong jobManagerPid() {
        return livePid(pidFile(JOB_MANAGER));
    }

    /** Every TaskManager this cluster started, by number, with its pid while it runs. */
    public TreeMap<Integer, OptionalLong> taskManagerPids() {
        TreeMap<Integer, OptionalLong> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                Matcher m = TASK_MANAGER_PID.matcher(f.getFileName().toString());
                if (m.matches()) out.put(Integer.parseInt(m.group(1)), livePid(f));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The pid in {@code pidFile} if that process runs and is one of this cluster's (its command names our config). */
    OptionalLong livePid(Path pidFile) {
        if (!Files.isRegularFile(pidFile)) return OptionalLong.empty();
        long pid;
        try {
            pid = Long.parseLong(
                    Files.readString(pidFile, StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive() || !runsWithConfig(pid)) return OptionalLong.empty();
        return OptionalLong.of(pid);
    }

    /** Whether the process's command line names this cluster's configuration directory (not a reused pid). */
    private boolean runsWithConfig(long pid) {
        try {
            String cmdline = new String(
                    Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
            return Arrays.asList(cmdline.split("\0")).contains(configDir().toString());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Stops every process of this cluster, TaskManagers first: SIGTERM, and SIGKILL for one still running after
     * {@value #STOP_WAIT_SECONDS} seconds. Pid files of processes that are gone are removed.
     *
     * @return how many processes were stopped
     */
    public int down() {
        int stopped = stopLeftovers();
        if (stop(pidFile(JOB_MANAGER))) stopped++;
        return stopped;
    }

    static final long STOP_WAIT_SECONDS = 15;

    private int stopLeftovers() {
        int stopped = 0;
        for (Integer n : taskManagerPids().keySet()) if (stop(pidFile(TASK_MANAGER + n))) stopped++;
        return stopped;
    }

    /** Stops the process in {@code pidFile} if it is ours; removes the file. */
    private boolean stop(Path pidFile) {
        OptionalLong pid = livePid(pidFile);
        boolean stopped = false;
        if (pid.isPresent()) {
            ProcessHandle p = ProcessHandle.of(pid.getAsLong()).orElseThrow();
            p.destroy();
            try {
                p.onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
                try {
                    p.onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
                } catch (Exception again) {
                    throw new ClusterException("process " + pid.getAsLong() + " (" + pidFile + ") does not stop");
                }
            }
            stopped = true;
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stopped;
    }
}
