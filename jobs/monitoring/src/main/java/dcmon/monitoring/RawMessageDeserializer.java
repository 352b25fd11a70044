package dcmon.monitoring;

import dcmon.core.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads the bridge's records. Never throws on content: a record without the expected headers still becomes a
 * message (its topic then fails validation and it is rejected with a reason), so nothing is dropped here.
 */
public final class RawMessageDeserializer implements KafkaRecordDeserializationSchema<RawMessage> {

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawMessage> out) {
        Header topic = record.headers().lastHeader(Topics.HEADER_MQTT_TOPIC);
        Header received = record.headers().lastHeader(Topics.HEADER_RECEIVED_AT);
        long receivedAt = record.timestamp();
        if (received != null && received.value() != null) {
            try {
                receivedAt = Long.parseLong(new String(received.value(), StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                // keep the Kafka timestamp: the bridge always writes the header, so this is a foreign producer
            }
        }
        String mqttTopic =
                topic == null || topic.value() == null ? "" : new String(topic.value(), StandardCharsets.UTF_8);
        out.collect(new RawMessage(mqttTopic, record.value() == null ? new byte[0] : record.value(), receivedAt));
    }

    @Override
    public TypeInformation<RawMessage> getProducedType() {
        return TypeInformation.of(RawMessage.class);
    }
}
