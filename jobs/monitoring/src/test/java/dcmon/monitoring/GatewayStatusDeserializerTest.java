package dcmon.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.Topics;
import dcmon.monitoring.GatewaySignal.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class GatewayStatusDeserializerTest {
    private static final long KAFKA_TS = 1_795_000_000_000L;
    private static final String STEEL = TestRegistry.STEEL;
    private static final String TOPIC = Topics.statusTopic(STEEL, "GW01");

    private static GatewaySignal deserialize(RecordHeaders headers, byte[] value) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(
                Topics.GATEWAY_STATUS,
                0,
                7,
                KAFKA_TS,
                TimestampType.CREATE_TIME,
                0,
                value == null ? 0 : value.length,
                STEEL.getBytes(StandardCharsets.UTF_8),
                value,
                headers,
                Optional.empty());
        List<GatewaySignal> out = new ArrayList<>();
        new GatewayStatusDeserializer().deserialize(record, new Collector<>() {
            @Override
            public void collect(GatewaySignal s) {
                out.add(s);
            }

            @Override
            public void close() {}
        });
        assertThat(out).as("exactly one signal per record").hasSize(1);
        return out.get(0);
    }

    private static RecordHeaders bridgeHeaders(String topic) {
        RecordHeaders h = new RecordHeaders();
        h.add(Topics.HEADER_MQTT_TOPIC, topic.getBytes(StandardCharsets.UTF_8));
        h.add(Topics.HEADER_RECEIVED_AT, "1795000000123".getBytes(StandardCharsets.US_ASCII));
        return h;
    }

    private static GatewaySignal status(String json) {
        return deserialize(bridgeHeaders(TOPIC), json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theBirthMessageIsOnlineWithItsSince() {
        GatewaySignal s = status("{\"state\":\"online\",\"since\":\"2026-11-24T10:15:00+08:00\"}");
        assertThat(s.kind).isEqualTo(Kind.ONLINE);
        assertThat(s.enterprise).isEqualTo(STEEL);
        assertThat(s.gateway).isEqualTo("GW01");
        assertThat(s.time).isEqualTo(1_795_000_000_123L);
        assertThat(s.since).isEqualTo(TestRegistry.at("2026-11-24T10:15:00+08:00"));
        assertThat(s.readings).isZero();
        assertThat(s.key()).isEqualTo(STEEL + "/GW01");
    }

    @Test
    void theLastWillIsOfflineWithoutSince() {
        GatewaySignal s = status("{\"state\":\"offline\"}");
        assertThat(s.kind).isEqualTo(Kind.OFFLINE);
        assertThat(s.since).isEqualTo(GatewaySignal.NO_SINCE);
    }

    @Test
    void extraFieldsAndABadSinceDoNotSpoilTheState() {
        GatewaySignal s = status("{\"state\":\"offline\",\"enterprise\":\"" + STEEL
                + "\",\"gateway\":\"GW01\",\"simulator\":\"sim-1\",\"since\":\"yesterday\"}");
        assertThat(s.kind).isEqualTo(Kind.OFFLINE);
        assertThat(s.since).isEqualTo(GatewaySignal.NO_SINCE);
        assertThat(status("{\"state\":\"online\",\"since\":42}").since).isEqualTo(GatewaySignal.NO_SINCE);
        assertThat(status("{\"state\":\"online\",\"since\":\"2026-11-24T10:15:00\"}").since)
                .as("a local time without offset is ambiguous")
                .isEqualTo(GatewaySignal.NO_SINCE);
    }

    @Test
    void badPayloadsBecomeMalformedSignalsOfTheirGateway() {
        for (String bad : new String[] {
            null,
            "",
            "not json",
            "{\"state\":",
            "[]",
            "\"online\"",
            "{}",
            "{\"state\":null}",
            "{\"state\":1}",
            "{\"state\":\"ONLINE\"}",
            "{\"state\":\"asleep\"}"
        }) {
            GatewaySignal s = status(bad);
            assertThat(s.kind).as(bad).isEqualTo(Kind.MALFORMED);
            assertThat(s.enterprise).as(bad).isEqualTo(STEEL);
            assertThat(s.gateway).as(bad).isEqualTo("GW01");
        }
        GatewaySignal binary = deserialize(bridgeHeaders(TOPIC), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertThat(binary.kind).isEqualTo(Kind.MALFORMED);
    }

    @Test
    void aRecordWithoutAStatusTopicIsMalformedAtTheKafkaTime() {
        GatewaySignal bare =
                deserialize(new RecordHeaders(), "{\"state\":\"online\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(bare.kind).isEqualTo(Kind.MALFORMED);
        assertThat(bare.enterprise).as("the record key").isEqualTo(STEEL);
        assertThat(bare.gateway).isNull();
        assertThat(bare.time).isEqualTo(KAFKA_TS);

        GatewaySignal readingsTopic = deserialize(
                bridgeHeaders(Topics.readingsTopic(STEEL, "GW01")),
                "{\"state\":\"online\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(readingsTopic.kind).isEqualTo(Kind.MALFORMED);

        RecordHeaders badTime = new RecordHeaders();
        badTime.add(Topics.HEADER_MQTT_TOPIC, TOPIC.getBytes(StandardCharsets.UTF_8));
        badTime.add(Topics.HEADER_RECEIVED_AT, "soon".getBytes(StandardCharsets.US_ASCII));
        GatewaySignal s = deserialize(badTime, "{\"state\":\"online\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(s.kind).isEqualTo(Kind.ONLINE);
        assertThat(s.time).isEqualTo(KAFKA_TS);
    }
}
