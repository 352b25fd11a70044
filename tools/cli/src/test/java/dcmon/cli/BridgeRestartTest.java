package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.bridge.MqttKafkaBridge;
import dcmon.monitoring.LocalJob;
import dcmon.simulator.RunSummary;
import dcmon.simulator.Simulator;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Two bridge instances share the subscription; one is stopped mid-stream and started again under its client
 * id. Messages the broker held for it in its persistent session arrive after the restart, the other instance
 * goes on meanwhile, and the totals are still exact.
 */
class BridgeRestartTest extends EndToEndTestBase {
    @Test
    void bridgeRestartedMidStreamLosesNothingAndCountsNothingTwice() throws Exception {
        MqttKafkaBridge first = e2e.startBridge("bridge-a");
        try (MqttKafkaBridge other = e2e.startBridge("bridge-b");
                LocalJob job = e2e.startJob()) {
            Simulator simulator = new Simulator(e2e.simulation(2, "dup,gap,conflict,unknown-point", 13)
                    .maxMessagesPerSecond(1500)
                    .build());
            CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return simulator.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            EndToEnd.await(
                    "the first bridge to forward a part of the stream",
                    Duration.ofSeconds(60),
                    () -> first.forwarded() > 3_000);
            first.close();
            long forwardedBefore = first.forwarded();
            Thread.sleep(2_000); // the broker keeps queueing for bridge-a's session meanwhile
            try (MqttKafkaBridge again = e2e.startBridge("bridge-a")) {
                RunSummary summary = run.get();
                assertThat(forwardedBefore).isLessThan(summary.messages());
                e2e.awaitExactResults(summary.groundTruth(), Duration.ofMinutes(3));
                assertThat(e2e.rejections()).isEqualTo(summary.groundTruth().rejections());
                assertThat(again.forwarded())
                        .as("messages held in bridge-a's session reach Kafka after its restart")
                        .isPositive();
                assertThat(other.forwarded()).isPositive();
            }
        } finally {
            first.close();
        }
    }
}
