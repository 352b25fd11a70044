package dcmon.cli;

import dcmon.assessment.ExporterService;
import dcmon.assessment.Lang;
import dcmon.bridge.BridgeConfig;
import dcmon.bridge.BridgeMetrics;
import dcmon.bridge.MqttKafkaBridge;
import dcmon.console.dashboard.Colours;
import dcmon.core.Topics;
import dcmon.core.alert.AlertConfigLoader;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.registry.Registry;
import dcmon.influx.InfluxQuery;
import dcmon.monitoring.GatewayHealth;
import dcmon.monitoring.LocalJob;
import dcmon.monitoring.MonitoringOptions;
import dcmon.monitoring.RegistryDirectory;
import dcmon.monitoring.RegistryProvider;
import dcmon.simulator.Mode;
import dcmon.simulator.ReportedHistory;
import dcmon.simulator.Scenarios;
import dcmon.simulator.Simulator;
import dcmon.simulator.SimulatorOptions;
import dcmon.stack.LocalStack;
import dcmon.stack.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the whole stack on this machine: Mosquitto, InfluxDB, an in-process Kafka broker, the bridge,",
            "the monitoring job on a local mini-cluster and (unless --simulate off) the simulator, with scenarios that",
            "make a few units break their targets or their meters fail (--scenarios none: off). Ctrl-C stops it all."
        })
final class DemoCommand implements Callable<Integer> {
    @Option(
            names = "--registry",
            defaultValue = "config/samples/hubei",
            description = "registry directory, reloaded on change (default: ${DEFAULT-VALUE})")
    Path registry;

    @Option(
            names = "--reference",
            defaultValue = "config/reference",
            description = "reference tables (default: ${DEFAULT-VALUE})")
    Path reference;

    @Option(
            names = "--simulate",
            defaultValue = "on",
            description =
                    "on: simulate the registry's gateways; off: wait for real gateways (default: ${DEFAULT-VALUE})")
    String simulate;

    @Option(
            names = "--faults",
            defaultValue = "all",
            description = "faults the simulator injects (see simulate --help) (default: ${DEFAULT-VALUE})")
    String faults;

    @Option(
            names = "--scenarios",
            defaultValue = "demo",
            description = {
                "scenarios whose units are picked from the registry: none, demo (all of them), or a list such as",
                "ahead,stuck-meter; scenarios: ahead intensity-miss silent-gateway stuck-meter (default: ${DEFAULT-VALUE})"
            })
    String scenarios;

    @Option(
            names = "--scenario",
            paramLabel = "KIND:WHAT",
            description = {
                "a scenario on a unit of your choice, replacing the picked one of its kind (repeatable):",
                "ahead:CODE[,CODE] (consumes at about 130 %% of its cap's rate), intensity-miss:CODE (output -20 %%),",
                "silent-gateway:CODE/GW[@after] (drops its connection, Last Will, and stays silent),",
                "stuck-meter:CODE/POINT[@after] (the register repeats its value); after: 36h simulated from the start,",
                "wall:2m after the run started; default: once caught up with now (history: half-way; a meter: the start)"
            })
    List<String> scenario = new ArrayList<>();

    @Option(
            names = "--days",
            defaultValue = "1",
            description = "simulated history before today, in Shanghai days (default: ${DEFAULT-VALUE})")
    int days;

    @Option(
            names = "--cadence",
            defaultValue = "15",
            description = "minutes between simulated readings: 1, 5 or 15 (default: ${DEFAULT-VALUE})")
    int cadence;

    @Option(names = "--mqtt-port", defaultValue = "1883", description = "(default: ${DEFAULT-VALUE})")
    int mqttPort;

    @Option(
            names = "--mqtt-tls-port",
            defaultValue = "8883",
            description = "the broker's TLS listener, with a CA made for the demo (default: ${DEFAULT-VALUE})")
    int mqttTlsPort;

    @Option(
            names = "--insecure",
            description = {
                "let MQTT clients connect anonymously, without TLS (default: an account per gateway from mqtt-auth",
                "and a TLS listener; the gateways and the bridge use theirs)"
            })
    boolean insecure;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "(default: ${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(names = "--influx-port", defaultValue = "8086", description = "(default: ${DEFAULT-VALUE})")
    int influxPort;

