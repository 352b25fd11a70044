package dcmon.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import io.reactivex.schedulers.Schedulers;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * MQTT v5 connections publishing gateway messages at QoS 1, each with a bounded window of publishes awaiting
 * their PUBACK — like gateways, which retransmit until acknowledged: when the broker falls behind, a publish
 * blocks instead of being dropped. A gateway always uses the same connection, so its messages stay in order.
 *
 * <p>The gateways publish with HiveMQ's MQTT client rather than Paho, which the bridge uses: they are the load, not
 * dcmon, and they share its two cores. Paho hands each publish and each acknowledgement between three of its threads;
 * HiveMQ's client writes from one event loop and flushes many publishes at once, and the acknowledgements are
 * counted right on that loop (the callback only counts and frees a window slot) instead of being handed to another
 * thread (docs/benchmarks.md, *The bench's MQTT publishers*).
 */
final class Publishers implements AutoCloseable {
    private final List<Connection> connections = new ArrayList<>();
    private final LongAdder acked = new LongAdder();
    private final LongAdder ackedReadings = new LongAdder();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** The clients' event loops and callbacks, on threads named after the publishers (the bench attributes CPU by thread name). */
    private final ExecutorService threads;

    Publishers(String url, int count, int window, String clientPrefix) throws Exception {
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, clientPrefix + "io-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        URI broker = URI.create(url);
        try {
            for (int i = 0; i < count; i++) connections.add(new Connection(broker, clientPrefix + (i + 1), window));
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    int size() {
        return connections.size();
    }

    /** Publishes on connection {@code i}; blocks while its window is full. */
    void publish(int i, String topic, byte[] payload, int readings) throws InterruptedException {
        Throwable f = failure.get();
        if (f != null) throw new IllegalStateException("a publish failed: " + f.getMessage(), f);
        connections.get(i).publish(topic, payload, readings);
    }

    /** Messages the broker acknowledged. */
    long acked() {
        return acked.sum();
    }

    /** Readings in the messages the broker acknowledged. */
    long ackedReadings() {
        return ackedReadings.sum();
    }

    /** Waits until every publish so far is acknowledged. */
    void awaitAcks() throws InterruptedException {
        for (Connection c : connections) c.awaitAcks();
    }

    @Override
    public void close() throws Exception {
        try {
            for (Connection c : connections) c.close();
        } finally {
            threads.shutdownNow();
        }
    }

    private final class Connection {
        private final Mqtt5AsyncClient client;
        private final Semaphore window;
        private final int size;

        Connection(URI broker, String clientId, int window) throws Exception {
            this.client = MqttClient.builder()
                    .useMqttVersion5()
                    .identifier(clientId)
                    .serverHost(broker.getHost())
                    .serverPort(broker.getPort())
                    .executorConfig()
                    .nettyExecutor(threads)
                    .nettyThreads(1)
                    .applicationScheduler(Schedulers.trampoline())
                    .applyExecutorConfig()
                    .buildAsync();
            Mqtt5ConnAck connAck = client.connectWith().cleanStart(true).send().get(30, TimeUnit.SECONDS);
            // no more unacknowledged publishes than the broker accepts (its Receive Maximum)
            this.size = Math.min(window, connAck.getRestrictions().getReceiveMaximum());
            this.window = new Semaphore(size);
        }

        void publish(String topic, byte[] payload, int readings) throws InterruptedException {
            window.acquire();
            client.publishWith()
                    .topic(topic)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload)
                    .send()
                    .whenComplete((result, e) -> {
                        Throwable error = e != null ? e : result.getError().orElse(null);
                        if (error != null) {
                            failure.compareAndSet(null, error);
                        } else {
                            acked.increment();
                            ackedReadings.add(readings);
                        }
                        window.release();
                    });
        }

        void awaitAcks() throws InterruptedException {
            window.acquire(size);
            window.release(size);
        }

        void close() throws Exception {
            client.disconnect().get(10, TimeUnit.SECONDS);
        }
    }
}
