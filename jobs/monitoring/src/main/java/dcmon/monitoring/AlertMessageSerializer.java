package dcmon.monitoring;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes alert events to the alerts topic, keyed by alert id so that each alert's events stay in order. */
public final class AlertMessageSerializer implements KafkaRecordSerializationSchema<AlertMessage> {
    private final String topic;

    public AlertMessageSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(AlertMessage a, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, timestamp, a.id.getBytes(StandardCharsets.UTF_8), a.json);
    }
}
