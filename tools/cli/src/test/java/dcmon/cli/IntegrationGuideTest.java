package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcmon.bridge.MqttKafkaBridge;
import dcmon.core.Topics;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.reading.Fix;
import dcmon.core.reading.RejectReason;
import dcmon.core.registry.Registry;
import dcmon.influx.InfluxQuery;
import dcmon.monitoring.LocalJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/integration.md true: runs its marked mosquitto_pub and Python examples as real processes against the
 * real stack and checks what they counted and what was rejected, and checks its reject-reason table against
 * {@link RejectReason} and {@link Fix}.
 */
class IntegrationGuideTest extends EndToEndTestBase {
    static final Path GUIDE = Path.of(System.getProperty("dcmon.home", "../..")).resolve("docs/integration.md");
    static final String STEEL = "91420112MA4ALXWN9U";
    private static final Pattern EXAMPLE = Pattern.compile(
            "```(sh|python)\\n# example: ([a-z0-9-]+)(?: \\(expect: ([a-z_]+)\\))?\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A marked example of the guide: its language, name, expected reject reason (null: counted) and text. */
    record Example(String language, String name, String expect, String text) {}

    static List<Example> examples() throws IOException {
        List<Example> out = new ArrayList<>();
        Matcher m = EXAMPLE.matcher(Files.readString(GUIDE, StandardCharsets.UTF_8));
        while (m.find()) out.add(new Example(m.group(1), m.group(2), m.group(3), m.group(4)));
        return out;
    }

    /** Minutes (a whole number of quarter hours) that move the examples' latest time to an hour before now. */
    static long shiftMinutes(List<Example> examples) {
        long latest = Long.MIN_VALUE;
        for (Example e : examples) {
            Matcher m = TIMESTAMP.matcher(e.text());
            while (m.find()) {
                latest = Math.max(latest, LocalDateTime.parse(m.group(), LOCAL).toEpochSecond(ZoneOffset.ofHours(8)));
            }
        }
        long target = ShanghaiCalendar.quarterStart(System.currentTimeMillis()) / 1000 - 3600;
        return (target - latest) / 60 / 15 * 15;
    }

    /** The example as the test runs it: on the test broker's port, its times moved by {@code shift} minutes. */
    static String prepared(Example e, int port, long shift) {
        String text = e.text().replace("1883", Integer.toString(port));
        return TIMESTAMP
                .matcher(text)
                .replaceAll(r ->
                        LocalDateTime.parse(r.group(), LOCAL).plusMinutes(shift).format(LOCAL));
    }

    static long epochMs(String example, long shift) {
        return LocalDateTime.parse(example, LOCAL)
                .plusMinutes(shift)
                .toInstant(ZoneOffset.ofHours(8))
                .toEpochMilli();
    }

    private void run(Example e, Path dir, int port, long shift) throws Exception {
        List<String> command;
        if (e.language().equals("python")) {
            Path script = dir.resolve(e.name() + ".py");
            Files.writeString(script, prepared(e, port, shift), StandardCharsets.UTF_8);
            command = List.of("/usr/bin/python3", script.toString());
        } else {
            command = List.of("bash", "-euc", prepared(e, port, shift));
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("DCMON_MQTT_PASSWORD", "not-checked-by-the-test-broker");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS))
                .as("example %s finished", e.name())
                .isTrue();
        assertThat(p.exitValue())
                .as("exit code of example %s; its output:\n%s", e.name(), output)
                .isZero();
    }

    @Test
    void theGuidesExamplesCountWhatTheySayAndTheBadOnesAreRejectedWithTheirReason() throws Exception {
        List<Example> examples = examples();
        assertThat(examples)
                .extracting(Example::name)
                .contains("good-reading", "good-python", "bad-unknown-point", "bad-no-offset", "bad-conflict");
        long shift = shiftMinutes(examples);
        int port = e2e.stack.mosquitto.port();
        Map<String, Map<Long, Double>> counted = new TreeMap<>();
        try (MqttKafkaBridge bridge = e2e.startBridge("guide-bridge");
                LocalJob job = e2e.startJob()) {
            for (Example e : examples) run(e, dir, port, shift);
            // The amounts the guide's text gives for its good examples, by point and quarter-hour start.
            Map<String, Map<Long, Double>> want = Map.of(
                    "E-MAIN-01",
                            Map.of(
                                    epochMs("2026-11-24T10:00:00", shift),
                                    250.0,
                                    epochMs("2026-11-24T10:15:00", shift),
                                    300.0,
                                    epochMs("2026-11-24T10:30:00", shift),
                                    260.0),
                    "STEEL-OUT",
                            Map.of(
                                    epochMs("2026-11-24T10:00:00", shift),
                                    280.0,
                                    epochMs("2026-11-24T10:15:00", shift),
                                    280.0,
                                    epochMs("2026-11-24T10:30:00", shift),
                                    280.0));
            try (InfluxQuery influx = InfluxQuery.connect(e2e.stack.influxd.url(), e2e.options.influxDatabase())) {
                try {
                    EndToEnd.await("the examples' quarter hours in InfluxDB", Duration.ofSeconds(90), () -> {
                        counted.clear();
                        counted.putAll(quarterHours(influx));
                        return counted.equals(want);
                    });
                } catch (AssertionError timeout) {
                    assertThat(counted).as(timeout.getMessage()).isEqualTo(want);
                }
            }
            Map<String, String> wantRejected = new TreeMap<>();
            for (Example e : examples) if (e.expect() != null) wantRejected.put(e.name(), e.expect());
            Map<String, String> rejected = new TreeMap<>();
            try {
                EndToEnd.await("the bad examples' rejections", Duration.ofSeconds(60), () -> {
                    rejected.clear();
                    rejected.putAll(rejectionsBySeq());
                    return rejected.size() >= wantRejected.size();
                });
            } catch (AssertionError timeout) {
                // compared below, which shows what arrived
            }
            // The bad examples are seq 1850, 1851, 1852 in the guide, in their order there.
            Map<String, String> byExample = new TreeMap<>();
            List<String> names = new ArrayList<>(wantRejected.keySet());
            names.sort((a, b) -> Integer.compare(indexOf(examples, a), indexOf(examples, b)));
            for (int i = 0; i < names.size(); i++) byExample.put(names.get(i), rejected.get(Long.toString(1850 + i)));
            assertThat(byExample).isEqualTo(wantRejected);
            assertThat(rejected).hasSize(wantRejected.size());
        }
    }

