package dcmon.simulator;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Which faults to inject and how many. Each fault has either a count or a rate per published message; the
 * amount applies to each planning period (the whole window in HISTORY mode, each Shanghai day in LIVE mode).
 * Placement is drawn from the simulator's seed, so the same options give the same faults.
 *
 * <p>Command-line form ({@link #parse}): {@code none}, {@code all}, or a comma list such as
 * {@code dup,reorder,gap}, {@code all,-oversized}, {@code dup=5,spike=0.001,gap-ticks=12}: a bare name takes
 * its default amount, {@code name=N} a count, {@code name=0.x} a rate per message, {@code -name} switches a
 * fault off.
 */
public final class Faults {

    /** How much of one fault: a fixed count, or a rate per message (count = round(rate × messages)). */
    public record Amount(int count, double rate) {
        public Amount {
            if (count < 0 || rate < 0 || rate > 1 || Double.isNaN(rate)) {
                throw new IllegalArgumentException("fault amount must be a count >= 0 or a rate in [0, 1]");
            }
        }

        public static Amount count(int n) {
            return new Amount(n, 0);
        }

        public static Amount rate(double r) {
            return new Amount(0, r);
        }

        /** How many to plan among {@code messages} messages. */
        public int resolve(long messages) {
            return rate > 0 ? (int) Math.min(Integer.MAX_VALUE, Math.round(rate * messages)) : count;
        }

        @Override
        public String toString() {
            return rate > 0 ? Double.toString(rate) : Integer.toString(count);
        }
    }

    public static final int DEFAULT_GAP_TICKS = 8;

    private static final Map<FaultKind, Integer> DEFAULT_COUNTS = defaults();

    private final Map<FaultKind, Amount> amounts;
    private final int gapTicks;

    private Faults(Map<FaultKind, Amount> amounts, int gapTicks) {
        if (gapTicks < 1) throw new IllegalArgumentException("gap-ticks must be at least 1");
        EnumMap<FaultKind, Amount> m = new EnumMap<>(FaultKind.class);
        amounts.forEach((k, a) -> {
            if (a.count() > 0 || a.rate() > 0) m.put(k, a);
        });
        this.amounts = Collections.unmodifiableMap(m);
        this.gapTicks = gapTicks;
    }

    /** No faults: clean, complete data. */
    public static Faults none() {
        return new Faults(Map.of(), DEFAULT_GAP_TICKS);
    }

    /** Every fault, each a few times (per planning period). */
    public static Faults all() {
        EnumMap<FaultKind, Amount> m = new EnumMap<>(FaultKind.class);
        DEFAULT_COUNTS.forEach((k, n) -> m.put(k, Amount.count(n)));
        return new Faults(m, DEFAULT_GAP_TICKS);
    }

    /** Only the given faults, each with its default count. */
    public static Faults of(FaultKind... kinds) {
        EnumMap<FaultKind, Amount> m = new EnumMap<>(FaultKind.class);
        for (FaultKind k : kinds) m.put(k, Amount.count(DEFAULT_COUNTS.get(k)));
        return new Faults(m, DEFAULT_GAP_TICKS);
    }

    public Faults with(FaultKind kind, Amount amount) {
        EnumMap<FaultKind, Amount> m = new EnumMap<>(FaultKind.class);
        m.putAll(amounts);
        m.put(kind, amount);
        return new Faults(m, gapTicks);
    }

    public Faults with(FaultKind kind, int count) {
        return with(kind, Amount.count(count));
    }

    public Faults without(FaultKind kind) {
        return with(kind, Amount.count(0));
    }

    /** Length of each gap in cadence ticks. */
    public Faults withGapTicks(int ticks) {
        return new Faults(amounts, ticks);
    }

    public int gapTicks() {
        return gapTicks;
    }

    /** Faults switched on, with their amounts. */
    public Map<FaultKind, Amount> amounts() {
        return amounts;
    }

    public boolean enabled(FaultKind kind) {
        return amounts.containsKey(kind);
    }

    public Amount amount(FaultKind kind) {
        return amounts.getOrDefault(kind, Amount.count(0));
    }

    public boolean isNone() {
        return amounts.isEmpty();
    }

    /** Parses the command-line form described in the class comment. */
    public static Faults parse(String spec) {
        Objects.requireNonNull(spec, "faults");
        Faults f = none();
        for (String raw : spec.split(",")) {
            String item = raw.trim().toLowerCase(Locale.ROOT);
            if (item.isEmpty()) continue;
            if (item.equals("none")) {
                f = new Faults(Map.of(), f.gapTicks);
            } else if (item.equals("all")) {
                f = all().withGapTicks(f.gapTicks);
            } else if (item.startsWith("-")) {
                f = f.without(FaultKind.ofCliName(item.substring(1)));
            } else {
                int eq = item.indexOf('=');
                String name = eq < 0 ? item : item.substring(0, eq);
                if (name.equals("gap-ticks")) {
                    if (eq < 0) throw new IllegalArgumentException("gap-ticks needs a value, e.g. gap-ticks=8");
                    f = f.withGapTicks(parseCount(name, item.substring(eq + 1)));
                    continue;
                }
                FaultKind k = FaultKind.ofCliName(name);
                if (eq < 0) {
                    f = f.with(k, Amount.count(DEFAULT_COUNTS.get(k)));
                } else {
                    String v = item.substring(eq + 1);
                    f = f.with(
                            k, v.contains(".") ? Amount.rate(parseRate(name, v)) : Amount.count(parseCount(name, v)));
                }
            }
        }
        return f;
    }

    private static int parseCount(String name, String v) {
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("fault " + name + ": '" + v + "' is not a count", e);
        }
        if (n < 0) throw new IllegalArgumentException("fault " + name + ": '" + v + "' is not a count >= 0");
        return n;
    }

    private static double parseRate(String name, String v) {
        double r;
        try {
            r = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("fault " + name + ": '" + v + "' is not a rate", e);
        }
        if (!(r >= 0 && r <= 1))
            throw new IllegalArgumentException("fault " + name + ": '" + v + "' is not a rate in [0, 1]");
        return r;
    }

    /** The command-line form of these faults; {@code parse(toString())} gives equal faults. */
    @Override
    public String toString() {
        if (amounts.isEmpty()) return "none";
        StringBuilder b = new StringBuilder();
        amounts.forEach((k, a) -> {
            if (b.length() > 0) b.append(',');
            b.append(k.cliName()).append('=').append(a);
        });
        if (gapTicks != DEFAULT_GAP_TICKS) b.append(",gap-ticks=").append(gapTicks);
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Faults f && f.amounts.equals(amounts) && f.gapTicks == gapTicks;
    }

    @Override
    public int hashCode() {
        return amounts.hashCode() * 31 + gapTicks;
    }

    private static Map<FaultKind, Integer> defaults() {
        EnumMap<FaultKind, Integer> m = new EnumMap<>(FaultKind.class);
        for (FaultKind k : FaultKind.values()) m.put(k, 1);
        m.put(FaultKind.DUPLICATE, 3);
        m.put(FaultKind.REORDER, 2);
        m.put(FaultKind.CONFLICT, 2);
        // one of each variant (missing / unparseable / no offset; null / missing / text; three schema errors)
        m.put(FaultKind.BAD_TIMESTAMP, 3);
        m.put(FaultKind.BAD_VALUE, 3);
        m.put(FaultKind.WRONG_SCHEMA, 3);
        return Collections.unmodifiableMap(m);
    }
}
