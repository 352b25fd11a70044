package dcmon.bridge;

import dcmon.core.registry.CreditCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/** Helpers for the bridge's integration tests: gateways that publish, a reader of Kafka topics. */
final class BridgeTestSupport {
    private BridgeTestSupport() {}

    /** Waits for a state the test needs; fails with the description when it never comes. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    /** A valid unified social credit code, different for each n. */
    static String enterprise(int n) {
        String first17 = String.format("91420100MA4K%05d", n);
        return first17 + CreditCode.checkChar(first17);
    }

    /** A payload shaped like a gateway message, unique per (gateway, seq). */
    static byte[] payload(String gateway, int seq) {
        return ("{\"schema\":\"dcmon.readings/1\",\"gateway\":\"" + gateway + "\",\"seq\":" + seq
                        + ",\"readings\":[{\"point\":\"E-MAIN-01\",\"ts\":\"2026-11-24T10:15:00+08:00\",\"value\":"
                        + (1000.0 + seq)
                        + "}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("gave up waiting for: " + what);
            Thread.sleep(20);
        }
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** A gateway-like MQTT client publishing QoS 1, with a bounded number of unconfirmed publishes. */
    static final class Gateway implements AutoCloseable {
        private static final int WINDOW = 100;
        private final MqttAsyncClient client;
        private final Deque<IMqttToken> unconfirmed = new ArrayDeque<>();

        Gateway(String url, String clientId) throws MqttException {
            client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            client.connect(options).waitForCompletion(10_000);
        }

        void publish(String topic, byte[] payload) throws MqttException {
            if (unconfirmed.size() >= WINDOW) unconfirmed.removeFirst().waitForCompletion(10_000);
            MqttMessage message = new MqttMessage(payload);
            message.setQos(1);
            unconfirmed.addLast(client.publish(topic, message));
        }

        /** Returns once the broker confirmed every publish so far. */
        void flush() throws MqttException {
            while (!unconfirmed.isEmpty()) unconfirmed.removeFirst().waitForCompletion(10_000);
        }

        @Override
        public void close() throws MqttException {
            flush();
            client.disconnect().waitForCompletion(10_000);
            client.close();
        }
    }

    /** Reads a topic from its beginning, keeping everything read so far. */
    static final class TopicReader implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<TopicPartition> partitions;
        private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

        TopicReader(String bootstrap, String topic) {
            consumer = new KafkaConsumer<>(
                    Map.of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** Polls until the records read so far satisfy the condition. */
        List<ConsumerRecord<byte[], byte[]>> readUntil(
                Predicate<List<ConsumerRecord<byte[], byte[]>>> done, String what) {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!done.test(records)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("gave up waiting for " + what + "; read " + records.size() + " records");
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            return List.copyOf(records);
        }

        /** Every record in the topic now: reads up to the current end offsets. */
        List<ConsumerRecord<byte[], byte[]>> readToEnd() {
            long end = consumer.endOffsets(partitions).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            return readUntil(r -> r.size() >= end, end + " records");
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
