package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dcmon.assessment.ExportWriter;
import dcmon.assessment.ExporterService;
import dcmon.assessment.Lang;
import dcmon.bridge.MqttKafkaBridge;
import dcmon.core.Topics;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.monthly.MonthlyJson;
import dcmon.core.monthly.MonthlySnapshot;
import dcmon.influx.InfluxQuery;
import dcmon.monitoring.LocalJob;
import dcmon.monitoring.MonitoringOptions;
import dcmon.monitoring.RegistryDirectory;
import dcmon.simulator.MqttPublisher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The month close and the exporter service on the real stack: readings of last month, received now, close it at once
 * (grace zero) into revision 1 of the unit, its city, tier and province, with the month total InfluxDB holds; the
 * exporter writes it; a late upload of the unit's second gateway makes revision 2 of those four subjects, which the
 * exporter writes beside revision 1, which stays byte for byte; a duplicate makes no revision.
 */
class MonthlyEndToEndTest extends EndToEndTestBase {
    static final String UNIT = "91420202MA4BD3K2PM";
    static final double KGCE_PER_KWH = 0.1229;
    static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX").withZone(ZoneOffset.ofHours(8));

    static String registryYaml() {
        int year = ShanghaiCalendar.year(System.currentTimeMillis());
        return """
                enterprises:
                  - code: %s
                    name: 黄石测试水泥有限公司
                    city: "420200"
                    tier: thousand
                    industry: C30
                    baseline: { year: 2015, consumption_tce: 1000 }
                    targets:
                      - { year: %d, total_cap_tce: 1000 }
                    gateways: [ { id: GW01 }, { id: GW02 } ]
                    points:
                      - { id: E-MAIN-01, gateway: GW01, energy: electricity, unit: kWh, role: input, kind: cumulative, max_rate_per_hour: 100000000 }
                      - { id: E-SUB-01, gateway: GW02, energy: electricity, unit: kWh, role: input, kind: cumulative, max_rate_per_hour: 100000000 }
                """.formatted(UNIT, year);
    }

    @Test
    void lastMonthClosesIntoRevisionOneALateUploadMakesRevisionTwoAndTheExporterKeepsBoth() throws Exception {
        Path registry = dir.resolve("monthly-registry");
        Files.createDirectories(registry);
        Files.writeString(registry.resolve("units.yaml"), registryYaml());
        MonitoringOptions o = e2e.options.toBuilder()
                .registry(registry, EndToEnd.REFERENCE)
                .targets(dir.resolve("no-region-targets"), EndToEnd.ALERTS)
                .progressInterval(Duration.ofSeconds(1))
                .monthCloseGrace(Duration.ZERO)
                .build();
        long monthStart = ShanghaiCalendar.monthStart(System.currentTimeMillis());
        YearMonth last = YearMonth.from(ShanghaiCalendar.date(monthStart - 1));
        long lastStart = ShanghaiCalendar.startOf(last.atDay(1));
        long q = ShanghaiCalendar.QUARTER_MS;
        Path exports = dir.resolve("exports");

        try (MqttKafkaBridge bridge = e2e.startBridge("monthly-bridge");
                MqttPublisher gateway = new MqttPublisher(e2e.stack.mosquitto.url(), "monthly-gw", null, null, 100)) {
            gateway.connect();
            // 1,000 kWh in last month's last hour but three quarters
            publish(gateway, "GW01", "E-MAIN-01", 1, monthStart - 4 * q, 0);
            publish(gateway, "GW01", "E-MAIN-01", 2, monthStart - 3 * q, 1000);
            AtomicBoolean stop = new AtomicBoolean();
            // an unchanged register now and then moves the watermark and adds nothing to last month
            Thread heartbeat = new Thread(() -> {
                long seq = 3;
                try {
                    while (!stop.get()) {
                        publish(gateway, "GW01", "E-MAIN-01", seq++, System.currentTimeMillis() / 1000 * 1000, 1000);
                        Thread.sleep(2_000);
                    }
                } catch (Exception e) {
                    // the test ends by stopping it
                }
            });
            heartbeat.setDaemon(true);
            heartbeat.start();
            try (LocalJob job = LocalJob.start(
                            o,
                            new RegistryDirectory(registry, EndToEnd.REFERENCE, 1_000),
                            dir.resolve("monthly-checkpoints"));
                    ExporterService exporter = ExporterService.open(
                                    new ExporterService.Options(
                                            e2e.stack.kafka.bootstrapServers(),
                                            exports,
                                            Lang.EN,
                                            e2e.stack.influxd.url(),
                                            e2e.options.influxDatabase()),
                                    registry,
                                    EndToEnd.REFERENCE,
                                    EndToEnd.ALERTS,
                                    line -> {})
                            .start()) {
                List<String> subjects =
                        List.of("enterprise:" + UNIT, "city:420200", "tier:thousand", "province:420000");
                EndToEnd.await(
                        "revision 1 of the unit and its regions",
                        Duration.ofMinutes(3),
                        () -> latest(last).keySet().containsAll(subjects));
                Map<String, MonthlySnapshot> r1 = latest(last);
                for (String s : subjects) {
                    assertThat(r1.get(s).revision()).as(s).isEqualTo(1);
                    assertThat((double) r1.get(s).monthTotals().get("tce"))
                            .as(s)
                            .isCloseTo(1000 * KGCE_PER_KWH / 1000, within(1e-12));
                }
                assertThat(r1.get("enterprise:" + UNIT).monthTotals().get("tce"))
                        .isEqualTo(influxMonthTce(lastStart));

                Path r1Dir = ExporterService.revisionDir(exports, last, 1);
                EndToEnd.await(
                        "the exporter's revision 1",
                        Duration.ofMinutes(1),
                        () -> province(r1Dir, 1000 * KGCE_PER_KWH / 1000));
                Map<String, String> r1Files = files(r1Dir);
                // the data-quality sheet: the unit's two gateways listed, kept as read when revision 1 was written
                List<String> quality = Files.readAllLines(r1Dir.resolve("data_quality.csv"));
                assertThat(quality.get(0))
                        .contains("credit_code,name,gateway,days_judged,expected_slots,covered_slots");
                assertThat(quality).anyMatch(l -> l.contains("," + UNIT + ",") && l.contains(",GW01,"));
                assertThat(quality).anyMatch(l -> l.contains("," + UNIT + ",") && l.contains(",GW02,"));
                assertThat(ExporterService.inputsFile(exports, last, 1)).isRegularFile();

                // the second gateway uploads last month late: 500 kWh more
                publish(gateway, "GW02", "E-SUB-01", 1, monthStart - 4 * q, 0);
                publish(gateway, "GW02", "E-SUB-01", 2, monthStart - 2 * q, 500);
                double both = 1500 * KGCE_PER_KWH / 1000;
                EndToEnd.await(
                        "revision 2",
                        Duration.ofMinutes(3),
                        () -> subjects.stream()
                                .allMatch(s -> latest(last).get(s).revision() == 2));
                Map<String, MonthlySnapshot> r2 = latest(last);
                for (String s : subjects) {
                    assertThat((double) r2.get(s).monthTotals().get("tce"))
                            .as(s)
                            .isCloseTo(both, within(1e-12));
                }
                assertThat(r2.get("enterprise:" + UNIT).monthTotals().get("tce"))
                        .isEqualTo(influxMonthTce(lastStart));

                Path r2Dir = ExporterService.revisionDir(exports, last, 2);
                EndToEnd.await("the exporter's revision 2", Duration.ofMinutes(1), () -> province(r2Dir, both));
                assertThat(Files.readString(r2Dir.resolve("changes.csv")))
                        .contains("units,420200|" + UNIT + ",month_tce,0.1229,");
                assertThat(files(r1Dir)).isEqualTo(r1Files);

                // the same upload again: duplicates, no change, no revision
                publish(gateway, "GW02", "E-SUB-01", 2, monthStart - 2 * q, 500);
                Thread.sleep(8_000);
                assertThat(latest(last).values()).allMatch(s -> s.revision() == 2);
                assertThat(files(r1Dir)).isEqualTo(r1Files);
            } finally {
                stop.set(true);
                heartbeat.join(5_000);
            }
        }
    }

