package dcmon.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcmon.core.Topics;
import dcmon.core.reading.IsoTimestamps;
import dcmon.core.reading.MqttTopic;
import dcmon.core.reading.RawReading;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads {@code dcmon.gateway.status}: the bridge's copy of a gateway's status message
 * {@code {"state":"online"|"offline","since":…}} with the same headers as a reading message ({@code mqtt-topic},
 * {@code received-at}). Enterprise and gateway come from the MQTT topic ({@code dcmon/v1/{enterprise}/{gateway}/status}).
 *
 * <p>Never throws on content: a record whose topic is not a status topic, or whose payload is not a JSON object with
 * {@code state} {@code online} or {@code offline}, becomes a {@link GatewaySignal.Kind#MALFORMED} signal, which the
 * health function counts and otherwise ignores. A {@code since} that does not parse is left out; the state still
 * counts. Other fields (the simulator adds {@code enterprise}, {@code gateway}, {@code simulator}) are ignored.
 */
public final class GatewayStatusDeserializer implements KafkaRecordDeserializationSchema<GatewaySignal> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<GatewaySignal> out) {
        out.collect(signal(record));
    }

    /** The signal of one record; never null, never throws on content. */
    static GatewaySignal signal(ConsumerRecord<byte[], byte[]> record) {
        long receivedAt = record.timestamp();
        Header received = record.headers().lastHeader(Topics.HEADER_RECEIVED_AT);
        if (received != null && received.value() != null) {
            try {
                receivedAt = Long.parseLong(new String(received.value(), StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                // keep the Kafka timestamp: the bridge always writes the header, so this is a foreign producer
            }
        }
        Header topicHeader = record.headers().lastHeader(Topics.HEADER_MQTT_TOPIC);
        MqttTopic topic = topicHeader == null || topicHeader.value() == null
                ? null
                : MqttTopic.parseStatus(new String(topicHeader.value(), StandardCharsets.UTF_8));
        if (topic == null) {
            String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            return GatewaySignal.malformed(key, null, receivedAt);
        }
        return parse(topic.enterprise(), topic.gateway(), record.value(), receivedAt);
    }

    /** The signal of one status payload of the given gateway. */
    static GatewaySignal parse(String enterprise, String gateway, byte[] payload, long receivedAt) {
        if (payload == null || payload.length == 0) return GatewaySignal.malformed(enterprise, gateway, receivedAt);
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (Exception e) { // not JSON, or not UTF-8: a foreign or broken publisher
            return GatewaySignal.malformed(enterprise, gateway, receivedAt);
        }
        if (root == null || !root.isObject()) return GatewaySignal.malformed(enterprise, gateway, receivedAt);
        JsonNode state = root.get("state");
        if (state == null || !state.isTextual()) return GatewaySignal.malformed(enterprise, gateway, receivedAt);
        long since = GatewaySignal.NO_SINCE;
        JsonNode s = root.get("since");
        if (s != null && s.isTextual()) {
            long t = IsoTimestamps.parse(s.asText());
            if (t != RawReading.NO_TS) since = t;
        }
        return switch (state.asText()) {
            case "online" -> GatewaySignal.online(enterprise, gateway, receivedAt, since);
            case "offline" -> GatewaySignal.offline(enterprise, gateway, receivedAt, since);
            default -> GatewaySignal.malformed(enterprise, gateway, receivedAt);
        };
    }

    @Override
    public TypeInformation<GatewaySignal> getProducedType() {
        return TypeInformation.of(GatewaySignal.class);
    }
}
