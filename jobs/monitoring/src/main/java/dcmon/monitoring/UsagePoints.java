package dcmon.monitoring;

import dcmon.core.calendar.Period;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Point;
import dcmon.core.usage.UsageTotals;
import dcmon.influx.InfluxSchema.Measurements;
import dcmon.influx.InfluxSchema.Tags;
import dcmon.influx.SeriesPoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the InfluxDB points (docs/design.md, *InfluxDB schema*) from absolute values. Every point is stamped with the start of its
 * period in Asia/Shanghai, so a re-write of the same series overwrites (idempotent upsert).
 */
public final class UsagePoints {
    private UsagePoints() {}

    public static final String LEVEL_CITY = "city";
    public static final String LEVEL_TIER = "tier";
    public static final String LEVEL_PROVINCE = "province";
    /** Of a delta only: the enterprise's own day and month changes, addressed to its progress. */
    public static final String LEVEL_ENTERPRISE = "enterprise";

    /**
     * One per reading at least: built from its values alone, its names checked once. Declared in name order, so
     * a row takes the arrays {@link #pointUsage} makes for it.
     */
    private static final SeriesPoint.Shape POINT_USAGE = SeriesPoint.Shape.of(
            Measurements.POINT_USAGE,
            List.of(Tags.ENERGY, Tags.ENTERPRISE, Tags.PERIOD, Tags.POINT),
            List.of("amount", "estimated", "tce", "tco2"));

    /** A point's row; {@code tce} and {@code tco2} are the gross footprint of {@code amount} ({@code EnergyConversion.gross}). */
    public static SeriesPoint pointUsage(
            String enterprise,
            Point p,
            Period period,
            long start,
            double amount,
            double tce,
            double tco2,
            boolean estimated) {
        return POINT_USAGE.point(
                start,
                new String[] {p.energy() != null ? p.energy() : p.role().code(), enterprise, period.tag(), p.id()},
                new Object[] {amount, estimated, tce, tco2});
    }

    /** Tags of an enterprise's and a region's rows, in the order their values are given. */
    private static final List<String> ENTERPRISE_TAGS =
            List.of(Tags.ENTERPRISE, Tags.CITY, Tags.TIER, Tags.INDUSTRY, Tags.PERIOD);

    private static final List<String> REGION_TAGS = List.of(Tags.LEVEL, Tags.REGION, Tags.PERIOD);
    /** The fields every totals row has, before one {@code output_<product>} per product it holds. */
    private static final List<String> TOTALS_FIELDS =
            List.of("tce", "tce_equal_value", "tce_policy", "tco2", "estimated");

    /**
     * Shapes of the totals rows by measurement and products, made once per combination: an enterprise row is written for
     * four periods with every message, and building each by name (sorting its tags and fields) was a sixth of the
     * enterprise task at one reading per message. Few combinations exist: a unit reports the few products it makes.
     */
    private static final Map<TotalsShapeKey, SeriesPoint.Shape> TOTALS_SHAPES = new ConcurrentHashMap<>();

    private record TotalsShapeKey(String measurement, List<String> products) {}

    public static SeriesPoint enterpriseUsage(Enterprise e, Period period, long start, UsageTotals t) {
        return totalsShape(Measurements.ENTERPRISE_USAGE, ENTERPRISE_TAGS, t.products)
                .point(
                        start,
                        new String[] {e.code(), e.city(), e.tier().code(), e.industry(), period.tag()},
                        totals(t));
    }

    public static SeriesPoint regionUsage(String level, String region, Period period, long start, UsageTotals t) {
        return totalsShape(Measurements.REGION_USAGE, REGION_TAGS, t.products)
                .point(start, new String[] {level, region, period.tag()}, totals(t));
    }

    private static SeriesPoint.Shape totalsShape(String measurement, List<String> tags, String[] products) {
        // looked up by a view of the products, stored under a copy: the totals' array is theirs
        SeriesPoint.Shape shape = TOTALS_SHAPES.get(new TotalsShapeKey(measurement, Arrays.asList(products)));
        if (shape != null) return shape;
        List<String> fields = new ArrayList<>(TOTALS_FIELDS);
        for (String product : products) fields.add("output_" + product);
        return TOTALS_SHAPES.computeIfAbsent(
                new TotalsShapeKey(measurement, List.of(products)),
                k -> SeriesPoint.Shape.of(measurement, tags, fields));
    }

    /** The values of {@link #TOTALS_FIELDS} and then each product's output, as {@link #totalsShape} declares them. */
    private static Object[] totals(UsageTotals t) {
        Object[] values = new Object[TOTALS_FIELDS.size() + t.products.length];
        values[0] = t.tce;
        values[1] = t.tceEqualValue;
        values[2] = t.tcePolicy;
        values[3] = t.tco2;
        values[4] = t.isEstimated();
        for (int i = 0; i < t.products.length; i++) values[5 + i] = t.outputs[i];
        return values;
    }
}