    @Option(
            names = "--console-port",
            defaultValue = "8080",
            description = "the console's HTTP port; -1: no console (default: ${DEFAULT-VALUE})")
    int consolePort;

    @Option(
            names = "--data",
            defaultValue = "var/demo",
            description = "where the servers and the job keep their data (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(
            names = "--reported-history",
            defaultValue = "on",
            description = {
                "on: the months of this year before the simulation start are reported for every unit at the rate it is",
                "simulated at (written into a copy of the registry under the data directory), so that year-to-date",
                "progress and its alerts are whole; off: the registry as it is (default: ${DEFAULT-VALUE})"
            })
    String reportedHistory;

    @Option(
            names = "--exporter",
            defaultValue = "on",
            description = "on: the exporter service writes every closed month's revisions from dcmon.monthly into"
                    + " var/exports/monthly; off: none (default: ${DEFAULT-VALUE})")
    String exporter;

    @Option(names = "--keep-data", description = "resume from the data of the previous demo instead of starting afresh")
    boolean keepData;

    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        boolean simulating = switch (simulate) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("--simulate must be on or off, not " + simulate);
        };
        boolean history = switch (reportedHistory) {
            case "on" -> true;
            case "off" -> false;
            default ->
                throw new IllegalArgumentException("--reported-history must be on or off, not " + reportedHistory);
        };
        boolean exporting = exporterOn();
        // a broken registry stops the demo before anything starts
        RegistryProvider.Snapshot sample = new RegistryDirectory(registry, reference, 5_000).loadOrThrow();
        Registry loaded = sample.registry();
        int enterprises = loaded.size();
        long from = ShanghaiCalendar.dayStart(System.currentTimeMillis()) - days * ShanghaiCalendar.DAY_MS;
        // so do scenarios the registry cannot carry
        Scenarios chosen = simulating
                ? Scenarios.parse(scenarios, scenario).resolve(loaded, Instant.ofEpochMilli(from))
                : Scenarios.none();
        // a demo whose JVM was killed left its servers running: stop them (and only them) before anything else
        LocalStack.stopLeftovers(data);
        PostgresServer.stopLeftover(data.resolve("postgres"));
        if (!keepData) deleteTree(data);
        // what the job, the console and the simulator read: the registry, with the months before the simulation
        Path jobRegistry = registry;
        if (simulating && history) {
            jobRegistry = data.resolve("registry");
            deleteTree(jobRegistry);
            ReportedHistory.writeRegistry(
                    registry,
                    jobRegistry,
                    ReportedHistory.months(loaded, sample.reference(), SimulatorOptions.DEFAULT_SEED, from, chosen));
        }
        RegistryDirectory registryDir = new RegistryDirectory(jobRegistry, reference, 5_000);
        registryDir.loadOrThrow();

        Demo demo = new Demo();
        onStopSignal(() -> {
            System.out.println();
            System.out.println("stopping…");
            demo.close();
            stopped.countDown();
        });
        // a failed start or System.exit elsewhere still stops whatever was started
        Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "demo-shutdown"));

        DemoAccess access = insecure ? null : DemoAccess.create(data, loaded);
        demo.stack = LocalStack.start(
                data, mqttPort, kafkaPort, influxPort, b -> access == null ? b : access.broker(b, mqttTlsPort));
        BridgeConfig.Builder bridge = BridgeConfig.builder()
                .mqttUrl(demo.stack.mosquitto.url())
                .kafkaBootstrap(demo.stack.kafka.bootstrapServers())
                .clientId("dcmon-bridge-1")
                // the broker's backlog for broker.backlog, named by its host
                .brokerSamples(Topics.BROKER_STATUS, null, Duration.ofSeconds(10));
        demo.bridge = new MqttKafkaBridge(
                access == null
                        ? bridge.build()
                        : access.bridge(bridge, demo.stack.mosquitto).build());
        demo.bridge.start();
        MonitoringOptions o = MonitoringOptions.builder()
                .kafkaBootstrap(demo.stack.kafka.bootstrapServers())
                .influxUrl(demo.stack.influxd.url())
                .registry(jobRegistry, reference)
                // gateways report every quarter hour here: silence over 20 minutes is an outage worth showing
                .gatewayHealth(new GatewayHealth.Options(Duration.ofMinutes(20), Duration.ofMinutes(1)))
                .build();
        demo.job = LocalJob.start(o, registryDir, data.resolve("checkpoints"));
        if (consolePort >= 0) {
            demo.console = DemoConsole.start(
                    data.resolve("postgres"),
                    registryDir.current().registry(),
                    new RegistryNames(new RegistryDirectory(jobRegistry, reference, ConsoleCommand.RELOAD_CHECK_MS)),
                    demo.stack.kafka.bootstrapServers(),
                    demo.stack.influxd.url(),
                    o.influxDatabase(),
                    Colours.of(AlertConfigLoader.load(o.alertsFile())),
                    Path.of("var/exports"),
                    consolePort);
        }
        List<String> notes = new ArrayList<>();
        if (exporting) {
            Path exports = Path.of("var/exports", ExporterService.DIR);
            demo.exporter = ExporterService.open(
                            new ExporterService.Options(
                                    demo.stack.kafka.bootstrapServers(),
                                    exports,
                                    Lang.ZH,
                                    demo.stack.influxd.url(),
                                    o.influxDatabase()),
                            jobRegistry,
                            reference,
                            o.alertsFile(),
                            line -> System.out.println("\n" + line))
                    .start();
            notes.add("  exporter  closed months from " + Topics.MONTHLY + " into " + exports + "/<YYYY-MM>/r<N>");
        }
        if (jobRegistry != registry && ShanghaiCalendar.date(from).getMonthValue() > 1) {
            notes.add(String.format(
                    "  registry  %s, with %s to %s reported by every unit at its simulated rate (%s)",
                    registry,
                    YearMonth.of(ShanghaiCalendar.year(from), 1),
                    YearMonth.from(ShanghaiCalendar.date(from)).minusMonths(1),
                    jobRegistry));
        }
        for (String line : chosen.describe(loaded)) notes.add("  scenario  " + line);
        String simulatedFaults = access == null ? faults : DemoAccess.faultsWithAccounts(faults);
        if (access != null && simulating && !simulatedFaults.equals(faults)) {
            notes.add("  faults    " + simulatedFaults + ": the broker refuses gateways it has no account for");
        }
        printServices(demo, o, enterprises, notes, access);

        demo.alerts = AlertCounts.start(demo.stack.kafka.bootstrapServers());

        if (simulating) {
            SimulatorOptions.Builder sim = SimulatorOptions.builder()
                    .registryDir(jobRegistry)
                    .referenceDir(reference)
                    .mqttUrl(demo.stack.mosquitto.url())
                    .mode(Mode.LIVE)
                    .from(Instant.ofEpochMilli(from))
                    .cadenceMinutes(cadence)
                    .faults(simulatedFaults)
                    .scenarios(chosen)
                    .groundTruthFile(data.resolve("ground-truth.json"));
            demo.simulator =
                    new Simulator((access == null ? sim : access.simulator(sim, demo.stack.mosquitto)).build());
            demo.simulatorThread = new Thread(
                    () -> {
                        try {
                            demo.simulator.run();
                        } catch (Exception e) {
                            System.err.println("simulator stopped: " + e.getMessage());
                        }
                    },
                    "simulator");
            demo.simulatorThread.setDaemon(true);
            demo.simulatorThread.start();
        }

        try (InfluxQuery influx = InfluxQuery.connect(demo.stack.influxd.url(), o.influxDatabase())) {
            while (!stopped.await(2, TimeUnit.SECONDS)) {
                System.out.print("\r" + statusLine(demo, influx, enterprises) + "   ");
                System.out.flush();
            }
        }
        return 0;
    }

    private boolean exporterOn() {
        return switch (exporter) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("--exporter must be on or off, not " + exporter);
        };
    }

    private static void printServices(
            Demo demo, MonitoringOptions o, int enterprises, List<String> notes, DemoAccess access) {
        System.out.println("dcmon demo — " + enterprises + " enterprises");
        if (access == null) {
            System.out.printf(
                    "  MQTT      %-28s gateways publish %s (anonymous, --insecure)%n",
                    demo.stack.mosquitto.url(), Topics.readingsTopic("{enterprise}", "{gateway}"));
        } else {
            access.print(System.out, demo.stack.mosquitto);
        }
        System.out.printf(
                "  Kafka     %-28s %s, %s%n",
                demo.stack.kafka.bootstrapServers(), Topics.READINGS_RAW, Topics.READINGS_REJECTED);
        System.out.printf(
                "  InfluxDB  %-28s database %s (InfluxQL, v1 API)%n", demo.stack.influxd.url(), o.influxDatabase());
        System.out.printf(
                "  job       local mini-cluster, parallelism %d%s%n",
                o.parallelism(),
                demo.job.restoredFrom().map(p -> ", resumed from " + p).orElse(""));
        if (demo.console != null) demo.console.print(System.out);
        System.out.printf(
                "  try: influx -port %d -database %s -execute \"SELECT tce, tco2 FROM enterprise_usage WHERE period='day' GROUP BY enterprise\"%n",
                demo.stack.influxd.port(), o.influxDatabase());
        for (String line : notes) System.out.println(line);
        System.out.println("Ctrl-C stops everything.");
    }

    private static String statusLine(Demo demo, InfluxQuery influx, int enterprises) {
        StringBuilder s = new StringBuilder();
        if (demo.simulator != null) {
            long t = demo.simulator.simulatedTime();
            s.append("simulated ")
                    .append(
                            t == Long.MIN_VALUE
                                    ? "—"
                                    : LocalDateTime.ofInstant(Instant.ofEpochMilli(t), ZoneOffset.ofHours(8))
                                            .toString()
                                            .replace('T', ' '))
                    .append(" · published ")
                    .append(demo.simulator.published())
                    .append(" · ");
        }
        BridgeMetrics b = demo.bridge.metrics();
        s.append("bridge ").append(b.forwarded()).append(" → Kafka");
        if (b.inFlight() > 0) s.append(" (").append(b.inFlight()).append(" in flight)");
        // what Mosquitto holds for the bridge beyond that (broker.backlog), once there is any
        if (b.brokerBacklog() > 0) s.append(" · MQTT backlog ").append(b.brokerBacklog());
        try {
            int withData = influx.query("SHOW TAG VALUES FROM enterprise_usage WITH KEY = enterprise")
                    .size();
            s.append(" · InfluxDB: ")
                    .append(withData)
                    .append('/')
                    .append(enterprises)
                    .append(" enterprises with data");
        } catch (RuntimeException e) {
            s.append(" · InfluxDB: waiting for the first results");
        }
        if (demo.alerts != null) s.append(" · ").append(demo.alerts.summary());
        return s.toString();
    }

    /** Everything the demo started, closed in reverse order of the data flow's dependencies. */
    private static final class Demo implements AutoCloseable {
        LocalStack stack;
        MqttKafkaBridge bridge;
        LocalJob job;
        Simulator simulator;
        Thread simulatorThread;
        DemoConsole console;
        AlertCounts alerts;
        ExporterService exporter;

        private final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) return;
            if (simulator != null) {
                simulator.stop();
                try {
                    simulatorThread.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (console != null) console.close();
            if (exporter != null) exporter.close();
            if (alerts != null) alerts.close();
            if (bridge != null) bridge.close();
            if (job != null) {
                try {
                    job.close();
                } catch (Exception e) {
                    System.err.println("stopping the job: " + e.getMessage());
                }
            }
            if (stack != null) stack.close();
        }
    }

    /**
     * Ctrl-C and SIGTERM stop the components in order — simulator, bridge, job, then the servers — before the JVM
     * exits; plain shutdown hooks would all run at once and could stop a server under the job.
     */
    private static void onStopSignal(Runnable stop) {
        AtomicBoolean once = new AtomicBoolean();
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), s -> {
                if (once.compareAndSet(false, true)) new Thread(stop, "demo-stop").start();
            });
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
