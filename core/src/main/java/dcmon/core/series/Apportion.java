package dcmon.core.series;

import dcmon.core.calendar.ShanghaiCalendar;

/**
 * Linear apportionment of an amount over the 15-minute buckets an interval overlaps (docs/design.md, *Buckets
 * and gaps*). An interval that overlaps more than one bucket is an estimate of how the amount was spread.
 */
public final class Apportion {
    private Apportion() {}

    /** Receives one bucket's share. */
    @FunctionalInterface
    public interface BucketShare {
        void accept(long bucketStart, double amount, boolean estimated);
    }

    /**
     * Spreads {@code amount} over [t1, t2) in proportion to time. The last bucket takes the remainder so the
     * shares add back to the amount.
     */
    public static void linear(long t1, long t2, double amount, BucketShare out) {
        if (t2 <= t1) throw new IllegalArgumentException("empty interval " + t1 + ".." + t2);
        long first = ShanghaiCalendar.quarterStart(t1);
        long last = ShanghaiCalendar.quarterStart(t2 - 1);
        if (first == last) {
            out.accept(first, amount, false);
            return;
        }
        double span = t2 - t1;
        double given = 0;
        for (long b = first; b < last; b += ShanghaiCalendar.QUARTER_MS) {
            long overlap = Math.min(t2, b + ShanghaiCalendar.QUARTER_MS) - Math.max(t1, b);
            double share = amount * (overlap / span);
            given += share;
            out.accept(b, share, true);
        }
        out.accept(last, amount - given, true);
    }
}
