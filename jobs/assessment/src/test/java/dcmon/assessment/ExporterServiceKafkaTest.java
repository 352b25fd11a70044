package dcmon.assessment;

import static dcmon.assessment.AssessmentBuilderTest.DIVISIONS;
import static dcmon.assessment.AssessmentBuilderTest.REGISTRY;
import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.Topics;
import dcmon.core.monthly.MonthlyJson;
import dcmon.core.monthly.MonthlySnapshot;
import dcmon.stack.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exporter service against a real Kafka broker: revisions, replays, and files that stay as they were. */
class ExporterServiceKafkaTest {
    static final YearMonth MARCH = AssessmentBuilderTest.MARCH;
    /** The close and a later evaluation that revised the month (event time, the records' Kafka timestamps). */
    static final long CLOSE = 1_775_232_000_000L; // 2026-04-04T00:00+08:00

    static final long REVISED = CLOSE + 86_400_000L;

    @TempDir
    static Path kafkaDir;

    @TempDir
    Path exports;

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start(kafkaDir, 0);
        kafka.createTopics(2, Topics.MONTHLY, Topics.ALERTS, Topics.ALERT_REVIEWS, Topics.MAINTENANCE);
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) kafka.close();
    }

    private static void send(long timestamp, MonthlySnapshot... snapshots) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (MonthlySnapshot s : snapshots) {
                producer.send(new ProducerRecord<>(
                                Topics.MONTHLY,
                                null,
                                timestamp,
                                s.key().getBytes(StandardCharsets.UTF_8),
                                MonthlyJson.bytes(s)))
                        .get();
            }
        }
    }

    /** Reads of the data quality by the last service made, each giving other figures; the first one fails. */
    private final List<YearMonth> qualityReads = new ArrayList<>();

    /** A 报备 window's state as the console publishes it. */
    private static void window(long id, String starts, String ends, String cancelledAt) throws Exception {
        String json = "{\"schema\":\"dcmon.maintenance/1\",\"id\":" + id + ",\"enterprise\":\"CODE-A1\","
                + "\"city\":\"420500\",\"gateway\":\"GW01\",\"starts\":\"" + starts + "\",\"ends\":\"" + ends
                + "\",\"reason\":\"电表检修\",\"created_by\":\"unit-a1\",\"created_at\":\"2026-03-01T09:00:00+08:00\","
                + "\"cancelled_by\":" + (cancelledAt == null ? "null" : "\"prov\"") + ",\"cancelled_at\":"
                + (cancelledAt == null ? "null" : "\"" + cancelledAt + "\"") + ",\"cancel_reason\":null}";
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(
                            Topics.MAINTENANCE,
                            String.valueOf(id).getBytes(StandardCharsets.UTF_8),
                            json.getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
    }

    private ExporterService service(Path root) {
        qualityReads.clear();
        return new ExporterService(
                new ExporterService.Options(kafka.bootstrapServers(), root, Lang.ZH),
                REGISTRY,
                DIVISIONS,
                "420000",
                MonthlyExport::defaultColour,
                month -> {
                    qualityReads.add(month);
                    if (qualityReads.size() == 1) throw new IllegalStateException("InfluxDB not reachable");
                    long covered = 80 + qualityReads.size();
                    return new Quality(Map.of(
                            "CODE-A1/GW01",
                            new Quality.GatewayQuality(
                                    "CODE-A1", "GW01", 1, 96, covered, 200, 2, 0, Map.of("conflict", 2L), 1.5)));
                },
                line -> {});
    }

    /**
     * Steps the service until it has written {@code expected} directories and then stayed quiet for a few steps (on a
     * busy machine the first records can take seconds); the directories written.
     */
    private static List<String> runUntilQuiet(ExporterService s, int expected) throws Exception {
        List<String> written = new ArrayList<>();
        int quiet = 0;
        for (int i = 0; i < 240 && (written.size() < expected || quiet < 4); i++) {
            List<String> step = s.step(Duration.ofMillis(500));
            written.addAll(step);
            quiet = step.isEmpty() && i > 5 ? quiet + 1 : 0;
        }
        return written;
    }

    /** Every file under {@code dir} with its SHA-256. */
    private static Map<String, String> files(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), ExportWriter.sha256(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    @Test
    void writesEachRevisionOnceKeepsRevisionOneByteForByteAndAReplayWritesTheSameBytes() throws Exception {
        // the province evaluates a moment after its unit, as after a pause of the input
        send(CLOSE, SnapshotDataTest.unit("CODE-A1", 1, 20));
        send(CLOSE + 5_000, SnapshotDataTest.province(1, 80));
        // a 报备 window of the unit's gateway, entered in the console before the close
        window(7, "2026-03-10T08:00:00+08:00", "2026-03-10T14:00:00+08:00", null);
        Path r1 = ExporterService.revisionDir(exports, MARCH, 1);
        Map<String, String> first;
        try (ExporterService s = service(exports)) {
            assertThat(runUntilQuiet(s, 1)).containsExactly(r1.toString());
            first = files(r1);
            assertThat(first).containsKeys("assessment-2026-03-province.xlsx", "units.csv", "manifest.json");
            assertThat(first).doesNotContainKey("changes.csv");
            // the quality read failed once, then gave covered 82, kept beside the revision
            assertThat(qualityReads).containsExactly(MARCH, MARCH);
            assertThat(Files.readString(r1.resolve("data_quality.csv"), StandardCharsets.UTF_8))
                    .contains(
                            "420500,宜昌市,CODE-A1,单位A1,GW01,1,96,82,85.41666666666667,1.5,03-10 08:00–03-10 14:00 电表检修,6,200,2,0,")
                    .contains("420100,武汉市,CODE-C3,单位C3,GW01,,,,,,,0,,");
            assertThat(ExporterService.inputsFile(exports, MARCH, 1)).isRegularFile();

            // the window cancelled after revision 1: revision 2 no longer shows it, revision 1 still does
            window(7, "2026-03-10T08:00:00+08:00", "2026-03-10T14:00:00+08:00", "2026-04-05T09:00:00+08:00");
            send(REVISED, SnapshotDataTest.unit("CODE-A1", 2, 25), SnapshotDataTest.province(2, 85));
            Path r2 = ExporterService.revisionDir(exports, MARCH, 2);
            assertThat(runUntilQuiet(s, 1)).containsExactly(r2.toString());
            assertThat(files(r1)).isEqualTo(first);
            String changes = Files.readString(r2.resolve("changes.csv"), StandardCharsets.UTF_8);
            // revision 2 read the quality anew (covered 83); revision 1 kept its own
            assertThat(qualityReads).hasSize(3);
            assertThat(changes)
                    .contains("data_quality,420500|CODE-A1|GW01,covered_slots,82,83")
                    .contains("data_quality,420500|CODE-A1|GW01,maintenance_windows,03-10 08:00–03-10 14:00 电表检修,")
                    .contains("data_quality,420500|CODE-A1|GW01,maintenance_hours,6,0")
                    .contains("units,420500|CODE-A1,month_tce,20,25")
                    .contains("summary_by_division,420000,month_tce,80,85");
        }

        // a replay from the beginning: nothing differs, nothing is written
        try (ExporterService s = service(exports)) {
            assertThat(runUntilQuiet(s, 0)).isEmpty();
            assertThat(qualityReads).isEmpty();
        }
        // into an empty directory: the same bytes from the snapshots; the data quality and 报备 windows are read as
        // they are now (the window cancelled), so only the data-quality sheet, the changes it makes, the workbook and
        // the manifest differ
        Path again = exports.resolveSibling(exports.getFileName() + "-again");
        try (ExporterService s = service(again)) {
            assertThat(runUntilQuiet(s, 2)).hasSize(2);
        }
        Map<String, String> before = files(exports), after = files(again);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        List<String> differ = new ArrayList<>();
        before.forEach((name, sha) -> {
            if (!sha.equals(after.get(name))) differ.add(name);
        });
        assertThat(differ)
                .contains("2026-03/r1/data_quality.csv")
                .allMatch(name -> name.endsWith(".inputs.json")
                        || name.endsWith(".xlsx")
                        || name.endsWith("/data_quality.csv")
                        || name.endsWith("/changes.csv")
                        || name.endsWith("/manifest.json"));
        assertThat(Files.readString(again.resolve("2026-03/r1/data_quality.csv"), StandardCharsets.UTF_8))
                .contains("CODE-A1,单位A1,GW01,1,96,82,85.41666666666667,1.5,,0,200,");
    }
}
