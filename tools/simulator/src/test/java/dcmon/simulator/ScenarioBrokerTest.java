package dcmon.simulator;

import static dcmon.simulator.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcmon.core.Topics;
import dcmon.stack.MosquittoServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A silent gateway through a real broker: its readings, then its Last Will, then nothing. */
class ScenarioBrokerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theBrokerPublishesTheSilentGatewaysLastWillAfterItsLastReadings(@TempDir Path dir) throws Exception {
        String code = "91420112MA4ALXWN9U";
        String gateway = "GW02";
        Instant to = FROM.plusSeconds(6 * 3600);
        try (MosquittoServer mosquitto = MosquittoServer.start(dir.resolve("mosquitto"), 0)) {
            BlockingQueue<String> seen = new LinkedBlockingQueue<>();
            MqttClient listener = new MqttClient(mosquitto.url(), "listener", new MemoryPersistence());
            listener.connect(new MqttConnectionOptions());
            IMqttMessageListener record =
                    (topic, m) -> seen.add(topic + " " + new String(m.getPayload(), StandardCharsets.UTF_8));
            listener.subscribe(
                    new MqttSubscription[] {
                        new MqttSubscription(Topics.readingsTopic(code, gateway), 1),
                        new MqttSubscription(Topics.statusTopic(code, gateway), 1)
                    },
                    new IMqttMessageListener[] {record, record});

            RunSummary summary = new Simulator(history("none", 1)
                            .to(to)
                            .mqttUrl(mosquitto.url())
                            .clientId("sim")
                            .scenarios(
                                    Scenarios.parse("none", List.of("silent-gateway:" + code + "/" + gateway + "@3h")))
                            .build())
                    .run();
            assertThat(summary.messages()).isPositive();

            String will = Topics.statusTopic(code, gateway) + " {\"state\":\"offline\"}";
            OffsetDateTime last = null;
            int readings = 0;
            String m;
            while ((m = seen.poll(10, TimeUnit.SECONDS)) != null) {
                if (m.equals(will)) break;
                if (!m.startsWith(Topics.readingsTopic(code, gateway))) continue;
                readings++;
                JsonNode root = JSON.readTree(m.substring(m.indexOf(' ') + 1));
                for (JsonNode r : root.path("readings")) {
                    OffsetDateTime ts = OffsetDateTime.parse(r.path("ts").asText());
                    if (last == null || ts.isAfter(last)) last = ts;
                }
            }
            assertThat(m).as("the Last Will").isEqualTo(will);
            assertThat(readings).isEqualTo(12); // 00:00 .. 02:45, one message a tick
            assertThat(last).isEqualTo(OffsetDateTime.parse("2026-11-17T02:45:00+08:00"));
            assertThat(seen.poll(2, TimeUnit.SECONDS))
                    .as("nothing after the Last Will")
                    .isNull();
            listener.disconnect();
            listener.close();
        }
    }
}
