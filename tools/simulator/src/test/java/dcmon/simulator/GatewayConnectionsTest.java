package dcmon.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.Topics;
import dcmon.stack.MosquittoServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

class GatewayConnectionsTest {
    static final String STEEL = "91420112MA4ALXWN9U";
    static final byte[] ONLINE = "{\"state\":\"online\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void eachGatewayHasAConnectionWhoseLastWillSaysOfflineWhenItDiesAlone(@TempDir Path dir) throws Exception {
        try (MosquittoServer mosquitto = MosquittoServer.start(dir.resolve("mosquitto"), 0)) {
            BlockingQueue<String> status = new LinkedBlockingQueue<>();
            MqttClient listener = new MqttClient(mosquitto.url(), "listener", new MemoryPersistence());
            listener.connect(new MqttConnectionOptions());
            listener.subscribe(
                    new MqttSubscription[] {new MqttSubscription(Topics.MQTT_STATUS_FILTER, 1)},
                    new IMqttMessageListener[] {
                        (topic, m) -> status.add(
                                topic.split("/")[3] + " " + new String(m.getPayload(), StandardCharsets.UTF_8))
                    });
            SimulatorOptions options = Fixtures.history("none", 1)
                    .mqttUrl(mosquitto.url())
                    .clientId("sim")
                    .build();
            try (GatewayConnections connections = new GatewayConnections(options)) {
                connections.publish(Topics.statusTopic(STEEL, "GW01"), ONLINE, true);
                connections.publish(Topics.statusTopic(STEEL, "GW02"), ONLINE, true);
                connections.publish("dcmon/v1/not-a-topic", ONLINE, false);
                connections.flush();
                int registered = Fixtures.REGISTRY.enterprises().stream()
                        .mapToInt(e -> e.gateways().size())
                        .sum();
                // every registered gateway up front, plus one for the topic that names none
                assertThat(connections.size()).isEqualTo(registered + 1);
                // two connections: nothing orders their messages between them
                assertThat(List.of(status.poll(10, TimeUnit.SECONDS), status.poll(10, TimeUnit.SECONDS)))
                        .containsExactlyInAnyOrder("GW01 {\"state\":\"online\"}", "GW02 {\"state\":\"online\"}");

                connections.dropAbruptly(STEEL, "GW02");
                assertThat(status.poll(10, TimeUnit.SECONDS)).isEqualTo("GW02 {\"state\":\"offline\"}");
            }
            // a clean disconnect publishes no Last Will
            assertThat(status.poll(2, TimeUnit.SECONDS)).isNull();
            listener.disconnect();
            listener.close();
        }
    }
}