    private static int indexOf(List<Example> examples, String name) {
        for (int i = 0; i < examples.size(); i++) if (examples.get(i).name().equals(name)) return i;
        return -1;
    }

    /** Every 15-minute point_usage row of the unit: point → quarter-hour start → amount. */
    private static Map<String, Map<Long, Double>> quarterHours(InfluxQuery influx) {
        Map<String, Map<Long, Double>> out = new TreeMap<>();
        for (Map<String, Object> row : influx.query(
                "SELECT amount FROM point_usage WHERE enterprise = $e AND" + " period = '15m' GROUP BY point",
                Map.of("e", STEEL))) {
            out.computeIfAbsent((String) row.get("point"), k -> new TreeMap<>())
                    .put(((Number) row.get(InfluxQuery.TIME)).longValue(), ((Number) row.get("amount")).doubleValue());
        }
        return out;
    }

    /** The unit's rejections on the rejected topic: seq → reason. */
    private static Map<String, String> rejectionsBySeq() {
        Map<String, String> out = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : e2e.readAll(Topics.READINGS_REJECTED)) {
            try {
                JsonNode j = JSON.readTree(r.value());
                if (STEEL.equals(j.path("enterprise").asText())) {
                    out.put(j.path("seq").asText(), j.path("reason").asText());
                }
            } catch (IOException e) {
                throw new AssertionError("unreadable rejection", e);
            }
        }
        return out;
    }

    @Test
    void theRejectReasonTableAgreesWithTheCodeTheirDescriptionsAndFixes() throws IOException {
        Registry registry = EndToEnd.REGISTRY_MODEL.registry();
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(GUIDE, StandardCharsets.UTF_8)) {
            Matcher m = Pattern.compile("^\\| `([a-z_]+)` \\|(.*)\\|$").matcher(line);
            if (!m.matches()) continue;
            String[] cells = m.group(2).split("\\|", -1);
            if (cells.length != 4) continue;
            assertThat(rows.put(m.group(1), cells))
                    .as("one row for %s", m.group(1))
                    .isNull();
        }
        List<String> codes = new ArrayList<>();
        for (RejectReason r : RejectReason.values()) codes.add(r.code());
        assertThat(rows.keySet()).containsExactlyElementsOf(codes);
        for (RejectReason r : RejectReason.values()) {
            String point = switch (r) {
                case GATEWAY_MISMATCH -> "COG-01";
                default -> "E-MAIN-03";
            };
            Fix fix = Fix.of(r, registry, STEEL, "GW01", point);
            String[] cells = rows.get(r.code());
            assertThat(cells[0].trim()).as("中文说明 of %s", r.code()).isEqualTo(r.descriptionZh());
            assertThat(cells[2].trim()).as("处理 of %s", r.code()).isEqualTo(fix.zh());
            assertThat(cells[3].trim()).as("fix of %s", r.code()).isEqualTo(fix.en());
        }
    }

    @Test
    void theGuidesGatewaySendExampleChecksItsFileAgainstTheSampleRegistry() throws IOException {
        String guide = Files.readString(GUIDE, StandardCharsets.UTF_8);
        Matcher csv = Pattern.compile("cat > readings.csv <<'EOF'\\n(.*?)\\nEOF\\n", Pattern.DOTALL)
                .matcher(guide);
        assertThat(csv.find()).as("the CSV of the gateway send example").isTrue();
        Path file = dir.resolve("readings.csv");
        Files.writeString(file, csv.group(1) + "\n", StandardCharsets.UTF_8);
        Matcher line = Pattern.compile("\\./dcmon gateway send readings\\.csv ((?:[^\\n]*\\\\\\n)*[^\\n]*--dry-run)")
                .matcher(guide);
        assertThat(line.find())
                .as("the dry-run command of the gateway send example")
                .isTrue();
        List<String> args = new ArrayList<>(List.of(file.toString()));
        for (String arg : line.group(1).replace("\\\n", " ").trim().split("\\s+")) {
            args.add(arg.equals("config/samples/hubei") ? EndToEnd.REGISTRY.toString() : arg);
        }
        args.addAll(List.of("--reference", EndToEnd.REFERENCE.toString()));
        assertThat(args).contains("--registry", "--dry-run", STEEL, "GW01");
        int exit = new picocli.CommandLine(new GatewayCommand.Send()).execute(args.toArray(String[]::new));
        assertThat(exit).as("gateway send %s", args).isZero();
    }
}
