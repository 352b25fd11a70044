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

class GatewaySenderTest {
    static final String STEEL = "91420112MA4ALXWN9U";

    private static ReadingFile.Entry entry(String gateway, String point, String ts, double value) {
        return new ReadingFile.Entry(STEEL, gateway, point, ts, 0, value, null, "f.csv:2");
    }

    @Test
    void namesEachRegistryMismatchWithItsReasonAndAFixInBothLanguages() {
        List<String> problems = GatewaySender.registryProblems(
                List.of(
                        entry("GW01", "E-MAIN-01", "2026-11-24T10:15:00+08:00", 1),
                        entry("GW01", "E-MAIN-03", "2026-11-24T10:15:00+08:00", 1),
                        entry("GW01", "COG-01", "2026-11-24T10:15:00+08:00", 1),
                        entry("GW09", "E-MAIN-01", "2026-11-24T10:15:00+08:00", 1)),
                Fixtures.REGISTRY);
        assertThat(problems)
                .containsExactly(
                        "f.csv:2: unknown_point: point E-MAIN-03 is not registered for this unit; registered: COKE-01,"
                                + " E-MAIN-01, STEEL-OUT\n    测点 E-MAIN-03 未登记于该单位；已登记：COKE-01, E-MAIN-01, STEEL-OUT",
                        "f.csv:2: gateway_mismatch: point COG-01 is registered under gateway GW02, not GW01: publish it on that"
                                + " gateway's topic\n    测点 COG-01 登记在网关 GW02 下，不属于 GW01：改用该网关的主题发送",
                        "f.csv:2: unknown_gateway: gateway GW09 is not registered for this unit; registered: GW01, GW02, GW03"
                                + "\n    网关 GW09 未登记于该单位；已登记：GW01, GW02, GW03");
    }

    @Test
    void splitsAGatewaysReadingsIntoNumberedMessagesOfAtMostTheBatch() {
        List<ReadingFile.Entry> readings = List.of(
                entry("GW01", "E-MAIN-01", "2026-11-24T10:15:00+08:00", 1.5),
                entry("GW01", "E-MAIN-01", "2026-11-24T10:30:00+08:00", 2),
                new ReadingFile.Entry(STEEL, "GW01", "STEEL-OUT", "2026-11-24T10:30:00+08:00", 0, 7, "manual", "x"));
        List<String> messages = GatewaySender.messages(readings, 2, 41).stream()
                .map(b -> new String(b, StandardCharsets.UTF_8))
                .toList();
        assertThat(messages)
                .containsExactly(
                        "{\"schema\":\"dcmon.readings/1\",\"gateway\":\"GW01\",\"seq\":41,\"readings\":["
                                + "{\"point\":\"E-MAIN-01\",\"ts\":\"2026-11-24T10:15:00+08:00\",\"value\":1.5},"
                                + "{\"point\":\"E-MAIN-01\",\"ts\":\"2026-11-24T10:30:00+08:00\",\"value\":2.0}]}",
                        "{\"schema\":\"dcmon.readings/1\",\"gateway\":\"GW01\",\"seq\":42,\"readings\":["
                                + "{\"point\":\"STEEL-OUT\",\"ts\":\"2026-11-24T10:30:00+08:00\",\"value\":7.0,"
                                + "\"quality\":\"manual\"}]}");
    }

    @Test
    void publishesEachGatewaysReadingsOnItsOwnTopicToARealBroker(@TempDir Path dir) throws Exception {
        try (MosquittoServer mosquitto = MosquittoServer.start(dir.resolve("mosquitto"), 0)) {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            MqttClient sub = new MqttClient(mosquitto.url(), "listener", new MemoryPersistence());
            sub.connect(new MqttConnectionOptions());
            // Paho's subscribe(String, int, listener) calls itself forever: the array form works
            sub.subscribe(
                    new MqttSubscription[] {new MqttSubscription(Topics.MQTT_READINGS_FILTER, 1)},
                    new IMqttMessageListener[] {
                        (topic, m) -> received.add(topic + " " + new String(m.getPayload(), StandardCharsets.UTF_8))
                    });
            List<ReadingFile.Entry> readings = List.of(
                    entry("GW01", "E-MAIN-01", "2026-11-24T10:15:00+08:00", 1),
                    entry("GW02", "COG-01", "2026-11-24T10:15:00+08:00", 2),
                    entry("GW01", "STEEL-OUT", "2026-11-24T10:15:00+08:00", 3));
            List<GatewaySender.Sent> sent;
            try (MqttPublisher mqtt = new MqttPublisher(mosquitto.url(), "send-test", null, null, 100)) {
                mqtt.connect();
                sent = GatewaySender.publish(mqtt, readings, 500, 7);
            }
            assertThat(sent)
                    .containsExactly(
                            new GatewaySender.Sent(STEEL, "GW01", 2, 1), new GatewaySender.Sent(STEEL, "GW02", 1, 1));
            String first = received.poll(10, TimeUnit.SECONDS);
            String second = received.poll(10, TimeUnit.SECONDS);
            assertThat(List.of(first, second))
                    .containsExactlyInAnyOrder(
                            "dcmon/v1/" + STEEL
                                    + "/GW01/readings {\"schema\":\"dcmon.readings/1\",\"gateway\":\"GW01\","
                                    + "\"seq\":7,\"readings\":[{\"point\":\"E-MAIN-01\",\"ts\":\"2026-11-24T10:15:00+08:00\","
                                    + "\"value\":1.0},{\"point\":\"STEEL-OUT\",\"ts\":\"2026-11-24T10:15:00+08:00\","
                                    + "\"value\":3.0}]}",
                            "dcmon/v1/" + STEEL
                                    + "/GW02/readings {\"schema\":\"dcmon.readings/1\",\"gateway\":\"GW02\","
                                    + "\"seq\":8,\"readings\":[{\"point\":\"COG-01\",\"ts\":\"2026-11-24T10:15:00+08:00\","
                                    + "\"value\":2.0}]}");
            sub.disconnect();
            sub.close();
        }
    }
}
