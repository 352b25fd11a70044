package dcmon.cli;

import dcmon.assessment.ExportException;
import dcmon.assessment.MonthlyExport;
import dcmon.assessment.ScorecardExport;
import dcmon.core.config.ConfigException;
import dcmon.influx.InfluxSchema;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dcmon export}: the monthly assessment tables of a month, or the annual scorecard of a year, on demand
 * (docs/exports.md).
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Writes the monthly assessment export of a month (月度考核表): one XLSX workbook, the same tables as CSV"
                    + " (UTF-8 with BOM) and manifest.json with SHA-256 checksums, read from the job's InfluxDB and the"
                    + " registry. A month not over yet is marked provisional. The same data gives the same bytes.",
            "With --year YYYY --scorecard: the annual scorecard (年度节能目标责任评价考核计分表) of the year instead,"
                    + " scored by config/assessment/scorecard.yaml."
        })
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--month", paramLabel = "YYYY-MM", description = "the month, e.g. 2026-03")
    String month;

    @Option(
            names = "--year",
            paramLabel = "YYYY",
            description = "the year of the scorecard, e.g. 2026 (with --scorecard)")
    String year;

    @Option(names = "--scorecard", description = "write the annual scorecard of --year instead of a month's tables")
    boolean scorecard;

    @Option(
            names = "--qualitative",
            paramLabel = "FILE",
            description = "CSV credit_code,points: reviewers' qualitative points for the scorecard; without it the"
                    + " totals are the quantitative part")
    Path qualitative;

    @Option(
            names = "--kafka",
            defaultValue = "127.0.0.1:9092",
            description = "Kafka with what the console publishes, the running demo's by default: review actions and 报备"
                    + " windows (dcmon.alert-reviews, dcmon.maintenance) for a month, qualitative points"
                    + " (dcmon.scorecard.qualitative) for the scorecard unless --qualitative is given; 'none' (or"
                    + " 'off') exports without them (default: ${DEFAULT-VALUE})")
    String kafka;

    @Mixin
    KafkaClientOptions kafkaClient;

    @Option(
            names = "--rules",
            defaultValue = "config/assessment/scorecard.yaml",
            description = "scorecard scoring rules (default: ${DEFAULT-VALUE})")
    Path rules;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "export directory, replaced whole (default: var/exports/<YYYY-MM>, with -<scope> and -en"
                    + " appended for a scope or --lang en)")
    Path out;

    @Option(
            names = "--scope",
            defaultValue = "province",
            description = "province, city:<division code> (e.g. city:420500) or tier:<hundred|thousand|ten-thousand>"
                    + " (default: ${DEFAULT-VALUE})")
    String scope;

    @Option(
            names = "--lang",
            defaultValue = "zh",
            description = "zh: Chinese headings with units; en: English labels and snake_case headings"
                    + " (default: ${DEFAULT-VALUE})")
    String lang;

    @Option(
            names = "--influx",
            defaultValue = "http://127.0.0.1:8086",
            description = "InfluxDB URL, the running demo's by default (default: ${DEFAULT-VALUE})")
    String influx;

    @Option(
            names = "--influx-db",
            defaultValue = InfluxSchema.DATABASE,
            description = "InfluxDB database (default: ${DEFAULT-VALUE})")
    String database;

    @Option(
            names = "--registry",
            defaultValue = "config/samples/hubei",
            description = "registry directory (default: ${DEFAULT-VALUE})")
    Path registry;

    @Option(
            names = "--reference",
            defaultValue = "config/reference",
            description = "reference tables (default: ${DEFAULT-VALUE})")
    Path reference;

    @Option(
            names = "--alerts",
            defaultValue = "config/alerts.yaml",
            description = "alert rules, for the barometer colours; built-in colours when absent"
                    + " (default: ${DEFAULT-VALUE})")
    Path alerts;

    @Override
    public Integer call() {
        String mistake = optionMistake();
        if (mistake != null) {
            System.err.println("dcmon export: " + mistake);
            return 2;
        }
        return scorecard ? scorecard() : month();
    }

    /** What is wrong with the combination of options, or null. */
    String optionMistake() {
        if (scorecard && year == null) return "--scorecard needs --year YYYY, e.g. --year 2026 --scorecard";
        if (scorecard && month != null) return "--scorecard takes --year, not --month";
        if (!scorecard && year != null) return "--year is for the scorecard: add --scorecard, or use --month YYYY-MM";
        if (!scorecard && qualitative != null) return "--qualitative is for the scorecard: add --year YYYY --scorecard";
        if (!scorecard && month == null) return "give --month YYYY-MM, or --year YYYY --scorecard";
        return null;
    }

    private int scorecard() {
        TextProgressBar bar = TextProgressBar.onStderr("scorecard " + year);
        try {
            ScorecardExport.Result r = ScorecardExport.run(
                    new ScorecardExport.Options(
                            year,
                            scope,
                            lang,
                            influx,
                            database,
                            registry,
                            reference,
                            rules,
                            qualitative,
                            Path.of("var/exports"),
                            out),
                    pointsSource(),
                    Clock.systemUTC(),
                    bar::step);
            var s = r.scorecard();
            System.out.printf(
                    "scorecard %d %s, %s%s, %s: %d files in %s%n",
                    s.year(),
                    s.scope(),
                    s.provisional() ? "provisional" : "year over",
                    s.asOf() == null ? ", no progress data" : ", progress as of " + s.asOf(),
                    s.qualitative() ? "with qualitative points" : "quantitative part only",
                    r.files().size(),
                    r.dir());
            printChecksums(r.files());
            return 0;
        } catch (ExportException e) {
            bar.abort();
            System.err.println("dcmon export: " + e.getMessage());
            return 1;
        } catch (ConfigException e) {
            bar.abort();
            System.err.println("dcmon export: --kafka-properties: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            bar.abort();
            System.err.println("dcmon export failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
    }

    private boolean noKafka() {
        return "none".equals(kafka) || "off".equals(kafka);
    }

    /** The console's points from Kafka, unless --kafka none (a --qualitative file wins over them anyway). */
    private ScorecardExport.PointsSource pointsSource() throws ConfigException {
        if (noKafka()) return ScorecardExport.PointsSource.NONE;
        return ScorecardExport.PointsSource.kafka(kafka, kafkaClient.properties());
    }

    private static void printChecksums(Map<String, byte[]> files) {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            System.out.printf("  %s  %s%n", dcmon.assessment.ExportWriter.sha256(f.getValue()), f.getKey());
        }
    }

    private int month() {
        TextProgressBar bar = TextProgressBar.onStderr("export " + month);
        try {
            MonthlyExport.Result r = MonthlyExport.run(
                    new MonthlyExport.Options(
                            month,
                            scope,
                            lang,
                            influx,
                            database,
                            registry,
                            reference,
                            alerts,
                            Path.of("var/exports"),
                            out,
                            noKafka() ? null : kafka,
                            kafkaClient.properties()),
                    Clock.systemUTC(),
                    bar::step);
            var a = r.assessment();
            System.out.printf(
                    "%s %s, %s%s: %d files in %s%n",
                    a.month(),
                    a.scope(),
                    a.provisional() ? "provisional" : "month over",
                    a.asOf() == null ? ", no progress data" : ", progress as of " + a.asOf(),
                    r.files().size(),
                    r.dir());
            printChecksums(r.files());
            return 0;
        } catch (ExportException e) {
            bar.abort();
            System.err.println("dcmon export: " + e.getMessage());
            return 1;
        } catch (ConfigException e) {
            bar.abort();
            System.err.println("dcmon export: --kafka-properties: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            bar.abort();
            System.err.println("dcmon export failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
    }
}
