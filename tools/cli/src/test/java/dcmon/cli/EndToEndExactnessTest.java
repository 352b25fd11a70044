package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.bridge.MqttKafkaBridge;
import dcmon.monitoring.LocalJob;
import dcmon.simulator.GroundTruth;
import dcmon.simulator.RunSummary;
import dcmon.simulator.Simulator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Simulator with every fault on → Mosquitto → bridge → Kafka → job → InfluxDB: every enterprise's daily and
 * monthly totals equal the simulator's ground truth, and the rejected topic holds exactly the injected bad
 * inputs, each with its reason.
 */
class EndToEndExactnessTest extends EndToEndTestBase {
    @Test
    void everyFaultOnTotalsAreExactAndEveryBadInputIsRejectedWithItsReason() throws Exception {
        try (MqttKafkaBridge bridge = e2e.startBridge("e2e-bridge-1");
                LocalJob job = e2e.startJob()) {
            RunSummary run = new Simulator(e2e.simulation(2, "all", 7).build()).run();
            GroundTruth truth = run.groundTruth();
            // every kind of fault was really injected, so each path below is exercised
            assertThat(truth.faultCounts().keySet())
                    .contains(
                            "dup",
                            "reorder",
                            "gap",
                            "rollover",
                            "reset",
                            "conflict",
                            "spike",
                            "negative-step",
                            "malformed",
                            "wrong-schema",
                            "unknown-enterprise",
                            "unknown-gateway",
                            "gateway-mismatch",
                            "oversized",
                            "unknown-point",
                            "spoof",
                            "foreign-gateway-point",
                            "bad-ts",
                            "bad-value",
                            "negative-value",
                            "future",
                            "too-late");
            assertThat(truth.enterprises()).hasSize(67);

            e2e.awaitExactResults(truth, Duration.ofMinutes(3));

            Map<String, String> rejected = e2e.rejections();
            assertThat(rejected).isEqualTo(truth.rejections());
            assertThat(rejected.values())
                    .contains(
                            "oversized",
                            "malformed_json",
                            "wrong_schema",
                            "unknown_enterprise",
                            "unknown_gateway",
                            "gateway_mismatch",
                            "enterprise_mismatch",
                            "unknown_point",
                            "bad_timestamp",
                            "bad_value",
                            "negative_value",
                            "future_timestamp",
                            "too_late",
                            "negative_step",
                            "suspect_step",
                            "conflict");
            assertThat(bridge.metrics().kafkaErrors()).isZero();
        }
    }
}
