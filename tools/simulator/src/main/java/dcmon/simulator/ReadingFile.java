package dcmon.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcmon.core.reading.IsoTimestamps;
import dcmon.core.reading.RawReading;
import dcmon.core.registry.CreditCode;
import dcmon.core.registry.RegistryLoader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Readings a person wrote down: manual meter readings, or a gateway's export, to publish as a gateway would.
 *
 * <p>CSV (UTF-8, with or without BOM) has a header row naming its columns: {@code point}, {@code ts} and
 * {@code value} always, {@code enterprise} and {@code gateway} unless given for the whole file, {@code quality}
 * optionally; lines starting with {@code #} are comments. JSON is either an array of reading objects with the same
 * fields, or one object {@code {"enterprise": …, "gateway": …, "readings": [ … ]}}. Every problem is reported with
 * its place (file and line for CSV, file and path for JSON); a file with any problem is not published at all.
 */
public final class ReadingFile {
    /** The CSV columns this reads; any other is an error, so a misspelt column is not silently ignored. */
    static final Set<String> COLUMNS = Set.of("enterprise", "gateway", "point", "ts", "value", "quality");

    private static final int MAX_QUALITY_LENGTH = 32;

    /** One reading as written; {@code ts} keeps the text the file had, {@code where} says where it came from. */
    public record Entry(
            String enterprise,
            String gateway,
            String point,
            String ts,
            long epochMillis,
            double value,
            String quality,
            String where) {}

    /** What a file held: its readings when it has no errors. */
    public record Contents(List<Entry> entries, List<String> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private ReadingFile() {}

    /**
     * @param enterprise the enterprise of rows that name none, or null
     * @param gateway    the gateway of rows that name none, or null
     */
    public static Contents read(Path file, String enterprise, String gateway) throws IOException {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        return name.endsWith(".json") ? readJson(file, enterprise, gateway) : readCsv(file, enterprise, gateway);
    }

    private static Contents readCsv(Path file, String enterprise, String gateway) throws IOException {
        List<Entry> entries = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        String name = String.valueOf(file.getFileName());
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setCommentMarker('#')
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .get();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser csv = CSVParser.parse(skipBom(in), format)) {
            Map<String, String> columns = new LinkedHashMap<>();
            for (String h : csv.getHeaderNames()) {
                String key = h.toLowerCase(Locale.ROOT);
                if (!COLUMNS.contains(key)) {
                    errors.add(name + ":1: header: unknown column '" + h + "' (columns: enterprise, gateway, point, ts,"
                            + " value, quality)");
                }
                columns.put(key, h);
            }
            for (String required : List.of("point", "ts", "value")) {
                if (!columns.containsKey(required))
                    errors.add(name + ":1: header: column '" + required + "' is missing");
            }
            if (enterprise == null && !columns.containsKey("enterprise")) {
                errors.add(name + ":1: header: column 'enterprise' is missing (or give --enterprise)");
            }
            if (gateway == null && !columns.containsKey("gateway")) {
                errors.add(name + ":1: header: column 'gateway' is missing (or give --gateway)");
            }
            if (!errors.isEmpty()) return new Contents(List.of(), errors);
            for (CSVRecord r : csv) {
                String where = name + ":" + r.getParser().getCurrentLineNumber();
                Row row = new Row(where, errors);
                row.enterprise = cell(r, columns, "enterprise", enterprise);
                row.gateway = cell(r, columns, "gateway", gateway);
                row.point = cell(r, columns, "point", null);
                row.ts = cell(r, columns, "ts", null);
                row.value = cell(r, columns, "value", null);
                row.quality = cell(r, columns, "quality", null);
                row.check().ifPresent(entries::add);
            }
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            errors.add(name + ": not readable as CSV: " + e.getMessage());
        }
        return new Contents(errors.isEmpty() ? entries : List.of(), errors);
    }

    private static Reader skipBom(Reader in) throws IOException {
        in.mark(1);
        if (in.read() != '\uFEFF') in.reset();
        return in;
    }

    private static String cell(CSVRecord r, Map<String, String> columns, String column, String fallback) {
        String header = columns.get(column);
        String v = header == null || !r.isSet(header) ? null : r.get(header);
        return v == null || v.isEmpty() ? fallback : v;
    }

    private static Contents readJson(Path file, String enterprise, String gateway) throws IOException {
        String name = String.valueOf(file.getFileName());
        List<Entry> entries = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return new Contents(List.of(), List.of(name + ": not valid JSON: " + e.getOriginalMessage()));
        }
        JsonNode readings = root;
        String path = "";
        if (root != null && root.isObject()) {
            enterprise = text(root.get("enterprise"), enterprise);
            gateway = text(root.get("gateway"), gateway);
            readings = root.get("readings");
            path = "readings";
        }
        if (readings == null || !readings.isArray()) {
            return new Contents(
                    List.of(),
                    List.of(name + ": expected an array of readings, or an object with"
                            + " enterprise, gateway and a readings array"));
        }
        for (int i = 0; i < readings.size(); i++) {
            JsonNode n = readings.get(i);
            Row row = new Row(name + ": " + path + "[" + i + "]", errors);
            if (!n.isObject()) {
                errors.add(row.where + ": must be an object with point, ts and value");
                continue;
            }
            row.enterprise = text(n.get("enterprise"), enterprise);
            row.gateway = text(n.get("gateway"), gateway);
            row.point = text(n.get("point"), null);
            row.ts = text(n.get("ts"), null);
            row.value = text(n.get("value"), null);
            row.quality = text(n.get("quality"), null);
            row.check().ifPresent(entries::add);
        }
        return new Contents(errors.isEmpty() ? entries : List.of(), errors);
    }

    private static String text(JsonNode n, String fallback) {
        return n == null || n.isNull() ? fallback : n.isValueNode() ? n.asText() : n.toString();
    }

    /** One row's texts, checked field by field; each problem names its field. */
    private static final class Row {
        final String where;
        final List<String> errors;
        String enterprise;
        String gateway;
        String point;
        String ts;
        String value;
        String quality;

        Row(String where, List<String> errors) {
            this.where = where;
            this.errors = errors;
        }

        java.util.Optional<Entry> check() {
            int before = errors.size();
            if (enterprise == null) {
                error("enterprise", "is missing");
            } else {
                String problem = CreditCode.problem(enterprise);
                if (problem != null) error("enterprise", "not a valid unified social credit code: " + problem);
            }
            checkId("gateway", gateway);
            checkId("point", point);
            long millis = RawReading.NO_TS;
            if (ts == null) {
                error("ts", "is missing");
            } else {
                millis = IsoTimestamps.parse(ts);
                if (millis == RawReading.NO_TS) {
                    error(
                            "ts",
                            "must be an ISO-8601 time with its offset, e.g. 2026-11-24T10:15:00+08:00, found '" + ts
                                    + "'");
                }
            }
            double number = Double.NaN;
            if (value == null) {
                error("value", "is missing");
            } else {
                try {
                    number = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    number = Double.NaN;
                }
                if (!Double.isFinite(number)) {
                    error("value", "must be a finite number, found '" + value + "'");
                } else if (number < 0) {
                    error("value", "must not be negative, found " + value);
                }
            }
            if (quality != null && quality.length() > MAX_QUALITY_LENGTH) {
                error("quality", "longer than " + MAX_QUALITY_LENGTH + " characters");
            }
            if (errors.size() > before) return java.util.Optional.empty();
            return java.util.Optional.of(new Entry(enterprise, gateway, point, ts, millis, number, quality, where));
        }

        private void checkId(String field, String id) {
            if (id == null) {
                error(field, "is missing");
            } else if (!RegistryLoader.ID.matcher(id).matches()) {
                error(field, "must be 1-64 letters, digits, '_', '.' or '-', found '" + id + "'");
            }
        }

        private void error(String field, String message) {
            errors.add(where + ": " + field + ": " + message);
        }
    }
}
