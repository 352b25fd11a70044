package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.bridge.MqttKafkaBridge;
import dcmon.cluster.ClusterClient;
import dcmon.cluster.FlinkCluster;
import dcmon.monitoring.LocalJob;
import dcmon.simulator.RunSummary;
import dcmon.simulator.Simulator;
import dcmon.simulator.SimulatorOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The monitoring job on a real standalone Flink cluster — a JobManager and TaskManagers, each a JVM of its own —
 * submitted as the job jar through {@code ./dcmon cluster}: a TaskManager killed with SIGKILL mid-stream and
 * replaced, the job restores its last checkpoint (RocksDB, incremental) and the totals are exact; then stopped with
 * a savepoint and resubmitted from it at twice the parallelism, the whole history published again counts nothing
 * twice and the totals are still exact.
 */
class ClusterJobTest extends EndToEndTestBase {
    static final Path JOB_JAR =
            Path.of(System.getProperty("dcmon.home", "../..")).resolve(ClusterCommand.DEFAULT_JAR);

    /** Only one day, at a modest rate, so the TaskManager dies while the stream goes on. */
    static final int DAYS = 1;

    static final double MESSAGES_PER_SECOND = 300;

    static FlinkCluster cluster;

    @AfterAll
    static void stopCluster() {
        if (cluster != null) cluster.down();
    }

    @Test
    void jobOnAStandaloneClusterRecoversFromALostTaskManagerAndRescalesFromASavepointWithExactTotals()
            throws Exception {
        assertThat(JOB_JAR)
                .as("the job jar; build it with mvn -pl jobs/monitoring -am package -DskipTests")
                .isRegularFile();
        Path clusterDir = dir.resolve("cluster");
        cli(
                "cluster",
                "up",
                "--dir",
                clusterDir.toString(),
                "--taskmanagers",
                "2",
                "--slots",
                "2",
                "--rest-port",
                "0",
                "--rpc-port",
                "0");
        cluster = new FlinkCluster(clusterDir);
        // the cluster's processes outlive this JVM by design; a test JVM stopped early must not leave them behind
        FlinkCluster started = cluster;
        Runtime.getRuntime().addShutdownHook(new Thread(started::down, "cluster-down"));
        assertThat(cluster.taskManagerPids()).hasSize(2);
        // one window for both runs, so that the second publishes exactly the first's messages again
        Instant to = Instant.now().truncatedTo(ChronoUnit.MINUTES);

        try (MqttKafkaBridge bridge = e2e.startBridge("cluster-bridge");
                ClusterClient client = cluster.client()) {
            JobID job = submit(client, 2, null);
            client.awaitStatus(job, JobStatus.RUNNING, Duration.ofSeconds(60));
            // the first checkpoint waits for every task to start, which on two busy cores can take longer than
            // the whole simulation: publish only once the job checkpoints
            Path checkpoints = clusterDir.resolve("checkpoints").resolve(job.toHexString());
            EndToEnd.await("the job's first checkpoint", Duration.ofSeconds(120), () -> checkpoint(checkpoints) > 0);
            Simulator first = simulator(to, MESSAGES_PER_SECOND);
            CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(() -> runQuietly(first));

            // lose a TaskManager that runs part of the job (the tasks spread over both), once a checkpoint holds
            // some of the stream
            EndToEnd.await("2,000 messages published", Duration.ofSeconds(60), () -> first.published() > 2_000);
            long before = checkpoint(checkpoints);
            EndToEnd.await("a checkpoint mid-stream", Duration.ofSeconds(30), () -> checkpoint(checkpoints) > before);
            long victim = cluster.taskManagerPids().get(1).orElseThrow();
            ProcessHandle.of(victim).orElseThrow().destroyForcibly(); // SIGKILL: no goodbye to the JobManager
            ProcessHandle.of(victim).ifPresent(p -> p.onExit().join());
            assertThat(run)
                    .as("the simulator still publishing when the TaskManager died")
                    .isNotDone();
            cluster.addTaskManager();

            RunSummary summary = run.get(5, TimeUnit.MINUTES);
            e2e.awaitExactResults(summary.groundTruth(), Duration.ofMinutes(4));
            assertThat(e2e.rejections()).isEqualTo(summary.groundTruth().rejections());
            assertThat(Files.readString(clusterDir.resolve("log/jobmanager.log")))
                    .as("the JobManager restored the job from a checkpoint after the TaskManager was lost")
                    .contains("Restoring job " + job + " from Checkpoint");

            // stop with a savepoint, resume it at parallelism 4 and publish the same history again
            Path savepoints = dir.resolve("savepoints");
            String out = cli("cluster", "stop", "--dir", clusterDir.toString(), "--savepoint", savepoints.toString());
            assertThat(client.status(job)).isEqualTo(JobStatus.FINISHED);
            Path savepoint = Path.of(out.substring(out.indexOf("savepoint ") + "savepoint ".length())
                    .strip()
                    .replaceFirst("^file:", ""));
            assertThat(savepoint.resolve("_metadata")).isRegularFile();

            JobID rescaled = submit(client, 4, savepoint);
            client.awaitStatus(rescaled, JobStatus.RUNNING, Duration.ofSeconds(60));
            RunSummary again = runQuietly(simulator(to, 0)); // unpaced: nothing to interrupt this time
            assertThat(again.messages()).isEqualTo(summary.messages());
            e2e.awaitExactResults(again.groundTruth(), Duration.ofMinutes(4));
            assertThat(cli("cluster", "status", "--dir", clusterDir.toString()))
                    .contains(rescaled + "  RUNNING")
                    .contains(job + "  FINISHED");
        }
    }

