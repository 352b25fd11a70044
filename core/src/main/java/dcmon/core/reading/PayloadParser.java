package dcmon.core.reading;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a readings payload with Jackson's streaming parser (no tree: this runs once per message on the hot
 * path). Message-level problems throw {@link PayloadException} with the reason; reading-level problems are
 * left in the {@link RawReading} for the validator, so one bad reading never discards its neighbours.
 */
public final class PayloadParser {
    /**
     * Numbers through Jackson's fast double parser (an implementation of Lemire's algorithm): correctly rounded,
     * the same double as {@link Double#parseDouble} for every input (tested), without its allocations.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    public static final class PayloadException extends Exception {
        private final RejectReason reason;

        PayloadException(RejectReason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }

        public RejectReason reason() {
            return reason;
        }
    }

    public GatewayMessage parse(byte[] payload) throws PayloadException {
        String schema = null;
        String gateway = null;
        long seq = -1;
        List<RawReading> readings = null;
        try (JsonParser p = JSON.createParser(payload)) {
            JsonToken first = p.nextToken();
            // nothing at all is no JSON (Jackson reports it as the end of input, not as an error)
            if (first == null) throw new PayloadException(RejectReason.MALFORMED_JSON, "empty payload");
            if (first != JsonToken.START_OBJECT) throw wrongSchema("payload is not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "schema" -> schema = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "gateway" -> gateway = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "seq" -> seq = isLong(p, t) ? p.getLongValue() : -1;
                    case "readings" -> {
                        if (t != JsonToken.START_ARRAY) throw wrongSchema("readings is not an array");
                        readings = readReadings(p);
                    }
                    default -> p.skipChildren();
                }
                p.skipChildren(); // a known field holding an object or array: skip it whole, never read its
                // contents as fields
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new PayloadException(RejectReason.MALFORMED_JSON, "trailing content after the JSON object");
            }
        } catch (IOException e) {
            throw new PayloadException(RejectReason.MALFORMED_JSON, firstLine(e.getMessage()));
        }
        if (!GatewayMessage.SCHEMA.equals(schema))
            throw wrongSchema("schema must be " + GatewayMessage.SCHEMA + ", got " + schema);
        if (gateway == null) throw wrongSchema("gateway missing or not a string");
        if (readings == null) throw wrongSchema("readings missing");
        return new GatewayMessage(schema, gateway, seq, readings);
    }

    private static List<RawReading> readReadings(JsonParser p) throws IOException, PayloadException {
        List<RawReading> out = new ArrayList<>(64); // gateways batch tens of readings: skip the first few regrowths
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                out.add(new RawReading(null, RawReading.NO_TS, Double.NaN, null));
                continue;
            }
            String point = null;
            long ts = RawReading.NO_TS;
            double value = Double.NaN;
            String quality = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "point" -> point = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "ts" ->
                        ts = v == JsonToken.VALUE_STRING
                                ? IsoTimestamps.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength())
                                : RawReading.NO_TS;
                    case "value" -> value = v.isNumeric() ? p.getDoubleValue() : Double.NaN;
                    case "quality" -> quality = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    default -> p.skipChildren();
                }
                p.skipChildren(); // as above: a container where a scalar belongs is skipped whole
            }
            out.add(new RawReading(point, ts, value, quality));
        }
        return out;
    }

    /** An optional seq beyond a long is ignored like a seq of another type, not a reason to drop the message. */
    private static boolean isLong(JsonParser p, JsonToken t) throws IOException {
        return t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
    }

    /** ISO-8601 with an explicit offset (docs/design.md, *MQTT*); a local time without offset is ambiguous and rejected. */
    static long parseTs(String s) {
        return IsoTimestamps.parse(s);
    }

    private static PayloadException wrongSchema(String detail) {
        return new PayloadException(RejectReason.WRONG_SCHEMA, detail);
    }

    private static String firstLine(String s) {
        if (s == null) return "not JSON";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
