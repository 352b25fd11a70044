package dcmon.core.monthly;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link MonthlySnapshot}s to and from their {@code dcmon.monthly/1} JSON. Keys are written sorted, so the same
 * snapshot always gives the same bytes; whole numbers read back as {@code Long}, others as {@code Double}, as
 * InfluxDB rows do. Figures that are not finite are left out, like empty ones.
 */
public final class MonthlyJson {
    private MonthlyJson() {}

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** Significant digits the content hash keeps: sums in another order must not count as a change. */
    private static final MathContext HASH_DIGITS = new MathContext(12);

    public static String write(MonthlySnapshot s) {
        try {
            return MAPPER.writeValueAsString(tree(s, true));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write monthly snapshot " + s.id(), e);
        }
    }

    public static byte[] bytes(MonthlySnapshot s) {
        return write(s).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A hash of what the snapshot says, its revision and id left out and figures rounded to 12 significant digits:
     * equal for a recomputation that changed nothing.
     */
    public static long contentHash(MonthlySnapshot s) {
        try {
            ObjectNode n = tree(s.withRevision(0), false);
            byte[] d = MessageDigest.getInstance("SHA-256").digest(MAPPER.writeValueAsBytes(n));
            long h = 0;
            for (int i = 0; i < 8; i++) h = (h << 8) | (d[i] & 0xff);
            return h;
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash monthly snapshot " + s.id(), e);
        }
    }

    public static MonthlySnapshot read(String json) throws JsonProcessingException {
        JsonNode n = MAPPER.readTree(json);
        if (n == null || !n.isObject()) throw new IllegalArgumentException("not a JSON object");
        String schema = text(n, "schema");
        if (!MonthlySnapshot.SCHEMA.equals(schema)) {
            throw new IllegalArgumentException("schema is " + schema + ", expected " + MonthlySnapshot.SCHEMA);
        }
        Map<String, String> tags = new TreeMap<>();
        n.path("tags")
                .fields()
                .forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        Map<String, Map<String, Object>> products = new TreeMap<>();
        n.path("products").fields().forEachRemaining(e -> products.put(e.getKey(), values(e.getValue())));
        return new MonthlySnapshot(
                text(n, "level"),
                text(n, "code"),
                YearMonth.parse(text(n, "month")),
                n.path("revision").asInt(),
                tags,
                values(n.path("month_totals")),
                values(n.path("year_to_date")),
                values(n.path("progress")),
                products);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException("field " + field + " missing");
        return v.asText();
    }

    private static ObjectNode tree(MonthlySnapshot s, boolean exact) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("schema", MonthlySnapshot.SCHEMA);
        if (exact) n.put("id", s.id());
        n.put("level", s.level());
        n.put("code", s.code());
        n.put("month", s.month().toString());
        n.put("revision", s.revision());
        n.put(
                "as_of",
                OffsetDateTime.ofInstant(Instant.ofEpochMilli(s.asOf()), ZoneOffset.ofHours(8))
                        .toString());
        ObjectNode tags = n.putObject("tags");
        s.tags().forEach(tags::put);
        put(n.putObject("month_totals"), s.monthTotals(), exact);
        put(n.putObject("year_to_date"), s.yearToDate(), exact);
        put(n.putObject("progress"), s.progress(), exact);
        ObjectNode products = n.putObject("products");
        s.products().forEach((k, v) -> put(products.putObject(k), v, exact));
        return n;
    }

    private static void put(ObjectNode n, Map<String, Object> values, boolean exact) {
        for (Map.Entry<String, Object> e : new TreeMap<>(values).entrySet()) {
            Object v = e.getValue();
            String k = e.getKey();
            if (v instanceof Double d || v instanceof Float) {
                double x = ((Number) v).doubleValue();
                if (!Double.isFinite(x)) continue;
                if (exact) n.put(k, x);
                else n.put(k, new BigDecimal(x).round(HASH_DIGITS));
            } else if (v instanceof Number num) {
                n.put(k, num.longValue());
            } else if (v instanceof Boolean b) {
                n.put(k, b);
            } else if (v != null) {
                n.put(k, v.toString());
            }
        }
    }

    private static Map<String, Object> values(JsonNode n) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isIntegralNumber()) out.put(e.getKey(), v.asLong());
            else if (v.isNumber()) out.put(e.getKey(), v.asDouble());
            else if (v.isBoolean()) out.put(e.getKey(), v.asBoolean());
            else if (!v.isNull()) out.put(e.getKey(), v.asText());
        }
        return out;
    }
}
