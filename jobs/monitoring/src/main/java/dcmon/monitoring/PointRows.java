package dcmon.monitoring;

import dcmon.core.calendar.Period;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.convert.EnergyConversion;
import dcmon.core.convert.FootprintBuffer;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Point;
import dcmon.core.series.PointSeries;
import dcmon.influx.SeriesPoint;
import java.util.List;

/** A point's usage rows, with their gross footprint at the conversion tables of one registry version. */
final class PointRows {
    private final EnergyConversion conversion;
    /** The gross footprint of the row being built. */
    private final FootprintBuffer rowFootprint = new FootprintBuffer();

    PointRows(EnergyConversion conversion) {
        this.conversion = conversion;
    }

    /** Quarter-hour rows of the buckets a message changed of a point. */
    void quarters(Enterprise e, TouchedPoint t, List<SeriesPoint> out) {
        BucketStarts buckets = t.buckets;
        for (int i = 0; i < buckets.size(); i++) {
            long b = buckets.get(i);
            PointSeries s = t.series;
            out.add(row(
                    e, t.point, Period.QUARTER, b, s.quarter(b), ShanghaiCalendar.year(b), s.quarterIsEstimated(b)));
        }
    }

    /** Day, month and year rows of a point for the given (ascending) day starts. */
    void rollups(Enterprise e, Point p, PointSeries s, long[] days, List<SeriesPoint> out) {
        long lastMonth = Long.MIN_VALUE, lastYear = Long.MIN_VALUE;
        for (long day : days) {
            int year = ShanghaiCalendar.year(day);
            out.add(row(e, p, Period.DAY, day, s.day(day), year, s.dayIsEstimated(day)));
            long month = ShanghaiCalendar.monthStart(day);
            if (month != lastMonth) {
                lastMonth = month;
                out.add(row(e, p, Period.MONTH, month, s.month(month), year, s.monthIsEstimated(month)));
            }
            long yearStart = ShanghaiCalendar.yearStart(day);
            if (yearStart != lastYear) {
                lastYear = yearStart;
                out.add(row(e, p, Period.YEAR, yearStart, s.year(yearStart), year, s.yearIsEstimated(yearStart)));
            }
        }
    }

    /** A point's usage row: its amount over the period, with the gross footprint at the factors of {@code year}. */
    private SeriesPoint row(
            Enterprise e, Point p, Period period, long start, double amount, int year, boolean estimated) {
        conversion.gross(p, amount, year, rowFootprint);
        FootprintBuffer f = rowFootprint;
        return UsagePoints.pointUsage(e.code(), p, period, start, amount, f.tce, f.tco2, estimated);
    }
}
