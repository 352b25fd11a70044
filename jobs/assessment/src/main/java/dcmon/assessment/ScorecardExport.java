package dcmon.assessment;

import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.config.ConfigError;
import dcmon.core.config.ConfigException;
import dcmon.core.reference.ReferenceData;
import dcmon.core.reference.ReferenceLoader;
import dcmon.core.registry.Registry;
import dcmon.core.registry.RegistryLoader;
import dcmon.core.scorecard.ScoringRules;
import dcmon.core.scorecard.ScoringRulesLoader;
import dcmon.influx.InfluxQuery;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The on-demand annual scorecard of one year: read the rules, registry and InfluxDB, score, write the files. */
public final class ScorecardExport {

    /**
     * @param rules       config/assessment/scorecard.yaml
     * @param qualitative reviewers' points (credit_code,points), or null for none
     * @param out         the export directory, or null for the default under {@code root}
     */
    public record Options(
            String year,
            String scope,
            String lang,
            String influxUrl,
            String database,
            Path registry,
            Path reference,
            Path rules,
            Path qualitative,
            Path root,
            Path out) {}

    /** Where the qualitative points come from when no file is given: the console's topic, or nowhere. */
    @FunctionalInterface
    public interface PointsSource {
        PointsSource NONE = (year, registry, max) -> null;

        /** @return points by credit code, or null when there are none */
        Map<String, Double> read(int year, Registry registry, double max) throws ExportException;

        /** The points entered in the console, read from Kafka ({@link QualitativeTopic}); none entered is none. */
        static PointsSource kafka(String bootstrap, Map<String, String> properties) {
            return (year, registry, max) -> {
                Map<String, Double> points = QualitativeTopic.read(bootstrap, properties, year, registry, max);
                return points.isEmpty() ? null : points;
            };
        }
    }

    /** What was written. */
    public record Result(Scorecard scorecard, Path dir, Map<String, byte[]> files) {}

    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final int STEPS = 4 + InfluxReader.STEPS + 2;

    private ScorecardExport() {}

    /** A four-digit year from 2000 on. */
    public static int parseYear(String text) throws ExportException {
        if (text == null || !YEAR.matcher(text).matches() || Integer.parseInt(text) < 2000) {
            throw new ExportException("bad year '" + text + "': use YYYY, e.g. 2026");
        }
        return Integer.parseInt(text);
    }

    public static Result run(Options o, Clock clock, MonthlyExport.Progress progress) throws ExportException {
        return run(o, PointsSource.NONE, clock, progress);
    }

    /** @param console the points entered in the console, used when {@code o} names no points file */
    public static Result run(Options o, PointsSource console, Clock clock, MonthlyExport.Progress progress)
            throws ExportException {
        int year = parseYear(o.year());
        if (ShanghaiCalendar.startOf(LocalDate.of(year, 1, 1)) > clock.millis()) {
            throw new ExportException("year " + year + " has not begun (Asia/Shanghai)");
        }
        Lang lang;
        try {
            lang = Lang.of(o.lang());
        } catch (IllegalArgumentException e) {
            throw new ExportException(e.getMessage());
        }
        int[] done = {0};
        progress.step(done[0]++, STEPS, "registry and scoring rules");
        ReferenceData ref;
        Registry registry;
        ScoringRules rules;
        try {
            ref = ReferenceLoader.load(o.reference());
            registry = RegistryLoader.load(o.registry(), ref);
            rules = ScoringRulesLoader.load(o.rules());
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
        // a points file wins over what the console published
        Map<String, Double> qualitative = o.qualitative() == null
                ? console.read(year, registry, rules.qualitativeMax())
                : QualitativePoints.read(o.qualitative(), registry, rules.qualitativeMax());

        progress.step(done[0]++, STEPS, "connecting to InfluxDB");
        MonthData data;
        List<Map<String, Object>> pointYears;
        try (InfluxQuery influx = InfluxQuery.connect(o.influxUrl(), o.database())) {
            MonthlyExport.requireDatabase(influx, o.influxUrl(), o.database());
            // the year's rows are those an export of its December reads
            InfluxReader reader = new InfluxReader(influx);
            data = reader.read(YearMonth.of(year, 12), what -> progress.step(done[0]++, STEPS, what));
            progress.step(done[0]++, STEPS, "energy points");
            pointYears = reader.pointYears(year);
        } catch (ExportException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ExportException(MonthlyExport.influxMessage(o.influxUrl(), e), e);
        }

        progress.step(done[0]++, STEPS, "scoring");
        Map<String, String> energyNames = new java.util.TreeMap<>();
        ref.energies().forEach((key, type) -> energyNames.put(key, type.nameZh()));
        Scorecard s = new ScorecardBuilder(registry, ref.divisions(), ref.province(), rules, energyNames)
                .build(year, scope, lang, data, pointYears, qualitative, clock.instant());
        Path dir = o.out() != null ? o.out() : ExportWriter.defaultDir(o.root(), s);
        progress.step(done[0]++, STEPS, "writing " + dir);
        Map<String, byte[]> files;
        try {
            files = ExportWriter.write(s, dir);
        } catch (IOException e) {
            throw new ExportException("cannot write the scorecard to " + dir + ": " + e, e);
        }
        progress.step(STEPS, STEPS, "done");
        return new Result(s, dir, files);
    }
}
