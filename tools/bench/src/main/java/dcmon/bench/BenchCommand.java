package dcmon.bench;

import dcmon.core.reference.ReferenceData;
import dcmon.core.reference.ReferenceLoader;
import dcmon.influx.InfluxSinkOptions;
import dcmon.monitoring.StateBackendType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dcmon bench job | bare | e2e | influx}: throughput on synthetic national-scale load. Every mode prints one
 * {@code RESULT mode=… key=value …} line; other lines are progress. A new mode is a {@link BenchMode} added
 * to {@link #MODES}.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measures throughput on a synthetic national-scale registry and its gateway traffic.",
            "  bare  parse + validate + state updates in a plain single-threaded loop",
            "  job   the monitoring job on a local mini-cluster: pre-filled Kafka in, real InfluxDB out (runs bare too)",
            "  e2e   gateway traffic at a rising rate → MQTT → bridges → Kafka → job → InfluxDB: sustained rate, latency, no loss",
            "  influx  the local influxd alone: quarter-hour point rows per second, the ceiling under job and e2e"
        })
public final class BenchCommand implements Callable<Integer> {
    static final Map<String, BenchMode> MODES = new LinkedHashMap<>();

    static {
        MODES.put("bare", new BareMode());
        MODES.put("job", new JobMode());
        MODES.put("e2e", new E2eMode());
        MODES.put("influx", new InfluxMode());
    }

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            defaultValue = "job",
            paramLabel = "MODE",
            description = "job | bare | e2e | influx (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(
            names = "--enterprises",
            defaultValue = "5000",
            description = "enterprises in the registry (default: ${DEFAULT-VALUE})")
    int enterprises;

    @Option(
            names = "--points",
            defaultValue = "1000000",
            description = "measurement points, spread over the enterprises (default: ${DEFAULT-VALUE})")
    int points;

    @Option(
            names = "--rounds",
            defaultValue = "4",
            description = "quarter hours of traffic: one message per gateway each (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--messages", description = "messages in all (overrides --rounds)")
    Long messages;

    @Option(
            names = "--warmup-rounds",
            defaultValue = "0",
            description =
                    "job and bare: of these rounds, how many are processed before the clock starts, so that the JIT has compiled"
                            + " and every point's series exists (default: ${DEFAULT-VALUE})")
    int warmupRounds;

    @Option(
            names = "--readings-per-message",
            defaultValue = "50",
            description = "readings per message = points per gateway (default: ${DEFAULT-VALUE})")
    int readingsPerMessage;

    @Option(names = "--parallelism", defaultValue = "2", description = "job parallelism (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(names = "--partitions", description = "partitions of the raw topic (default: the parallelism)")
    Integer partitions;

    // the job's own default (MonitoringOptions): measure what production runs
    @Option(
            names = "--checkpoint-interval",
            defaultValue = "PT10S",
            description = "job checkpoint interval (default: ${DEFAULT-VALUE}, as the job)")
    Duration checkpointInterval;

    @Option(
            names = "--state-backend",
            defaultValue = "hashmap",
            description =
                    "job and e2e: hashmap (heap state, as the job by default) | rocksdb (incremental checkpoints) (default: ${DEFAULT-VALUE})")
    String stateBackend;

    @Option(
            names = "--sink",
            defaultValue = "influx",
            description =
                    "influx (a real influxd) | discard (job: no InfluxDB; e2e: InfluxDB takes only the probes' and the regions' rows)")
    String sink;

    @Option(names = "--reference", description = "reference tables (default: config/reference of the dcmon home)")
    Path reference;

    @Option(
            names = "--work-dir",
            description =
                    "where Kafka, InfluxDB and checkpoints keep data (default: a temporary directory, removed afterwards)")
    Path workDir;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the synthetic registry")
    long seed;

    @Option(
            names = "--repeat",
            defaultValue = "1",
            description = "runs of the mode, one after another in this JVM (the first is the cold one); the RESULT line"
                    + " adds min / median / max of its main figures (default: ${DEFAULT-VALUE})")
    int repeat;

    @Option(
            names = "--rates",
            split = ",",
            defaultValue = "50000,100000,150000,200000,250000,300000,400000",
            description = "e2e: offered readings/s of each ramp step (default: ${DEFAULT-VALUE})")
    List<Long> rates;

    @Option(
            names = "--step",
            defaultValue = "PT30S",
            description =
                    "e2e: how long each rate is offered; at least two checkpoint intervals (default: ${DEFAULT-VALUE})")
    Duration step;

    @Option(
            names = "--warmup",
            defaultValue = "PT60S",
            description =
                    "e2e: how long the first rate is offered before the first measured step, while the JIT compiles the stack (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(
            names = "--bridges",
            defaultValue = "2",
            description = "e2e: bridge instances on the shared subscription (default: ${DEFAULT-VALUE})")
    int bridges;

    @Option(
            names = "--publishers",
            defaultValue = "4",
            description = "e2e: MQTT connections the gateways publish on (default: ${DEFAULT-VALUE})")
    int publishers;

    @Option(
            names = "--window",
            defaultValue = "1000",
            description = "e2e: publishes awaiting acknowledgement per connection (default: ${DEFAULT-VALUE})")
    int window;

    @Option(
            names = "--probe-interval",
            defaultValue = "PT0.2S",
            description = "e2e: how often a latency probe is published (default: ${DEFAULT-VALUE})")
    Duration probeInterval;

    @Option(
            names = "--batch-size",
            description = "influx: rows per write request; job and e2e: distinct rows the job's InfluxDB sink buffers "
                    + "before writing, as the job's --influx-batch-size (default: the sink's, "
                    + InfluxSinkOptions.DEFAULT_BATCH_SIZE + ")")
    Integer batchSize;

    @Option(
            names = "--drain-timeout",
            defaultValue = "PT10M",
            description = "e2e: how long to wait for the job to catch up after the ramp (default: ${DEFAULT-VALUE})")
    Duration drainTimeout;

    /**
     * The garbage collector of this JVM, named in the RESULT lines: with heap state it moves the job's rate by a
     * third (docs/benchmarks.md, *The garbage collector*).
     */
    static String collector() {
        String young = ManagementFactory.getGarbageCollectorMXBeans().get(0).getName();
        if (young.startsWith("PS ")) return "Parallel";
        if (young.equals("Copy")) return "Serial";
        return young.split(" ")[0];
    }

    @Override
    public Integer call() throws Exception {
        return runRepeated(validated());
    }

    /** The mode asked for, once every option is checked; a refused option is a usage error naming it. */
    BenchMode validated() {
        BenchMode m = MODES.get(mode);
        if (m == null)
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "unknown mode " + mode + "; one of " + MODES.keySet());
        if (!sink.equals("influx") && !sink.equals("discard"))
            throw new CommandLine.ParameterException(spec.commandLine(), "--sink is influx or discard");
        if (warmupRounds < 0 || warmupRounds > 0 && (messages != null || warmupRounds >= rounds)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--warmup-rounds must be 0.." + (rounds - 1) + " and needs --rounds, not --messages; was "
                            + warmupRounds);
        }
        try {
            StateBackendType.parse(stateBackend);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (batchSize != null && batchSize < 1)
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--batch-size must be at least 1, was " + batchSize);
        if (repeat < 1)
            throw new CommandLine.ParameterException(spec.commandLine(), "--repeat must be at least 1, was " + repeat);
        return m;
    }

    /**
     * Runs the mode {@code --repeat} times, prints each run's figures, then the RESULT line over all runs and the
     * reason of every failed check; exit code 1 when any run failed one.
     */
    private int runRepeated(BenchMode m) throws Exception {
        List<BenchResult> runs = new ArrayList<>();
        for (int i = 1; i <= repeat; i++) {
            BenchResult r = m.run(this);
            runs.add(r);
            if (repeat > 1) out().printf("run %d of %d: %s%n", i, repeat, r.line());
            out().flush();
        }
        BenchResult result = BenchResult.summarize(runs, m.spread());
        for (String failure : result.failures()) out().println("FAIL: " + failure);
        out().println("RESULT " + result.line());
        out().flush();
        return result.ok() ? 0 : 1;
    }

    /** Checked in {@link #call}. */
    StateBackendType stateBackend() {
        return StateBackendType.parse(stateBackend);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private SyntheticRegistry synthetic;

    SyntheticRegistry synthetic() throws Exception {
        if (synthetic == null) {
            long t0 = System.nanoTime();
            ReferenceData ref = ReferenceLoader.load(referenceDir());
            synthetic = SyntheticRegistry.build(ref, enterprises, points, readingsPerMessage, seed);
            out().printf(
                            "registry: %d enterprises, %d gateways, %d points (built in %.1f s)%n",
                            synthetic.enterprises(),
                            synthetic.gateways().size(),
                            synthetic.points(),
                            (System.nanoTime() - t0) / 1e9);
            out().flush();
        }
        return synthetic;
    }

    /** The synthetic registry for the job: rebuilt from these options in the task, not shipped in the job graph. */
    SyntheticRegistryProvider registryProvider() throws Exception {
        return new SyntheticRegistryProvider(referenceDir(), enterprises, points, readingsPerMessage, seed)
                .with(synthetic());
    }

    Path referenceDir() {
        return reference != null ? reference : ReferenceDirs.defaultReference();
    }

    long messages(SyntheticRegistry s) {
        return messages != null ? messages : SyntheticTraffic.messagesForRounds(s, rounds);
    }

    /** Messages of the warm-up rounds: processed first, not timed. */
    long warmupMessages(SyntheticRegistry s) {
        return SyntheticTraffic.messagesForRounds(s, warmupRounds);
    }

    JobRun.Settings jobSettings() {
        return new JobRun.Settings(
                parallelism,
                partitions != null ? partitions : parallelism,
                checkpointInterval,
                sink.equals("influx"),
                stateBackend(),
                influxBatchSize());
    }

    /** The InfluxDB sink's batch: {@code --batch-size}, else the sink's default. */
    int influxBatchSize() {
        return batchSize != null ? batchSize : InfluxSinkOptions.DEFAULT_BATCH_SIZE;
    }

    Path workDir() throws IOException {
        return workDir != null ? workDir : Files.createTempDirectory("dcmon-bench-");
    }

    /** Removes a temporary work directory; a directory given with --work-dir is left for inspection. */
    void cleanWorkDir(Path dir) {
        if (workDir != null) return;
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
