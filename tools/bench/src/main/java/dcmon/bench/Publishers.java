package dcmon.bench;

import dcmon.bridge.BufferedSocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * MQTT v5 connections publishing gateway messages at QoS 1, each with a bounded window of publishes awaiting
 * their PUBACK — like gateways, which retransmit until acknowledged: when the broker falls behind, a publish
 * blocks instead of being dropped. A gateway always uses the same connection, so its messages stay in order.
 */
final class Publishers implements AutoCloseable {
    private static final int QOS = 1;

    private final List<Connection> connections = new ArrayList<>();
    private final LongAdder acked = new LongAdder();
    private final LongAdder ackedReadings = new LongAdder();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Publishers(String url, int count, int window, String clientPrefix) throws MqttException {
        for (int i = 0; i < count; i++) connections.add(new Connection(url, clientPrefix + (i + 1), window));
    }

    int size() { return connections.size(); }

    /** Publishes on connection {@code i}; blocks while its window is full. */
    void publish(int i, String topic, byte[] payload, int readings) throws InterruptedException, MqttException {
        Throwable f = failure.get();
        if (f != null) throw new IllegalStateException("a publish failed: " + f.getMessage(), f);
        connections.get(i).publish(topic, payload, readings);
    }

    /** Messages the broker acknowledged. */
    long acked() { return acked.sum(); }

    /** Readings in the messages the broker acknowledged. */
    long ackedReadings() { return ackedReadings.sum(); }

    /** Waits until every publish so far is acknowledged. */
    void awaitAcks() throws InterruptedException {
        for (Connection c : connections) c.awaitAcks();
    }

    @Override
    public void close() throws MqttException {
        for (Connection c : connections) c.close();
    }

    private final class Connection {
        private final MqttAsyncClient client;
        private final Semaphore window;
        private final int size;

        Connection(String url, String clientId, int window) throws MqttException {
            this.client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            o.setAutomaticReconnect(false);
            o.setSocketFactory(new BufferedSocketFactory());
            IMqttToken connected = client.connect(o);
            connected.waitForCompletion(30_000);
            // no more unacknowledged publishes than the broker accepts (its Receive Maximum, 65535 when absent)
            Integer brokerMax = connected.getResponseProperties() == null ? null : connected.getResponseProperties().getReceiveMaximum();
            this.size = brokerMax == null ? window : Math.min(window, brokerMax);
            this.window = new Semaphore(size);
        }

        void publish(String topic, byte[] payload, int readings) throws InterruptedException, MqttException {
            window.acquire();
            MqttActionListener done = new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    acked.increment();
                    ackedReadings.add(readings);
                    window.release();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    failure.compareAndSet(null, e);
                    window.release();
                }
            };
            while (true) {
                try {
                    client.publish(topic, payload, QOS, false, null, done);
                    return;
                } catch (MqttException e) {
                    // Paho frees its own in-flight slot a moment after our listener ran
                    if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                        window.release();
                        throw e;
                    }
                    Thread.sleep(1);
                }
            }
        }

        void awaitAcks() throws InterruptedException {
            window.acquire(size);
            window.release(size);
        }

        void close() throws MqttException {
            if (client.isConnected()) client.disconnect().waitForCompletion(10_000);
            client.close();
        }
    }
}
