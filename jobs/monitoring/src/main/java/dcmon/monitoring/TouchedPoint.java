package dcmon.monitoring;

import dcmon.core.convert.EnergyConversion;
import dcmon.core.registry.Point;
import dcmon.core.series.PointSeries;
import dcmon.core.usage.PeriodTotals;

/**
 * A point a message changed: its spec, its series (read from state once) and the quarter-hour buckets changed.
 * State is read and written under the registry's own id string rather than the message's copy: its hash is
 * computed once, and keys put that way compare by identity.
 */
final class TouchedPoint implements PointSeries.BucketChanges {
    final Point point;
    /** The recent part, or the whole series once a reading needed the older part. */
    PointSeries series;
    /** Where the whole series is split again on writing; {@link Long#MIN_VALUE} while it is the recent part alone. */
    long olderSplitAt = Long.MIN_VALUE;
    /** Whether the older part was looked for (there may be none). */
    boolean olderRead;
    /** Where the bucket changes go, converted: the enterprise's totals changed by this message. */
    private final PeriodTotals deltas;

    private final EnergyConversion conversion;
    final BucketStarts buckets = new BucketStarts();
    boolean accepted;

    TouchedPoint(Point point, PointSeries series, PeriodTotals deltas, EnergyConversion conversion) {
        this.point = point;
        this.series = series;
        this.deltas = deltas;
        this.conversion = conversion;
    }

    @Override
    public void change(long bucket, double amountDelta, int estimatedDelta) {
        buckets.add(bucket);
        deltas.addBucketShare(conversion, point, bucket, amountDelta, estimatedDelta);
    }
}
