package dcmon.simulator;

import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Gateway;
import dcmon.core.registry.Point;
import dcmon.core.registry.PointKind;
import dcmon.core.registry.Product;
import dcmon.core.registry.Registry;
import dcmon.core.registry.Role;
import dcmon.core.registry.YearTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Behaviours that make chosen units break their targets or their meters fail, so that a run shows every alert
 * rule: units consuming ahead of their cap, a unit whose output falls below what its intensity target needs, a
 * gateway going silent and a cumulative meter sticking. Unlike {@link Faults}, which the job must reject or repair,
 * a scenario is data the job accepts and raises alerts on; the ground truth stays exact for what is published.
 *
 * <p>Given as a base set ({@code none}, {@code demo} for every kind, or a list of kinds such as
 * {@code ahead,stuck-meter}) whose units are picked from the registry deterministically, plus explicit entries
 * ({@code ahead:CODE[,CODE]}, {@code intensity-miss:CODE}, {@code silent-gateway:CODE/GW[@after]},
 * {@code stuck-meter:CODE/POINT[@after]}), an explicit entry replacing the picked one of its kind.
 * {@link #resolve} checks the entries against the registry and picks the rest.
 */
public final class Scenarios {
    /** An ahead unit consumes at this share of its cap's yearly rate (130 %). */
    public static final double AHEAD_SHARE_OF_CAP = 1.3;
    /** Highest load factor of an ahead unit: beyond it the meters' plausible maxima would clip the rates. */
    public static final double MAX_AHEAD_FACTOR = 2.0;
    /** Lowest load factor of an ahead unit. */
    public static final double MIN_AHEAD_FACTOR = 1.2;
    /** Output of an intensity-miss unit as a share of its usual output; its energy stays as it was. */
    public static final double INTENSITY_MISS_OUTPUT = 0.8;
    /** Ahead units the demo set picks. */
    public static final int DEMO_AHEAD_UNITS = 2;

    /** What a scenario does. */
    public enum Kind {
        AHEAD("ahead"),
        INTENSITY_MISS("intensity-miss"),
        SILENT_GATEWAY("silent-gateway"),
        STUCK_METER("stuck-meter");

        private final String cliName;

        Kind(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }

        static Kind parse(String s) {
            for (Kind k : values()) if (k.cliName.equals(s)) return k;
            throw new IllegalArgumentException("unknown scenario '" + s + "'; scenarios: " + names());
        }

        static String names() {
            List<String> n = new ArrayList<>();
            for (Kind k : values()) n.add(k.cliName);
            return String.join(", ", n);
        }
    }

    /**
     * When a gateway goes silent or a meter sticks: a simulated time after the window's start, a wall-clock time
     * after the run started, or (neither given) once a LIVE run has caught up with now — half-way through the
     * window in HISTORY.
     */
    public record After(Duration simulated, Duration wall) {
        public static final After DEFAULT = new After(null, null);

        /** {@code 36h} (simulated, after the window's start) or {@code wall:2m} (wall clock, after the run's start). */
        static After parse(String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (t.startsWith("wall:")) return new After(null, SimulatorOptions.parseDuration(t.substring(5)));
            return new After(SimulatorOptions.parseDuration(t), null);
        }

        @Override
        public String toString() {
            if (simulated != null) return "@" + SimulatorOptions.formatDuration(simulated);
            if (wall != null) return "@wall:" + SimulatorOptions.formatDuration(wall);
            return "";
        }

        String describe() {
            if (simulated != null) return SimulatorOptions.formatDuration(simulated) + " (simulated) after the start";
            if (wall != null)
                return SimulatorOptions.formatDuration(wall)
                        + " (wall clock) after the run started, from the next tick";
            return "once the run has caught up with now (history: half-way through the window)";
        }
    }

    /** A unit running ahead of its cap: every point's load times {@code factor}. */
    public record Ahead(String code, double factor) {}

    /** A unit whose product and workload counters run at {@code outputShare} of their usual rate. */
    public record IntensityMiss(String code, double outputShare) {}

    /** A gateway whose connection drops abruptly (its Last Will) and which publishes nothing after. */
    public record SilentGateway(String code, String gateway, After after) {}

    /** A cumulative point whose register repeats its last value while the unit's other points move. */
    public record StuckMeter(String code, String point, After after) {}

    private final Set<Kind> picked;
    private final List<Ahead> ahead;
    private final IntensityMiss intensityMiss;
    private final SilentGateway silentGateway;
    private final StuckMeter stuckMeter;
    /** The year whose targets the units were picked by; 0 before {@link #resolve}. */
    private final int year;
    /** Kinds asked for that no unit of the registry could carry ({@link #resolve}). */
    private final Set<Kind> unfit = EnumSet.noneOf(Kind.class);

    private Scenarios(
            Set<Kind> picked,
            List<Ahead> ahead,
            IntensityMiss intensityMiss,
            SilentGateway silentGateway,
            StuckMeter stuckMeter,
            int year) {
        this.picked = picked.isEmpty() ? EnumSet.noneOf(Kind.class) : EnumSet.copyOf(picked);
        this.ahead = List.copyOf(ahead);
        this.intensityMiss = intensityMiss;
        this.silentGateway = silentGateway;
        this.stuckMeter = stuckMeter;
        this.year = year;
    }

    public static Scenarios none() {
        return new Scenarios(Set.of(), List.of(), null, null, null, 0);
    }

    /** Every kind, its units picked from the registry. */
    public static Scenarios demo() {
        return parse("demo", List.of());
    }

    /**
     * @param base     {@code none}, {@code demo}, or kinds to pick units for ({@code ahead,silent-gateway}); null
     *                 means none
     * @param explicit entries such as {@code ahead:CODE,CODE} or {@code silent-gateway:CODE/GW01@wall:2m}; each
     *                 replaces the picked one of its kind
     */
    public static Scenarios parse(String base, List<String> explicit) {
        Set<Kind> picked = EnumSet.noneOf(Kind.class);
        String b = base == null ? "none" : base.trim().toLowerCase(Locale.ROOT);
        if (b.equals("demo") || b.equals("all")) {
            picked.addAll(EnumSet.allOf(Kind.class));
        } else if (!b.equals("none") && !b.isEmpty()) {
            for (String k : b.split(",")) picked.add(Kind.parse(k.trim()));
        }
        List<Ahead> ahead = new ArrayList<>();
        IntensityMiss miss = null;
        SilentGateway silent = null;
        StuckMeter stuck = null;
        for (String spec : explicit == null ? List.<String>of() : explicit) {
            String s = spec.trim();
            int colon = s.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(
                        "scenario '" + spec + "' names no unit: use KIND:CODE (" + Kind.names() + ")");
            }
            Kind k = Kind.parse(s.substring(0, colon).trim().toLowerCase(Locale.ROOT));
            String rest = s.substring(colon + 1).trim();
            picked.remove(k);
            switch (k) {
                case AHEAD -> {
                    for (String code : rest.split(",")) {
                        if (code.isBlank()) continue;
                        ahead.add(new Ahead(code.trim(), Double.NaN));
                    }
                    if (ahead.isEmpty()) throw new IllegalArgumentException("ahead: no unit code in '" + spec + "'");
                }
                case INTENSITY_MISS -> miss = new IntensityMiss(single(spec, rest), INTENSITY_MISS_OUTPUT);
                case SILENT_GATEWAY -> {
                    String[] w = withAfter(spec, rest);
                    silent = new SilentGateway(w[0], w[1], w[2] == null ? After.DEFAULT : After.parse(w[2]));
                }
                case STUCK_METER -> {
                    String[] w = withAfter(spec, rest);
                    stuck = new StuckMeter(w[0], w[1], w[2] == null ? After.DEFAULT : After.parse(w[2]));
                }
            }
        }
        return new Scenarios(picked, ahead, miss, silent, stuck, 0);
    }

    private static String single(String spec, String rest) {
        if (rest.isEmpty() || rest.contains(",") || rest.contains("/"))
            throw new IllegalArgumentException("'" + spec + "': give one unit code");
        return rest;
    }

    /** CODE/ID[@after] → {code, id, after or null}. */
    private static String[] withAfter(String spec, String rest) {
        String after = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            after = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1)
            throw new IllegalArgumentException("'" + spec + "': use CODE/ID[@after]");
        return new String[] {
            rest.substring(0, slash).trim(), rest.substring(slash + 1).trim(), after
        };
    }

    public boolean isNone() {
        return picked.isEmpty()
                && ahead.isEmpty()
                && intensityMiss == null
                && silentGateway == null
                && stuckMeter == null;
    }

    public List<Ahead> ahead() {
        return ahead;
    }

    /** The intensity-miss unit, or null. */
    public IntensityMiss intensityMiss() {
        return intensityMiss;
    }

    /** The silent gateway, or null. */
    public SilentGateway silentGateway() {
        return silentGateway;
    }

    /** The stuck meter, or null. */
    public StuckMeter stuckMeter() {
        return stuckMeter;
    }

    /** Whether every entry names its unit and factor ({@link #resolve} done). */
    public boolean isResolved() {
        return picked.isEmpty() && ahead.stream().noneMatch(a -> Double.isNaN(a.factor()));
    }

    /**
     * Checks the explicit entries against the registry, computes the ahead factors for the year of {@code from}
     * and picks units for the kinds still open, each scenario on a unit of its own where the registry allows.
     *
     * @throws IllegalArgumentException for a unit, gateway or point the registry does not have, or one that
     *     cannot carry its scenario
     */
    public Scenarios resolve(Registry registry, Instant from) {
        int year = ShanghaiCalendar.year(from.toEpochMilli());
        List<Enterprise> units = registry.enterprises().stream()
                .sorted(Comparator.comparing(Enterprise::code))
                .toList();
        Set<String> used = new HashSet<>();
        List<Ahead> a = new ArrayList<>();
        for (Ahead x : ahead) {
            Enterprise e = unit(registry, x.code());
            Double f = aheadFactor(e, year);
            if (f == null) {
                throw new IllegalArgumentException(
                        "ahead: " + e.code() + " has no total cap for " + year + " (or no baseline)");
            }
            a.add(new Ahead(e.code(), Math.min(f, MAX_AHEAD_FACTOR)));
            used.add(e.code());
        }
        IntensityMiss miss = intensityMiss;
        if (miss != null) {
            Enterprise e = unit(registry, miss.code());
            if (intensityProduct(e, year) == null)
                throw new IllegalArgumentException("intensity-miss: " + e.code()
                        + " needs exactly one product with an intensity target for " + year + " and its counter");
            used.add(e.code());
        }
        SilentGateway silent = silentGateway;
        if (silent != null) {
            Enterprise e = unit(registry, silent.code());
            if (!e.hasGateway(silent.gateway()))
                throw new IllegalArgumentException(
                        "silent-gateway: " + e.code() + " has no gateway " + silent.gateway());
            used.add(e.code());
        }
        StuckMeter stuck = stuckMeter;
        if (stuck != null) {
            Enterprise e = unit(registry, stuck.code());
            Point p = e.point(stuck.point());
            if (p == null || p.kind() == PointKind.INTERVAL)
                throw new IllegalArgumentException(
                        "stuck-meter: " + e.code() + " has no cumulative point " + stuck.point());
            used.add(e.code());
        }
        // picks, most constrained first, each on a unit not used yet
        if (picked.contains(Kind.STUCK_METER)) {
            for (Enterprise e : units) {
                if (used.contains(e.code())) continue;
                Point p = stuckCandidate(e);
                if (p == null) continue;
                stuck = new StuckMeter(e.code(), p.id(), After.DEFAULT);
                used.add(e.code());
                break;
            }
        }
        if (picked.contains(Kind.SILENT_GATEWAY)) {
            for (Enterprise e : units) {
                if (used.contains(e.code()) || e.gateways().size() < 2) continue;
                Gateway g = e.gateways().get(e.gateways().size() - 1);
                if (e.points().stream().noneMatch(p -> p.gateway().equals(g.id()))) continue;
                silent = new SilentGateway(e.code(), g.id(), After.DEFAULT);
                used.add(e.code());
                break;
            }
        }
        if (picked.contains(Kind.INTENSITY_MISS)) {
            // a unit on target by design that the fall in output takes past the breach level shows the change best;
            // failing that, any unit that can carry it
            Enterprise pick = null;
            for (Enterprise e : units) {
                if (used.contains(e.code()) || !measuredOnly(e)) continue;
                Product p = intensityProduct(e, year);
                if (p == null) continue;
                if (pick == null) pick = e;
                double target = e.target(year).intensity(p.id()).kgcePerUnit();
                double missed = p.baselineKgcePerUnit() / INTENSITY_MISS_OUTPUT;
                if (target >= p.baselineKgcePerUnit() && missed > 1.1 * target && counted(e, p, Role.PRODUCT)) {
                    pick = e;
                    break;
                }
            }
            if (pick != null) {
                miss = new IntensityMiss(pick.code(), INTENSITY_MISS_OUTPUT);
                used.add(pick.code());
            }
        }
        if (picked.contains(Kind.AHEAD)) {
            // the units furthest from their cap (green by their targets) show the change best
            List<Enterprise> candidates = units.stream()
                    .filter(e -> !used.contains(e.code()) && measuredOnly(e))
                    // the policy total, which a cap may count, leaves feedstock out: the factor assumes it has none
                    .filter(e -> e.points().stream().noneMatch(p -> p.role() == Role.FEEDSTOCK))
                    .filter(e -> {
                        Double f = aheadFactor(e, year);
                        return f != null && f <= MAX_AHEAD_FACTOR;
                    })
                    .sorted(Comparator.comparingDouble((Enterprise e) -> -aheadFactor(e, year))
                            .thenComparing(Enterprise::code))
                    .toList();
            // one with a CO₂ cap first, so that the CO₂ rules show too
            List<Enterprise> chosen = new ArrayList<>();
            candidates.stream()
                    .filter(e -> e.target(year).co2Cap() != null)
                    .findFirst()
                    .ifPresent(chosen::add);
            for (Enterprise e : candidates) {
                if (chosen.size() >= DEMO_AHEAD_UNITS) break;
                if (!chosen.contains(e)) chosen.add(e);
            }
            for (Enterprise e : chosen) {
                a.add(new Ahead(e.code(), aheadFactor(e, year)));
                used.add(e.code());
            }
        }
        Scenarios out = new Scenarios(Set.of(), a, miss, silent, stuck, year);
        if (picked.contains(Kind.AHEAD) && a.isEmpty()) out.unfit.add(Kind.AHEAD);
        if (picked.contains(Kind.INTENSITY_MISS) && miss == null) out.unfit.add(Kind.INTENSITY_MISS);
        if (picked.contains(Kind.SILENT_GATEWAY) && silent == null) out.unfit.add(Kind.SILENT_GATEWAY);
        if (picked.contains(Kind.STUCK_METER) && stuck == null) out.unfit.add(Kind.STUCK_METER);
        return out;
    }

    private static Enterprise unit(Registry registry, String code) {
        Enterprise e = registry.enterprise(code);
        if (e == null) throw new IllegalArgumentException("scenario: no enterprise " + code + " in the registry");
        return e;
    }

    /**
     * The load factor that makes the unit consume {@link #AHEAD_SHARE_OF_CAP} of its cap over a year (the load
     * model runs a unit at about its baseline), at least {@link #MIN_AHEAD_FACTOR}; null without cap or baseline.
     */
    static Double aheadFactor(Enterprise e, int year) {
        YearTarget t = e.target(year);
        if (t == null || t.totalCap() == null || t.totalCapTce() <= 0) return null;
        if (e.baseline() == null || e.baseline().consumptionTce() <= 0) return null;
        double f = AHEAD_SHARE_OF_CAP * t.totalCapTce() / e.baseline().consumptionTce();
        return Math.max(MIN_AHEAD_FACTOR, Math.round(f * 100) / 100.0);
    }

    /** The unit's only product when it has an intensity target for the year and a counter; else null. */
    static Product intensityProduct(Enterprise e, int year) {
        if (e.products().size() != 1) return null;
        Product p = e.products().get(0);
        YearTarget t = e.target(year);
        if (t == null || t.intensity(p.id()) == null) return null;
        return counted(e, p, Role.PRODUCT) || counted(e, p, Role.WORKLOAD) ? p : null;
    }

    private static boolean counted(Enterprise e, Product p, Role role) {
        return e.points().stream().anyMatch(q -> q.role() == role && p.id().equals(q.product()));
    }

    /** A unit without reported months: its year-to-date figures are what the simulator publishes. */
    private static boolean measuredOnly(Enterprise e) {
        return e.reportedMonths().isEmpty();
    }

    /**
     * A cumulative energy input that can stick while the unit's other inputs move: the unit has another input,
     * and the point has a plausible maximum (so its steps are checked).
     */
    static Point stuckCandidate(Enterprise e) {
        List<Point> inputs = e.points().stream()
                .filter(p -> p.role() == Role.INPUT || p.role() == Role.FEEDSTOCK)
                .toList();
        if (inputs.size() < 2) return null;
        return inputs.stream()
                .filter(p -> p.kind() != PointKind.INTERVAL && p.maxRatePerHour() > 0)
                .findFirst()
                .orElse(null);
    }

    /** One line per scenario: what it does to which unit, gateway or point. */
    public List<String> describe(Registry registry) {
        List<String> out = new ArrayList<>();
        for (Ahead a : ahead) {
            out.add(String.format(
                    Locale.ROOT,
                    "ahead: %s %s runs at %.2f× its load (about %.0f %% of its %d cap over a year)",
                    a.code(),
                    name(registry, a.code()),
                    a.factor(),
                    capShare(registry, a) * 100,
                    year));
        }
        if (intensityMiss != null) {
            out.add(String.format(
                    Locale.ROOT,
                    "intensity-miss: %s %s produces %.0f %% of its usual output on the same energy",
                    intensityMiss.code(),
                    name(registry, intensityMiss.code()),
                    intensityMiss.outputShare() * 100));
        }
        if (silentGateway != null) {
            out.add("silent-gateway: " + silentGateway.code() + "/" + silentGateway.gateway() + " "
                    + name(registry, silentGateway.code()) + " drops its connection (Last Will) and goes silent "
                    + silentGateway.after().describe());
        }
        if (stuckMeter != null) {
            out.add("stuck-meter: " + stuckMeter.code() + "/" + stuckMeter.point() + " "
                    + name(registry, stuckMeter.code()) + " repeats its register from "
                    + (stuckMeter.after().equals(After.DEFAULT)
                            ? "the start"
                            : stuckMeter.after().describe()));
        }
        for (Kind k : unfit) {
            out.add(k.cliName() + ": no unit of the registry fits"
                    + (k == Kind.AHEAD || k == Kind.INTENSITY_MISS ? " (targets for " + year + "?)" : ""));
        }
        return out;
    }

    /** The ahead unit's yearly consumption at its factor as a share of its cap, from its baseline. */
    private double capShare(Registry registry, Ahead a) {
        Enterprise e = registry.enterprise(a.code());
        YearTarget t = e == null ? null : e.target(year);
        if (t == null || t.totalCapTce() <= 0 || e.baseline() == null) return Double.NaN;
        return a.factor() * e.baseline().consumptionTce() / t.totalCapTce();
    }

    private static String name(Registry registry, String code) {
        Enterprise e = registry.enterprise(code);
        return e == null ? "" : e.name();
    }

    @Override
    public String toString() {
        if (isNone()) return "none";
        List<String> parts = new ArrayList<>();
        for (Kind k : picked) parts.add(k.cliName());
        if (!ahead.isEmpty()) {
            List<String> codes = new ArrayList<>();
            for (Ahead a : ahead) codes.add(a.code());
            parts.add("ahead:" + String.join(",", codes));
        }
        if (intensityMiss != null) parts.add("intensity-miss:" + intensityMiss.code());
        if (silentGateway != null)
            parts.add("silent-gateway:" + silentGateway.code() + "/" + silentGateway.gateway() + silentGateway.after());
        if (stuckMeter != null)
            parts.add("stuck-meter:" + stuckMeter.code() + "/" + stuckMeter.point() + stuckMeter.after());
        return String.join(" ", parts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scenarios s
                && picked.equals(s.picked)
                && ahead.equals(s.ahead)
                && Objects.equals(intensityMiss, s.intensityMiss)
                && Objects.equals(silentGateway, s.silentGateway)
                && Objects.equals(stuckMeter, s.stuckMeter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(picked, ahead, intensityMiss, silentGateway, stuckMeter);
    }

    /** The ahead factor per unit code. */
    Map<String, Double> aheadFactors() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Ahead a : ahead) m.put(a.code(), a.factor());
        return m;
    }
}
