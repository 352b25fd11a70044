package dcmon.monitoring;

import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.progress.ProductProgress;
import dcmon.core.progress.Progress;
import dcmon.core.registry.Enterprise;
import dcmon.influx.InfluxSchema.Measurements;
import dcmon.influx.InfluxSchema.Tags;
import dcmon.influx.SeriesPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The InfluxDB rows of a progress: one for the subject and one per product (tag {@code product}), stamped with the
 * start of the Shanghai day of the evaluation, so that each day keeps the last progress computed in it.
 */
final class ProgressRows {
    private ProgressRows() {}

    static final String YEAR = "year";
    static final String PRODUCT = "product";

    static List<SeriesPoint> enterprise(Progress p, Enterprise e) {
        SeriesPoint.Builder b = SeriesPoint.builder(Measurements.ENTERPRISE_PROGRESS)
                .tag(Tags.ENTERPRISE, e.code())
                .tag(Tags.CITY, e.city())
                .tag(Tags.INDUSTRY, e.industry());
        if (e.tier() != null) b.tag(Tags.TIER, e.tier().code());
        return rows(p, b, Measurements.ENTERPRISE_PROGRESS, Map.of(Tags.ENTERPRISE, e.code()));
    }

    static List<SeriesPoint> region(Progress p) {
        Map<String, String> tags = Map.of(
                Tags.LEVEL, p.subject().level().code(), Tags.REGION, p.subject().code());
        return rows(
                p, SeriesPoint.builder(Measurements.REGION_PROGRESS).tags(tags), Measurements.REGION_PROGRESS, tags);
    }

    private static List<SeriesPoint> rows(
            Progress p, SeriesPoint.Builder subject, String measurement, Map<String, String> productTags) {
        long day = ShanghaiCalendar.dayStart(p.at());
        String year = String.valueOf(p.year());
        List<SeriesPoint> out = new ArrayList<>(1 + p.products().size());
        out.add(finite(subject.tag(YEAR, year), p.fields()).timeMillis(day).build());
        for (ProductProgress pp : p.products()) {
            SeriesPoint.Builder b = SeriesPoint.builder(measurement)
                    .tags(productTags)
                    .tag(YEAR, year)
                    .tag(PRODUCT, pp.product());
            out.add(finite(b, pp.fields()).timeMillis(day).build());
        }
        return out;
    }

    /** InfluxDB refuses NaN and infinities; a figure that is not finite is left out like an empty one. */
    private static SeriesPoint.Builder finite(SeriesPoint.Builder b, Map<String, Object> fields) {
        fields.forEach((k, v) -> {
            if (v instanceof Double d && !Double.isFinite(d)) return;
            b.field(k, v);
        });
        return b;
    }
}
