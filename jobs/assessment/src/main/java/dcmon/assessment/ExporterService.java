package dcmon.assessment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dcmon.core.Topics;
import dcmon.core.alert.AlertConfigLoader;
import dcmon.core.alert.AlertEvent;
import dcmon.core.alert.AlertJson;
import dcmon.core.alert.Colour;
import dcmon.core.alert.Severity;
import dcmon.core.config.ConfigError;
import dcmon.core.config.ConfigException;
import dcmon.core.monthly.MonthlyJson;
import dcmon.core.monthly.MonthlySnapshot;
import dcmon.core.reference.ReferenceData;
import dcmon.core.reference.ReferenceLoader;
import dcmon.core.registry.Registry;
import dcmon.core.registry.RegistryLoader;
import dcmon.influx.InfluxQuery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The exporter service (docs/exports.md, *Exporter service*): reads {@code dcmon.monthly} and {@code dcmon.alerts}
 * from the beginning and writes every revision of every closed month into {@code <root>/<YYYY-MM>/r<N>/}.
 *
 * <p>A month's revisions follow the job's evaluations: every snapshot's Kafka timestamp is the event time of the
 * evaluation that sent it; revision N of the month begins at the N-th time units sent snapshots of it and holds, for
 * each subject, its latest snapshot sent before the next one ({@link #waves}). Event time is the same on a replay, so a replay rebuilds the same revisions; a revision
 * whose manifest is already on disk byte for byte is not written again, and an older revision's files never change
 * when a newer one is written.
 */
public final class ExporterService implements AutoCloseable {

    /** Default directory under the export root: the on-demand export replaces {@code <root>/<YYYY-MM>} whole. */
    public static final String DIR = "monthly";

    /**
     * @param kafka           bootstrap servers
     * @param kafkaProperties further client properties (a SASL login, TLS), as {@code --kafka-properties} gives them
     * @param root            the directory the months go into ({@code var/exports/monthly})
     * @param influxUrl       the job's InfluxDB, for the data-quality sheet; null for none (the sheet's figures empty)
     * @param database        its database
     */
    public record Options(
            String kafka,
            Map<String, String> kafkaProperties,
            Path root,
            Lang lang,
            String influxUrl,
            String database) {
        public Options {
            kafkaProperties = Map.copyOf(kafkaProperties);
        }

        /** On an open broker, without InfluxDB. */
        public Options(String kafka, Path root, Lang lang) {
            this(kafka, Map.of(), root, lang, null, null);
        }

        /** On an open broker. */
        public Options(String kafka, Path root, Lang lang, String influxUrl, String database) {
            this(kafka, Map.of(), root, lang, influxUrl, database);
        }

        /** Without InfluxDB. */
        public Options(String kafka, Map<String, String> kafkaProperties, Path root, Lang lang) {
            this(kafka, kafkaProperties, root, lang, null, null);
        }
    }

    /** Where the data quality of a closed month comes from (InfluxDB in the service). */
    public interface QualitySource {
        /** @throws RuntimeException when it cannot be read now; the service tries again later */
        Quality read(YearMonth month);
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Options options;
    private final Registry registry;
    private final Map<String, String> divisions;
    private final String province;
    private final Function<Severity, Colour> colours;
    private final Consumer<String> log;
    private final QualitySource qualitySource;
    private final KafkaConsumer<byte[], byte[]> consumer;
    /** month → evaluation time → the snapshots sent then */
    private final Map<YearMonth, TreeMap<Long, List<MonthlySnapshot>>> snapshots = new TreeMap<>();

    private final List<AlertEvent> alerts = new ArrayList<>();
    /** Review states and 报备 windows as read so far; NONE while the console's topics do not exist. */
    private ConsoleState console = ConsoleState.NONE;

    private final List<String> written = new ArrayList<>();
    private boolean changed;
    private String waiting;
    private volatile boolean running = true;
    private Thread thread;

    public ExporterService(
            Options options,
            Registry registry,
            Map<String, String> divisions,
            String province,
            Function<Severity, Colour> colours,
            Consumer<String> log) {
        this(options, registry, divisions, province, colours, month -> Quality.NONE, log);
    }

    public ExporterService(
            Options options,
            Registry registry,
            Map<String, String> divisions,
            String province,
            Function<Severity, Colour> colours,
            QualitySource quality,
            Consumer<String> log) {
        this.qualitySource = quality;
        this.options = options;
        this.registry = registry;
        this.divisions = divisions;
        this.province = province;
        this.colours = colours;
        this.log = log;
        Properties p = new Properties();
        // security settings first (SASL, TLS); the service's own come after and win
        p.putAll(options.kafkaProperties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.kafka());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(p);
    }

    /**
     * A service over the registry, reference tables and alert rules (barometer colours; built-in ones when the file
     * is absent) in these files; a mistake in them is reported by file, line and field.
     */
    public static ExporterService open(
            Options options, Path registryDir, Path referenceDir, Path alertsFile, Consumer<String> log)
            throws ExportException {
        try {
            ReferenceData ref = ReferenceLoader.load(referenceDir);
            Registry registry = RegistryLoader.load(registryDir, ref);
            Function<Severity, Colour> colours = MonthlyExport::defaultColour;
            if (alertsFile != null && Files.isRegularFile(alertsFile))
                colours = AlertConfigLoader.load(alertsFile)::colour;
            QualitySource quality = options.influxUrl() == null
                    ? month -> Quality.NONE
                    : month -> influxQuality(options.influxUrl(), options.database(), month);
            return new ExporterService(options, registry, ref.divisions(), ref.province(), colours, quality, log);
        } catch (ConfigException e) {
            throw new ExportException("configuration errors:\n"
                    + e.errors().stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
        }
    }

    /** Runs the service on a thread of its own until {@link #close()}. */
    public ExporterService start() {
        thread = new Thread(this::run, "dcmon-exporter");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (running) step(Duration.ofSeconds(1));
        } catch (WakeupException e) {
            if (running) throw e;
        } catch (RuntimeException | IOException e) {
            log.accept("exporter stopped: " + e);
        }
    }

    /**
     * One poll; once the topics are read to their end, writes the revisions that changed. Returns the export
     * directories written by this step.
     */
    synchronized List<String> step(Duration poll) throws IOException {
        if (consumer.assignment().isEmpty() && !assign()) {
            sleep(poll);
            return List.of();
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(poll);
        for (ConsumerRecord<byte[], byte[]> r : records) take(r);
        if (!records.isEmpty() || !changed) return List.of();
        changed = false;
        written.clear();
        for (YearMonth month : snapshots.keySet()) {
            try {
                writeMonth(month);
            } catch (QualityUnavailable e) {
                changed = true; // try again at the next poll
                if (!e.getMessage().equals(waiting)) log.accept("exporter: " + e.getMessage());
                waiting = e.getMessage();
            }
        }
        return List.copyOf(written);
    }

    private boolean assign() {
        List<TopicPartition> parts = new ArrayList<>();
        for (String topic : List.of(Topics.MONTHLY, Topics.ALERTS)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos == null || infos.isEmpty()) return false; // not created yet: try again later
            for (PartitionInfo i : infos) parts.add(new TopicPartition(topic, i.partition()));
        }
        // the console's topics exist where a console publishes; without them review states stay empty
        for (String topic : List.of(Topics.ALERT_REVIEWS, Topics.MAINTENANCE)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos == null || infos.isEmpty()) continue;
            for (PartitionInfo i : infos) parts.add(new TopicPartition(topic, i.partition()));
            if (!console.read()) console = ConsoleState.empty();
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        return true;
    }

    private void take(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) return;
        String json = new String(r.value(), StandardCharsets.UTF_8);
        try {
            if (r.topic().equals(Topics.MONTHLY)) {
                MonthlySnapshot s = MonthlyJson.read(json);
                snapshots
                        .computeIfAbsent(s.month(), m -> new TreeMap<>())
                        .computeIfAbsent(r.timestamp(), t -> new ArrayList<>())
                        .add(s);
            } else if (r.topic().equals(Topics.ALERTS)) {
                alerts.add(AlertJson.read(json));
            } else {
                console = console.with(r.topic(), r.value());
            }
            changed = true;
        } catch (Exception e) {
            log.accept("exporter: skipped " + r.topic() + " record at offset " + r.offset() + " of partition "
                    + r.partition() + ": " + e.getMessage());
        }
    }

    /** Writes each revision of {@code month} whose files differ from what is on disk. */
    private void writeMonth(YearMonth month) throws IOException {
        Map<String, MonthlySnapshot> latest = new TreeMap<>();
        Assessment previous = null;
        int revision = 0;
        for (Map.Entry<Long, List<MonthlySnapshot>> wave :
                waves(snapshots.get(month)).entrySet()) {
            for (MonthlySnapshot s : wave.getValue()) {
                MonthlySnapshot seen = latest.get(s.subject());
                if (seen == null || seen.revision() < s.revision()) latest.put(s.subject(), s);
            }
            revision++;
            RevisionInputs inputs = inputs(month, revision);
            Assessment a = build(month, List.copyOf(latest.values()), Instant.ofEpochMilli(wave.getKey()), inputs);
            Assessment out = previous == null ? a : ChangesTable.withChanges(a, previous, revision - 1);
            Path dir = revisionDir(options.root(), month, revision);
            if (!sameManifest(out, dir)) {
                ExportWriter.write(out, dir);
                written.add(dir.toString());
                log.accept("exporter: wrote " + dir);
            }
            previous = a;
        }
    }

    /**
     * A month's snapshots by revision, each under the evaluation time that began it: a revision begins at each time
     * units sent snapshots, and takes the regions' that follow before the next. A region evaluates as soon as the
     * watermark passes its members' evaluation, or after a pause of the input a few seconds later, so its snapshots
     * may carry a later time than its units'.
     */
    static TreeMap<Long, List<MonthlySnapshot>> waves(TreeMap<Long, List<MonthlySnapshot>> byTime) {
        TreeMap<Long, List<MonthlySnapshot>> out = new TreeMap<>();
        for (Map.Entry<Long, List<MonthlySnapshot>> at : byTime.entrySet()) {
            boolean units = at.getValue().stream().anyMatch(s -> s.level().equals(MonthlySnapshot.ENTERPRISE));
            if (out.isEmpty() || units) out.put(at.getKey(), new ArrayList<>());
            out.lastEntry().getValue().addAll(at.getValue());
        }
        return out;
    }

    /**
     * What a revision shows besides the job's snapshots and alerts: its data quality (InfluxDB) and the console's
     * review states and 报备 windows.
     */
    public record RevisionInputs(Quality quality, ConsoleState console) {}

    /**
     * A revision's inputs besides the snapshots: taken once, when the revision is first built, and kept beside it in
     * {@code <root>/<YYYY-MM>/r<N>.inputs.json}, so that rebuilding the revision (after a restart, or when a later
     * revision comes) gives the same bytes although InfluxDB and the reviews have moved on (docs/notes.md,
     * *Data-quality sheet*).
     */
    private RevisionInputs inputs(YearMonth month, int revision) throws IOException {
        Path file = inputsFile(options.root(), month, revision);
        if (Files.isRegularFile(file)) return JSON.readValue(file.toFile(), RevisionInputs.class);
        Quality q;
        try {
            q = qualitySource.read(month);
        } catch (RuntimeException e) {
            throw new QualityUnavailable("revision " + revision + " of " + month + " waits for the data quality: "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        RevisionInputs inputs = new RevisionInputs(q, console);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(inputs));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        waiting = null;
        return inputs;
    }

    /** {@code <root>/2026-11/r2.inputs.json}: the data quality and review states revision 2 was built with. */
    public static Path inputsFile(Path root, YearMonth month, int revision) {
        return root.resolve(month.toString()).resolve("r" + revision + ".inputs.json");
    }

    /** A closed month's quality from InfluxDB, offline hours up to the month's end. */
    static Quality influxQuality(String url, String database, YearMonth month) {
        try (InfluxQuery influx = InfluxQuery.connect(url, database)) {
            return new InfluxReader(influx).quality(month, MonthlySnapshot.end(month));
        }
    }

    private static final class QualityUnavailable extends RuntimeException {
        QualityUnavailable(String message) {
            super(message);
        }
    }

    /** The tables of one revision: the province, from the snapshots and the alert events before the month's end. */
    Assessment build(YearMonth month, List<MonthlySnapshot> revision, Instant closedAt, RevisionInputs inputs) {
        MonthData data = SnapshotData.of(month, revision, alerts)
                .withQuality(inputs.quality())
                .withConsole(inputs.console());
        return new AssessmentBuilder(registry, divisions, province, colours)
                .build(month, Scope.PROVINCE, options.lang(), data, closedAt);
    }

    /** {@code <root>/2026-11/r2}. */
    public static Path revisionDir(Path root, YearMonth month, int revision) {
        return root.resolve(month.toString()).resolve("r" + revision);
    }

    private static boolean sameManifest(Assessment a, Path dir) throws IOException {
        Path manifest = dir.resolve(ExportWriter.MANIFEST);
        if (!Files.isRegularFile(manifest)) return false;
        return Arrays.equals(Files.readAllBytes(manifest), ExportWriter.files(a).get(ExportWriter.MANIFEST));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            consumer.close();
        }
    }
}
