package dcmon.cli;

import dcmon.console.Console;
import dcmon.console.ConsoleSettings;
import dcmon.console.dashboard.Colours;
import dcmon.core.alert.AlertConfigLoader;
import dcmon.core.config.ConfigException;
import dcmon.core.scorecard.ScoringRules;
import dcmon.core.scorecard.ScoringRulesLoader;
import dcmon.monitoring.RegistryDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "console",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the provincial console (省级预警审核台): reads alerts from Kafka topic dcmon.alerts into",
            "PostgreSQL, progress from InfluxDB, and serves the dashboards, the alert review pages and the API.",
            "Accounts: see ./dcmon users. Ctrl-C stops it."
        })
final class ConsoleCommand implements Callable<Integer> {
    /** How often the registry directory is looked at for changes. */
    static final long RELOAD_CHECK_MS = 10_000;

    @Option(names = "--http-port", defaultValue = "8080", description = "(default: ${DEFAULT-VALUE})")
    int httpPort;

    @Option(
            names = "--http-host",
            defaultValue = "127.0.0.1",
            description = "address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE})")
    String httpHost;

    @Option(
            names = "--kafka",
            defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers; 'none' serves what the database holds (default: ${DEFAULT-VALUE})")
    String kafka;

    @Option(
            names = "--influx",
            defaultValue = "http://127.0.0.1:8086",
            description = "InfluxDB URL (v1 API) the monitoring job writes to, read by the dashboards; 'none' for alert"
                    + " review only (default: ${DEFAULT-VALUE})")
    String influx;

    @Option(
            names = "--influx-db",
            defaultValue = "dcmon",
            description = "InfluxDB database (default: ${DEFAULT-VALUE})")
    String influxDb;

    @Option(
            names = "--alerts",
            defaultValue = "config/alerts.yaml",
            description = "the job's alert rules: their thresholds colour progress on the dashboards; the built-in"
                    + " defaults when the file is absent (default: ${DEFAULT-VALUE})")
    Path alerts;

    @Option(
            names = "--registry",
            defaultValue = "config/samples/hubei",
            description = "registry directory the job runs with: the names of units on the pages, and their registered"
                    + " gateways and points; reloaded on change (default: ${DEFAULT-VALUE})")
    Path registry;

    @Option(
            names = "--reference",
            defaultValue = "config/reference",
            description = "reference tables: the names of the divisions (default: ${DEFAULT-VALUE})")
    Path reference;

    @Option(
            names = "--exports",
            defaultValue = "var/exports",
            description = "exports directory: the exports page serves the revisions the exporter service wrote under"
                    + " its monthly/ directory (default: ${DEFAULT-VALUE})")
    Path exports;

    @Option(
            names = "--scorecard-rules",
            defaultValue = "config/assessment/scorecard.yaml",
            description = "scorecard scoring rules: the most qualitative points a unit may be given; the built-in"
                    + " defaults when the file is absent (default: ${DEFAULT-VALUE})")
    Path scorecardRules;

    @Option(
            names = "--secure-cookies",
            description = "mark the session cookie Secure: set when users reach the console over HTTPS")
    boolean secureCookies;

    @Mixin
    PostgresOptions postgres;

    @Mixin
    KafkaClientOptions kafkaClient;

    @Override
    public Integer call() throws Exception {
        ConsoleSettings settings = ConsoleSettings.defaults()
                .withSecureCookies(secureCookies)
                .withKafkaProperties(kafkaClient.properties())
                .withExports(exports);
        String bootstrap = "none".equals(kafka) ? null : kafka;
        String influxUrl = "none".equals(influx) ? null : influx;
        Colours colours = Files.exists(alerts) ? Colours.of(AlertConfigLoader.load(alerts)) : Colours.defaults();
        RegistryDirectory directory = new RegistryDirectory(registry, reference, RELOAD_CHECK_MS);
        try {
            directory.loadOrThrow();
        } catch (ConfigException e) {
            System.err.println("dcmon console: --registry " + registry + ": " + e.getMessage());
            return 1;
        }
        double qualitativeMax;
        try {
            qualitativeMax = Files.exists(scorecardRules)
                    ? ScoringRulesLoader.load(scorecardRules).qualitativeMax()
                    : ScoringRules.defaults().qualitativeMax();
        } catch (ConfigException e) {
            System.err.println("dcmon console: --scorecard-rules " + scorecardRules + ": " + e.getMessage());
            return 1;
        }
        settings = settings.withQualitativeMax(qualitativeMax);
        RegistryNames names = new RegistryNames(directory);
        CountDownLatch stopped = new CountDownLatch(1);
        try (Console console = Console.start(
                postgres.open(), bootstrap, influxUrl, influxDb, colours, names, settings, httpHost, httpPort)) {
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                console.close();
                                stopped.countDown();
                            },
                            "console-stop"));
            System.out.println("console: http://" + httpHost + ":" + console.port() + "/"
                    + (bootstrap == null ? "" : "  alerts from " + bootstrap)
                    + (influxUrl == null ? "" : "  progress from " + influxUrl + " database " + influxDb));
            stopped.await();
        }
        return 0;
    }
}
