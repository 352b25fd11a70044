package dcmon.core.reading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dcmon.core.Topics;
import dcmon.core.reference.ReferenceLoader;
import dcmon.core.reference.RepoConfig;
import dcmon.core.registry.CreditCode;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Gateway;
import dcmon.core.registry.Point;
import dcmon.core.registry.Registry;
import dcmon.core.registry.RegistryLoader;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The hostile-input corpus: a deterministic generator of gateway messages (seeded), each with the outcome the
 * contract gives it (docs/design.md, *MQTT* and *Kafka topics*), stored gzip'd as JSON lines under
 * {@code src/test/resources/fuzz/corpus.jsonl.gz}. Expected outcomes are decided by construction — the generator
 * knows what it broke — and, for timestamps, by {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}, which the
 * contract names as the definition; never by running the validator.
 *
 * <p>Regenerate after a change to the generator or the sample registry with {@code mvn -pl core test
 * -Dtest=FuzzCorpusTest -Ddcmon.fuzz.regenerate=true}, or by running {@link #main} (working directory {@code core}).
 */
public final class FuzzCorpus {
    public static final long SEED = 20_261_203L;
    public static final String RESOURCE = "/fuzz/corpus.jsonl.gz";
    public static final String ACCEPTED = "accepted";
    /** System property: the test writes the corpus afresh before running it. */
    public static final String REGENERATE = "dcmon.fuzz.regenerate";

    /** Every case is received at this time unless it sets its own: 2026-11-24 10:20 in Shanghai. */
    static final long REF =
            OffsetDateTime.parse("2026-11-24T10:20:00+08:00").toInstant().toEpochMilli();

    static final long MINUTE = 60_000L;
    static final long DAY = 86_400_000L;
    static final long FUTURE = MessageValidator.DEFAULT_FUTURE_ALLOWANCE.toMillis();
    static final long LATENESS = MessageValidator.DEFAULT_LATENESS.toMillis();
    /** Outside [2000, 2100) every receive time gives the same decision: such cases may be replayed at any time. */
    static final long YEAR_2000 =
            OffsetDateTime.parse("2000-01-01T00:00:00Z").toInstant().toEpochMilli();

    static final long YEAR_2100 =
            OffsetDateTime.parse("2100-01-01T00:00:00Z").toInstant().toEpochMilli();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter SHANGHAI =
            DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.ofHours(8));

    /**
     * One message and what must become of it.
     *
     * @param reason     the one reason its rejections carry, or {@link #ACCEPTED} when it has none
     * @param rejections how many rejections it yields (all with {@code reason})
     * @param accepted   how many of its readings validation accepts
     * @param anyTime    the outcome is the same whenever it is received (between 2000 and 2100), so it may be
     *                   published on a live stack; false when it depends on {@code receivedAt}
     */
    public record Case(
            int id,
            String kind,
            String topic,
            byte[] payload,
            long receivedAt,
            String reason,
            int rejections,
            int accepted,
            boolean anyTime) {}

    private final SplittableRandom rnd;
    private final List<Enterprise> enterprises;
    private final List<Enterprise> multiGateway;
    private final List<Case> cases = new ArrayList<>();
    private long seq = 1;

    private FuzzCorpus(Registry registry, long seed) {
        this.rnd = new SplittableRandom(seed);
        this.enterprises = registry.enterprises().stream()
                .filter(e -> !e.points().isEmpty())
                .sorted(Comparator.comparing(Enterprise::code))
                .toList();
        this.multiGateway =
                enterprises.stream().filter(e -> e.gateways().size() > 1).toList();
    }

    /** The sample Hubei registry, which the corpus's good cases name. */
    public static Registry sampleRegistry() throws Exception {
        return RegistryLoader.load(
                RepoConfig.configDir().resolve("samples/hubei"), ReferenceLoader.load(RepoConfig.referenceDir()));
    }

    public static List<Case> generate(Registry registry, long seed) {
        FuzzCorpus g = new FuzzCorpus(registry, seed);
        g.build();
        return g.cases;
    }

    // ------------------------------------------------------------------ kinds

    private void build() {
        repeat(1000, this::good);
        repeat(800, this::randomBytes);
        repeat(900, this::truncated);
        repeat(300, this::nested);
        repeat(700, this::hugeNumbers);
        repeat(400, this::nanAndInfinity);
        repeat(1000, this::wrongTypes);
        repeat(40, this::hugeArrays);
        repeat(24, this::oversized);
        repeat(600, this::future);
        repeat(600, this::ancient);
        repeat(900, this::offsetsAndDst);
        repeat(1400, this::unicodeIds);
        repeat(800, this::topicMismatch);
        repeat(600, this::creditCodes);
        repeat(500, this::mixed);
        edges();
    }

    private void repeat(int n, Runnable kind) {
        for (int i = 0; i < n; i++) kind.run();
    }

    /** 1–5 readings the validator accepts, in the shapes gateways really send. */
    private void good() {
        Target t = target();
        int n = 1 + rnd.nextInt(5);
        List<String> readings = new ArrayList<>();
        for (int i = 0; i < n; i++) readings.add(reading(t.point(), ts(inWindow()), value(), extras()));
        add("good", t.topic(), payload(t.gateway(), readings), REF, ACCEPTED, 0, n, false);
    }

    /** Bytes no JSON document can start with (a high byte that is no byte-order mark, or a control character). */
    private void randomBytes() {
        int len = 1 + rnd.nextInt(2048);
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) b[i] = (byte) rnd.nextInt(256);
        b[0] = rnd.nextBoolean() ? (byte) (0x80 + rnd.nextInt(0xEF - 0x80)) : (byte) (1 + rnd.nextInt(8));
        add("random-bytes", target().topic(), b, REF, "malformed_json", 1, 0, true);
    }

    /** A good message cut anywhere before its last byte. */
    private void truncated() {
        Target t = target();
        byte[] whole = payload(t.gateway(), List.of(reading(t.point(), ts(inWindow()), value(), "")));
        int cut = 1 + rnd.nextInt(whole.length - 1);
        add("truncated", t.topic(), java.util.Arrays.copyOf(whole, cut), REF, "malformed_json", 1, 0, true);
    }

    /**
     * Nesting where a gateway's payload has none: in an unknown field (skipped), as a reading (not a reading
     * object) or as a value (not a number); beyond the parser's nesting limit the message is not read at all.
     */
    private void nested() {
        Target t = target();
        boolean deep = rnd.nextInt(4) == 0;
        int depth = deep ? 2_000 + rnd.nextInt(20_000) : 1 + rnd.nextInt(300);
        String nest = "[".repeat(depth) + "]".repeat(depth);
        if (rnd.nextBoolean()) nest = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        String good = reading(t.point(), ts(inWindow()), value(), "");
        switch (rnd.nextInt(3)) {
            case 0 ->
                add(
                        "nested-extra",
                        t.topic(),
                        raw("{\"schema\":\"dcmon.readings/1\",\"gateway\":" + str(t.gateway()) + ",\"seq\":" + seq++
                                + ",\"extra\":" + nest + ",\"readings\":[" + good + "]}"),
                        REF,
                        deep ? "malformed_json" : ACCEPTED,
                        deep ? 1 : 0,
                        deep ? 0 : 1,
                        deep);
            case 1 ->
                add(
                        "nested-reading",
                        t.topic(),
                        payload(t.gateway(), List.of(nest, good)),
                        REF,
                        deep ? "malformed_json" : "unknown_point",
                        1,
                        deep ? 0 : 1,
                        false);
            default ->
                add(
                        "nested-value",
                        t.topic(),
                        payload(t.gateway(), List.of(readingRaw(t.point(), str(ts(inWindow())), nest), good)),
                        REF,
                        deep ? "malformed_json" : "bad_value",
                        1,
                        deep ? 0 : 1,
                        false);
        }
    }

    private void hugeNumbers() {
        Target t = target();
        String ts = str(ts(inWindow()));
        String[][] shapes = {
            // value text, reason
            {digits(400 + rnd.nextInt(500)), "bad_value"}, // an integer beyond double's range: infinite
            {"1" + digits(rnd.nextInt(250)) + ".5", ACCEPTED},
            {"1e" + (309 + rnd.nextInt(10_000)), "bad_value"},
            {"-1e" + (309 + rnd.nextInt(10_000)), "bad_value"},
            {"1.7976931348623157e308", ACCEPTED},
            {"1.8e308", "bad_value"},
            {"4.9e-324", ACCEPTED},
            {"1e-" + (400 + rnd.nextInt(5_000)), ACCEPTED}, // rounds to zero
            {"-1e-" + (400 + rnd.nextInt(5_000)), ACCEPTED}, // rounds to -0.0, which is not below zero
            {"-0", ACCEPTED},
            {"-" + (1 + rnd.nextInt(1_000_000)), "negative_value"},
            {"-" + digits(400), "bad_value"},
            {digits(1_100 + rnd.nextInt(3_000)), "malformed_json"}, // over the parser's number length limit
            {"9223372036854775808", ACCEPTED},
            {"18446744073709551616", ACCEPTED},
        };
        String[] s = shapes[rnd.nextInt(shapes.length)];
        if (rnd.nextInt(5) == 0) {
            // the optional seq out of every integer range: ignored like a seq of any other type
            String big = digits(20 + rnd.nextInt(200));
            byte[] p = raw("{\"schema\":\"dcmon.readings/1\",\"gateway\":" + str(t.gateway()) + ",\"seq\":" + big
                    + ",\"readings\":[" + reading(t.point(), ts(inWindow()), value(), "") + "]}");
            add("huge-seq", t.topic(), p, REF, ACCEPTED, 0, 1, false);
            return;
        }
        String reason = s[1];
        add(
                "huge-number",
                t.topic(),
                payload(t.gateway(), List.of(readingRaw(t.point(), ts, s[0]))),
                REF,
                reason,
                reason.equals(ACCEPTED) ? 0 : 1,
                reason.equals(ACCEPTED) ? 1 : 0,
                !reason.equals(ACCEPTED));
    }

    /** JSON has no NaN or Infinity: as literals the message is not JSON; as strings the value is no number. */
    private void nanAndInfinity() {
        Target t = target();
        String ts = str(ts(inWindow()));
        String[] literals = {"NaN", "Infinity", "-Infinity", "+Infinity", "+1", "01", ".5", "1.", "0x10", "1e", "--1"};
        String[] strings = {"NaN", "Infinity", "-Infinity", "inf", "1e400", "12.5", "", " 7"};
        if (rnd.nextBoolean()) {
            String v = literals[rnd.nextInt(literals.length)];
            add(
                    "nan-literal",
                    t.topic(),
                    payload(t.gateway(), List.of(readingRaw(t.point(), ts, v))),
                    REF,
                    "malformed_json",
                    1,
                    0,
                    true);
        } else {
            String v = str(strings[rnd.nextInt(strings.length)]);
            add(
                    "nan-string",
                    t.topic(),
                    payload(t.gateway(), List.of(readingRaw(t.point(), ts, v))),
                    REF,
                    "bad_value",
                    1,
                    0,
                    true);
        }
    }

    private void wrongTypes() {
        Target t = target();
        String gw = str(t.gateway());
        String good = reading(t.point(), ts(inWindow()), value(), "");
        String[] notString = {"7", "true", "false", "null", "[]", "{}", "[\"GW01\"]", "{\"id\":" + gw + "}", "1.5"};
        String other = notString[rnd.nextInt(notString.length)];
        switch (rnd.nextInt(9)) {
            case 0 ->
                message(
                        t,
                        "{\"schema\":" + other + ",\"gateway\":" + gw + ",\"readings\":[" + good + "]}",
                        "wrong_schema");
            case 1 ->
                message(
                        t,
                        "{\"schema\":\"dcmon.readings/1\",\"gateway\":" + other + ",\"readings\":[]}",
                        "wrong_schema");
            case 2 -> {
                String notArray =
                        new String[] {"7", "true", "null", "{}", "\"[]\"", "{\"0\":" + good + "}"}[rnd.nextInt(6)];
                message(
                        t,
                        "{\"schema\":\"dcmon.readings/1\",\"gateway\":" + gw + ",\"readings\":" + notArray + "}",
                        "wrong_schema");
            }
            case 3 ->
                message(
                        t,
                        new String[] {"[]", "[" + good + "]", "\"text\"", "42", "true", "null"}[rnd.nextInt(6)],
                        "wrong_schema");
            case 4 -> {
                String notNumber = new String[] {
                            "true", "false", "null", "[]", "{}", "[1]", "{\"v\":1}", "\"1.5\"", "\"7\""
                        }
                        [rnd.nextInt(9)];
                reading(t, readingRaw(t.point(), str(ts(inWindow())), notNumber), "bad_value");
            }
            case 5 -> {
                long ms = inWindow();
                String v = new String[] {
                            Long.toString(ms),
                            Long.toString(ms / 1000),
                            "true",
                            "null",
                            "[" + str(ts(ms)) + "]",
                            "{\"ts\":" + str(ts(ms)) + "}",
                            "20261124101500"
                        }
                        [rnd.nextInt(7)];
                reading(t, readingRaw(t.point(), v, value()), "bad_timestamp");
            }
            case 6 -> {
                String p = new String[] {
                            "7", "true", "null", "[" + str(t.point()) + "]", "{\"id\":" + str(t.point()) + "}"
                        }
                        [rnd.nextInt(5)];
                reading(
                        t,
                        "{\"point\":" + p + ",\"ts\":" + str(ts(inWindow())) + ",\"value\":" + value() + "}",
                        "unknown_point");
            }
            case 7 -> {
                // optional fields of any type are ignored
                String s = new String[] {"\"12\"", "1.5", "true", "null", "[1]", "{}", "-5"}[rnd.nextInt(7)];
                String q = new String[] {"5", "true", "null", "[\"manual\"]", "{}"}[rnd.nextInt(5)];
                byte[] p = raw("{\"schema\":\"dcmon.readings/1\",\"gateway\":" + gw + ",\"seq\":" + s
                        + ",\"readings\":["
                        + "{\"point\":" + str(t.point()) + ",\"ts\":" + str(ts(inWindow())) + ",\"value\":" + value()
                        + ",\"quality\":" + q + "}]}");
                add("optional-types", t.topic(), p, REF, ACCEPTED, 0, 1, false);
            }
            default -> {
                // readings holding things that are no reading object
                int n = 1 + rnd.nextInt(5);
                List<String> items = new ArrayList<>();
                for (int i = 0; i < n; i++)
                    items.add(new String[] {"1", "\"x\"", "null", "true", "[]", "[" + good + "]"}[rnd.nextInt(6)]);
                add("not-a-reading", t.topic(), payload(t.gateway(), items), REF, "unknown_point", n, 0, true);
            }
        }
    }

    /** Arrays as large as fit under the size limit: of readings, of non-readings, and in an unknown field. */
    private void hugeArrays() {
        Target t = target();
        int n = 500 + rnd.nextInt(2_500);
        List<String> items = new ArrayList<>(n);
        String kind;
        String reason;
        switch (rnd.nextInt(4)) {
            case 0 -> {
                long start = REF - LATENESS + DAY;
                for (int i = 0; i < n; i++) items.add(reading(t.point(), ts(start + i * MINUTE), i + 0.25, ""));
                kind = "huge-array-good";
                reason = ACCEPTED;
            }
            case 1 -> {
                for (int i = 0; i < n; i++) items.add(Integer.toString(i));
                kind = "huge-array-numbers";
                reason = "unknown_point";
            }
            case 2 -> {
                for (int i = 0; i < n; i++) items.add(reading(t.point(), ts(REF - i * MINUTE), -1 - i, ""));
                kind = "huge-array-negative";
                reason = "negative_value";
            }
            default -> {
                StringBuilder extra = new StringBuilder("[");
                for (int i = 0; i < 20 * n; i++) extra.append(i == 0 ? "" : ",").append(i % 10);
                byte[] p = raw("{\"schema\":\"dcmon.readings/1\",\"gateway\":" + str(t.gateway()) + ",\"seq\":" + seq++
                        + ",\"extra\":" + extra + "],\"readings\":[]}");
                addSized("huge-array-extra", t.topic(), p, ACCEPTED, 0, 0, true);
                return;
            }
        }
        byte[] p = payload(t.gateway(), items);
        boolean ok = reason.equals(ACCEPTED);
        addSized(kind, t.topic(), p, reason, ok ? 0 : n, ok ? n : 0, !ok);
    }

    /** Over 256 KiB, valid JSON or not: the bridge rejects it before anyone parses it. */
    private void oversized() {
        Target t = target();
        int size = Topics.MAX_PAYLOAD_BYTES + 1 + rnd.nextInt(rnd.nextBoolean() ? 16 : 768 * 1024);
        byte[] p;
        if (rnd.nextBoolean()) {
            // random bytes, one kilobyte of them repeated: the stored corpus stays small
            byte[] block = new byte[1024];
            for (int i = 0; i < block.length; i++) block[i] = (byte) rnd.nextInt(256);
            p = new byte[size];
            for (int i = 0; i < size; i++) p[i] = block[i % block.length];
        } else {
            p = padded(t, size);
        }
        add("oversized", t.topic(), p, REF, "oversized", 1, 0, true);
    }

    private void future() {
        Target t = target();
        long ts;
        String text;
        boolean anyTime = false;
        switch (rnd.nextInt(4)) {
            case 0 -> ts = REF + FUTURE + 1 + rnd.nextInt(1_000);
            case 1 -> ts = REF + FUTURE + 1 + rnd.nextLong(400 * DAY);
            case 2 -> {
                ts = YEAR_2100 + rnd.nextLong(7_800L * 365 * DAY); // 2100 to about 9999
                anyTime = true;
            }
            default -> {
                text = "+" + (10_000 + rnd.nextInt(200_000_000)) + "-01-01T00:00:00Z"; // beyond four digits
                reading(t, readingRaw(t.point(), str(text), value()), "future_timestamp", true);
                return;
            }
        }
        reading(t, readingRaw(t.point(), str(ts(ts)), value()), "future_timestamp", anyTime);
    }

    private void ancient() {
        Target t = target();
        long ts;
        boolean anyTime = false;
        switch (rnd.nextInt(4)) {
            case 0 -> ts = REF - LATENESS - 1 - rnd.nextInt(1_000);
            case 1 -> ts = REF - LATENESS - 1 - rnd.nextLong(400 * DAY);
            case 2 -> {
                ts = YEAR_2000 - 1 - rnd.nextLong(1_999L * 365 * DAY); // years 1 to 1999
                anyTime = true;
            }
            default -> {
                String text = "-" + String.format("%04d", 1 + rnd.nextInt(200_000_000)) + "-06-01T00:00:00Z";
                reading(t, readingRaw(t.point(), str(text), value()), "too_late", true);
                return;
            }
        }
        reading(t, readingRaw(t.point(), str(ts(ts)), value()), "too_late", anyTime);
    }

    /**
     * Offsets of every shape and local times that daylight saving makes odd elsewhere (gaps, repeated hours,
     * China's own 1986–1991 summer time). With an explicit offset each is one instant, whatever the zone does.
     */
    private void offsetsAndDst() {
        Target t = target();
        String[] dstLocal = {
            "2026-03-08T02:30:00", "2026-11-01T01:30:00", "2026-03-29T02:30:00", "2026-10-25T02:30:00",
            "1991-04-14T02:30:00", "1991-09-15T01:30:00", "2026-04-05T02:30:00", "2026-10-04T02:30:00"
        };
        String[] offsets = {
            "Z",
            "z",
            "+08:00",
            "-05:00",
            "-04:00",
            "+01:00",
            "+02:00",
            "+09:00",
            "+05:45",
            "+14:00",
            "-12:00",
            "+18:00",
            "-18:00",
            "+08:00:00",
            "+05:30:15",
            "-00:00",
            "+00:00",
            "+0800",
            "+8:00",
            "+08",
            "+18:01",
            "+19:00",
            "+08:00[Asia/Shanghai]",
            "GMT+8",
            "CST",
            " +08:00",
            "",
            "+08:60",
            "UTC"
        };
        String local;
        if (rnd.nextInt(3) == 0) {
            local = dstLocal[rnd.nextInt(dstLocal.length)];
        } else {
            local = OffsetDateTime.ofInstant(Instant.ofEpochMilli(inWindow()), ZoneOffset.ofHours(8))
                    .toLocalDateTime()
                    .toString();
            local = mangleLocal(local);
        }
        String text = local + offsets[rnd.nextInt(offsets.length)];
        long instant = isoInstant(text);
        // received near the instant itself, as the gateway's clock would have it (or near the reference when
        // the text has none)
        long received = instant == RawReading.NO_TS ? REF : instant + rnd.nextLong(2 * FUTURE + 1) - FUTURE;
        if (instant != RawReading.NO_TS && rnd.nextInt(5) == 0) received = instant - FUTURE - 1; // just future
        String reason = instant == RawReading.NO_TS
                ? "bad_timestamp"
                : instant > received + FUTURE ? "future_timestamp" : ACCEPTED;
        boolean ok = reason.equals(ACCEPTED);
        add(
                "offset-dst",
                t.topic(),
                payload(t.gateway(), List.of(readingRaw(t.point(), str(text), value()))),
                received,
                reason,
                ok ? 0 : 1,
                ok ? 1 : 0,
                reason.equals("bad_timestamp"));
    }

    /** Local date-times that ISO-8601 may or may not read: the formatter decides, as the contract says. */
    private String mangleLocal(String local) {
        if (local.length() == 16) local += ":00"; // LocalDateTime drops zero seconds
        return switch (rnd.nextInt(12)) {
            case 0 -> local.replace('T', ' ');
            case 1 -> local.replace('T', 't');
            case 2 -> local + "." + digits(1 + rnd.nextInt(12));
            case 3 -> local.substring(0, 11) + "24:00:00";
            case 4 -> local.substring(0, 17) + "60";
            case 5 -> "2026-02-29" + local.substring(10);
            case 6 -> "2028-02-29" + local.substring(10);
            case 7 -> local.substring(0, 16); // no seconds
            case 8 -> local.replace("-", "");
            case 9 -> local + ",5";
            default -> local;
        };
    }

    /** Ids that look right and are not: homoglyphs, invisible characters, direction marks, NUL, case. */
    private void unicodeIds() {
        Target t = target();
        String ts = str(ts(inWindow()));
        switch (rnd.nextInt(5)) {
            case 0, 1 -> {
                String point = trick(t.point());
                while (registeredAnywhere(point)) point = trick(t.point());
                reading(
                        t,
                        "{\"point\":" + str(point) + ",\"ts\":" + ts + ",\"value\":" + value() + "}",
                        "unknown_point");
            }
            case 2 -> {
                byte[] p = payload(trick(t.gateway()), List.of(reading(t.point(), ts(inWindow()), value(), "")));
                add("unicode-payload-gateway", t.topic(), p, REF, "gateway_mismatch", 1, 0, true);
            }
            case 3 -> {
                String gw = trick(t.gateway());
                byte[] p = payload(gw, List.of(reading(t.point(), ts(inWindow()), value(), "")));
                add(
                        "unicode-topic-gateway",
                        Topics.readingsTopic(t.enterprise(), gw),
                        p,
                        REF,
                        "unknown_gateway",
                        1,
                        0,
                        true);
            }
            default -> {
                byte[] p = payload(t.gateway(), List.of(reading(t.point(), ts(inWindow()), value(), "")));
                add(
                        "unicode-topic-enterprise",
                        Topics.readingsTopic(trick(t.enterprise()), t.gateway()),
                        p,
                        REF,
                        "unknown_enterprise",
                        1,
                        0,
                        true);
            }
        }
    }

    private String trick(String id) {
        String[] invisible = {
            "\u200B", "\u200C", "\u200D", "\uFEFF", "\u200E", "\u200F", "\u202E", "\u2066", "\u0000", "\u00AD",
            "\u0301", " ", "\t", "\u3000"
        };
        int at = rnd.nextInt(id.length() + 1);
        switch (rnd.nextInt(4)) {
            case 0 -> {
                return id.substring(0, at) + invisible[rnd.nextInt(invisible.length)] + id.substring(at);
            }
            case 1 -> {
                // a Latin letter or digit for its Cyrillic, Greek or full-width twin
                String latin = "AEKMHOPCTXBaeopcx0123456789";
                String twin = "АЕКМНОРСТХВаеорсх０１２３４５６７８９";
                StringBuilder b = new StringBuilder(id);
                for (int i = 0; i < b.length(); i++) {
                    int k = latin.indexOf(b.charAt(i));
                    if (k >= 0) {
                        b.setCharAt(i, twin.charAt(k));
                        return b.toString();
                    }
                }
                return id + "\u0410";
            }
            case 2 -> {
                String lower = id.toLowerCase(java.util.Locale.ROOT);
                return lower.equals(id) ? id.toUpperCase(java.util.Locale.ROOT) + "\u200B" : lower;
            }
            default -> {
                return "\u202E" + new StringBuilder(id).reverse() + "\u202C";
            }
        }
    }

    /** The topic and the payload disagree, or the topic is not a readings topic. */
    private void topicMismatch() {
        Target t = target();
        String good = reading(t.point(), ts(inWindow()), value(), "");
        switch (rnd.nextInt(6)) {
            case 0 -> {
                Enterprise e = multiGateway.get(rnd.nextInt(multiGateway.size()));
                List<Gateway> gws = e.gateways();
                int a = rnd.nextInt(gws.size());
                int b = (a + 1 + rnd.nextInt(gws.size() - 1)) % gws.size();
                byte[] p = payload(gws.get(b).id(), List.of(good));
                add(
                        "topic-gateway-differs",
                        Topics.readingsTopic(e.code(), gws.get(a).id()),
                        p,
                        REF,
                        "gateway_mismatch",
                        1,
                        0,
                        true);
            }
            case 1 -> {
                Enterprise e = multiGateway.get(rnd.nextInt(multiGateway.size()));
                Point p = e.points().get(rnd.nextInt(e.points().size()));
                String other = e.gateways().stream()
                        .map(Gateway::id)
                        .filter(g -> !g.equals(p.gateway()))
                        .findFirst()
                        .orElseThrow();
                reading(
                        new Target(e.code(), other, p.id()),
                        "{\"point\":" + str(p.id()) + ",\"ts\":" + str(ts(inWindow())) + ",\"value\":" + value() + "}",
                        "gateway_mismatch");
            }
            case 2 -> {
                Target foreign = target();
                while (foreign.enterprise().equals(t.enterprise()) || registeredPoint(t.enterprise(), foreign.point()))
                    foreign = target();
                reading(
                        t,
                        "{\"point\":" + str(foreign.point()) + ",\"ts\":" + str(ts(inWindow())) + ",\"value\":"
                                + value() + "}",
                        "enterprise_mismatch");
            }
            case 3 -> {
                String gw = "GW" + (90 + rnd.nextInt(10));
                byte[] p = payload(gw, List.of(good));
                add(
                        "topic-gateway-unregistered",
                        Topics.readingsTopic(t.enterprise(), gw),
                        p,
                        REF,
                        "unknown_gateway",
                        1,
                        0,
                        true);
            }
            case 4 -> {
                String code = unregisteredCode();
                add(
                        "topic-enterprise-unregistered",
                        Topics.readingsTopic(code, t.gateway()),
                        payload(t.gateway(), List.of(good)),
                        REF,
                        "unknown_enterprise",
                        1,
                        0,
                        true);
            }
            default -> {
                String e = t.enterprise();
                String g = t.gateway();
                String[] topics = {
                    "dcmon/v1/" + e + "/" + g + "/status",
                    "dcmon/v2/" + e + "/" + g + "/readings",
                    "dcmon/v1/" + e + "/readings",
                    "dcmon/v1/" + e + "/" + g + "/readings/x",
                    "dcmon/v1//" + g + "/readings",
                    "dcmon/v1/" + e + "//readings",
                    "/dcmon/v1/" + e + "/" + g + "/readings",
                    "dcmon/v1/" + e + "/" + g + "/Readings",
                    "dcmon/v1/" + e + "/" + g + "/sub/readings",
                    "DCMON/v1/" + e + "/" + g + "/readings",
                    "dcmon/v1/" + e + "/" + g + "/readings/",
                    "",
                    "#"
                };
                add(
                        "bad-topic",
                        topics[rnd.nextInt(topics.length)],
                        payload(g, List.of(good)),
                        REF,
                        "bad_topic",
                        1,
                        0,
                        true);
            }
        }
    }

    /** Registered codes with a wrong check character, or otherwise not quite the code: none is registered. */
    private void creditCodes() {
        Target t = target();
        String code = t.enterprise();
        char check = code.charAt(17);
        String wrong;
        switch (rnd.nextInt(5)) {
            case 0, 1 -> {
                char c;
                do c = CreditCode.CHARSET.charAt(rnd.nextInt(CreditCode.CHARSET.length()));
                while (c == check);
                wrong = code.substring(0, 17) + c;
            }
            case 2 -> wrong = code.substring(0, 17); // 17 characters
            case 3 -> wrong = code + CreditCode.CHARSET.charAt(rnd.nextInt(31)); // 19
            default -> {
                // a neighbour swap: the check character catches it unless both are equal
                int i = rnd.nextInt(16);
                char[] c = code.toCharArray();
                if (c[i] == c[i + 1]) c[i] = c[i] == '0' ? '1' : '0';
                else {
                    char x = c[i];
                    c[i] = c[i + 1];
                    c[i + 1] = x;
                }
                wrong = new String(c);
            }
        }
        if (registeredCode(wrong)) wrong = wrong + "X";
        byte[] p = payload(t.gateway(), List.of(reading(t.point(), ts(inWindow()), value(), "")));
        add("credit-code", Topics.readingsTopic(wrong, t.gateway()), p, REF, "unknown_enterprise", 1, 0, true);
    }

    /** Good readings with bad ones of one kind between them: the good ones still count. */
    private void mixed() {
        Target t = target();
        int good = 1 + rnd.nextInt(4);
        int bad = 1 + rnd.nextInt(3);
        String[] kinds = {
            "bad_value", "negative_value", "bad_timestamp", "unknown_point", "future_timestamp", "too_late"
        };
        String reason = kinds[rnd.nextInt(kinds.length)];
        List<String> items = new ArrayList<>();
        for (int i = 0; i < good; i++) items.add(reading(t.point(), ts(inWindow()), value(), extras()));
        for (int i = 0; i < bad; i++) {
            String r = switch (reason) {
                case "bad_value" -> readingRaw(t.point(), str(ts(inWindow())), "\"" + value() + "\"");
                case "negative_value" -> readingRaw(t.point(), str(ts(inWindow())), "-" + value());
                case "bad_timestamp" -> readingRaw(t.point(), str(ts(inWindow()).substring(0, 19)), value());
                case "unknown_point" -> readingRaw(t.point() + "-X" + i, str(ts(inWindow())), value());
                case "future_timestamp" ->
                    readingRaw(t.point(), str(ts(REF + FUTURE + 1 + rnd.nextLong(DAY))), value());
                default -> readingRaw(t.point(), str(ts(REF - LATENESS - 1 - rnd.nextLong(DAY))), value());
            };
            items.add(1 + rnd.nextInt(items.size()), r);
        }
        add("mixed", t.topic(), payload(t.gateway(), items), REF, reason, bad, good, false);
    }

    /** Boundaries, each once. */
    private void edges() {
        Target t = target();
        add("empty-payload", t.topic(), new byte[0], REF, "malformed_json", 1, 0, true);
        add("whitespace-payload", t.topic(), raw(" \r\n\t "), REF, "malformed_json", 1, 0, true);
        add(
                "utf8-bom",
                t.topic(),
                concat(
                        new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                        payload(t.gateway(), List.of(reading(t.point(), ts(REF), 1.5, "")))),
                REF,
                ACCEPTED,
                0,
                1,
                false);
        add("no-readings", t.topic(), payload(t.gateway(), List.of()), REF, ACCEPTED, 0, 0, true);
        add(
                "future-edge",
                t.topic(),
                payload(t.gateway(), List.of(reading(t.point(), ts(REF + FUTURE), 2.5, ""))),
                REF,
                ACCEPTED,
                0,
                1,
                false);
        add(
                "future-edge+1ms",
                t.topic(),
                payload(t.gateway(), List.of(reading(t.point(), ts(REF + FUTURE + 1), 2.5, ""))),
                REF,
                "future_timestamp",
                1,
                0,
                false);
        add(
                "lateness-edge",
                t.topic(),
                payload(t.gateway(), List.of(reading(t.point(), ts(REF - LATENESS), 3.5, ""))),
                REF,
                ACCEPTED,
                0,
                1,
                false);
        add(
                "lateness-edge-1ms",
                t.topic(),
                payload(t.gateway(), List.of(reading(t.point(), ts(REF - LATENESS - 1), 3.5, ""))),
                REF,
                "too_late",
                1,
                0,
                false);
        add("size-limit", t.topic(), padded(t, Topics.MAX_PAYLOAD_BYTES), REF, ACCEPTED, 0, 1, false);
        add("size-limit+1", t.topic(), padded(t, Topics.MAX_PAYLOAD_BYTES + 1), REF, "oversized", 1, 0, true);
        add(
                "epoch-millis-overflow",
                t.topic(),
                payload(t.gateway(), List.of(readingRaw(t.point(), str("+999999999-12-31T23:59:59Z"), "1"))),
                REF,
                "bad_timestamp",
                1,
                0,
                true);
        add(
                "epoch-millis-underflow",
                t.topic(),
                payload(t.gateway(), List.of(readingRaw(t.point(), str("-999999999-01-01T00:00:00Z"), "1"))),
                REF,
                "bad_timestamp",
                1,
                0,
                true);
        add(
                "invalid-utf8-in-id",
                t.topic(),
                concat(
                        raw("{\"schema\":\"dcmon.readings/1\",\"gateway\":\""),
                        new byte[] {(byte) 0xC3, 0x28},
                        raw("\",\"readings\":[]}")),
                REF,
                "malformed_json",
                1,
                0,
                true);
        add(
                "lone-surrogate-in-id",
                t.topic(),
                payload(
                        t.gateway(),
                        List.of("{\"point\":\"" + t.point() + "\\uD800\",\"ts\":" + str(ts(REF)) + ",\"value\":1}")),
                REF,
                "unknown_point",
                1,
                0,
                true);
        add(
                "two-objects",
                t.topic(),
                concat(payload(t.gateway(), List.of()), payload(t.gateway(), List.of())),
                REF,
                "malformed_json",
                1,
                0,
                true);
        add(
                "trailing-garbage",
                t.topic(),
                concat(payload(t.gateway(), List.of()), raw(" x")),
                REF,
                "malformed_json",
                1,
                0,
                true);
        add(
                "old-schema",
                t.topic(),
                raw("{\"schema\":\"dcmon.readings/0\",\"gateway\":" + str(t.gateway()) + ",\"readings\":[]}"),
                REF,
                "wrong_schema",
                1,
                0,
                true);
        add(
                "schema-missing",
                t.topic(),
                raw("{\"gateway\":" + str(t.gateway()) + ",\"readings\":[]}"),
                REF,
                "wrong_schema",
                1,
                0,
                true);
    }

    // ------------------------------------------------------------------ building blocks

    record Target(String enterprise, String gateway, String point) {
        String topic() {
            return Topics.readingsTopic(enterprise, gateway);
        }
    }

    private Target target() {
        Enterprise e = enterprises.get(rnd.nextInt(enterprises.size()));
        Point p = e.points().get(rnd.nextInt(e.points().size()));
        return new Target(e.code(), p.gateway(), p.id());
    }

    private boolean registeredPoint(String enterprise, String point) {
        return enterprises.stream().filter(e -> e.code().equals(enterprise)).anyMatch(e -> e.point(point) != null);
    }

    private boolean registeredAnywhere(String point) {
        return enterprises.stream().anyMatch(e -> e.point(point) != null);
    }

    private boolean registeredCode(String code) {
        return enterprises.stream().anyMatch(e -> e.code().equals(code));
    }

    /** A code with a correct check character that no unit of the registry has. */
    private String unregisteredCode() {
        while (true) {
            StringBuilder b = new StringBuilder("91420");
            for (int i = 0; i < 12; i++) b.append(CreditCode.CHARSET.charAt(rnd.nextInt(31)));
            String code = b.toString() + CreditCode.checkChar(b.toString());
            if (!registeredCode(code)) return code;
        }
    }

    /** A time well inside the window before {@link #REF}. */
    private long inWindow() {
        return REF - rnd.nextLong(LATENESS - DAY) + rnd.nextLong(FUTURE / 2);
    }

    private String ts(long ms) {
        String s = SHANGHAI.format(Instant.ofEpochMilli(ms));
        return switch (rnd.nextInt(4)) {
            case 0 -> Instant.ofEpochMilli(ms).toString();
            case 1 ->
                OffsetDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.ofHours(-5))
                        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            default -> s;
        };
    }

    /** A distinct non-negative value, so that no two cases' readings share a rejection id. */
    private String value() {
        return Long.toString(seq++) + "." + rnd.nextInt(1000);
    }

    private String extras() {
        return switch (rnd.nextInt(4)) {
            case 0 -> ",\"quality\":\"manual\"";
            case 1 -> ",\"unit\":\"kWh\",\"note\":{\"a\":[1,2]}";
            default -> "";
        };
    }

    private static String reading(String point, String ts, double value, String extras) {
        return reading(point, ts, Double.toString(value), extras);
    }

    private static String reading(String point, String ts, String valueJson, String extras) {
        return "{\"point\":" + str(point) + ",\"ts\":" + str(ts) + ",\"value\":" + valueJson + extras + "}";
    }

    private static String readingRaw(String point, String tsJson, String valueJson) {
        return "{\"point\":" + str(point) + ",\"ts\":" + tsJson + ",\"value\":" + valueJson + "}";
    }

    private byte[] payload(String gateway, List<String> readings) {
        return raw("{\"schema\":\"dcmon.readings/1\",\"gateway\":" + str(gateway) + ",\"seq\":" + seq++
                + ",\"readings\":[" + String.join(",", readings) + "]}");
    }

    /** A good one-reading message padded with an unknown field to exactly {@code size} bytes. */
    private byte[] padded(Target t, int size) {
        String head = "{\"schema\":\"dcmon.readings/1\",\"gateway\":" + str(t.gateway()) + ",\"seq\":" + seq++
                + ",\"readings\":[" + reading(t.point(), ts(REF - DAY), value(), "") + "],\"pad\":\"";
        String tail = "\"}";
        int fill = size - raw(head).length - tail.length();
        return raw(head + "x".repeat(fill) + tail);
    }

    private void message(Target t, String json, String reason) {
        add("wrong-type", t.topic(), raw(json), REF, reason, 1, 0, true);
    }

    private void reading(Target t, String readingJson, String reason) {
        reading(t, readingJson, reason, true);
    }

    private void reading(Target t, String readingJson, String reason, boolean anyTime) {
        add("reading-" + reason, t.topic(), payload(t.gateway(), List.of(readingJson)), REF, reason, 1, 0, anyTime);
    }

    /** A case whose outcome is oversized when construction went past the limit. */
    private void addSized(
            String kind, String topic, byte[] p, String reason, int rejections, int accepted, boolean anyTime) {
        if (p.length > Topics.MAX_PAYLOAD_BYTES) add(kind, topic, p, REF, "oversized", 1, 0, true);
        else add(kind, topic, p, REF, reason, rejections, accepted, anyTime);
    }

    private void add(
            String kind,
            String topic,
            byte[] payload,
            long receivedAt,
            String reason,
            int rejections,
            int accepted,
            boolean anyTime) {
        if (payload.length > Topics.MAX_PAYLOAD_BYTES && !reason.equals("oversized"))
            throw new IllegalStateException(kind + " grew over the limit");
        cases.add(new Case(cases.size(), kind, topic, payload, receivedAt, reason, rejections, accepted, anyTime));
    }

    /** JSON string literal; characters outside printable ASCII escaped (a lone surrogate cannot be UTF-8). */
    static String str(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20 || Character.isSurrogate(c)) b.append(String.format("\\u%04X", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }

    private String digits(int n) {
        StringBuilder b = new StringBuilder(n);
        b.append((char) ('1' + rnd.nextInt(9)));
        for (int i = 1; i < n; i++) b.append((char) ('0' + rnd.nextInt(10)));
        return b.toString();
    }

    private static byte[] raw(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** The contract's definition of {@code ts}; NO_TS when it does not read it or the instant has no millis. */
    static long isoInstant(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant()
                    .toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            return RawReading.NO_TS;
        }
    }

    // ------------------------------------------------------------------ storage

    public static void write(List<Case> cases, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(
                new GZIPOutputStream(Files.newOutputStream(file), 1 << 16), StandardCharsets.UTF_8))) {
            for (Case c : cases) {
                ObjectNode n = JSON.createObjectNode();
                n.put("case", c.id());
                n.put("kind", c.kind());
                n.put("topic", c.topic());
                n.put("payload", Base64.getEncoder().encodeToString(c.payload()));
                n.put("received_at", c.receivedAt());
                n.put("reason", c.reason());
                n.put("rejections", c.rejections());
                n.put("accepted", c.accepted());
                n.put("any_time", c.anyTime());
                w.write(JSON.writeValueAsString(n));
                w.write('\n');
            }
        }
    }

    public static List<Case> read(InputStream gz) throws IOException {
        List<Case> out = new ArrayList<>();
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(new GZIPInputStream(gz), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode n = JSON.readTree(line);
                out.add(new Case(
                        n.get("case").asInt(),
                        n.get("kind").asText(),
                        n.get("topic").asText(),
                        Base64.getDecoder().decode(n.get("payload").asText()),
                        n.get("received_at").asLong(),
                        n.get("reason").asText(),
                        n.get("rejections").asInt(),
                        n.get("accepted").asInt(),
                        n.get("any_time").asBoolean()));
            }
        }
        return out;
    }

    public static List<Case> stored() throws IOException {
        try (InputStream in = FuzzCorpus.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IOException("corpus " + RESOURCE + " not on the test class path");
            return read(in);
        }
    }

    /** Writes the corpus to {@code src/test/resources} of the module (run from {@code core}). */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "src/test/resources" + RESOURCE);
        List<Case> cases = generate(sampleRegistry(), SEED);
        write(cases, file);
        System.out.println(cases.size() + " cases written to " + file);
    }
}
