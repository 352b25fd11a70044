package dcmon.core.reading;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A reading or message that was not counted, as written to {@code dcmon.readings.rejected}.
 *
 * <p>The id is deterministic — the same input rejected again (a replay, a QoS 1 redelivery) gets the
 * same id — so consumers can count distinct rejections exactly.
 *
 * @param reason     why
 * @param detail     human-readable detail (English), may be null
 * @param mqttTopic  topic the payload arrived on
 * @param enterprise enterprise from the topic, may be null when the topic is malformed
 * @param gateway    gateway from the topic, may be null
 * @param seq        message sequence number, -1 when unknown
 * @param index      index of the reading in the message, -1 for a message-level rejection
 * @param point      point id, may be null
 * @param ts         reading time in epoch millis, {@link Long#MIN_VALUE} when unknown
 * @param value      reading value, NaN when unknown
 * @param receivedAt when the bridge received the payload, epoch millis
 * @param payloadSha256 hex SHA-256 of the whole payload: identifies message-level rejections; may be null for
 *                   reading-level ones
 */
public record Rejection(
        RejectReason reason,
        String detail,
        String mqttTopic,
        String enterprise,
        String gateway,
        long seq,
        int index,
        String point,
        long ts,
        double value,
        long receivedAt,
        String payloadSha256)
        implements Serializable {

    public static final String SCHEMA = "dcmon.rejected/1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TS = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.ofHours(8));

    /**
     * Deterministic id: a message-level rejection is identified by its payload hash; a reading-level one by
     * enterprise, gateway, point, ts and value (so the same bad reading in a re-sent message is one rejection).
     */
    public String id() {
        if (index < 0 || point == null) return reason.code() + ":" + payloadSha256;
        return reason.code() + ":" + enterprise + ":" + gateway + ":" + point + ":" + ts + ":"
                + Double.doubleToLongBits(value);
    }

    /** Kafka key: the enterprise code when known, else the reason code. */
    public String key() {
        return enterprise != null ? enterprise : reason.code();
    }

    public byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("schema", SCHEMA);
            g.writeStringField("id", id());
            g.writeStringField("reason", reason.code());
            if (detail != null) g.writeStringField("detail", detail);
            g.writeStringField("topic", mqttTopic);
            if (enterprise != null) g.writeStringField("enterprise", enterprise);
            if (gateway != null) g.writeStringField("gateway", gateway);
            if (seq >= 0) g.writeNumberField("seq", seq);
            if (index >= 0) g.writeNumberField("index", index);
            if (point != null) g.writeStringField("point", point);
            if (ts != Long.MIN_VALUE) g.writeStringField("ts", TS.format(Instant.ofEpochMilli(ts)));
            if (!Double.isNaN(value) && !Double.isInfinite(value)) g.writeNumberField("value", value);
            g.writeStringField("received_at", TS.format(Instant.ofEpochMilli(receivedAt)));
            if (payloadSha256 != null) g.writeStringField("payload_sha256", payloadSha256);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Reads the id and reason back from a rejected-topic value (for tests and tools). */
    public static String[] idAndReason(byte[] json) {
        try {
            JsonNode n = JSON.readTree(json);
            return new String[] {n.path("id").asText(), n.path("reason").asText()};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
