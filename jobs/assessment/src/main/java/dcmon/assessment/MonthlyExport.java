package dcmon.assessment;

import dcmon.core.alert.AlertConfig;
import dcmon.core.alert.AlertConfigLoader;
import dcmon.core.alert.Colour;
import dcmon.core.alert.Severity;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.config.ConfigError;
import dcmon.core.config.ConfigException;
import dcmon.core.reference.ReferenceData;
import dcmon.core.reference.ReferenceLoader;
import dcmon.core.registry.Registry;
import dcmon.core.registry.RegistryLoader;
import dcmon.influx.InfluxQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The on-demand export of one month: read the registry and InfluxDB, build the tables, write the files. */
public final class MonthlyExport {

    /** Called before each step with the steps done so far, their total and what comes next. */
    public interface Progress {
        void step(int done, int total, String what);
    }

    /**
     * @param out     the export directory, or null for the default under {@code root}
     * @param alerts  config/alerts.yaml for the barometer colours; the defaults when the file is absent
     * @param kafka   Kafka with the console's review actions and 报备 windows, or null not to read them
     * @param kafkaProperties further Kafka client properties (a SASL login, TLS), as {@code --kafka-properties} gives
     *                them
     */
    public record Options(
            String month,
            String scope,
            String lang,
            String influxUrl,
            String database,
            Path registry,
            Path reference,
            Path alerts,
            Path root,
            Path out,
            String kafka,
            Map<String, String> kafkaProperties) {
        public Options {
            kafkaProperties = Map.copyOf(kafkaProperties);
        }

        /** On an open broker. */
        public Options(
                String month,
                String scope,
                String lang,
                String influxUrl,
                String database,
                Path registry,
                Path reference,
                Path alerts,
                Path root,
                Path out,
                String kafka) {
            this(month, scope, lang, influxUrl, database, registry, reference, alerts, root, out, kafka, Map.of());
        }

        /** Without the console's topics. */
        public Options(
                String month,
                String scope,
                String lang,
                String influxUrl,
                String database,
                Path registry,
                Path reference,
                Path alerts,
                Path root,
                Path out) {
            this(month, scope, lang, influxUrl, database, registry, reference, alerts, root, out, null, Map.of());
        }
    }

    /** How long Kafka may take to answer before an export gives up on it. */
    static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(15);

    /** What was written. */
    public record Result(Assessment assessment, Path dir, Map<String, byte[]> files) {}

    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
    private static final int STEPS = 3 + InfluxReader.STEPS + InfluxReader.QUALITY_STEPS + 3;

    private MonthlyExport() {}

    public static YearMonth parseMonth(String text) throws ExportException {
        try {
            if (text == null || !MONTH.matcher(text).matches()) throw new DateTimeParseException("", "", 0);
            return YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            throw new ExportException("bad month '" + text + "': use YYYY-MM, e.g. 2026-03");
        }
    }

    public static Result run(Options o, Clock clock, Progress progress) throws ExportException {
        YearMonth month = parseMonth(o.month());
        Instant now = clock.instant();
        if (ShanghaiCalendar.startOf(month.atDay(1)) > now.toEpochMilli()) {
            throw new ExportException("month " + month + " has not begun (Asia/Shanghai)");
        }
        Lang lang;
        try {
            lang = Lang.of(o.lang());
        } catch (IllegalArgumentException e) {
            throw new ExportException(e.getMessage());
        }
        int[] done = {0};
        progress.step(done[0]++, STEPS, "registry");
        ReferenceData ref;
        Registry registry;
        Function<Severity, Colour> colours;
        try {
            ref = ReferenceLoader.load(o.reference());
            registry = RegistryLoader.load(o.registry(), ref);
            if (o.alerts() != null && Files.isRegularFile(o.alerts())) {
                AlertConfig config = AlertConfigLoader.load(o.alerts());
                colours = config::colour;
            } else {
                colours = MonthlyExport::defaultColour;
            }
        } catch (ConfigException e) {
            throw new ExportException("configuration errors:\n"
                    + e.errors().stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
        }
        Scope scope;
        try {
            scope = Scope.parse(o.scope(), ref.divisions());
        } catch (IllegalArgumentException e) {
            throw new ExportException(e.getMessage());
        }

        progress.step(done[0]++, STEPS, "connecting to InfluxDB");
        MonthData data;
        try (InfluxQuery influx = InfluxQuery.connect(o.influxUrl(), o.database())) {
            requireDatabase(influx, o.influxUrl(), o.database());
            InfluxReader reader = new InfluxReader(influx);
            data = reader.read(month, what -> progress.step(done[0]++, STEPS, what));
            progress.step(done[0]++, STEPS, "data quality");
            data = data.withQuality(reader.quality(month, now.toEpochMilli()));
        } catch (ExportException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ExportException(influxMessage(o.influxUrl(), e), e);
        }

        progress.step(done[0]++, STEPS, "review states and 报备 windows");
        if (o.kafka() != null) {
            data = data.withConsole(ConsoleTopics.read(o.kafka(), o.kafkaProperties(), KAFKA_TIMEOUT, line -> {}));
        }
        progress.step(done[0]++, STEPS, "building tables");
        Assessment a = new AssessmentBuilder(registry, ref.divisions(), ref.province(), colours)
                .build(month, scope, lang, data, now);
        Path dir = o.out() != null ? o.out() : ExportWriter.defaultDir(o.root(), a);
        progress.step(done[0]++, STEPS, "writing " + dir);
        Map<String, byte[]> files;
        try {
            files = ExportWriter.write(a, dir);
        } catch (IOException e) {
            throw new ExportException("cannot write the export to " + dir + ": " + e, e);
        }
        progress.step(STEPS, STEPS, "done");
        return new Result(a, dir, files);
    }

    static void requireDatabase(InfluxQuery influx, String influxUrl, String database) throws ExportException {
        List<Map<String, Object>> rows = influx.query("SHOW DATABASES");
        boolean found = rows.stream().anyMatch(r -> database.equals(r.get("name")));
        if (!found) {
            throw new ExportException("InfluxDB at " + influxUrl + " has no database '" + database
                    + "': has the monitoring job written to it yet?");
        }
    }

    static String influxMessage(String influxUrl, RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        if (root instanceof java.net.ConnectException
                || root instanceof java.net.UnknownHostException
                || root instanceof java.net.SocketTimeoutException
                || root instanceof java.io.InterruptedIOException) {
            return "cannot reach InfluxDB at " + influxUrl + " ("
                    + root.getClass().getSimpleName()
                    + (root.getMessage() == null ? "" : ": " + root.getMessage())
                    + "); is the demo running, or give --influx URL";
        }
        return "InfluxDB at " + influxUrl + " failed: " + (e.getMessage() == null ? e.toString() : e.getMessage());
    }

    static Colour defaultColour(Severity s) {
        return switch (s) {
            case INFO -> Colour.GREEN;
            case WATCH, WARNING -> Colour.YELLOW;
            case BREACH -> Colour.RED;
        };
    }
}
