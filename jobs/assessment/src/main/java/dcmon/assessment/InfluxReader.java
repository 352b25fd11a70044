package dcmon.assessment;

import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.influx.InfluxQuery;
import dcmon.influx.InfluxSchema.Measurements;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** Reads what an export of one month needs from the job's InfluxDB (docs/design.md, *InfluxDB schema*). */
public final class InfluxReader {

    /** Number of steps reported to the progress callback. */
    public static final int STEPS = 5;

    /** Number of steps of {@link #quality}. */
    public static final int QUALITY_STEPS = 1;

    private final InfluxQuery influx;

    public InfluxReader(InfluxQuery influx) {
        this.influx = influx;
    }

    /**
     * @param step called with a short description before each query
     */
    public MonthData read(YearMonth month, Consumer<String> step) {
        long yearStart = ShanghaiCalendar.startOf(month.atDay(1).withDayOfYear(1));
        long monthEnd = ShanghaiCalendar.startOf(month.plusMonths(1).atDay(1));
        String year = String.valueOf(month.getYear());
        String range = " AND time >= " + yearStart + "ms AND time < " + monthEnd + "ms";

        step.accept("enterprise month totals");
        Map<String, Map<Long, Map<String, Object>>> enterpriseMonths = byMonth(
                influx.query("SELECT * FROM \"" + Measurements.ENTERPRISE_USAGE + "\" WHERE \"period\" = 'month'"
                        + range + " GROUP BY \"enterprise\""),
                row -> str(row, "enterprise"));
        step.accept("region month totals");
        Map<String, Map<Long, Map<String, Object>>> regionMonths = byMonth(
                influx.query("SELECT * FROM \"" + Measurements.REGION_USAGE + "\" WHERE \"period\" = 'month'" + range
                        + " GROUP BY \"level\", \"region\""),
                row -> str(row, "level") + ":" + str(row, "region"));

        step.accept("enterprise progress");
        Map<String, Map<String, Object>> enterpriseProgress = latest(
                influx.query(
                        "SELECT * FROM \"" + Measurements.ENTERPRISE_PROGRESS + "\" WHERE \"year\" = $year" + range
                                + " GROUP BY \"enterprise\", \"product\" ORDER BY time DESC LIMIT 1",
                        Map.of("year", year)),
                row -> str(row, "enterprise"));
        step.accept("region progress");
        Map<String, Map<String, Object>> regionProgress = latest(
                influx.query(
                        "SELECT * FROM \"" + Measurements.REGION_PROGRESS + "\" WHERE \"year\" = $year" + range
                                + " GROUP BY \"level\", \"region\", \"product\" ORDER BY time DESC LIMIT 1",
                        Map.of("year", year)),
                row -> str(row, "level") + ":" + str(row, "region"));

        step.accept("alerts");
        List<Map<String, Object>> alerts = new ArrayList<>(
                influx.query("SELECT * FROM \"" + Measurements.ALERTS + "\" WHERE time < " + monthEnd + "ms"));
        alerts.sort(Comparator.comparingLong((Map<String, Object> r) -> (Long) r.get(InfluxQuery.TIME))
                .thenComparing(r -> str(r, "id"))
                .thenComparingDouble(r -> r.get("seq") instanceof Number n ? n.doubleValue() : 0));
        return new MonthData(enterpriseMonths, regionMonths, enterpriseProgress, regionProgress, alerts);
    }

