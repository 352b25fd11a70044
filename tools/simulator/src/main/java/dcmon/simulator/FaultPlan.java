package dcmon.simulator;

import dcmon.core.registry.Point;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Where the faults of one planning period go: which gateway, which tick. Faults whose outcome depends on
 * publish or event-time order (gaps, reordering, counter faults, conflicts, duplicates) each get ticks of their
 * own with a margin, so the job's result does not depend on how they would interact; the rest (garbage
 * messages and bad readings) are order-independent and go anywhere. The first and last two ticks of a period
 * stay clean, so the first reading of the window is an anchor and periods do not interact.
 */
final class FaultPlan {
    /** Faults of one gateway. Ticks are epoch millis of the cadence grid. */
    static final class GatewayPlan {
        final List<long[]> gaps = new ArrayList<>();
        final List<long[]> reorders = new ArrayList<>();
        final Map<Long, List<FaultKind>> events = new HashMap<>();

        /** The gap [first, last] containing {@code t}, or null. */
        long[] gapAt(long t) {
            return within(gaps, t);
        }

        /** The reorder window [first, last] containing {@code t}, or null. */
        long[] reorderAt(long t) {
            return within(reorders, t);
        }

        List<FaultKind> eventsAt(long t) {
            return events.getOrDefault(t, List.of());
        }

        private static long[] within(List<long[]> ranges, long t) {
            for (long[] r : ranges) if (t >= r[0] && t <= r[1]) return r;
            return null;
        }
    }

    /** A register started so that it wraps between {@code tick} and the next tick. */
    record RolloverSetup(GatewayState gateway, int pointIndex, long tick) {}

    static final GatewayPlan EMPTY = new GatewayPlan();

    final long first;
    final long last;
    final Map<GatewayState, GatewayPlan> gateways = new IdentityHashMap<>();
    final List<RolloverSetup> rollovers = new ArrayList<>();
    /** How many of each fault were placed. */
    final Map<FaultKind, Integer> planned = new EnumMap<>(FaultKind.class);

    private FaultPlan(long first, long last) {
        this.first = first;
        this.last = last;
    }

    GatewayPlan of(GatewayState g) {
        return gateways.getOrDefault(g, EMPTY);
    }

    /** A period without faults. */
    static FaultPlan none(long first, long last) {
        return new FaultPlan(first, last);
    }

