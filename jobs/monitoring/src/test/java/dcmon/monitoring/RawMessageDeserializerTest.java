package dcmon.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class RawMessageDeserializerTest {
    private static final long KAFKA_TS = 1_795_000_000_000L;

    private static RawMessage deserialize(RecordHeaders headers, byte[] value) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(
                Topics.READINGS_RAW,
                0,
                42,
                KAFKA_TS,
                TimestampType.CREATE_TIME,
                0,
                value == null ? 0 : value.length,
                "k".getBytes(StandardCharsets.UTF_8),
                value,
                headers,
                Optional.empty());
        List<RawMessage> out = new ArrayList<>();
        new RawMessageDeserializer().deserialize(record, new Collector<>() {
            @Override
            public void collect(RawMessage m) {
                out.add(m);
            }

            @Override
            public void close() {}
        });
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    @Test
    void readsTopicAndReceiveTimeFromTheBridgesHeaders() {
        RecordHeaders h = new RecordHeaders();
        h.add(Topics.HEADER_MQTT_TOPIC, "dcmon/v1/91430111MA4L41YT1U/GW01/readings".getBytes(StandardCharsets.UTF_8));
        h.add(Topics.HEADER_RECEIVED_AT, "1795000000123".getBytes(StandardCharsets.US_ASCII));
        RawMessage m = deserialize(h, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(m.mqttTopic).isEqualTo("dcmon/v1/91430111MA4L41YT1U/GW01/readings");
        assertThat(m.receivedAt).isEqualTo(1_795_000_000_123L);
        assertThat(m.payload).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aForeignRecordStillBecomesAMessageToReject() {
        // no headers, no value: an empty topic (rejected as bad_topic later) at the Kafka timestamp
        RawMessage bare = deserialize(new RecordHeaders(), null);
        assertThat(bare.mqttTopic).isEmpty();
        assertThat(bare.receivedAt).isEqualTo(KAFKA_TS);
        assertThat(bare.payload).isEmpty();

        // headers present but with null values, or a receive time that is not a number
        RecordHeaders h = new RecordHeaders();
        h.add(Topics.HEADER_MQTT_TOPIC, null);
        h.add(Topics.HEADER_RECEIVED_AT, null);
        RawMessage nulls = deserialize(h, new byte[] {1});
        assertThat(nulls.mqttTopic).isEmpty();
        assertThat(nulls.receivedAt).isEqualTo(KAFKA_TS);

        RecordHeaders text = new RecordHeaders();
        text.add(Topics.HEADER_RECEIVED_AT, "yesterday".getBytes(StandardCharsets.US_ASCII));
        assertThat(deserialize(text, new byte[] {1}).receivedAt).isEqualTo(KAFKA_TS);
    }
}