    private static void publish(MqttPublisher mqtt, String gateway, String point, long seq, long ts, double kWh)
            throws Exception {
        String json = "{\"schema\":\"dcmon.readings/1\",\"gateway\":\"" + gateway + "\",\"seq\":" + seq
                + ",\"readings\":[{\"point\":\"" + point + "\",\"ts\":\"" + TS.format(Instant.ofEpochMilli(ts))
                + "\",\"value\":" + kWh + "}]}";
        mqtt.publish(Topics.readingsTopic(UNIT, gateway), json.getBytes(StandardCharsets.UTF_8), false);
        mqtt.flush(10_000);
    }

    /** The newest revision of each subject's snapshot of {@code month} on the topic. */
    private static Map<String, MonthlySnapshot> latest(YearMonth month) {
        Map<String, MonthlySnapshot> out = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : e2e.readAll(Topics.MONTHLY)) {
            try {
                MonthlySnapshot s = MonthlyJson.read(new String(r.value(), StandardCharsets.UTF_8));
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(s.key());
                MonthlySnapshot seen = out.get(s.subject());
                if (s.month().equals(month) && (seen == null || seen.revision() < s.revision())) {
                    out.put(s.subject(), s);
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    private static Object influxMonthTce(long monthStart) {
        try (InfluxQuery influx = InfluxQuery.connect(e2e.stack.influxd.url(), e2e.options.influxDatabase())) {
            return influx.query("SELECT tce FROM enterprise_usage WHERE enterprise = '" + UNIT
                            + "' AND period = 'month' AND time = " + monthStart + "ms")
                    .get(0)
                    .get("tce");
        }
    }

    /** Whether the revision's province summary row has this month total. */
    private static boolean province(Path dir, double monthTce) {
        Path csv = dir.resolve("summary_by_division.csv");
        try {
            if (!Files.isRegularFile(csv)) return false;
            List<String> lines = Files.readAllLines(csv);
            int col = List.of(lines.get(0).replace("\uFEFF", "").split(",")).indexOf("month_tce");
            for (String l : lines) {
                String[] cells = l.split(",");
                if (cells[0].equals("420000")) return Math.abs(Double.parseDouble(cells[col]) - monthTce) < 1e-12;
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private static Map<String, String> files(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), ExportWriter.sha256(Files.readAllBytes(p)));
            }
        }
        return out;
    }
}
