package dcmon.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Writes readings payloads (docs/design.md, *MQTT*) and the deliberately broken ones of the garbage faults. */
final class Payloads {
    static final String SCHEMA = "dcmon.readings/1";
    /** Seconds precision with the explicit +08:00 offset, as the contract's example. */
    static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.ofHours(8));
    /** The same wall time without an offset: ambiguous, so the job must reject it. */
    static final DateTimeFormatter TS_NO_OFFSET =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.ofHours(8));

    private static final JsonFactory JSON = new JsonFactory();

    private Payloads() {}

    /**
     * One entry of a readings array as it goes on the wire.
     *
     * @param point point id
     * @param ts    the ts text, or null to leave the field out
     * @param value a {@link Double}, a {@link String} (not a number), {@link #JSON_NULL}, or null to leave it out
     * @param quality the reading's quality flag (e.g. {@code manual}), or null to leave it out
     */
    record Reading(String point, String ts, Object value, String quality) {
        static final Object JSON_NULL = new Object() {
            @Override
            public String toString() {
                return "null";
            }
        };

        Reading(String point, String ts, Object value) {
            this(point, ts, value, null);
        }

        static Reading of(String point, long ts, double value) {
            return new Reading(point, Payloads.ts(ts), value);
        }
    }

    static String ts(long epochMillis) {
        return TS.format(Instant.ofEpochMilli(epochMillis));
    }

    static byte[] readings(String gateway, long seq, List<Reading> readings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96 + 80 * readings.size());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("schema", SCHEMA);
            g.writeStringField("gateway", gateway);
            g.writeNumberField("seq", seq);
            g.writeArrayFieldStart("readings");
            for (Reading r : readings) writeReading(g, r);
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeReading(JsonGenerator g, Reading r) throws IOException {
        g.writeStartObject();
        g.writeStringField("point", r.point());
        if (r.ts() != null) g.writeStringField("ts", r.ts());
        Object v = r.value();
        if (v instanceof Double d) {
            g.writeNumberField("value", d);
        } else if (v instanceof String s) {
            g.writeStringField("value", s);
        } else if (v == Reading.JSON_NULL) {
            g.writeNullField("value");
        }
        if (r.quality() != null) g.writeStringField("quality", r.quality());
        g.writeEndObject();
    }

    /** A readings message cut off in the middle of a reading: not JSON. */
    static byte[] malformed(String gateway, long seq, Reading r) {
        String whole = new String(readings(gateway, seq, List.of(r)), StandardCharsets.UTF_8);
        return whole.substring(0, whole.indexOf("\"value\"") + 8).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Valid JSON that is not a dcmon.readings/1 message; {@code variant} mod 3: another schema version, the gateway
     * missing, readings an object instead of an array.
     */
    static byte[] wrongSchema(int variant, String gateway, long seq, Reading r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            switch (Math.floorMod(variant, 3)) {
                case 0 -> {
                    g.writeStringField("schema", "dcmon.readings/0");
                    g.writeStringField("gateway", gateway);
                    g.writeNumberField("seq", seq);
                    g.writeArrayFieldStart("readings");
                    writeReading(g, r);
                    g.writeEndArray();
                }
                case 1 -> {
                    g.writeStringField("schema", SCHEMA);
                    g.writeNumberField("seq", seq);
                    g.writeArrayFieldStart("readings");
                    writeReading(g, r);
                    g.writeEndArray();
                }
                default -> {
                    g.writeStringField("schema", SCHEMA);
                    g.writeStringField("gateway", gateway);
                    g.writeNumberField("seq", seq);
                    g.writeFieldName("readings");
                    writeReading(g, r);
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A well-formed message with no readings, padded beyond {@code limit} bytes. */
    static byte[] oversized(String gateway, long seq, int limit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(limit + 4096);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("schema", SCHEMA);
            g.writeStringField("gateway", gateway);
            g.writeNumberField("seq", seq);
            g.writeStringField("padding", "x".repeat(limit + 1024));
            g.writeArrayFieldStart("readings");
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Retained status of a gateway: {@code {"state":"online"|"offline", ...}}. */
    static byte[] status(String state, String enterprise, String gateway, String simulator, long since) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("state", state);
            if (enterprise != null) g.writeStringField("enterprise", enterprise);
            if (gateway != null) g.writeStringField("gateway", gateway);
            if (simulator != null) g.writeStringField("simulator", simulator);
            if (since != Long.MIN_VALUE) g.writeStringField("since", ts(since));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
