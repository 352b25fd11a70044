package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcmon.bridge.MqttKafkaBridge;
import dcmon.core.Topics;
import dcmon.core.reading.Rejection;
import dcmon.monitoring.LocalJob;
import dcmon.simulator.GroundTruth;
import dcmon.simulator.RunSummary;
import dcmon.simulator.Simulator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;
import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

/**
 * A sample of the hostile-input corpus (core's {@code fuzz/corpus.jsonl.gz}) published on real Mosquitto while the
 * simulator's clean readings flow: the bridge and the job neither crash nor stall, every bad message that MQTT
 * delivers lands on {@code dcmon.readings.rejected} with its reason (the exact multiset of reasons), and the good
 * readings' totals equal the simulator's ground truth.
 */
class HostileInputEndToEndTest extends EndToEndTestBase {
    static final Path CORPUS =
            Path.of(System.getProperty("dcmon.home", "../..")).resolve("core/src/test/resources/fuzz/corpus.jsonl.gz");
    static final int SAMPLE = 2_000;

    record Case(int id, String kind, String topic, byte[] payload, String reason, int rejections) {}

    @Test
    void badInputIsRejectedWithItsReasonWhileGoodReadingsCountExactly() throws Exception {
        List<Case> sample = sample(SAMPLE);
        try (MqttKafkaBridge bridge = e2e.startBridge("e2e-bridge-hostile");
                LocalJob job = e2e.startJob()) {
            CompletableFuture<Published> hostile = CompletableFuture.supplyAsync(() -> publish(sample));
            RunSummary run = new Simulator(e2e.simulation(1, "none", 18).build()).run();
            GroundTruth truth = run.groundTruth();
            Published published = hostile.get();

            // what MQTT refused never reached the bridge; it must be only topics MQTT forbids
            for (Case c : published.refused())
                assertThat(mqttForbids(c.topic()))
                        .as("case %d refused on topic %s", c.id(), c.topic())
                        .isTrue();
            Map<String, Integer> want = new TreeMap<>();
            for (Case c : published.delivered()) want.merge(c.reason(), c.rejections(), Integer::sum);
            truth.rejections().values().forEach(reason -> want.merge(reason, 1, Integer::sum));
            int total = want.values().stream().mapToInt(Integer::intValue).sum();
            assertThat(published.delivered().size() + published.refused().size() + published.unrouted())
                    .isEqualTo(SAMPLE);
            assertThat(published.delivered()).hasSizeGreaterThan(SAMPLE * 9 / 10);

            e2e.awaitExactResults(truth, Duration.ofMinutes(4));
            Map<String, Integer> got = new TreeMap<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            do {
                got = rejectedReasons();
                if (got.values().stream().mapToInt(Integer::intValue).sum() >= total) break;
                Thread.sleep(2_000);
            } while (System.nanoTime() < deadline);
            System.out.printf(
                    "hostile sample of %d: %d delivered, %d refused by MQTT, %d not routed; rejected: %s%n",
                    SAMPLE, published.delivered().size(), published.refused().size(), published.unrouted(), got);
            assertThat(got).isEqualTo(want);
            assertThat(got.keySet())
                    .contains(
                            "oversized",
                            "bad_topic",
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
                            "too_late");
            assertThat(job.client().getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            assertThat(bridge.metrics().kafkaErrors()).isZero();
        }
    }

    /** Every record on the rejected topic, counted by reason. */
    private static Map<String, Integer> rejectedReasons() {
        Map<String, Integer> out = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : e2e.readAll(Topics.READINGS_REJECTED))
            out.merge(Rejection.idAndReason(r.value())[1], 1, Integer::sum);
        return out;
    }

    /**
     * Bad cases whose outcome does not depend on when they are received, drawn with a fixed seed; huge arrays of
     * bad readings are left to the fast test so that the rejected topic stays readable.
     */
    static List<Case> sample(int n) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Case> bad = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(CORPUS)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode c = json.readTree(line);
                if (!c.get("any_time").asBoolean() || c.get("reason").asText().equals("accepted")) continue;
                if (c.get("rejections").asInt() > 50) continue;
                bad.add(new Case(
                        c.get("case").asInt(),
                        c.get("kind").asText(),
                        c.get("topic").asText(),
                        Base64.getDecoder().decode(c.get("payload").asText()),
                        c.get("reason").asText(),
                        c.get("rejections").asInt()));
            }
        }
        Collections.shuffle(bad, new Random(18));
        return bad.subList(0, n);
    }

    record Published(List<Case> delivered, List<Case> refused, int unrouted) {}

    /**
     * Publishes each case at QoS 1 and waits for its acknowledgement. A topic the bridges do not subscribe to is
     * not routed; a topic the client or the broker refuses (the broker drops the connection) is refused, and the
     * publisher connects again.
     */
    private static Published publish(List<Case> cases) {
        List<Case> delivered = new ArrayList<>();
        List<Case> refused = new ArrayList<>();
        int unrouted = 0;
        MqttAsyncClient client = null;
        try {
            for (Case c : cases) {
                if (!routedToBridges(c.topic())) {
                    unrouted++;
                    continue;
                }
                if (client == null || !client.isConnected()) client = connect(client);
                try {
                    MqttMessage m = new MqttMessage(c.payload());
                    m.setQos(1);
                    IMqttToken t = client.publish(c.topic(), m);
                    t.waitForCompletion(30_000);
                    int[] codes = t.getReasonCodes();
                    if (codes != null && codes.length > 0 && codes[0] >= 0x80) refused.add(c);
                    else delivered.add(c);
                } catch (Exception e) {
                    refused.add(c);
                }
            }
            if (client != null) {
                client.disconnect().waitForCompletion(10_000);
                client.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new Published(delivered, refused, unrouted);
    }

    private static MqttAsyncClient connect(MqttAsyncClient old) throws Exception {
        if (old != null) old.close(true);
        MqttAsyncClient c =
                new MqttAsyncClient(e2e.stack.mosquitto.url(), "e2e-hostile-publisher", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        c.connect(o).waitForCompletion(30_000);
        return c;
    }

    /** The bridges subscribe to {@code dcmon/v1/+/+/readings}; anything else has no subscriber. */
    static boolean routedToBridges(String topic) {
        String[] levels = topic.split("/", -1);
        return levels.length == 5
                && levels[0].equals("dcmon")
                && levels[1].equals("v1")
                && levels[4].equals("readings");
    }

    /** Topics MQTT forbids or a broker may refuse: wildcards, NUL, control characters (MQTT 5, 1.5.4). */
    static boolean mqttForbids(String topic) {
        if (topic.isEmpty()) return true;
        for (int i = 0; i < topic.length(); i++) {
            char ch = topic.charAt(i);
            if (ch == '+' || ch == '#' || ch <= 0x1F || (ch >= 0x7F && ch <= 0x9F) || Character.isSurrogate(ch))
                return true;
        }
        return false;
    }
}