    /**
     * Plans the faults of the period [first, last] (cadence ticks, inclusive).
     *
     * @param withRollovers true for the first period: rollovers are set up through the registers' start values
     */
    static FaultPlan plan(
            long first,
            long last,
            long cadenceMs,
            List<GatewayState> all,
            Faults faults,
            int gapTicks,
            boolean withRollovers,
            SplittableRandom rng) {
        FaultPlan plan = new FaultPlan(first, last);
        int n = (int) ((last - first) / cadenceMs) + 1;
        List<GatewayState> withPoints =
                all.stream().filter(GatewayState::hasPoints).toList();
        if (withPoints.isEmpty() || faults.isNone()) return plan;
        List<GatewayState> counters =
                withPoints.stream().filter(g -> !g.cumulative.isEmpty()).toList();
        long messages = (long) n * withPoints.size();
        Map<GatewayState, BitSet> busy = new IdentityHashMap<>();
        for (GatewayState g : withPoints) busy.put(g, new BitSet(n));
        Placer placer = new Placer(n, busy, rng);

        // gaps first: they need the longest free stretches; the upload follows 3 ticks after the gap
        for (int i = 0; i < faults.amount(FaultKind.GAP).resolve(messages); i++) {
            int[] at = placer.place(preferred(counters, withPoints), gapTicks, 1, 4);
            if (at == null) break;
            plan.gatewayPlan(placer.last).gaps.add(new long[] {
                first + at[1] * cadenceMs, first + (at[1] + gapTicks - 1) * cadenceMs
            });
            plan.count(FaultKind.GAP);
        }
        for (int i = 0; i < faults.amount(FaultKind.REORDER).resolve(messages); i++) {
            int[] at = placer.place(preferred(counters, withPoints), 3, 1, 1);
            if (at == null) break;
            plan.gatewayPlan(placer.last).reorders.add(new long[] {
                first + at[1] * cadenceMs, first + (at[1] + 2) * cadenceMs
            });
            plan.count(FaultKind.REORDER);
        }
        if (withRollovers) {
            List<GatewayState> wrapping = counters.stream()
                    .filter(g -> g.rolloverPointIndexes().length > 0)
                    .toList();
            for (int i = 0; i < faults.amount(FaultKind.ROLLOVER).resolve(messages) && !wrapping.isEmpty(); i++) {
                // the wrap falls between tick k and k+1: keep k-1 .. k+2 to itself
                int[] at = placer.place(wrapping, 2, 1, 1);
                if (at == null) break;
                int[] candidates = placer.last.rolloverPointIndexes();
                int point = candidates[rng.nextInt(candidates.length)];
                boolean taken = false;
                for (RolloverSetup r : plan.rollovers) taken |= r.gateway() == placer.last && r.pointIndex() == point;
                if (taken) continue;
                plan.rollovers.add(new RolloverSetup(placer.last, point, first + at[1] * cadenceMs));
                plan.count(FaultKind.ROLLOVER);
            }
        }
        // counter faults act between tick k and k+1; a conflict re-states tick k at k+2
        for (FaultKind k :
                new FaultKind[] {FaultKind.RESET, FaultKind.SPIKE, FaultKind.NEGATIVE_STEP, FaultKind.CONFLICT}) {
            if (counters.isEmpty()) break;
            for (int i = 0; i < faults.amount(k).resolve(messages); i++) {
                int[] at = placer.place(counters, k == FaultKind.CONFLICT ? 3 : 2, 1, 1);
                if (at == null) break;
                plan.addEvent(placer.last, first + at[1] * cadenceMs, k);
            }
        }
        for (int i = 0; i < faults.amount(FaultKind.DUPLICATE).resolve(messages); i++) {
            int[] at = placer.place(preferred(counters, withPoints), 1, 0, 0);
            if (at == null) break;
            plan.addEvent(placer.last, first + at[1] * cadenceMs, FaultKind.DUPLICATE);
        }
        // order-independent faults: anywhere (a bad reading added during a gap travels in the upload)
        for (FaultKind k : FaultKind.values()) {
            if (!k.readingLevel() && !k.messageLevel()) continue;
            List<GatewayState> eligible =
                    withPoints.stream().filter(g -> g.canCarry(k)).toList();
            if (eligible.isEmpty()) continue;
            for (int i = 0; i < faults.amount(k).resolve(messages); i++) {
                GatewayState g = eligible.get(rng.nextInt(eligible.size()));
                int tick = rng.nextInt(n);
                plan.addEvent(g, first + tick * cadenceMs, k);
            }
        }
        return plan;
    }

    private static List<GatewayState> preferred(List<GatewayState> counters, List<GatewayState> withPoints) {
        return counters.isEmpty() ? withPoints : counters;
    }

    private GatewayPlan gatewayPlan(GatewayState g) {
        return gateways.computeIfAbsent(g, k -> new GatewayPlan());
    }

    private void addEvent(GatewayState g, long tick, FaultKind k) {
        gatewayPlan(g).events.computeIfAbsent(tick, t -> new ArrayList<>()).add(k);
        count(k);
    }

    private void count(FaultKind k) {
        planned.merge(k, 1, Integer::sum);
    }

    Map<FaultKind, Integer> planned() {
        return Collections.unmodifiableMap(planned);
    }

    /** Finds free stretches of ticks on a gateway and marks them, with margins, as taken. */
    private static final class Placer {
        private static final int ATTEMPTS = 64;
        private final int n;
        private final Map<GatewayState, BitSet> busy;
        private final SplittableRandom rng;
        GatewayState last;

        Placer(int n, Map<GatewayState, BitSet> busy, SplittableRandom rng) {
            this.n = n;
            this.busy = busy;
            this.rng = rng;
        }

        /**
         * Picks a gateway and a start tick s such that ticks s-before .. s+length-1+after are free and inside the
         * period's clean interior [2, n-3]; marks them taken.
         *
         * @return {gateway index, s}, or null when no place was found
         */
        int[] place(List<GatewayState> candidates, int length, int before, int after) {
            int lo = 2 + before;
            int hi = n - 3 - after - (length - 1); // inclusive upper bound of s
            if (hi < lo || candidates.isEmpty()) return null;
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                int gi = rng.nextInt(candidates.size());
                GatewayState g = candidates.get(gi);
                int s = lo + rng.nextInt(hi - lo + 1);
                BitSet b = busy.get(g);
                int from = s - before;
                int to = s + length + after; // exclusive
                if (b.get(from, to).isEmpty()) {
                    b.set(from, to);
                    last = g;
                    return new int[] {gi, s};
                }
            }
            return null;
        }
    }

    /** For diagnostics: the point a rollover setup concerns. */
    static Point point(RolloverSetup r) {
        return r.gateway().cumulative.get(r.pointIndex());
    }
}
