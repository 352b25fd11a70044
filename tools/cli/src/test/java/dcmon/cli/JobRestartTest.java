package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.bridge.MqttKafkaBridge;
import dcmon.monitoring.LocalJob;
import dcmon.monitoring.MonitoringOptions;
import dcmon.monitoring.StateBackendType;
import dcmon.simulator.RunSummary;
import dcmon.simulator.Simulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The job is stopped mid-stream, without a final flush, and started again: it resumes from its last retained
 * checkpoint, replays from the Kafka offsets stored there, and the totals are still exact — nothing lost,
 * nothing counted twice.
 */
class JobRestartTest extends EndToEndTestBase {
    /** Where the job keeps its state; the checkpoints differ in kind, the results must not. */
    StateBackendType stateBackend() {
        return StateBackendType.HASHMAP;
    }

    /** Checked while the first run goes on. */
    void whileRunning() throws Exception {}

    @Test
    void jobRestartedFromItsLastCheckpointMidStreamCountsEverythingExactlyOnce() throws Exception {
        try (MqttKafkaBridge bridge = e2e.startBridge("restart-bridge-1")) {
            Simulator simulator =
                    new Simulator(e2e.simulation(2, "dup,reorder,gap,rollover,reset,conflict,spike,malformed", 11)
                            .maxMessagesPerSecond(1500)
                            .build());
            CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return simulator.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            MonitoringOptions options =
                    e2e.options.toBuilder().stateBackend(stateBackend()).build();
            LocalJob first = e2e.startJob(options);
            assertThat(first.restoredFrom()).isEmpty();
            whileRunning();
            // stop it once it has committed some results and is in the middle of the stream; the simulator waits
            // for the first checkpoint, which on a loaded machine can take longer than the whole stream
            EndToEnd.await("5,000 messages published", Duration.ofSeconds(60), () -> simulator.published() > 5_000);
            simulator.pause(Duration.ofSeconds(30));
            EndToEnd.await("a completed checkpoint", Duration.ofSeconds(120), () -> hasCheckpoint(e2e.checkpoints()));
            simulator.resume();
            first.close();
            long publishedAtStop = simulator.published();

            try (LocalJob second = e2e.startJob(options)) {
                assertThat(second.restoredFrom()).isPresent();
                RunSummary summary = run.get();
                assertThat(publishedAtStop).isLessThan(summary.messages());
                e2e.awaitExactResults(summary.groundTruth(), Duration.ofMinutes(3));
                assertThat(e2e.rejections()).isEqualTo(summary.groundTruth().rejections());
            }
        }
    }

    private static boolean hasCheckpoint(Path checkpoints) {
        try {
            return LocalJob.latestCheckpoint(checkpoints).isPresent();
        } catch (java.io.IOException | RuntimeException e) {
            return false; // a checkpoint folder being written or removed right now
        }
    }
}