    private Simulator simulator(Instant to, double messagesPerSecond) throws Exception {
        SimulatorOptions options = e2e.simulation(DAYS, "dup,reorder,gap,rollover,conflict,malformed", 17)
                .to(to)
                .maxMessagesPerSecond(messagesPerSecond)
                .build();
        return new Simulator(options);
    }

    private static RunSummary runQuietly(Simulator s) {
        try {
            return s.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Submits the job jar through the command, with the test stack's servers; returns the new job's id. */
    private JobID submit(ClusterClient client, int parallelism, Path savepoint) {
        List<String> args = new ArrayList<>(List.of(
                "cluster",
                "submit",
                "--dir",
                cluster.dir().toString(),
                "--jar",
                JOB_JAR.toString(),
                "--parallelism",
                Integer.toString(parallelism)));
        if (savepoint != null) args.addAll(List.of("--from-savepoint", savepoint.toString()));
        args.addAll(List.of(
                "--",
                "--kafka",
                e2e.stack.kafka.bootstrapServers(),
                "--influx",
                e2e.stack.influxd.url(),
                "--registry",
                EndToEnd.REGISTRY.toString(),
                "--reference",
                EndToEnd.REFERENCE.toString(),
                "--targets",
                EndToEnd.TARGETS.toString(),
                "--alerts",
                EndToEnd.ALERTS.toString(),
                "--checkpoint-interval",
                "PT1S",
                "--point-rollup-interval",
                "PT1S"));
        String out = cli(args.toArray(String[]::new));
        String id = out.substring(out.indexOf("submitted job ") + "submitted job ".length())
                .split(" ")[0];
        assertThat(client.jobs()).extracting(JobStatusMessage::getJobId).contains(JobID.fromHexString(id));
        return JobID.fromHexString(id);
    }

    /** Runs a dcmon command in this JVM; it must succeed; returns what it printed. */
    private static String cli(String... args) {
        StringWriter err = new StringWriter();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.out;
        int code;
        try {
            System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            CommandLine cli = new CommandLine(new Dcmon());
            cli.setErr(new PrintWriter(err, true));
            code = cli.execute(args);
        } finally {
            System.setOut(saved);
        }
        String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        saved.print(printed);
        assertThat(code).as(String.join(" ", args) + "\n" + printed + err).isZero();
        return printed;
    }

    /** The number of the newest completed checkpoint ({@code chk-N}), 0 before the first. */
    private static long checkpoint(Path checkpoints) {
        try {
            return LocalJob.latestCheckpoint(checkpoints)
                    .map(p -> Long.parseLong(p.getFileName().toString().substring("chk-".length())))
                    .orElse(0L);
        } catch (IOException | RuntimeException e) {
            return 0; // a checkpoint folder being written or removed right now
        }
    }
}
