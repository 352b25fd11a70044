package dcmon.cli.chaos;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * The gateways of a chaos run on one MQTT connection, publishing as a well-behaved gateway does: QoS 1, and a
 * message not acknowledged — the broker gone, the connection dropped — is sent again on a new connection until the
 * broker acknowledges it. Publishes wait for their PUBACK one at a time, which is plenty for a chaos run's load.
 */
final class ResilientPublisher implements AutoCloseable {
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RETRY = Duration.ofMillis(250);
    /**
     * Paho reports every lost connection as SEVERE with a stack trace through java.util.logging; here a lost
     * connection is the fault being injected, and the publisher handles it. Held so that the setting stays.
     */
    private static final java.util.logging.Logger PAHO = quiet("org.eclipse.paho.mqttv5.client");

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
        l.setLevel(java.util.logging.Level.OFF);
        return l;
    }

    private final String url;
    private final String clientId;
    private final AtomicLong retransmissions = new AtomicLong();
    private MqttAsyncClient client;
    private volatile boolean closed;

    ResilientPublisher(String url, String clientId) {
        this.url = url;
        this.clientId = clientId;
    }

    /** Publishes at QoS 1 and returns once the broker acknowledged, reconnecting as often as needed. */
    void publish(String topic, byte[] payload, boolean retained) throws InterruptedException {
        while (!closed) {
            try {
                IMqttToken token = connected().publish(topic, payload, 1, retained);
                token.waitForCompletion(ACK_TIMEOUT.toMillis());
                int[] codes = token.getReasonCodes();
                if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                    throw new IllegalStateException("the broker refused a publish on " + topic + " (reason 0x"
                            + Integer.toHexString(codes[0]) + ")");
                }
                return;
            } catch (MqttException e) {
                dropConnection();
                retransmissions.incrementAndGet();
                Thread.sleep(RETRY.toMillis());
            }
        }
        throw new IllegalStateException("publisher closed");
    }

    /** Messages sent again after a failed or unacknowledged attempt. */
    long retransmissions() {
        return retransmissions.get();
    }

    private MqttAsyncClient connected() throws MqttException {
        if (client != null && client.isConnected()) return client;
        dropConnection();
        MqttAsyncClient c = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(5);
        o.setKeepAliveInterval(10);
        try {
            c.connect(o).waitForCompletion(ACK_TIMEOUT.toMillis());
        } catch (MqttException e) {
            closeQuietly(c);
            throw e;
        }
        client = c;
        return c;
    }

    private void dropConnection() {
        if (client == null) return;
        closeQuietly(client);
        client = null;
    }

    private static void closeQuietly(MqttAsyncClient c) {
        try {
            if (c.isConnected()) c.disconnectForcibly(0, 1_000, false);
        } catch (MqttException ignored) {
            // the connection is gone already
        }
        try {
            c.close(true);
        } catch (MqttException ignored) {
            // nothing left to release
        }
    }

    @Override
    public void close() {
        closed = true;
        dropConnection();
    }
}
