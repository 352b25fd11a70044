package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.bridge.MqttKafkaBridge;
import dcmon.monitoring.LocalJob;
import dcmon.simulator.GroundTruth;
import dcmon.simulator.RunSummary;
import dcmon.simulator.Simulator;
import dcmon.stack.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulator with every fault on → Mosquitto → bridge → Kafka → job → InfluxDB: every enterprise's daily and
 * monthly totals equal the simulator's ground truth, and the rejected topic holds exactly the injected bad
 * inputs, each with its reason. Kafka here requires SASL/SCRAM logins: the bridge and the job each log in with the
 * client properties they are given (their sources, exactly-once sinks and transactions included).
 */
class EndToEndExactnessTest {
    @TempDir
    static Path dir;

    static EndToEnd e2e;

    /** Not {@link EndToEndTestBase}: this class's stack has a Kafka with SCRAM users. */
    @BeforeAll
    static void startServers() throws Exception {
        e2e = new EndToEnd(
                dir,
                new EmbeddedKafka.Scram(
                        "broker", Map.of("broker", "e2e-broker-pw", "bridge", "e2e-bridge-pw", "job", "e2e-job-pw")));
    }

    @AfterAll
    static void stopServers() {
        if (e2e != null) e2e.close();
    }

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
                            "too-late",
                            "late-covered");
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
                            "late_covered",
                            "negative_step",
                            "suspect_step",
                            "conflict");
            assertThat(bridge.metrics().kafkaErrors()).isZero();
        }
    }
}
