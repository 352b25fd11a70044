package dcmon.simulator;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT v5 connection publishing at QoS 1 with a bounded number of publishes awaiting their PUBACK: when
 * the broker slows down, {@link #publish} blocks, so the simulator never outruns it.
 */
public final class MqttPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttPublisher.class);
    private static final int QOS = 1;
    /** MQTT v5 reason codes from 0x80 up are failures. */
    private static final int FIRST_FAILURE_REASON = 0x80;
    /** The broker's Receive Maximum when it does not send one (MQTT v5 §3.2.2.3.3). */
    private static final int PROTOCOL_RECEIVE_MAXIMUM = 65_535;

    private final MqttAsyncClient client;
    private final MqttConnectionOptions connectOptions;
    private final int maxInFlight;
    private Semaphore inFlight;
    private int permits;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private final MqttActionListener acked = new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            int[] codes = token.getReasonCodes();
            if (codes != null) {
                for (int c : codes) {
                    if (c >= FIRST_FAILURE_REASON) {
                        failure.compareAndSet(
                                null,
                                new IllegalStateException(
                                        "broker refused a publish on " + String.join(",", token.getTopics())
                                                + " with reason code 0x" + Integer.toHexString(c)));
                    }
                }
            }
            inFlight.release();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
            failure.compareAndSet(null, e);
            inFlight.release();
        }
    };

    /** A connection with a gateway's credentials and no Last Will, for publishing readings from a file. */
    public MqttPublisher(String mqttUrl, String clientId, String username, char[] password, int maxInFlight)
            throws MqttException {
        this(mqttUrl, clientId, username, password, maxInFlight, null, null, null);
    }

    /** As above, over TLS sockets from {@code socketFactory} (for {@code ssl://}); null for Paho's default. */
    public MqttPublisher(
            String mqttUrl,
            String clientId,
            String username,
            char[] password,
            int maxInFlight,
            SocketFactory socketFactory)
            throws MqttException {
        this(mqttUrl, clientId, username, password, maxInFlight, null, null, socketFactory);
    }

    /**
     * @param willTopic   topic of the Last Will, or null for none
     * @param willPayload payload of the Last Will (retained)
     * @param socketFactory sockets to connect with (TLS trusting one CA), or null for Paho's default
     */
    MqttPublisher(
            String mqttUrl,
            String clientId,
            String username,
            char[] password,
            int maxInFlight,
            String willTopic,
            byte[] willPayload,
            SocketFactory socketFactory)
            throws MqttException {
        this.client = new MqttAsyncClient(mqttUrl, clientId, new MemoryPersistence());
        this.maxInFlight = maxInFlight;
        MqttConnectionOptions c = new MqttConnectionOptions();
        c.setCleanStart(true);
        c.setAutomaticReconnect(false);
        c.setConnectionTimeout(30);
        c.setKeepAliveInterval(30);
        if (socketFactory != null) c.setSocketFactory(socketFactory);
        if (username != null) c.setUserName(username);
        if (password != null) c.setPassword(new String(password).getBytes(StandardCharsets.UTF_8));
        if (willTopic != null) {
            MqttMessage will = new MqttMessage(willPayload, QOS, true, null);
            c.setWill(willTopic, will);
        }
        this.connectOptions = c;
    }

    public void connect() throws MqttException {
        IMqttToken token = client.connect(connectOptions);
        token.waitForCompletion(60_000);
        MqttProperties props = token.getResponseProperties();
        Integer receiveMaximum = props == null ? null : props.getReceiveMaximum();
        // the client may not have more unacknowledged publishes than the broker accepts
        permits = Math.min(maxInFlight, receiveMaximum == null ? PROTOCOL_RECEIVE_MAXIMUM : receiveMaximum);
        inFlight = new Semaphore(permits);
        log.debug(
                "connected to {} as {}, at most {} publishes in flight",
                client.getServerURI(),
                client.getClientId(),
                permits);
    }

    /** Publishes at QoS 1; blocks while the in-flight window is full. Rethrows the first failed publish. */
    public void publish(String topic, byte[] payload, boolean retained) throws InterruptedException, MqttException {
        throwIfFailed();
        inFlight.acquire();
        while (true) {
            try {
                client.publish(topic, payload, QOS, retained, null, acked);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                    inFlight.release();
                    throw e;
                }
                // the client counts a PUBACK a little after our listener heard it: try again shortly
                Thread.sleep(1);
            }
        }
    }

    /** Waits until every publish so far is acknowledged. */
    public void flush(long timeoutMs) throws InterruptedException {
        if (inFlight == null) return;
        if (!inFlight.tryAcquire(permits, timeoutMs, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("publishes not acknowledged within " + timeoutMs + " ms");
        }
        inFlight.release(permits);
        throwIfFailed();
    }

    private void throwIfFailed() {
        Throwable f = failure.get();
        if (f != null) throw new IllegalStateException("publish failed: " + f.getMessage(), f);
    }

    /**
     * Drops the connection without a DISCONNECT packet, as a gateway that loses power or network does: the broker
     * then publishes this connection's Last Will.
     */
    void dropAbruptly() {
        try {
            client.disconnectForcibly(0, 1_000, false);
            client.close();
        } catch (MqttException e) {
            log.warn("dropping the connection to {} failed: {}", client.getServerURI(), e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) client.disconnect().waitForCompletion(10_000);
        } catch (MqttException e) {
            log.warn("disconnect from {} failed: {}", client.getServerURI(), e.getMessage());
        }
        try {
            client.close();
        } catch (MqttException e) {
            log.warn("closing the MQTT client failed: {}", e.getMessage());
        }
    }
}
