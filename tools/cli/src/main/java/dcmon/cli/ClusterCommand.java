package dcmon.cli;

import dcmon.cluster.ClusterClient;
import dcmon.cluster.ClusterException;
import dcmon.cluster.ClusterSettings;
import dcmon.cluster.FlinkCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.runtime.client.JobStatusMessage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        description = {
            "A standalone Flink session cluster on this machine (a JobManager and TaskManagers, each a process of its"
                    + " own, on Flink's released jars) and the monitoring job on it.",
            "Configuration, pid files, logs, checkpoints and savepoints are under --dir."
        },
        subcommands = {
            ClusterCommand.Up.class,
            ClusterCommand.Down.class,
            ClusterCommand.Status.class,
            ClusterCommand.Submit.class,
            ClusterCommand.Stop.class
        })
final class ClusterCommand implements Runnable {
    static final String DEFAULT_DIR = "var/cluster";
    static final String DEFAULT_JAR = "jobs/monitoring/target/dcmon-monitoring-0.1.0-SNAPSHOT-job.jar";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs a subcommand's work; a cluster that cannot do it is an error message and exit code 1. */
    static int report(CommandSpec spec, Callable<Integer> work) throws Exception {
        try {
            return work.call();
        } catch (ClusterException e) {
            spec.commandLine().getErr().println("dcmon cluster " + spec.name() + ": " + e.getMessage());
            return 1;
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Starts the JobManager and the TaskManagers.")
    static final class Up implements Callable<Integer> {
        @Option(
                names = "--dir",
                defaultValue = DEFAULT_DIR,
                description = "the cluster's directory (default: ${DEFAULT-VALUE})")
        Path dir;

        @Option(
                names = "--taskmanagers",
                defaultValue = "2",
                description = "TaskManager processes (default: ${DEFAULT-VALUE})")
        int taskManagers;

        @Option(
                names = "--slots",
                defaultValue = "2",
                description = "task slots per TaskManager (default: ${DEFAULT-VALUE})")
        int slots;

        @Option(
                names = "--rest-port",
                description = "the JobManager's REST port and web UI; 0: a free one (default: Flink's 8081 when free,"
                        + " else a free one)")
        Integer restPort;

        @Option(
                names = "--rpc-port",
                description =
                        "the JobManager's RPC port; 0: a free one (default: Flink's 6123 when free, else a free one)")
        Integer rpcPort;

        @Option(
                names = "--taskmanager-memory",
                defaultValue = "1280m",
                description = "each TaskManager's process size, everything included (default: ${DEFAULT-VALUE})")
        String taskManagerMemory;

        @Option(
                names = "--managed-memory",
                defaultValue = "128m",
                description = "each TaskManager's managed memory, RocksDB's cache and write buffers shared by its slots"
                        + " (default: ${DEFAULT-VALUE})")
        String managedMemory;

        @Spec
        CommandSpec spec;

        private MemorySize memory(String option, String value) {
            try {
                return MemorySize.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), option + " " + value + ": not a size such as 1280m or 2g");
            }
        }

        @Override
        public Integer call() throws Exception {
            MemorySize tmMemory = memory("--taskmanager-memory", taskManagerMemory);
            MemorySize managed = memory("--managed-memory", managedMemory);
            if (taskManagers < 1)
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--taskmanagers must be at least 1, was " + taskManagers);
            if (slots < 1)
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--slots must be at least 1, was " + slots);
            return report(spec, () -> {
                ClusterSettings settings = new ClusterSettings(
                        dir,
                        taskManagers,
                        slots,
                        port(rpcPort, FLINK_RPC_PORT),
                        port(restPort, FLINK_REST_PORT),
                        tmMemory,
                        managed);
                FlinkCluster cluster = FlinkCluster.up(settings);
                System.out.printf(
                        "Flink cluster up: JobManager (pid %d) at %s, %d TaskManagers × %d slots%n",
                        cluster.jobManagerPid().orElse(-1), cluster.restUrl(), taskManagers, slots);
                System.out.printf("configuration %s, logs %s%n", settings.configDir(), settings.logDir());
                System.out.printf("checkpoints %s (RocksDB, incremental)%n", settings.checkpointDir());
                return 0;
            });
        }
    }

    static final int FLINK_RPC_PORT = 6123;
    static final int FLINK_REST_PORT = 8081;

    /**
     * The port to use: the one given (0: any free one), or without one Flink's usual port when nothing listens there,
     * else a free one, so that a second cluster or a busy 8081 does not stop {@code up}.
     */
    static int port(Integer given, int flinkDefault) {
        if (given != null) return given == 0 ? ClusterSettings.freePort() : given;
        return ClusterSettings.isFree(flinkDefault) ? flinkDefault : ClusterSettings.freePort();
    }

