package dcmon.monitoring;

import dcmon.core.calendar.Period;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Point;
import dcmon.core.usage.UsageTotals;
import dcmon.influx.InfluxSchema.Measurements;
import dcmon.influx.InfluxSchema.Tags;
import dcmon.influx.SeriesPoint;

import java.util.List;

/**
 * Builds the InfluxDB points of DESIGN §3 from absolute values. Every point is stamped with the start of its
 * period in Asia/Shanghai, so a re-write of the same series overwrites (idempotent upsert).
 */
public final class UsagePoints {
    private UsagePoints() {}

    public static final String LEVEL_CITY = "city";
    public static final String LEVEL_TIER = "tier";
    public static final String LEVEL_PROVINCE = "province";

    /**
     * One per reading at least: built from its values alone, its names checked once. Declared in name order, so
     * a row takes the arrays {@link #pointUsage} makes for it.
     */
    private static final SeriesPoint.Shape POINT_USAGE = SeriesPoint.Shape.of(Measurements.POINT_USAGE,
            List.of(Tags.ENERGY, Tags.ENTERPRISE, Tags.PERIOD, Tags.POINT), List.of("amount", "estimated", "tce", "tco2"));

    /** A point's row; {@code tce} and {@code tco2} are the gross footprint of {@code amount} ({@code EnergyConversion.gross}). */
    public static SeriesPoint pointUsage(String enterprise, Point p, Period period, long start, double amount,
                                         double tce, double tco2, boolean estimated) {
        return POINT_USAGE.point(start,
                new String[] {p.energy() != null ? p.energy() : p.role().code(), enterprise, period.tag(), p.id()},
                new Object[] {amount, estimated, tce, tco2});
    }

    public static SeriesPoint enterpriseUsage(Enterprise e, Period period, long start, UsageTotals t) {
        SeriesPoint.Builder b = SeriesPoint.builder(Measurements.ENTERPRISE_USAGE)
                .tag(Tags.ENTERPRISE, e.code())
                .tag(Tags.CITY, e.city())
                .tag(Tags.TIER, e.tier().code())
                .tag(Tags.INDUSTRY, e.industry())
                .tag(Tags.PERIOD, period.tag());
        return totals(b, t).timeMillis(start).build();
    }

    public static SeriesPoint regionUsage(String level, String region, Period period, long start, UsageTotals t) {
        SeriesPoint.Builder b = SeriesPoint.builder(Measurements.REGION_USAGE)
                .tag(Tags.LEVEL, level)
                .tag(Tags.REGION, region)
                .tag(Tags.PERIOD, period.tag());
        return totals(b, t).timeMillis(start).build();
    }

    private static SeriesPoint.Builder totals(SeriesPoint.Builder b, UsageTotals t) {
        b.field("tce", t.tce)
                .field("tce_equal_value", t.tceEqualValue)
                .field("tce_policy", t.tcePolicy)
                .field("tco2", t.tco2)
                .field("estimated", t.isEstimated());
        for (int i = 0; i < t.products.length; i++) b.field("output_" + t.products[i], t.outputs[i]);
        return b;
    }
}
