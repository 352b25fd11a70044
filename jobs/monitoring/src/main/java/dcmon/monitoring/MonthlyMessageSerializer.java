package dcmon.monitoring;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes month snapshots to the monthly topic, keyed by subject and month. */
public final class MonthlyMessageSerializer implements KafkaRecordSerializationSchema<MonthlyMessage> {
    private final String topic;

    public MonthlyMessageSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(MonthlyMessage m, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, m.at, m.key.getBytes(StandardCharsets.UTF_8), m.json);
    }
}
