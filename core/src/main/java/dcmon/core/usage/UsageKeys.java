package dcmon.core.usage;

import dcmon.core.calendar.Period;

/**
 * Packs (period, start) into one long for map-state keys. Period starts are whole quarter hours, so the two
 * low bits are free for the period.
 */
public final class UsageKeys {
    private UsageKeys() {}

    private static final Period[] PERIODS = Period.values();

    public static long key(Period period, long start) {
        return start * 4 + period.ordinal();
    }

    public static Period period(long key) {
        return PERIODS[(int) Math.floorMod(key, 4L)];
    }

    public static long start(long key) {
        return Math.floorDiv(key, 4L);
    }
}