    @Command(
            name = "down",
            mixinStandardHelpOptions = true,
            description = "Stops the TaskManagers and the JobManager (SIGTERM, then SIGKILL after 15 s).")
    static final class Down implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--dir",
                defaultValue = DEFAULT_DIR,
                description = "the cluster's directory (default: ${DEFAULT-VALUE})")
        Path dir;

        @Override
        public Integer call() throws Exception {
            return report(spec, () -> {
                int stopped = new FlinkCluster(dir).down();
                System.out.println(
                        stopped == 0 ? "no cluster process was running" : "stopped " + stopped + " cluster processes");
                return 0;
            });
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "The cluster's processes, TaskManagers, slots and jobs; exit code 3 when it is not running.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--dir",
                defaultValue = DEFAULT_DIR,
                description = "the cluster's directory (default: ${DEFAULT-VALUE})")
        Path dir;

        @Override
        public Integer call() throws Exception {
            return report(spec, () -> {
                FlinkCluster cluster = new FlinkCluster(dir);
                OptionalLong jm = cluster.jobManagerPid();
                if (jm.isEmpty()) {
                    System.out.println("not running (no JobManager of " + cluster.dir() + ")");
                    return 3;
                }
                System.out.printf("JobManager    pid %d  %s%n", jm.getAsLong(), cluster.restUrl());
                for (Map.Entry<Integer, OptionalLong> tm :
                        cluster.taskManagerPids().entrySet()) {
                    System.out.printf(
                            "TaskManager %d %s%n",
                            tm.getKey(),
                            tm.getValue().isPresent() ? "pid " + tm.getValue().getAsLong() : "not running");
                }
                try (ClusterClient client = cluster.client()) {
                    client.overview()
                            .ifPresentOrElse(
                                    o -> System.out.printf(
                                            "registered: %d TaskManagers, %d slots (%d free)%n",
                                            o.getNumTaskManagersConnected(),
                                            o.getNumSlotsTotal(),
                                            o.getNumSlotsAvailable()),
                                    () -> System.out.println("the JobManager does not answer on " + cluster.restUrl()));
                    for (JobStatusMessage j : client.jobs())
                        System.out.printf("job %s  %-10s %s%n", j.getJobId(), j.getJobState(), j.getJobName());
                }
                return 0;
            });
        }
    }

    @Command(
            name = "submit",
            mixinStandardHelpOptions = true,
            description = {
                "Submits the monitoring job jar to the cluster and returns once it is accepted.",
                "The job's own options follow after --, as ./dcmon job names them (--kafka, --influx, --registry, …);"
                        + " --registry, --reference, --targets and --alerts are made absolute, since the TaskManagers read them."
            })
    static final class Submit implements Callable<Integer> {
        @Option(
                names = "--dir",
                defaultValue = DEFAULT_DIR,
                description = "the cluster's directory (default: ${DEFAULT-VALUE})")
        Path dir;

        @Option(names = "--jar", defaultValue = DEFAULT_JAR, description = "the job jar (default: ${DEFAULT-VALUE})")
        Path jar;

        @Option(
                names = "--parallelism",
                defaultValue = "2",
                description = "the job's parallelism (default: ${DEFAULT-VALUE})")
        int parallelism;

        @Option(names = "--from-savepoint", description = "a savepoint (or retained checkpoint chk-N) to start from")
        Path fromSavepoint;

        @Parameters(
                paramLabel = "JOB-OPTION",
                description = "the job's options after --, e.g. -- --kafka HOST:PORT --influx URL")
        List<String> jobOptions = new ArrayList<>();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (parallelism < 1)
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--parallelism must be at least 1, was " + parallelism);
            List<String> args;
            try {
                args = ClusterJobArguments.of(jobOptions, parallelism);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "job option: " + e.getMessage());
            }
            return report(spec, () -> {
                FlinkCluster cluster = new FlinkCluster(dir);
                try (ClusterClient client = cluster.client()) {
                    JobID id = client.submit(jar, args, parallelism, fromSavepoint);
                    System.out.printf(
                            "submitted job %s at parallelism %d%s%n",
                            id, parallelism, fromSavepoint == null ? "" : " from " + fromSavepoint);
                    System.out.println("web UI: " + cluster.restUrl()
                            + "  (./dcmon cluster status, ./dcmon cluster stop --savepoint DIR)");
                }
                return 0;
            });
        }
    }

    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description =
                    "Stops a running job with a savepoint and prints its path (resume with submit --from-savepoint).")
    static final class Stop implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--dir",
                defaultValue = DEFAULT_DIR,
                description = "the cluster's directory (default: ${DEFAULT-VALUE})")
        Path dir;

        @Option(
                names = "--savepoint",
                description = "where the savepoint goes (default: the cluster's savepoints directory)")
        Path savepointDir;

        @Option(names = "--job", description = "the job's id (default: the only running job)")
        String job;

        @Override
        public Integer call() throws Exception {
            return report(spec, () -> {
                try (ClusterClient client = new FlinkCluster(dir).client()) {
                    JobID id = job == null ? onlyRunningJob(client) : parseJobId(job);
                    String path = client.stopWithSavepoint(id, savepointDir);
                    System.out.println("stopped job " + id + " with savepoint " + path);
                }
                return 0;
            });
        }

        private static JobID parseJobId(String text) {
            try {
                return JobID.fromHexString(text);
            } catch (IllegalArgumentException e) {
                throw new ClusterException("--job " + text + ": not a job id (32 hex digits, as status shows)");
            }
        }

        private static JobID onlyRunningJob(ClusterClient client) {
            List<JobStatusMessage> running = client.jobs().stream()
                    .filter(j -> !j.getJobState().isTerminalState())
                    .toList();
            if (running.size() != 1)
                throw new ClusterException(running.size() + " jobs are running; name one with --job");
            return running.get(0).getJobId();
        }
    }
}
