package dcmon.simulator;

import dcmon.core.Topics;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.convert.EnergyConversion;
import dcmon.core.reading.MessageValidator;
import dcmon.core.reading.RejectReason;
import dcmon.core.reading.Rejection;
import dcmon.core.registry.CreditCode;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Gateway;
import dcmon.core.registry.Point;
import dcmon.core.registry.PointKind;
import dcmon.core.registry.Role;
import dcmon.core.series.CounterStep;
import dcmon.core.series.PointSeries;
import dcmon.core.series.StepKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces, tick by tick, the messages the simulated gateways publish, and records at the same time what the
 * job must make of them. No I/O: {@link Simulator} publishes what {@link #step()} returns, in that order.
 *
 * <p>Readings are generated in event-time order per point, so the expected results follow from the job's rules
 * applied in that order ({@link GroundTruthBuilder}); faults are placed ({@link FaultPlan}) so that publish
 * order does not change that outcome. Messages may be published later than their tick (store-and-forward
 * uploads, reordering, duplicates, conflicts): a queue ordered by publish time holds them.
 */
final class Generator {
    private static final Logger log = LoggerFactory.getLogger(Generator.class);
    /** Readings per message at most, so that a big gateway's message stays far below 256 KiB. */
    static final int MAX_READINGS_PER_MESSAGE = 1500;

    private static final int SAFE_PAYLOAD_BYTES = Topics.MAX_PAYLOAD_BYTES * 3 / 4;
    private static final long OFFSET_MS = 8 * 3_600_000L;
    private static final double MS_PER_HOUR = 3_600_000.0;

    /** A regular reading as counted (for choosing a conflict's original). */
    private record Counted(String point, long ts, double value) {}

    private record Pending(long publishAt, long order, OutgoingMessage message) {}

    /** A payload and the number of reading objects in it. */
    private record Part(byte[] bytes, int readings) {}

    private final SimulatorOptions options;
    private final long seed;
    private final LoadModel model;
    private final GroundTruthBuilder truth;
    private final List<GatewayState> gateways = new ArrayList<>();
    /** The gateways faults are placed on: all but a silent one (nothing of it may be held back at its drop). */
    private final List<GatewayState> faultGateways = new ArrayList<>();

    private final Set<String> allPointIds = new HashSet<>();
    private final long cadenceMs;
    private final long stepMs;
    private final long firstTick;
    private final long lastTick;
    private final long lastCadenceTick;
    private final long maxPeriodMs;

    private long next;
    private long lastGenerated = Long.MIN_VALUE;
    private FaultPlan plan;
    private SplittableRandom choice;
    /** cumulative point key → tick of the first reading after its planned wrap */
    private final Map<String, Long> expectedWraps = new HashMap<>();

    private final Set<String> rolloverPoints = new HashSet<>();

    private final PriorityQueue<Pending> pending =
            new PriorityQueue<>(Comparator.comparingLong(Pending::publishAt).thenComparingLong(Pending::order));
    private long order;

    private long messages;
    private long readings;
    private long duplicates;
    private long statusMessages;
    private final Map<FaultKind, Integer> injectedCounts = new EnumMap<>(FaultKind.class);
    private final Map<FaultKind, Integer> plannedCounts = new EnumMap<>(FaultKind.class);
    private final List<GroundTruth.InjectedFault> injected = new ArrayList<>();

    Generator(SimulatorOptions options) {
        this.options = options;
        this.seed = options.seed();
        EnergyConversion conversion = new EnergyConversion(options.reference());
        this.model = new LoadModel(seed, conversion);
        this.truth = new GroundTruthBuilder(conversion);
        this.cadenceMs = options.cadenceMinutes() * 60_000L;
        long step = cadenceMs;
        long maxPeriod = cadenceMs;
        for (Enterprise e : options.registry().enterprises()) {
            for (Point p : e.points()) {
                allPointIds.add(p.id());
                if (p.kind() == PointKind.INTERVAL && p.periodMinutes() > 0) {
                    step = gcd(step, p.periodMillis());
                    maxPeriod = Math.max(maxPeriod, p.periodMillis());
                }
            }
            for (Gateway g : e.gateways()) gateways.add(new GatewayState(e, g.id()));
        }
        this.stepMs = step;
        this.maxPeriodMs = maxPeriod;
        long from = options.from().toEpochMilli();
        this.firstTick = Math.floorDiv(from + cadenceMs - 1, cadenceMs) * cadenceMs;
        this.lastTick = options.to() == null
                ? Long.MAX_VALUE - cadenceMs
                : Math.floorDiv(options.to().toEpochMilli(), stepMs) * stepMs;
        this.lastCadenceTick = Math.floorDiv(lastTick, cadenceMs) * cadenceMs;
        if (lastCadenceTick < firstTick)
            throw new IllegalArgumentException(
                    "the window " + options.from() + " .. " + options.to() + " holds no tick");
        this.next = firstTick;
        for (GatewayState g : gateways) {
            g.cumulativeTypical = g.cumulative.stream()
                    .mapToDouble(p -> model.typicalRatePerHour(g.enterprise, p))
                    .toArray();
            g.intervalTypical = g.interval.stream()
                    .mapToDouble(p -> model.typicalRatePerHour(g.enterprise, p))
                    .toArray();
        }
        applyScenarios(options.scenarios());
        for (GatewayState g : gateways)
            if (g.silentAt == Long.MAX_VALUE && g.silentWall == Long.MAX_VALUE) faultGateways.add(g);
        if (options.faults().enabled(FaultKind.SPOOF)) findForeignPoints();
    }

    /**
     * Scales the typical rates of ahead units (every point, so their unit consumption stays) and of an
     * intensity-miss unit's output counters (its energy stays), and sets when a gateway goes silent and a meter
     * sticks. A time not given is the moment a LIVE run has caught up with now (the last tick before the clock at
     * the start: the gateway is gone when live publishing begins), half-way through the window in HISTORY; a stuck
     * meter without a time sticks from the first tick.
     */
    private void applyScenarios(Scenarios sc) {
        if (sc.isNone()) return;
        if (!sc.isResolved()) throw new IllegalArgumentException("scenarios not resolved against the registry: " + sc);
        long startWall = options.clock().millis();
        long caughtUp = options.mode() == Mode.LIVE
                ? Math.max(firstTick, Math.floorDiv(startWall, cadenceMs) * cadenceMs)
                : firstTick + Math.floorDiv((lastCadenceTick - firstTick) / 2, cadenceMs) * cadenceMs;
        Map<String, Double> ahead = sc.aheadFactors();
        Scenarios.IntensityMiss miss = sc.intensityMiss();
        Scenarios.SilentGateway silent = sc.silentGateway();
        Scenarios.StuckMeter stuck = sc.stuckMeter();
        for (GatewayState g : gateways) {
            double load = ahead.getOrDefault(g.code(), 1.0);
            double output = miss != null && miss.code().equals(g.code()) ? miss.outputShare() : 1.0;
            scale(g.cumulative, g.cumulativeTypical, load, output);
            scale(g.interval, g.intervalTypical, load, output);
            if (silent != null
                    && silent.code().equals(g.code())
                    && silent.gateway().equals(g.id)) {
                Scenarios.After a = silent.after();
                if (a.wall() != null) g.silentWall = startWall + a.wall().toMillis();
                else
                    g.silentAt =
                            a.simulated() != null ? firstTick + a.simulated().toMillis() : caughtUp;
            }
            if (stuck != null && stuck.code().equals(g.code())) {
                for (int i = 0; i < g.cumulative.size(); i++) {
                    if (!g.cumulative.get(i).id().equals(stuck.point())) continue;
                    g.stuckIndex = i;
                    Scenarios.After a = stuck.after();
                    if (a.wall() != null) g.stuckWall = startWall + a.wall().toMillis();
                    else
                        g.stuckAt = a.simulated() != null
                                ? firstTick + a.simulated().toMillis()
                                : firstTick;
                }
            }
        }
    }

    private static void scale(List<Point> points, double[] typical, double load, double output) {
        for (int i = 0; i < typical.length; i++) {
            Role role = points.get(i).role();
            typical[i] *= role == Role.PRODUCT || role == Role.WORKLOAD ? load * output : load;
        }
    }

    /** Drops a gateway due to go silent (its Last Will), and sticks a meter due to stick, at tick {@code t}. */
    private void scenarioEvents(GatewayState g, long t) {
        boolean wall = g.silentWall != Long.MAX_VALUE || g.stuckWall != Long.MAX_VALUE;
        long now = wall ? options.clock().millis() : Long.MIN_VALUE;
        if (!g.silent && (t >= g.silentAt || now >= g.silentWall)) {
            g.silent = true;
            enqueue(
                    t,
                    new OutgoingMessage(g.statusTopic, GatewayConnections.OFFLINE, true, OutgoingMessage.Kind.WILL, 0));
            log.info("silent-gateway: {} drops its connection at {}", g, Payloads.ts(t));
        }
        if (g.stuckIndex >= 0 && !g.stuck && (t >= g.stuckAt || now >= g.stuckWall)) {
            g.stuck = true;
            log.info(
                    "stuck-meter: {}/{} sticks at {}",
                    g,
                    g.cumulative.get(g.stuckIndex).id(),
                    Payloads.ts(t));
        }
    }

    /** Point ids that only other enterprises have, a few per enterprise: what a spoofed message carries. */
    private void findForeignPoints() {
        Map<String, List<String>> byEnterprise = new HashMap<>();
        for (GatewayState g : gateways) {
            List<String> found = byEnterprise.computeIfAbsent(g.code(), code -> {
                List<String> ids = new ArrayList<>();
                for (Enterprise other : options.registry().enterprises()) {
                    if (other.code().equals(code)) continue;
                    for (Point p : other.points()) {
                        if (g.enterprise.point(p.id()) == null && !ids.contains(p.id())) ids.add(p.id());
                        if (ids.size() >= 8) return ids;
                    }
                }
                return ids;
            });
            g.foreignPointIds = found;
        }
    }

    boolean hasNext() {
        return next <= lastTick;
    }

    /** Epoch millis of the tick {@link #step()} generates next. */
    long nextTick() {
        return next;
    }

    long cadenceMs() {
        return cadenceMs;
    }

    /** Retained online status of every gateway, before the first readings. */
    List<OutgoingMessage> statusOnline() {
        List<OutgoingMessage> out = new ArrayList<>();
        for (GatewayState g : gateways) out.add(counted(status(g, "online", firstTick)));
        return out;
    }

    /** Retained offline status of every gateway, after the last readings. */
    List<OutgoingMessage> statusOffline() {
        List<OutgoingMessage> out = new ArrayList<>();
        for (GatewayState g : gateways) {
            if (!g.silent) out.add(counted(status(g, "offline", Long.MIN_VALUE)));
        }
        return out;
    }

    /** Generates the next tick and returns the messages due by then, in publish order. */
    List<OutgoingMessage> step() {
        long t = next;
        if (t > lastTick) throw new IllegalStateException("window exhausted");
        if (plan == null || t > plan.last) newPlan(t);
        boolean cadenceTick = Math.floorMod(t, cadenceMs) == 0;
        for (GatewayState g : gateways) {
            scenarioEvents(g, t);
            if (!g.silent) generate(g, t, cadenceTick);
        }
        if (cadenceTick && ShanghaiCalendar.dayStart(t) == t)
            truth.closeBefore(t - ShanghaiCalendar.DAY_MS - maxPeriodMs - cadenceMs);
        lastGenerated = t;
        next = t + stepMs;
        return release(t);
    }

    /** Everything still held (uploads, duplicates, conflicts due later), in publish order. */
    List<OutgoingMessage> drain() {
        return release(Long.MAX_VALUE);
    }

    /** The expected results of everything generated so far (call after {@link #drain()}). */
    GroundTruth groundTruth() {
        for (Map.Entry<FaultKind, Integer> e : plannedCounts.entrySet()) {
            int done = injectedCounts.getOrDefault(e.getKey(), 0);
            if (done < e.getValue())
                log.info(
                        "fault {}: {} planned, {} injected (no eligible point or message)",
                        e.getKey().cliName(),
                        e.getValue(),
                        done);
        }
        Map<String, Integer> counts = new java.util.TreeMap<>();
        injectedCounts.forEach((k, v) -> counts.put(k.cliName(), v));
        long to = lastGenerated == Long.MIN_VALUE ? firstTick : lastGenerated;
        return truth.build(
                Instant.ofEpochMilli(firstTick),
                Instant.ofEpochMilli(to),
                options.cadenceMinutes(),
                seed,
                options.faults().toString(),
                options.scenarios().toString(),
                new GroundTruth.Published(messages, readings, duplicates, statusMessages),
                counts,
                injected);
    }

    Map<FaultKind, Integer> injectedCounts() {
        return injectedCounts;
    }

    long messages() {
        return messages;
    }

    long readings() {
        return readings;
    }

    // ---------------------------------------------------------------- planning

    private void newPlan(long t) {
        long start = Math.floorDiv(t + cadenceMs - 1, cadenceMs) * cadenceMs;
        long end = options.mode() == Mode.HISTORY
                ? lastCadenceTick
                : Math.min(lastCadenceTick, ShanghaiCalendar.dayStart(start) + ShanghaiCalendar.DAY_MS - cadenceMs);
        boolean firstPlan = plan == null;
        Faults faults = options.faults();
        plan = faults.isNone()
                ? FaultPlan.none(start, end)
                : FaultPlan.plan(
                        start,
                        end,
                        cadenceMs,
                        faultGateways,
                        faults,
                        faults.gapTicks(),
                        firstPlan,
                        new SplittableRandom(LoadModel.mix(seed ^ start)));
        plan.planned.forEach((k, v) -> plannedCounts.merge(k, v, Integer::sum));
        choice = new SplittableRandom(LoadModel.mix(seed ^ ~start));
        if (firstPlan) initRegisters();
    }

    /** Registers start at a seeded value below rollover, or just below it where a rollover is planned. */
    private void initRegisters() {
        for (GatewayState g : gateways) {
            g.register = new double[g.cumulative.size()];
            for (int i = 0; i < g.register.length; i++) {
                Point p = g.cumulative.get(i);
                double u = LoadModel.unit(seed, g.code(), p.id(), -2L);
                double start = p.rollover() > 0
                        ? p.rollover() * (0.05 + 0.55 * u)
                        : Math.max(1000, g.cumulativeTypical[i] * (100 + 19_900 * u));
                g.register[i] = round3(start);
            }
        }
        for (FaultPlan.RolloverSetup r : plan.rollovers) {
            GatewayState g = r.gateway();
            int i = r.pointIndex();
            Point p = g.cumulative.get(i);
            if (i == g.stuckIndex) {
                log.info("rollover of {}/{} skipped: the meter sticks", g, p.id());
                continue;
            }
            double before = 0;
            for (long t = firstTick; t < r.tick(); t += cadenceMs) before += consumption(g, i, t);
            double wrapTick = consumption(g, i, r.tick());
            if (wrapTick < 0.01 || before + wrapTick >= 0.999 * p.rollover()) {
                log.info(
                        "rollover of {}/{} skipped: {} consumed before the wrap tick, {} during it",
                        g,
                        p.id(),
                        before,
                        wrapTick);
                continue;
            }
            // the register reaches rollover halfway through [tick, tick + cadence)
            g.register[i] = round3(p.rollover() - before - wrapTick / 2);
            expectedWraps.put(key(g, p), r.tick() + cadenceMs);
            rolloverPoints.add(key(g, p));
        }
    }

    private double consumption(GatewayState g, int i, long t) {
        Point p = g.cumulative.get(i);
        return model.ratePerHour(g.enterprise, p, g.cumulativeTypical[i], model.shape(g.enterprise, t), t)
                * cadenceMs
                / MS_PER_HOUR;
    }

    // ---------------------------------------------------------------- one gateway, one tick

    private void generate(GatewayState g, long t, boolean cadenceTick) {
        FaultPlan.GatewayPlan gp = plan.of(g);
        List<Payloads.Reading> out = new ArrayList<>();
        List<Counted> counted = new ArrayList<>();
        if (cadenceTick && !g.cumulative.isEmpty()) cumulativeReadings(g, gp, t, out, counted);
        intervalReadings(g, t, out, counted);
        List<FaultKind> events = cadenceTick ? gp.eventsAt(t) : List.of();
        for (FaultKind k : events) {
            if (!k.readingLevel()) continue;
            Payloads.Reading bad = badReading(g, k, t);
            if (bad != null) out.add(bad);
        }

        long[] gap = gp.gapAt(t);
        if (gap != null) {
            if (t == gap[0]) enqueue(t, status(g, "offline", t));
            if (!out.isEmpty()) g.storeAndForward.add(out);
            if (t == gap[1]) {
                enqueue(t + cadenceMs, status(g, "online", t + cadenceMs));
                upload(g, gap, gap[1] + 3 * cadenceMs);
            }
        } else {
            List<Part> payloads = out.isEmpty() ? List.of() : payloads(g, out);
            long[] window = gp.reorderAt(t);
            if (window != null) {
                for (Part b : payloads) {
                    g.held.add(b.bytes());
                    g.heldReadings.add(b.readings());
                }
                if (t == window[1]) releaseReversed(g, t, window);
            } else {
                for (Part b : payloads)
                    enqueue(t, new OutgoingMessage(g.topic, b.bytes(), false, OutgoingMessage.Kind.LIVE, b.readings()));
            }
            if (events.contains(FaultKind.DUPLICATE)) duplicate(g, t, payloads);
            if (events.contains(FaultKind.CONFLICT)) conflict(g, t, counted);
        }
        for (FaultKind k : events) if (k.messageLevel()) garbage(g, k, t, out);
    }

    private void cumulativeReadings(
            GatewayState g, FaultPlan.GatewayPlan gp, long t, List<Payloads.Reading> out, List<Counted> counted) {
        boolean first = t == firstTick;
        long prev = t - cadenceMs;
        int n = g.cumulative.size();
        double[] used = new double[n];
        if (!first) {
            double shape = model.shape(g.enterprise, prev);
            for (int i = 0; i < n; i++) {
                used[i] = model.ratePerHour(g.enterprise, g.cumulative.get(i), g.cumulativeTypical[i], shape, prev)
                        * cadenceMs
                        / MS_PER_HOUR;
            }
            if (g.stuck) used[g.stuckIndex] = 0; // the register repeats its last value
        }
        List<FaultKind> between = first ? List.of() : gp.eventsAt(prev);
        int reset = between.contains(FaultKind.RESET) ? chooseReset(g, prev, t, used) : -1;
        if (!first) {
            for (int i = 0; i < n; i++) {
                // a replaced meter starts from zero right after the reading at prev
                g.register[i] = i == reset ? used[i] : g.register[i] + used[i];
                wrap(g, i);
            }
        }
        for (FaultKind k : between) {
            if (k == FaultKind.SPIKE || k == FaultKind.NEGATIVE_STEP) counterFault(g, k, prev, out);
        }
        for (int i = 0; i < n; i++) {
            Point p = g.cumulative.get(i);
            double v = round3(g.register[i]);
            CounterStep step = truth.cumulative(g.code(), p, t, v);
            out.add(Payloads.Reading.of(p.id(), t, v));
            if (step == null) {
                counted.add(new Counted(p.id(), t, v));
                continue;
            }
            switch (step.kind()) {
                case NORMAL -> counted.add(new Counted(p.id(), t, v));
                case ROLLOVER -> {
                    counted.add(new Counted(p.id(), t, v));
                    Long planned = expectedWraps.get(key(g, p));
                    if (planned != null && planned == t) {
                        expectedWraps.remove(key(g, p));
                        inject(
                                FaultKind.ROLLOVER,
                                g,
                                p.id(),
                                t,
                                "wrapped at " + p.rollover() + ", step " + step.delta());
                    }
                }
                case RESET -> {
                    counted.add(new Counted(p.id(), t, v));
                    if (i != reset) log.warn("{}/{} at {}: unplanned reset step", g, p.id(), Payloads.ts(t));
                }
                default -> {
                    // cannot happen with rates capped below the maximum; if it does, the job rejects it too
                    log.warn("{}/{} at {}: regular reading classified {}", g, p.id(), Payloads.ts(t), step.kind());
                    truth.reject(readingRejection(
                            step.kind() == StepKind.SUSPECT ? RejectReason.SUSPECT_STEP : RejectReason.NEGATIVE_STEP,
                            g,
                            p.id(),
                            t,
                            v));
                }
            }
        }
    }

    /** Keeps a register below its rollover value as published (rounded). */
    private static void wrap(GatewayState g, int i) {
        double rollover = g.cumulative.get(i).rollover();
        if (rollover <= 0) return;
        while (round3(g.register[i]) >= rollover) g.register[i] -= rollover;
    }

    /** Picks a point whose meter, replaced right after {@code prev}, makes a step the job classifies as RESET. */
    private int chooseReset(GatewayState g, long prev, long t, double[] used) {
        for (int i : shuffled(g.cumulative.size())) {
            Point p = g.cumulative.get(i);
            if (p.maxRatePerHour() <= 0 || rolloverPoints.contains(key(g, p)) || i == g.stuckIndex) continue;
            GroundTruthBuilder.Anchor a = truth.anchor(g.code(), p);
            if (a == null || a.ts() != prev) continue;
            double v = round3(used[i]);
            if (CounterStep.classify(a.ts(), a.value(), t, v, p.rollover(), p.maxRatePerHour())
                            .kind()
                    != StepKind.RESET) continue;
            inject(FaultKind.RESET, g, p.id(), t, "register " + a.value() + " -> " + v + " (new meter)");
            return i;
        }
        log.info("reset on {} after {} skipped: no point whose step would be a reset", g, Payloads.ts(prev));
        return -1;
    }

    /** An extra reading halfway between prev and the next tick that the job must hold as suspect or reject as negative. */
    private void counterFault(GatewayState g, FaultKind k, long prev, List<Payloads.Reading> out) {
        long ts = prev + cadenceMs / 2;
        StepKind want = k == FaultKind.SPIKE ? StepKind.SUSPECT : StepKind.NEGATIVE;
        for (int i : shuffled(g.cumulative.size())) {
            Point p = g.cumulative.get(i);
            if (p.maxRatePerHour() <= 0) continue;
            GroundTruthBuilder.Anchor a = truth.anchor(g.code(), p);
            if (a == null || a.ts() != prev) continue;
            double v = k == FaultKind.SPIKE
                    ? round3(a.value() + 10 * p.maxRatePerHour() * cadenceMs / MS_PER_HOUR)
                    : round3(a.value() * 0.5);
            if (v < 0 || v == a.value() || (p.rollover() > 0 && v >= p.rollover())) continue;
            if (CounterStep.classify(a.ts(), a.value(), ts, v, p.rollover(), p.maxRatePerHour())
                            .kind()
                    != want) continue;
            truth.cumulative(g.code(), p, ts, v); // rejected: no count, the anchor stays
            truth.reject(readingRejection(k.reason(), g, p.id(), ts, v));
            out.add(Payloads.Reading.of(p.id(), ts, v));
            inject(k, g, p.id(), ts, "after " + a.value() + " comes " + v);
            return;
        }
        log.info("{} on {} after {} skipped: no point with a fitting step", k.cliName(), g, Payloads.ts(prev));
    }

    private void intervalReadings(GatewayState g, long t, List<Payloads.Reading> out, List<Counted> counted) {
        for (int j = 0; j < g.interval.size(); j++) {
            Point p = g.interval.get(j);
            long period = p.periodMillis();
            // the amount of [t - period, t) is reported once the period is over; periods align to Shanghai midnight
            if (period <= 0 || Math.floorMod(t + OFFSET_MS, period) != 0) continue;
            long ts = t - period;
            if (ts < firstTick) continue;
            double rate = model.ratePerHour(g.enterprise, p, g.intervalTypical[j], model.shape(g.enterprise, ts), ts);
            double amount = round3(rate * period / MS_PER_HOUR);
            truth.interval(g.code(), p, ts, amount);
            out.add(Payloads.Reading.of(p.id(), ts, amount));
            counted.add(new Counted(p.id(), ts, amount));
        }
    }

    // ---------------------------------------------------------------- faults

    private Payloads.Reading badReading(GatewayState g, FaultKind k, long t) {
        int n = injectedCounts.getOrDefault(k, 0);
        Point any = g.point(choice.nextInt(g.pointCount()));
        String point = any.id();
        long ts = t;
        double value = 0;
        Payloads.Reading reading;
        String detail;
        switch (k) {
            case UNKNOWN_POINT -> {
                point = "UNREGISTERED-" + (n + 1);
                while (allPointIds.contains(point)) point = point + "X";
                value = 1 + n;
                reading = Payloads.Reading.of(point, ts, value);
                detail = "point registered nowhere";
            }
            case SPOOF -> {
                point = g.foreignPointIds.get(choice.nextInt(g.foreignPointIds.size()));
                value = 10 + n;
                reading = Payloads.Reading.of(point, ts, value);
                detail = "point of another enterprise";
            }
            case FOREIGN_GATEWAY_POINT -> {
                Point other = g.otherGatewayPoints.get(choice.nextInt(g.otherGatewayPoints.size()));
                point = other.id();
                value = 20 + n;
                reading = Payloads.Reading.of(point, ts, value);
                detail = "point of gateway " + other.gateway();
            }
            case BAD_TIMESTAMP -> {
                value = 30 + n;
                String text = switch (n % 3) {
                    case 0 -> null;
                    case 1 -> "not-a-timestamp";
                    default -> Payloads.TS_NO_OFFSET.format(Instant.ofEpochMilli(t));
                };
                reading = new Payloads.Reading(point, text, value);
                detail = text == null ? "ts missing" : "ts '" + text + "'";
                ts = Long.MIN_VALUE;
            }
            case BAD_VALUE -> {
                ts = t + (n + 1) * 1000L;
                Object v = switch (n % 3) {
                    case 0 -> Payloads.Reading.JSON_NULL;
                    case 1 -> null;
                    default -> "n/a";
                };
                reading = new Payloads.Reading(point, Payloads.ts(ts), v);
                value = Double.NaN;
                detail = v == null ? "value missing" : "value " + v;
            }
            case NEGATIVE_VALUE -> {
                ts = t + (n + 1) * 1000L;
                value = -(1.5 + n);
                reading = Payloads.Reading.of(point, ts, value);
                detail = "value " + value;
            }
            case FUTURE_TIMESTAMP -> {
                ts = ShanghaiCalendar.quarterStart(options.clock().millis()) + ShanghaiCalendar.DAY_MS + n * 60_000L;
                value = 40 + n;
                reading = Payloads.Reading.of(point, ts, value);
                detail = "a day ahead of now";
            }
            case TOO_LATE -> {
                ts = ShanghaiCalendar.quarterStart(
                                options.clock().millis() - options.lateness().toMillis())
                        - ShanghaiCalendar.DAY_MS
                        - n * 60_000L;
                value = 50 + n;
                reading = Payloads.Reading.of(point, ts, value);
                detail = "a day beyond the lateness of " + options.lateness();
            }
            case LATE_COVERED -> {
                // after the point's own reading at t in the same message: the job's newest reading of it is then t,
                // and this one lies beyond the hot window, off the grid, between readings a cadence apart (or before
                // the point's first one): a covered stretch either way, whatever order messages arrive in
                Point p = g.cumulative.get(choice.nextInt(g.cumulative.size()));
                if (cadenceMs > PointSeries.CUMULATIVE_GAP_MS) {
                    log.info("late-covered on {} skipped: at a cadence of {} ms every step is a gap", g, cadenceMs);
                    return null;
                }
                point = p.id();
                ts = t - options.hotWindow().toMillis() - cadenceMs / 2;
                if (ts < options.clock().millis() - options.lateness().toMillis() + 3_600_000L) {
                    log.info("late-covered on {} at {} skipped: it would be beyond the lateness", g, Payloads.ts(t));
                    return null;
                }
                value = 60 + n;
                reading = Payloads.Reading.of(point, ts, value);
                detail = "a re-send from beyond the hot window of " + options.hotWindow() + ", into a counted stretch";
            }
            default -> throw new IllegalArgumentException(k + " is not a reading fault");
        }
        truth.reject(readingRejection(k.reason(), g, point, ts, value));
        inject(k, g, point, ts == Long.MIN_VALUE ? null : ts, detail);
        return reading;
    }

    private void garbage(GatewayState g, FaultKind k, long t, List<Payloads.Reading> out) {
        int n = injectedCounts.getOrDefault(k, 0);
        Payloads.Reading sample = out.isEmpty() ? Payloads.Reading.of(g.point(0).id(), t, 1.0) : out.get(0);
        String topic = g.topic;
        String enterprise = g.code();
        String gateway = g.id;
        byte[] payload;
        int count = 0;
        String detail;
        switch (k) {
            case MALFORMED_JSON -> {
                payload = Payloads.malformed(g.id, ++g.seq, sample);
                detail = "truncated JSON";
            }
            case WRONG_SCHEMA -> {
                payload = Payloads.wrongSchema(n, g.id, ++g.seq, sample);
                detail = switch (n % 3) {
                    case 0 -> "schema dcmon.readings/0";
                    case 1 -> "gateway missing";
                    default -> "readings is an object";
                };
            }
            case UNKNOWN_ENTERPRISE -> {
                enterprise = unregisteredEnterprise(n);
                topic = Topics.readingsTopic(enterprise, g.id);
                payload = Payloads.readings(g.id, n + 1L, List.of(sample));
                count = 1;
                detail = "enterprise " + enterprise;
            }
            case UNKNOWN_GATEWAY -> {
                gateway = "GW-UNREGISTERED-" + (n + 1);
                while (g.enterprise.hasGateway(gateway)) gateway = gateway + "X";
                topic = Topics.readingsTopic(enterprise, gateway);
                payload = Payloads.readings(gateway, n + 1L, List.of(sample));
                count = 1;
                detail = "gateway " + gateway;
            }
            case GATEWAY_MISMATCH -> {
                String other = g.otherGateways.isEmpty()
                        ? "GW-OTHER-" + (n + 1)
                        : g.otherGateways.get(n % g.otherGateways.size());
                payload = Payloads.readings(other, ++g.seq, List.of(sample));
                count = 1;
                detail = "payload gateway " + other;
            }
            case OVERSIZED -> {
                payload = Payloads.oversized(g.id, ++g.seq, Topics.MAX_PAYLOAD_BYTES);
                detail = payload.length + " bytes";
            }
            default -> throw new IllegalArgumentException(k + " is not a message fault");
        }
        enqueue(t, new OutgoingMessage(topic, payload, false, OutgoingMessage.Kind.GARBAGE, count));
        truth.reject(new Rejection(
                k.reason(),
                null,
                topic,
                enterprise,
                gateway,
                -1,
                -1,
                null,
                Long.MIN_VALUE,
                Double.NaN,
                0L,
                MessageValidator.sha256(payload)));
        inject(k, g, null, t, detail);
    }

    private void duplicate(GatewayState g, long t, List<Part> payloads) {
        if (payloads.isEmpty()) {
            log.info("duplicate on {} at {} skipped: no message at that tick", g, Payloads.ts(t));
            return;
        }
        Part b = payloads.get(0);
        enqueue(
                t + 3 * cadenceMs,
                new OutgoingMessage(g.topic, b.bytes(), false, OutgoingMessage.Kind.DUPLICATE, b.readings()));
        inject(FaultKind.DUPLICATE, g, null, t, "message of " + Payloads.ts(t) + " again 3 ticks later");
    }

    private void conflict(GatewayState g, long t, List<Counted> counted) {
        if (counted.isEmpty()) {
            log.info("conflict on {} at {} skipped: no counted reading", g, Payloads.ts(t));
            return;
        }
        Counted c = counted.get(choice.nextInt(counted.size()));
        double v = round3(c.value() + Math.max(1.0, Math.abs(c.value()) * 1e-4));
        byte[] b = Payloads.readings(g.id, ++g.seq, List.of(Payloads.Reading.of(c.point(), c.ts(), v)));
        // two ticks later: always after the original
        enqueue(t + 2 * cadenceMs, new OutgoingMessage(g.topic, b, false, OutgoingMessage.Kind.CONFLICT, 1));
        truth.reject(readingRejection(RejectReason.CONFLICT, g, c.point(), c.ts(), v));
        inject(FaultKind.CONFLICT, g, c.point(), c.ts(), "first " + c.value() + ", then " + v);
    }

    /** Publishes a gap's readings after live data resumed, up to uploadTicksPerMessage ticks per message. */
    private void upload(GatewayState g, long[] gap, long publishAt) {
        int perMessage = options.uploadTicksPerMessage();
        int uploads = 0;
        for (int i = 0; i < g.storeAndForward.size(); i += perMessage) {
            List<Payloads.Reading> batch = new ArrayList<>();
            for (List<Payloads.Reading> tick :
                    g.storeAndForward.subList(i, Math.min(i + perMessage, g.storeAndForward.size())))
                batch.addAll(tick);
            for (Part b : payloads(g, batch)) {
                enqueue(
                        publishAt,
                        new OutgoingMessage(g.topic, b.bytes(), false, OutgoingMessage.Kind.UPLOAD, b.readings()));
                uploads++;
            }
        }
        g.storeAndForward.clear();
        inject(
                FaultKind.GAP,
                g,
                null,
                gap[0],
                "offline " + Payloads.ts(gap[0]) + " .. " + Payloads.ts(gap[1]) + ", uploaded in " + uploads
                        + " messages after live data resumed");
    }

    private void releaseReversed(GatewayState g, long t, long[] window) {
        for (int i = g.held.size() - 1; i >= 0; i--) {
            enqueue(
                    t,
                    new OutgoingMessage(
                            g.topic, g.held.get(i), false, OutgoingMessage.Kind.LIVE, g.heldReadings.get(i)));
        }
        inject(
                FaultKind.REORDER,
                g,
                null,
                window[0],
                g.held.size() + " messages of " + Payloads.ts(window[0]) + " .. " + Payloads.ts(window[1])
                        + " in reverse");
        g.held.clear();
        g.heldReadings.clear();
    }

    // ---------------------------------------------------------------- helpers

    /** One or more payloads for the readings: at most MAX_READINGS_PER_MESSAGE and well below 256 KiB each. */
    private List<Part> payloads(GatewayState g, List<Payloads.Reading> all) {
        List<Part> out = new ArrayList<>();
        int chunk = MAX_READINGS_PER_MESSAGE;
        int i = 0;
        while (i < all.size()) {
            List<Payloads.Reading> part = all.subList(i, Math.min(i + chunk, all.size()));
            byte[] b = Payloads.readings(g.id, g.seq + 1, part);
            if (b.length > SAFE_PAYLOAD_BYTES && part.size() > 1) {
                chunk = Math.max(1, part.size() / 2);
                continue;
            }
            g.seq++;
            out.add(new Part(b, part.size()));
            i += part.size();
        }
        return out;
    }

    private Rejection readingRejection(RejectReason reason, GatewayState g, String point, long ts, double value) {
        return new Rejection(reason, null, g.topic, g.code(), g.id, -1, 0, point, ts, value, 0L, null);
    }

    private String unregisteredEnterprise(int n) {
        for (int i = n; ; i++) {
            String first17 = String.format("91420000%09d", i + 1);
            String code = first17 + CreditCode.checkChar(first17);
            if (options.registry().enterprise(code) == null) return code;
        }
    }

    private void inject(FaultKind k, GatewayState g, String point, Long ts, String detail) {
        injectedCounts.merge(k, 1, Integer::sum);
        injected.add(new GroundTruth.InjectedFault(
                k.cliName(), g.code(), g.id, point, ts == null ? null : Payloads.ts(ts), detail));
    }

    private OutgoingMessage status(GatewayState g, String state, long since) {
        return new OutgoingMessage(
                g.statusTopic,
                Payloads.status(state, g.code(), g.id, options.clientId(), since),
                true,
                OutgoingMessage.Kind.STATUS,
                0);
    }

    private void enqueue(long publishAt, OutgoingMessage m) {
        pending.add(new Pending(publishAt, order++, m));
    }

    private List<OutgoingMessage> release(long upTo) {
        List<OutgoingMessage> out = new ArrayList<>();
        while (!pending.isEmpty() && pending.peek().publishAt() <= upTo)
            out.add(counted(pending.poll().message()));
        return out;
    }

    private OutgoingMessage counted(OutgoingMessage m) {
        if (m.kind() == OutgoingMessage.Kind.WILL) return m; // published by the broker
        if (m.kind() == OutgoingMessage.Kind.STATUS) {
            statusMessages++;
        } else {
            messages++;
            readings += m.readings();
            if (m.kind() == OutgoingMessage.Kind.DUPLICATE) duplicates++;
        }
        return m;
    }

    private int[] shuffled(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = choice.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
        return a;
    }

    private static String key(GatewayState g, Point p) {
        return g.code() + '\u0000' + p.id();
    }

    /** Meter resolution: registers and amounts are published with three decimals. */
    static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
