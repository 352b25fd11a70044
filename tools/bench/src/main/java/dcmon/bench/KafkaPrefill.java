package dcmon.bench;

import dcmon.core.Topics;
import dcmon.stack.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes gateway messages to {@code dcmon.readings.raw} as the bridge does: key = enterprise code, value =
 * payload, headers {@code mqtt-topic} and {@code received-at}, idempotent with acks=all and the bridge's
 * default batching and lz4 compression.
 */
final class KafkaPrefill {
    private KafkaPrefill() {}

    /**
     * Keeps a topic's records however old they are stamped. The synthetic traffic is stamped from
     * {@link SyntheticTraffic#DEFAULT_START} on, which is more than the broker's default retention (7 days) in
     * the past once the calendar has moved on; the broker's first retention check, half a minute after it
     * starts, then deleted the pre-filled records under a running bench, whose job read only what was left.
     */
    static void keepForever(EmbeddedKafka kafka, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        List<AlterConfigOp> ops = List.of(
                new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, "-1"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_BYTES_CONFIG, "-1"), AlterConfigOp.OpType.SET));
        try (Admin admin = kafka.admin()) {
            admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get();
        }
    }

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
