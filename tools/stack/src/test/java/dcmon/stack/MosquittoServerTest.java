package dcmon.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MosquittoServerTest {

    private static final String ENTERPRISE = "91420100MA4K00001X";
    private static final String OTHER_ENTERPRISE = "91420600MA4K00002Y";

    @TempDir
    static Path root;

    static MosquittoServer anonymous;
    static MosquittoServer secured;

    @BeforeAll
    static void startBrokers() throws Exception {
        anonymous = MosquittoServer.start(root.resolve("anonymous"), 0);
        secured = MosquittoServer.builder(root.resolve("secured"))
                .gateway("gw-wuhan-01", "s3cret-1", ENTERPRISE)
                .reader("dcmon-bridge", "s3cret-2")
                .debugLog(true)
                .start();
    }

    @AfterAll
    static void stopBrokers() {
        if (anonymous != null) anonymous.close();
        if (secured != null) secured.close();
    }

    @Test
    void deliversQos1MessagesToASubscriber() throws Exception {
        assertThat(anonymous.url()).isEqualTo("tcp://127.0.0.1:" + anonymous.port());
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        MqttClient subscriber = connect(anonymous, "sub-1", null, null, true);
        subscriber.setCallback(new Collector(received));
        subscriber.subscribe("dcmon/v1/+/+/readings", 1);
        MqttClient publisher = connect(anonymous, "pub-1", null, null, true);
        for (int i = 0; i < 5; i++) {
            publisher.publish("dcmon/v1/" + ENTERPRISE + "/GW01/readings", message("m" + i));
        }
        assertThat(take(received, 5)).containsExactly("m0", "m1", "m2", "m3", "m4");
        publisher.disconnect();
        subscriber.disconnect();
        publisher.close();
        subscriber.close();
        assertThat(anonymous.logFile()).exists();
    }

    @Test
    void keepsAPersistentSessionsQueuedMessagesAcrossABrokerRestart() throws Exception {
        Path dir = root.resolve("restart");
        MosquittoServer broker = MosquittoServer.start(dir, 0);
        int port = broker.port();
        try {
            MqttClient subscriber = connect(broker, "sub-persistent", null, null, false);
            subscriber.subscribe("dcmon/v1/+/+/readings", 1);
            subscriber.disconnect();
            subscriber.close();

            MqttClient publisher = connect(broker, "pub-2", null, null, true);
            publisher.publish("dcmon/v1/" + ENTERPRISE + "/GW01/readings", message("queued while offline"));
            publisher.disconnect();
            publisher.close();
        } finally {
            broker.close();
        }
        assertThat(broker.isRunning()).isFalse();

        try (MosquittoServer restarted = MosquittoServer.start(dir, port)) {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            MqttClient subscriber = new MqttClient(restarted.url(), "sub-persistent", new MemoryPersistence());
            subscriber.setCallback(new Collector(received));
            subscriber.connect(options(null, null, false));
            assertThat(take(received, 1)).containsExactly("queued while offline");
            subscriber.disconnect();
            subscriber.close();
        }
    }

    @Test
    void aclLetsAGatewayPublishOnlyForItsOwnEnterprise() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        MqttClient bridge = connect(secured, "bridge-acl", "dcmon-bridge", "s3cret-2", true);
        bridge.setCallback(new Collector(received));
        IMqttToken subscription = bridge.subscribe(new String[] {"$share/dcmon/dcmon/v1/+/+/readings"}, new int[] {1});
        assertThat(subscription.getReasonCodes()).containsExactly(1);

        MqttClient gateway = connect(secured, "gw-wuhan-01", "gw-wuhan-01", "s3cret-1", true);
        gateway.publish("dcmon/v1/" + ENTERPRISE + "/GW01/readings", message("mine"));
        assertThat(take(received, 1)).containsExactly("mine");
        gateway.disconnect();
        gateway.close();

        // Denied: the broker answers with reason "not authorized" (MQTT v5) and Paho drops the connection.
        MqttClient intruder = connect(secured, "gw-wuhan-01b", "gw-wuhan-01", "s3cret-1", true);
        try {
            intruder.publish("dcmon/v1/" + OTHER_ENTERPRISE + "/GW01/readings", message("not mine"));
        } catch (MqttException e) {
            // either way the message must not reach the subscriber
        }
        // the broker may keep the connection after refusing the publish: Paho refuses to close a connected client
        if (intruder.isConnected()) intruder.disconnectForcibly(1000);
        intruder.close(true);
        awaitLog(secured, "Denied PUBLISH from gw-wuhan-01b");
        assertThat(secured.log()).contains("'dcmon/v1/" + OTHER_ENTERPRISE + "/GW01/readings'");

        // The broker handled the denied publish before this one, so had it passed it would be seen first.
        gateway = connect(secured, "gw-wuhan-01", "gw-wuhan-01", "s3cret-1", true);
        gateway.publish("dcmon/v1/" + ENTERPRISE + "/GW02/readings", message("mine again"));
        assertThat(take(received, 1)).containsExactly("mine again");
        assertThat(received).isEmpty();

        gateway.disconnect();
        gateway.close();
        bridge.disconnect();
        bridge.close();
    }

    @Test
    void refusesWrongPasswordsAndAnonymousClientsWhenAccountsAreConfigured() {
        assertThatThrownBy(() -> connect(secured, "gw-x", "gw-wuhan-01", "wrong", true))
                .isInstanceOf(MqttException.class)
                .satisfies(e -> assertThat(((MqttException) e).getReasonCode()).isIn(0x86, 0x87));
        assertThatThrownBy(() -> connect(secured, "anon", null, null, true))
                .isInstanceOf(MqttException.class)
                .satisfies(e -> assertThat(((MqttException) e).getReasonCode()).isIn(0x86, 0x87));
    }

    @Test
    void rejectsAccountsThatWouldBreakThePasswordOrAclFile() {
        MosquittoServer.Builder builder = MosquittoServer.builder(root.resolve("unused"));
        assertThatThrownBy(() -> builder.user("a:b", "pw")).hasMessageContaining("user name");
        assertThatThrownBy(() -> builder.user("gw", "")).hasMessageContaining("password");
        assertThatThrownBy(() -> builder.gateway("gw", "pw", "dcmon/#")).hasMessageContaining("enterprise");
        assertThatThrownBy(() -> builder.user("gw", "pw", "write dcmon/#")).hasMessageContaining("ACL line");
    }

    private static MqttClient connect(
            MosquittoServer broker, String clientId, String user, String password, boolean cleanStart)
            throws MqttException {
        MqttClient client = new MqttClient(broker.url(), clientId, new MemoryPersistence());
        try {
            client.connect(options(user, password, cleanStart));
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
        return client;
    }

    private static void awaitLog(MosquittoServer broker, String text) throws InterruptedException {
        for (int i = 0; i < 200 && !broker.log().contains(text); i++) Thread.sleep(50);
        assertThat(broker.log()).contains(text);
    }

    private static MqttConnectionOptions options(String user, String password, boolean cleanStart) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(cleanStart);
        if (!cleanStart) options.setSessionExpiryInterval(3600L);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        return options;
    }

    private static MqttMessage message(String text) {
        MqttMessage message = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        return message;
    }

    private static List<String> take(BlockingQueue<String> queue, int count) throws InterruptedException {
        List<String> out = new java.util.ArrayList<>();
        while (out.size() < count) {
            String next = queue.poll(10, TimeUnit.SECONDS);
            if (next == null) break;
            out.add(next);
        }
        return out;
    }

    private record Collector(BlockingQueue<String> received) implements org.eclipse.paho.mqttv5.client.MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(new String(message.getPayload(), StandardCharsets.UTF_8));
        }

        @Override
        public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse response) {}

        @Override
        public void mqttErrorOccurred(MqttException exception) {}

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        @Override
        public void authPacketArrived(
                int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties properties) {}
    }
}
