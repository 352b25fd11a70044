package dcmon.core.series;

/**
 * The counter rules (docs/design.md, *Counters*) for one pair of consecutive register readings.
 *
 * @param kind  what the step is
 * @param delta the amount consumed between the two readings (0 for NEGATIVE; the raw delta for SUSPECT)
 */
public record CounterStep(StepKind kind, double delta) {

    /**
     * Classifies the step from {@code (t1, v1)} to {@code (t2, v2)}, {@code t1 < t2}.
     *
     * <p>The plausible amount is {@code maxRatePerHour × elapsed hours}. A rise above it is SUSPECT. A drop is a
     * ROLLOVER when wrapping past {@code rollover} gives a plausible amount (preferred: a wrap is the normal
     * life of a register), else a RESET when the new value itself is a plausible amount counted from zero,
     * else NEGATIVE.
     *
     * @param rollover register wrap value, 0 when the register never wraps
     */
    public static CounterStep classify(long t1, double v1, long t2, double v2, double rollover, double maxRatePerHour) {
        double plausible = maxRatePerHour * (t2 - t1) / 3_600_000.0;
        if (v2 >= v1) {
            double delta = v2 - v1;
            return delta <= plausible
                    ? new CounterStep(StepKind.NORMAL, delta)
                    : new CounterStep(StepKind.SUSPECT, delta);
        }
        if (rollover > 0 && v1 < rollover) {
            double wrapped = rollover - v1 + v2;
            if (wrapped <= plausible) return new CounterStep(StepKind.ROLLOVER, wrapped);
        }
        if (v2 <= plausible) return new CounterStep(StepKind.RESET, v2);
        return new CounterStep(StepKind.NEGATIVE, 0);
    }
}
