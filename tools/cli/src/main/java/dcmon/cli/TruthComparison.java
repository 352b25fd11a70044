package dcmon.cli;

import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.registry.Enterprise;
import dcmon.influx.InfluxQuery;
import dcmon.monitoring.RegistryProvider;
import dcmon.simulator.GroundTruth;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What InfluxDB holds against the simulator's ground truth: enterprise day and month totals (tce on both bases,
 * policy tce, tCO₂, product outputs), point day amounts and the city, tier and province day roll-ups, in both
 * directions. Used by the end-to-end tests and by {@code ./dcmon chaos}.
 */
public final class TruthComparison {
    /** Relative error allowed between InfluxDB and the ground truth (plus a tiny floor for zeros). */
    public static final double RELATIVE_ERROR = 1e-9;

    /**
     * One value that differs. {@code want} is null for a row InfluxDB has but the truth does not, {@code got} for a
     * row or field InfluxDB lacks.
     */
    public record Difference(String what, Double want, Double got) {
        /** Less than expected, or missing: something was lost (or has not arrived yet). */
        public boolean low() {
            return want != null && (got == null || got < want);
        }

        /** More than expected, or not expected at all: something counted twice. */
        public boolean high() {
            return got != null && (want == null || got > want);
        }

        @Override
        public String toString() {
            if (want == null) return what + ": in InfluxDB but not expected";
            if (got == null) return what + ": missing in InfluxDB (want " + want + ")";
            return what + ": got " + got + ", want " + want;
        }
    }

    private final String influxUrl;
    private final String database;
    private final RegistryProvider.Snapshot registry;

    /** @param registry the registry the job runs on, for each enterprise's city and tier */
    public TruthComparison(String influxUrl, String database, RegistryProvider.Snapshot registry) {
        this.influxUrl = influxUrl;
        this.database = database;
        this.registry = registry;
    }

    /** Every difference between InfluxDB and {@code truth}; empty when the results are exact. */
    public List<Difference> differences(GroundTruth truth) {
        List<Difference> out = new ArrayList<>();
        try (InfluxQuery influx = InfluxQuery.connect(influxUrl, database)) {
            Map<String, Map<String, Object>> days = rows(
                    influx,
                    "SELECT * FROM enterprise_usage WHERE period = 'day' GROUP BY enterprise",
                    "enterprise",
                    null);
            Map<String, Map<String, Object>> months = rows(
                    influx,
                    "SELECT * FROM enterprise_usage WHERE period = 'month' GROUP BY enterprise",
                    "enterprise",
                    null);
            Map<String, Map<String, Object>> points = rows(
                    influx,
                    "SELECT amount FROM point_usage WHERE period = 'day' GROUP BY enterprise, point",
                    "enterprise",
                    "point");
            Map<String, GroundTruth.Totals> wantDays = new TreeMap<>();
            Map<String, GroundTruth.Totals> wantMonths = new TreeMap<>();
            Map<String, Double> wantPoints = new TreeMap<>();
            truth.enterprises().forEach((code, e) -> {
                e.days().forEach((d, t) -> wantDays.put(code + " " + d, t));
                e.months().forEach((m, t) -> wantMonths.put(code + " " + m, t));
                e.points().forEach((p, byDay) -> byDay.forEach((d, v) -> wantPoints.put(code + " " + p + " " + d, v)));
            });
            compareTotals("day", wantDays, days, out);
            compareTotals("month", wantMonths, months, out);
            wantPoints.forEach((key, want) -> {
                Map<String, Object> row = points.get(key);
                if (row == null) out.add(new Difference("point day " + key, want, null));
                else check("point day " + key + " amount", want, row.get("amount"), out);
            });
            for (String key : points.keySet())
                if (!wantPoints.containsKey(key)) out.add(new Difference("point day " + key, null, 0.0));
            compareRegions(
                    truth,
                    rows(
                            influx,
                            "SELECT * FROM region_usage WHERE period = 'day' GROUP BY level, region",
                            "level",
                            "region"),
                    out);
        }
        return out;
    }

    /** City, tier and province day totals are the sums of their enterprises' expected day totals. */
    private void compareRegions(GroundTruth truth, Map<String, Map<String, Object>> got, List<Difference> out) {
        Map<String, double[]> want = new TreeMap<>();
        truth.enterprises().forEach((code, e) -> {
            Enterprise ent = registry.registry().enterprise(code);
            String[] regions = {
                "city " + ent.city(),
                "tier " + ent.tier().code(),
                "province " + registry.reference().province()
            };
            e.days().forEach((d, t) -> {
                for (String r : regions) {
                    double[] sum = want.computeIfAbsent(r + " " + d, k -> new double[4]);
                    sum[0] += t.tce();
                    sum[1] += t.tceEqualValue();
                    sum[2] += t.tcePolicy();
                    sum[3] += t.tco2();
                }
            });
        });
        want.forEach((key, sum) -> {
            Map<String, Object> row = got.get(key);
            if (row == null) {
                out.add(new Difference("region day " + key, sum[0], null));
                return;
            }
            check("region day " + key + " tce", sum[0], row.get("tce"), out);
            check("region day " + key + " tce_equal_value", sum[1], row.get("tce_equal_value"), out);
            check("region day " + key + " tce_policy", sum[2], row.get("tce_policy"), out);
            check("region day " + key + " tco2", sum[3], row.get("tco2"), out);
        });
        for (String key : got.keySet())
            if (!want.containsKey(key)) out.add(new Difference("region day " + key, null, 0.0));
    }

    private static void compareTotals(
            String period,
            Map<String, GroundTruth.Totals> want,
            Map<String, Map<String, Object>> got,
            List<Difference> out) {
        want.forEach((key, t) -> {
            Map<String, Object> row = got.get(key);
            if (row == null) {
                out.add(new Difference(period + " " + key, t.tce(), null));
                return;
            }
            check(period + " " + key + " tce", t.tce(), row.get("tce"), out);
            check(period + " " + key + " tce_equal_value", t.tceEqualValue(), row.get("tce_equal_value"), out);
            check(period + " " + key + " tce_policy", t.tcePolicy(), row.get("tce_policy"), out);
            check(period + " " + key + " tco2", t.tco2(), row.get("tco2"), out);
            t.outputs()
                    .forEach((product, amount) -> check(
                            period + " " + key + " output_" + product, amount, row.get("output_" + product), out));
        });
        for (String key : got.keySet())
            if (!want.containsKey(key)) out.add(new Difference(period + " " + key, null, 0.0));
    }

    private static void check(String what, double want, Object got, List<Difference> out) {
        if (!(got instanceof Number n)) {
            out.add(new Difference(what, want, null));
            return;
        }
        double g = n.doubleValue();
        if (Math.abs(g - want) > RELATIVE_ERROR * Math.max(Math.abs(g), Math.abs(want)) + 1e-12) {
            out.add(new Difference(what, want, g));
        }
    }

    /** Rows keyed by "tag1 [tag2 ]date-or-month" where the time is the period's start in Shanghai. */
    private static Map<String, Map<String, Object>> rows(InfluxQuery influx, String q, String tag1, String tag2) {
        Map<String, Map<String, Object>> out = new HashMap<>();
        boolean month = q.contains("'month'");
        for (Map<String, Object> row : influx.query(q)) {
            long t = ((Number) row.get(InfluxQuery.TIME)).longValue();
            LocalDate date = ShanghaiCalendar.date(t);
            String when = month ? YearMonth.from(date).toString() : date.toString();
            out.put(row.get(tag1) + (tag2 == null ? "" : " " + row.get(tag2)) + " " + when, row);
        }
        return out;
    }
}
