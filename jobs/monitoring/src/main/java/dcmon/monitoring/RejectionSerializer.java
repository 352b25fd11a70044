package dcmon.monitoring;

import dcmon.core.reading.Rejection;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes rejections to the rejected topic, keyed by enterprise so one unit's rejections stay in order. */
public final class RejectionSerializer implements KafkaRecordSerializationSchema<Rejection> {
    private final String topic;

    public RejectionSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(Rejection r, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, timestamp, r.key().getBytes(StandardCharsets.UTF_8), r.toJson());
    }
}
