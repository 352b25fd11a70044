package dcmon.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The exact results the monitoring job must produce for what the simulator published: per enterprise and
 * Shanghai day / month the tce, tce_equal_value, tce_policy and tCO₂ totals and product outputs, per point and
 * day the amount, and the set of rejection ids with their reasons.
 *
 * <p>JSON form (written by {@link #write}, read by {@link #read}):
 * <pre>{@code
 * { "schema": "dcmon.groundtruth/1", "from": "...Z", "to": "...Z", "cadence_minutes": 15, "seed": 1, "faults": "all",
 *   "scenarios": "ahead:CODE intensity-miss:CODE silent-gateway:CODE/GW02 stuck-meter:CODE/E-MAIN-01",
 *   "enterprises": { "<code>": {
 *       "days":   { "2026-11-24": { "tce": 1.5, "tce_equal_value": 3.1, "tce_policy": 1.5, "tco2": 4.2,
 *                                   "outputs": { "crude-steel": 12.0 } } },
 *       "months": { "2026-11": { ... } },
 *       "points": { "E-MAIN-01": { "2026-11-24": 1234.5 } } } },
 *   "rejections": [ { "id": "conflict:...", "reason": "conflict" } ],
 *   "published": { "messages": 120, "readings": 2400, "duplicates": 3, "status_messages": 4 },
 *   "fault_counts": { "dup": 3 },
 *   "injected": [ { "fault": "spike", "enterprise": "...", "gateway": "GW01", "point": "E-1", "ts": "...", "detail": "..." } ] }
 * }</pre>
 */
public final class GroundTruth {
    public static final String SCHEMA = "dcmon.groundtruth/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Totals of one enterprise over a day or month.
     *
     * @param outputs product (or workload) id → amount of its counters, in the product's unit
     */
    public record Totals(
            double tce, double tceEqualValue, double tcePolicy, double tco2, SortedMap<String, Double> outputs) {
        public Totals {
            outputs = Collections.unmodifiableSortedMap(new TreeMap<>(outputs));
        }
    }

    /** Expected results of one enterprise. Points map to their amount per day, in the point's unit. */
    public record EnterpriseTruth(
            SortedMap<LocalDate, Totals> days,
            SortedMap<YearMonth, Totals> months,
            SortedMap<String, SortedMap<LocalDate, Double>> points) {
        public EnterpriseTruth {
            days = Collections.unmodifiableSortedMap(new TreeMap<>(days));
            months = Collections.unmodifiableSortedMap(new TreeMap<>(months));
            SortedMap<String, SortedMap<LocalDate, Double>> p = new TreeMap<>();
            points.forEach((k, v) -> p.put(k, Collections.unmodifiableSortedMap(new TreeMap<>(v))));
            points = Collections.unmodifiableSortedMap(p);
        }
    }

    /**
     * What went out on readings topics. {@code messages} counts every publish (duplicates and garbage
     * included), {@code readings} the reading objects in them, {@code duplicates} the re-published copies.
     */
    public record Published(long messages, long readings, long duplicates, long statusMessages) {}

    /** One fault as injected, for diagnosis. {@code ts} is ISO-8601 with +08:00, or null. */
    public record InjectedFault(
            String fault, String enterprise, String gateway, String point, String ts, String detail) {}

    private final Instant from;
    private final Instant to;
    private final int cadenceMinutes;
    private final long seed;
    private final String faults;
    private final String scenarios;
    private final SortedMap<String, EnterpriseTruth> enterprises;
    private final SortedMap<String, String> rejections;
    private final Published published;
    private final SortedMap<String, Integer> faultCounts;
    private final List<InjectedFault> injected;

    public GroundTruth(
            Instant from,
            Instant to,
            int cadenceMinutes,
            long seed,
            String faults,
            String scenarios,
            Map<String, EnterpriseTruth> enterprises,
            Map<String, String> rejections,
            Published published,
            Map<String, Integer> faultCounts,
            List<InjectedFault> injected) {
        this.from = from;
        this.to = to;
        this.cadenceMinutes = cadenceMinutes;
        this.seed = seed;
        this.faults = faults;
        this.scenarios = scenarios;
        this.enterprises = Collections.unmodifiableSortedMap(new TreeMap<>(enterprises));
        this.rejections = Collections.unmodifiableSortedMap(new TreeMap<>(rejections));
        this.published = published;
        this.faultCounts = Collections.unmodifiableSortedMap(new TreeMap<>(faultCounts));
        this.injected = List.copyOf(injected);
    }

    public Instant from() {
        return from;
    }

    /** Last tick published (inclusive): totals cover [from, to). */
    public Instant to() {
        return to;
    }

    public int cadenceMinutes() {
        return cadenceMinutes;
    }

    public long seed() {
        return seed;
    }

    /** The faults option in command-line form. */
    public String faults() {
        return faults;
    }

    /** The scenarios with their units, in command-line form ({@code none} without). */
    public String scenarios() {
        return scenarios;
    }

    public SortedMap<String, EnterpriseTruth> enterprises() {
        return enterprises;
    }

    public EnterpriseTruth enterprise(String code) {
        return enterprises.get(code);
    }

    /** Totals of an enterprise for a Shanghai day, or null when nothing was counted that day. */
    public Totals day(String enterprise, LocalDate date) {
        EnterpriseTruth e = enterprises.get(enterprise);
        return e == null ? null : e.days().get(date);
    }

    /** Totals of an enterprise for a Shanghai month, or null. */
    public Totals month(String enterprise, YearMonth month) {
        EnterpriseTruth e = enterprises.get(enterprise);
        return e == null ? null : e.months().get(month);
    }

    /** Expected rejections: id → reason code. Every id must appear on the rejected topic, and no other. */
    public SortedMap<String, String> rejections() {
        return rejections;
    }

    public Published published() {
        return published;
    }

    /** Faults actually injected, by command-line name. */
    public SortedMap<String, Integer> faultCounts() {
        return faultCounts;
    }

    public List<InjectedFault> injected() {
        return injected;
    }

    public void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, toJson());
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ground truth " + file, e);
        }
    }

    public static GroundTruth read(Path file) {
        try {
            return fromJson(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ground truth " + file, e);
        }
    }

    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("from", from.toString());
        root.put("to", to.toString());
        root.put("cadence_minutes", cadenceMinutes);
        root.put("seed", seed);
        root.put("faults", faults);
        root.put("scenarios", scenarios);
        ObjectNode ents = root.putObject("enterprises");
        enterprises.forEach((code, e) -> {
            ObjectNode en = ents.putObject(code);
            ObjectNode days = en.putObject("days");
            e.days().forEach((d, t) -> writeTotals(days.putObject(d.toString()), t));
            ObjectNode months = en.putObject("months");
            e.months().forEach((m, t) -> writeTotals(months.putObject(m.toString()), t));
            ObjectNode points = en.putObject("points");
            e.points().forEach((p, byDay) -> {
                ObjectNode pn = points.putObject(p);
                byDay.forEach((d, v) -> pn.put(d.toString(), v));
            });
        });
        ArrayNode rej = root.putArray("rejections");
        rejections.forEach((id, reason) -> rej.addObject().put("id", id).put("reason", reason));
        ObjectNode pub = root.putObject("published");
        pub.put("messages", published.messages());
        pub.put("readings", published.readings());
        pub.put("duplicates", published.duplicates());
        pub.put("status_messages", published.statusMessages());
        ObjectNode fc = root.putObject("fault_counts");
        faultCounts.forEach(fc::put);
        ArrayNode inj = root.putArray("injected");
        for (InjectedFault f : injected) {
            ObjectNode n = inj.addObject();
            n.put("fault", f.fault());
            putNullable(n, "enterprise", f.enterprise());
            putNullable(n, "gateway", f.gateway());
            putNullable(n, "point", f.point());
            putNullable(n, "ts", f.ts());
            putNullable(n, "detail", f.detail());
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static GroundTruth fromJson(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("ground truth is not JSON", e);
        }
        if (!SCHEMA.equals(root.path("schema").asText())) {
            throw new IllegalArgumentException("not a " + SCHEMA + " document");
        }
        Map<String, EnterpriseTruth> ents = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("enterprises").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> en = it.next();
            SortedMap<LocalDate, Totals> days = new TreeMap<>();
            en.getValue()
                    .path("days")
                    .fields()
                    .forEachRemaining(d -> days.put(LocalDate.parse(d.getKey()), readTotals(d.getValue())));
            SortedMap<YearMonth, Totals> months = new TreeMap<>();
            en.getValue()
                    .path("months")
                    .fields()
                    .forEachRemaining(m -> months.put(YearMonth.parse(m.getKey()), readTotals(m.getValue())));
            SortedMap<String, SortedMap<LocalDate, Double>> points = new TreeMap<>();
            en.getValue().path("points").fields().forEachRemaining(p -> {
                SortedMap<LocalDate, Double> byDay = new TreeMap<>();
                p.getValue()
                        .fields()
                        .forEachRemaining(d -> byDay.put(
                                LocalDate.parse(d.getKey()), d.getValue().doubleValue()));
                points.put(p.getKey(), byDay);
            });
            ents.put(en.getKey(), new EnterpriseTruth(days, months, points));
        }
        Map<String, String> rejections = new LinkedHashMap<>();
        for (JsonNode r : root.path("rejections"))
            rejections.put(r.path("id").asText(), r.path("reason").asText());
        JsonNode pub = root.path("published");
        Published published = new Published(
                pub.path("messages").asLong(),
                pub.path("readings").asLong(),
                pub.path("duplicates").asLong(),
                pub.path("status_messages").asLong());
        Map<String, Integer> faultCounts = new LinkedHashMap<>();
        root.path("fault_counts")
                .fields()
                .forEachRemaining(f -> faultCounts.put(f.getKey(), f.getValue().asInt()));
        List<InjectedFault> injected = new ArrayList<>();
        for (JsonNode f : root.path("injected")) {
            injected.add(new InjectedFault(
                    f.path("fault").asText(),
                    text(f, "enterprise"),
                    text(f, "gateway"),
                    text(f, "point"),
                    text(f, "ts"),
                    text(f, "detail")));
        }
        return new GroundTruth(
                Instant.parse(root.path("from").asText()),
                Instant.parse(root.path("to").asText()),
                root.path("cadence_minutes").asInt(),
                root.path("seed").asLong(),
                root.path("faults").asText(),
                root.path("scenarios").asText("none"),
                ents,
                rejections,
                published,
                faultCounts,
                injected);
    }

    private static void writeTotals(ObjectNode n, Totals t) {
        n.put("tce", t.tce());
        n.put("tce_equal_value", t.tceEqualValue());
        n.put("tce_policy", t.tcePolicy());
        n.put("tco2", t.tco2());
        ObjectNode o = n.putObject("outputs");
        t.outputs().forEach(o::put);
    }

    private static Totals readTotals(JsonNode n) {
        SortedMap<String, Double> outputs = new TreeMap<>();
        n.path("outputs")
                .fields()
                .forEachRemaining(o -> outputs.put(o.getKey(), o.getValue().doubleValue()));
        return new Totals(
                n.path("tce").doubleValue(),
                n.path("tce_equal_value").doubleValue(),
                n.path("tce_policy").doubleValue(),
                n.path("tco2").doubleValue(),
                outputs);
    }

    private static void putNullable(ObjectNode n, String field, String value) {
        if (value != null) n.put(field, value);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
