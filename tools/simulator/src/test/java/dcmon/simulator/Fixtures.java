package dcmon.simulator;

import dcmon.core.config.ConfigException;
import dcmon.core.reference.ReferenceData;
import dcmon.core.reference.ReferenceLoader;
import dcmon.core.registry.Registry;
import dcmon.core.registry.RegistryLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The sample Hubei registry, a fixed clock, and generated runs shared by the simulator tests. */
final class Fixtures {
    private Fixtures() {}

    static final Path HOME = Path.of(System.getProperty("dcmon.home", "../.."));
    static final Path REGISTRY_DIR = HOME.resolve("config/samples/hubei");
    static final Path REFERENCE_DIR = HOME.resolve("config/reference");

    /** "Now" for every run: the simulator publishes history at this instant, so the job receives everything then. */
    static final Instant NOW = at("2026-11-20T14:00:00+08:00");

    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    /** Two Shanghai days. */
    static final Instant FROM = at("2026-11-17T00:00:00+08:00");

    static final Instant TO = at("2026-11-19T00:00:00+08:00");

    static final ReferenceData REFERENCE;
    static final Registry REGISTRY;

    static {
        try {
            REFERENCE = ReferenceLoader.load(REFERENCE_DIR);
            REGISTRY = RegistryLoader.load(REGISTRY_DIR, REFERENCE);
        } catch (ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static Instant at(String iso) {
        return OffsetDateTime.parse(iso).toInstant();
    }

    /** A two-day history run of the sample registry at {@link #NOW}. */
    static SimulatorOptions.Builder history(String faults, long seed) {
        return SimulatorOptions.builder()
                .registry(REGISTRY)
                .reference(REFERENCE)
                .clock(CLOCK)
                .mode(Mode.HISTORY)
                .from(FROM)
                .to(TO)
                .cadenceMinutes(15)
                .faults(faults)
                .seed(seed);
    }

    /** What a run published, in order, and its summary. */
    record Run(List<OutgoingMessage> messages, RunSummary summary) {
        GroundTruth truth() {
            return summary.groundTruth();
        }
    }

    private static final Map<String, Run> RUNS = new ConcurrentHashMap<>();

    /** Generates (once per JVM) the two-day run with these faults and seed. */
    static Run run(String faults, long seed) {
        return run(faults, seed, 15, FROM, TO);
    }

    /** Generates (once per JVM) a history run. */
    static Run run(String faults, long seed, int cadenceMinutes, Instant from, Instant to) {
        return RUNS.computeIfAbsent(
                faults + "#" + seed + "#" + cadenceMinutes + "#" + from + "#" + to,
                k -> generate(history(faults, seed)
                        .cadenceMinutes(cadenceMinutes)
                        .from(from)
                        .to(to)));
    }

    static Run generate(String faults, long seed) {
        return generate(history(faults, seed));
    }

    static Run generate(SimulatorOptions.Builder options) {
        try {
            List<OutgoingMessage> out = new ArrayList<>();
            RunSummary summary = new Simulator(options.build()).generate(out::add);
            return new Run(out, summary);
        } catch (ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
