package dcmon.monitoring;

import dcmon.core.usage.UsageTotals;

/**
 * What a subject keeps of a month it closed (docs/design.md, *Month close*): the revision last sent and a hash of its
 * content, whether data for the month (or a month before it) arrived since, and for a unit the recent-rate window as
 * of the month's end, kept here because the progress history forgets those days before the month is final. A Flink
 * POJO.
 */
public final class ClosedMonth {
    public int revision;
    public long hash;
    public boolean dirty;
    /** The unit's totals of the 30 days before the month's last day and that day; null for a region. */
    public UsageTotals recent;
    /** The first of those days with data (epoch ms), {@code Long.MAX_VALUE} when none. */
    public long recentFirst = Long.MAX_VALUE;

    public ClosedMonth() {}
}
