package dcmon.simulator;

import java.util.Locale;

/** How the simulator follows time. */
public enum Mode {
    /** publish the window [from, to] as fast as allowed, then finish */
    HISTORY,
    /** catch up from {@code from} to now, then publish each tick when it is due, until stopped (or {@code to}) */
    LIVE;

    public static Mode parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mode must be history or live, not '" + s + "'", e);
        }
    }
}
