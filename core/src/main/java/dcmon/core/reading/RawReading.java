package dcmon.core.reading;

/**
 * One entry of a payload's {@code readings} array, before validation.
 *
 * @param point   point id, null when absent or not a string
 * @param ts      epoch millis, {@link Long#MIN_VALUE} when absent, unparseable or without offset
 * @param value   the value, NaN when absent or not a number
 * @param quality optional quality flag (e.g. "manual"), null when absent
 */
public record RawReading(String point, long ts, double value, String quality) {
    public static final long NO_TS = Long.MIN_VALUE;

    public boolean hasTs() {
        return ts != NO_TS;
    }
}
