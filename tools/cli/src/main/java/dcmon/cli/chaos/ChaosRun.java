package dcmon.cli.chaos;

import dcmon.cli.TruthComparison;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.monitoring.MonitoringOptions;
import dcmon.monitoring.RegistryDirectory;
import dcmon.simulator.Faults;
import dcmon.simulator.Mode;
import dcmon.simulator.SimulatorOptions;
import dcmon.stack.LocalStack;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A chaos run: the real stack under steady simulated load, the faults injected one after the other, and after each
 * the results checked against the simulator's ground truth of everything published so far — every total exact,
 * every alert event once — with the time it took to get there.
 */
public final class ChaosRun {
    /** Load before the first fault and between faults. */
    private static final Duration BETWEEN = Duration.ofSeconds(5);

    private final ChaosSettings settings;
    private final PrintStream out;

    public ChaosRun(ChaosSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** Runs every fault and returns the outcome; prints one line per fault and the RESULT line. */
    public ChaosReport run() throws Exception {
        List<ChaosReport.Check> checks = new ArrayList<>();
        try (ChaosStack stack = ChaosStack.start(settings)) {
            TruthComparison comparison = new TruthComparison(
                    stack.influxUrl(),
                    MonitoringOptions.DEFAULT_INFLUX_DATABASE,
                    new RegistryDirectory(settings.registry(), settings.reference(), Long.MAX_VALUE).loadOrThrow());
            ResultCheck check = new ResultCheck(stack, comparison, settings.recoveryLimit());
            printStack(stack);
            try (ChaosLoad load = new ChaosLoad(simulation(stack), stack.mqttUrl(), settings.rate())) {
                stack.simulatedTime = load::simulatedTime;
                Thread.sleep(BETWEEN.toMillis());
                checks.add(print(check.after(
                        ChaosReport.BASELINE, "no fault: the results of the load so far", load, Instant.now())));
                for (Fault fault : settings.faults()) {
                    String unavailable = fault.unavailable(stack);
                    if (unavailable != null) {
                        out.printf("%-20s skipped: %s%n", fault.cliName(), unavailable);
                        continue;
                    }
                    ChaosReport.Check c = print(injectAndCheck(fault, stack, check, load));
                    checks.add(c);
                    if (c.problem().startsWith(NOT_UNDONE)) break; // the stack is broken: later faults say nothing
                }
            }
        }
        ChaosReport report = new ChaosReport(checks);
        out.println(report.resultLine());
        return report;
    }

    private static final String NOT_UNDONE = "the fault could not be made or undone";

    /** Injects the fault, lets it last, undoes it and checks the results. */
    private ChaosReport.Check injectAndCheck(Fault fault, ChaosStack stack, ResultCheck check, ChaosLoad load)
            throws Exception {
        Thread.sleep(BETWEEN.toMillis());
        try {
            fault.inject(stack);
            Thread.sleep(settings.outage().toMillis());
            fault.restore(stack);
        } catch (java.io.IOException | RuntimeException e) {
            stack.problems.add(NOT_UNDONE + ": " + e.getMessage());
        }
        Instant restored = Instant.now();
        Thread.sleep(settings.settle().toMillis());
        ChaosReport.Check c = check.after(fault.cliName(), fault.description(), load, restored)
                .with(stack.observations, stack.problems);
        stack.observations.clear();
        stack.problems.clear();
        return c;
    }

    private void printStack(ChaosStack stack) {
        out.printf(
                "chaos: Mosquitto %s, Kafka %s, InfluxDB %s, %d bridges, job; %s messages/s; logs in %s%n",
                stack.mqttUrl(),
                stack.kafkaBootstrap(),
                stack.influxUrl(),
                settings.bridges(),
                settings.rate(),
                settings.dir().resolve("logs"));
    }

    /** Written into a run's directory: only a directory that has it is emptied by a later run. */
    static final String MARKER_FILE = ".dcmon-chaos";

    /**
     * Empties the run's directory for a fresh start, after stopping what an earlier run there left behind: servers
     * and child JVMs (by their pid files and command lines) and influxd's tmpfs. A directory that is neither empty
     * nor a chaos run's is refused, never emptied.
     */
    public static void prepareDirectory(Path dir) throws IOException, InterruptedException {
        if (Files.exists(dir) && !isEmptyDirectory(dir) && !Files.exists(dir.resolve(MARKER_FILE))) {
            throw new IllegalArgumentException(
                    "dir " + dir + " is not empty and not a chaos run's directory; name a new or empty one");
        }
        LocalStack.stopLeftovers(dir);
        ChildJvm.stopLeftovers(dir.resolve("logs"));
        InfluxDisk.unmountLeftover(dir.resolve("influxdb"));
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve(MARKER_FILE), "a chaos run's servers, checkpoints and logs; emptied by the next\n");
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private ChaosReport.Check print(ChaosReport.Check c) {
        out.println(c.line());
        out.flush();
        return c;
    }

    /** Readings of the last {@code days} days up to now, every gateway on one connection, no data faults. */
    private SimulatorOptions simulation(ChaosStack stack) throws Exception {
        long from = ShanghaiCalendar.dayStart(System.currentTimeMillis()) - settings.days() * ShanghaiCalendar.DAY_MS;
        return SimulatorOptions.builder()
                .registryDir(settings.registry())
                .referenceDir(settings.reference())
                .mqttUrl(stack.mqttUrl())
                .mode(Mode.HISTORY)
                .from(Instant.ofEpochMilli(from))
                .to(Instant.now())
                .cadenceMinutes(15)
                .faults(Faults.none())
                .seed(settings.seed())
                .build();
    }
}
