package dcmon.core.calendar;

/** Aggregation periods, tagged {@code period} in InfluxDB. Every period starts in Asia/Shanghai. */
public enum Period {
    QUARTER("15m"),
    DAY("day"),
    MONTH("month"),
    YEAR("year");

    private final String tag;

    Period(String tag) {
        this.tag = tag;
    }

    /** Value of the InfluxDB {@code period} tag. */
    public String tag() {
        return tag;
    }

    /** Start of this period containing {@code ts}. */
    public long start(long ts) {
        return switch (this) {
            case QUARTER -> ShanghaiCalendar.quarterStart(ts);
            case DAY -> ShanghaiCalendar.dayStart(ts);
            case MONTH -> ShanghaiCalendar.monthStart(ts);
            case YEAR -> ShanghaiCalendar.yearStart(ts);
        };
    }
}