    /**
     * The month's data quality per gateway: its {@code data_quality} day rows of the month summed, and its hours
     * offline from its {@code gateway_status} rows up to {@code until} (the month's end, or now while it runs).
     */
    public Quality quality(YearMonth month, long until) {
        long monthStart = ShanghaiCalendar.startOf(month.atDay(1));
        long end = Math.min(until, ShanghaiCalendar.startOf(month.plusMonths(1).atDay(1)));
        Map<String, long[]> sums = new TreeMap<>();
        Map<String, Map<String, Long>> reasons = new TreeMap<>();
        for (Map<String, Object> row : influx.query("SELECT * FROM \"" + Measurements.DATA_QUALITY
                + "\" WHERE \"period\" = 'day' AND time >= " + monthStart + "ms AND time < "
                + ShanghaiCalendar.startOf(month.plusMonths(1).atDay(1)) + "ms GROUP BY \"enterprise\", \"gateway\"")) {
            String key = str(row, "enterprise") + "/" + str(row, "gateway");
            long[] s = sums.computeIfAbsent(key, k -> new long[6]);
            s[0]++;
            s[1] += count(row, "expected");
            s[2] += count(row, "covered");
            s[3] += count(row, "received");
            s[4] += count(row, "rejected");
            s[5] += count(row, "rejected_messages");
            Map<String, Long> byReason = reasons.computeIfAbsent(key, k -> new TreeMap<>());
            row.forEach((field, value) -> {
                if (field.startsWith(REJECTED_PREFIX)
                        && !field.equals("rejected_messages")
                        && value instanceof Number n)
                    byReason.merge(field.substring(REJECTED_PREFIX.length()), n.longValue(), Long::sum);
            });
        }
        String status = "SELECT \"connection\", \"silent\", \"connection_since\", \"last_data\" FROM \""
                + Measurements.GATEWAY_STATUS + "\" WHERE ";
        Map<String, Map<String, Object>> before = new TreeMap<>();
        for (Map<String, Object> row : influx.query(status + "time < " + monthStart
                + "ms GROUP BY \"enterprise\", \"gateway\" ORDER BY time DESC LIMIT 1")) {
            before.put(str(row, "enterprise") + "/" + str(row, "gateway"), row);
        }
        Map<String, List<Map<String, Object>>> during = new TreeMap<>();
        for (Map<String, Object> row : influx.query(status + "time >= " + monthStart + "ms AND time < " + end
                + "ms GROUP BY \"enterprise\", \"gateway\"")) {
            during.computeIfAbsent(str(row, "enterprise") + "/" + str(row, "gateway"), k -> new ArrayList<>())
                    .add(row);
        }
        java.util.Set<String> keys = new java.util.TreeSet<>(sums.keySet());
        keys.addAll(before.keySet());
        keys.addAll(during.keySet());
        Map<String, Quality.GatewayQuality> gateways = new TreeMap<>();
        for (String key : keys) {
            long[] s = sums.getOrDefault(key, new long[6]);
            List<Map<String, Object>> rows = new ArrayList<>(during.getOrDefault(key, List.of()));
            rows.sort(Comparator.comparingLong(r -> (Long) r.get(InfluxQuery.TIME)));
            int slash = key.indexOf('/');
            gateways.put(
                    key,
                    new Quality.GatewayQuality(
                            key.substring(0, slash),
                            key.substring(slash + 1),
                            s[0],
                            s[1],
                            s[2],
                            s[3],
                            s[4],
                            s[5],
                            reasons.getOrDefault(key, Map.of()),
                            OfflineHours.hours(before.get(key), rows, monthStart, end)));
        }
        return new Quality(gateways);
    }

    private static final String REJECTED_PREFIX = "rejected_";

    private static long count(Map<String, Object> row, String field) {
        return row.get(field) instanceof Number n ? n.longValue() : 0;
    }

    /**
     * The year rows of every energy point of the year ({@code point_usage}, period {@code year}): amount and gross
     * tce by enterprise, point and energy, for the energy structure of the annual report's draft.
     */
    public List<Map<String, Object>> pointYears(int year) {
        long start = ShanghaiCalendar.startOf(java.time.LocalDate.of(year, 1, 1));
        long end = ShanghaiCalendar.startOf(java.time.LocalDate.of(year + 1, 1, 1));
        List<Map<String, Object>> rows = new ArrayList<>(influx.query("SELECT \"amount\", \"tce\" FROM \""
                + Measurements.POINT_USAGE + "\" WHERE \"period\" = 'year' AND time >= " + start + "ms AND time < "
                + end + "ms GROUP BY \"enterprise\", \"point\", \"energy\""));
        rows.sort(Comparator.comparing((Map<String, Object> r) -> String.valueOf(r.get("enterprise")))
                .thenComparing(r -> String.valueOf(r.get("point"))));
        return rows;
    }

    private static Map<String, Map<Long, Map<String, Object>>> byMonth(
            List<Map<String, Object>> rows, java.util.function.Function<Map<String, Object>, String> key) {
        Map<String, Map<Long, Map<String, Object>>> out = new TreeMap<>();
        for (Map<String, Object> row : rows) {
            out.computeIfAbsent(key.apply(row), k -> new TreeMap<>()).put((Long) row.get(InfluxQuery.TIME), row);
        }
        return out;
    }

    /** The latest row per subject, and per product under {@code subject/product}. */
    private static Map<String, Map<String, Object>> latest(
            List<Map<String, Object>> rows, java.util.function.Function<Map<String, Object>, String> key) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        for (Map<String, Object> row : rows) {
            String product = str(row, "product");
            String k = key.apply(row) + (product == null || product.isEmpty() ? "" : "/" + product);
            Map<String, Object> seen = out.get(k);
            if (seen == null || (Long) seen.get(InfluxQuery.TIME) < (Long) row.get(InfluxQuery.TIME)) out.put(k, row);
        }
        return out;
    }

    static String str(Map<String, Object> row, String key) {
        Object v = row.get(key);
        return v == null ? null : v.toString();
    }
}
