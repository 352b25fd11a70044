package dcmon.bench;

import dcmon.core.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes gateway messages to {@code dcmon.readings.raw} as the bridge does: key = enterprise code, value =
 * payload, headers {@code mqtt-topic} and {@code received-at}, idempotent with acks=all and the bridge's
 * default batching and lz4 compression.
 */
final class KafkaPrefill {
    private KafkaPrefill() {}

    /** @return number of readings written */
    static long write(String bootstrap, Iterator<SyntheticMessage> messages) {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.BATCH_SIZE_CONFIG,
                128 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "lz4",
                ProducerConfig.BUFFER_MEMORY_CONFIG,
                64L * 1024 * 1024);
        long readings = 0;
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            AtomicReference<Exception> failure = new AtomicReference<>();
            while (messages.hasNext()) {
                SyntheticMessage m = messages.next();
                ProducerRecord<String, byte[]> r =
                        new ProducerRecord<>(Topics.READINGS_RAW, null, m.receivedAt(), m.enterprise(), m.payload());
                r.headers().add(Topics.HEADER_MQTT_TOPIC, m.mqttTopic().getBytes(StandardCharsets.UTF_8));
                r.headers()
                        .add(
                                Topics.HEADER_RECEIVED_AT,
                                Long.toString(m.receivedAt()).getBytes(StandardCharsets.US_ASCII));
                producer.send(r, (metadata, e) -> {
                    if (e != null) failure.compareAndSet(null, e);
                });
                readings += m.readings();
            }
            producer.flush();
            if (failure.get() != null) throw new IllegalStateException("writing to Kafka failed", failure.get());
        }
        return readings;
    }
}
