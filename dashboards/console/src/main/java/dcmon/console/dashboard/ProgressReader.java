package dcmon.console.dashboard;

import dcmon.influx.InfluxQuery;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reads what the monitoring job writes to InfluxDB for the dashboards: the latest progress row per unit or region
 * and year ({@code enterprise_progress}, {@code region_progress}), product rows, and day and month totals
 * ({@code enterprise_usage}, {@code region_usage}). Filters are bound parameters, never spliced into the query.
 *
 * <p>Rows are maps: {@code time} (epoch millis, the start of the Shanghai day of the evaluation), the tags, then
 * the fields. A tag a row does not have is absent.
 */
public final class ProgressReader implements AutoCloseable {
    public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    public static final String ENTERPRISE_PROGRESS = "enterprise_progress";
    public static final String REGION_PROGRESS = "region_progress";
    public static final String ENTERPRISE_USAGE = "enterprise_usage";
    public static final String REGION_USAGE = "region_usage";
    public static final String GATEWAY_STATUS = "gateway_status";
    public static final String POINT_USAGE = "point_usage";
    public static final String DATA_QUALITY = "data_quality";

    private final InfluxQuery influx;

    public ProgressReader(InfluxQuery influx) {
        this.influx = influx;
    }

    public static ProgressReader connect(String url, String database) {
        return new ProgressReader(InfluxQuery.connect(url, database));
    }

    /** The latest unit rows (not product rows) of a year matching the tag filters, one per enterprise. */
    public List<Map<String, Object>> latestEnterprises(String year, Map<String, String> tags) {
        return latest(ENTERPRISE_PROGRESS, year, tags, false, row -> tag(row, "enterprise"));
    }

    /** The latest region rows of a year matching the tag filters ({@code level}, {@code region}), one per region. */
    public List<Map<String, Object>> latestRegions(String year, Map<String, String> tags) {
        return latest(REGION_PROGRESS, year, tags, false, row -> tag(row, "level") + ":" + tag(row, "region"));
    }

    /** The latest product rows of a unit, one per product. */
    public List<Map<String, Object>> enterpriseProducts(String year, String enterprise) {
        return latest(ENTERPRISE_PROGRESS, year, Map.of("enterprise", enterprise), true, row -> tag(row, "product"));
    }

    /** The latest product rows of a region, one per product. */
    public List<Map<String, Object>> regionProducts(String year, String level, String region) {
        return latest(
                REGION_PROGRESS, year, Map.of("level", level, "region", region), true, row -> tag(row, "product"));
    }

    /** Whether usage rows exist for the unit, and the city they were written with (the latest). */
    public Optional<String> usageCity(String enterprise) {
        List<Map<String, Object>> rows = influx.query(
                "SELECT last(\"tce\") AS tce FROM \"" + ENTERPRISE_USAGE + "\" WHERE \"enterprise\" = $enterprise"
                        + " GROUP BY \"city\"",
                Map.of("enterprise", enterprise));
        return rows.stream()
                .max(Comparator.comparingLong(r -> ((Number) r.get(InfluxQuery.TIME)).longValue()))
                .map(r -> tag(r, "city"));
    }

    /** The latest {@code gateway_status} row of each of a unit's gateways, by gateway. */
    public List<Map<String, Object>> gatewayStatus(String enterprise) {
        List<Map<String, Object>> rows = influx.query(
                "SELECT * FROM " + quote(GATEWAY_STATUS) + " WHERE \"enterprise\" = $enterprise"
                        + " GROUP BY * ORDER BY time DESC LIMIT 1",
                Map.of("enterprise", enterprise));
        Map<String, Map<String, Object>> latest = new TreeMap<>();
        for (Map<String, Object> row : rows) {
            row.values().removeIf(v -> v instanceof String s && s.isEmpty());
            latest.merge(tag(row, "gateway"), row, (a, b) -> time(b) > time(a) ? b : a);
        }
        return new ArrayList<>(latest.values());
    }

    /**
     * Each point's latest quarter-hour {@code point_usage} row ({@code time}, {@code point}, {@code energy},
     * {@code amount}), with {@code readings} (quarter hours with a row) and {@code amount_sum} since {@code since}.
     */
    public List<Map<String, Object>> points(String enterprise, Instant since) {
        Map<String, Object> parameters = Map.of("enterprise", enterprise, "period", "15m");
        String where = " FROM " + quote(POINT_USAGE) + " WHERE \"enterprise\" = $enterprise AND \"period\" = $period";
        Map<String, Map<String, Object>> byPoint = new TreeMap<>();
        for (Map<String, Object> row : influx.query(
                "SELECT last(\"amount\") AS amount" + where + " GROUP BY \"point\", \"energy\"", parameters)) {
            row.values().removeIf(v -> v instanceof String s && s.isEmpty());
            byPoint.merge(tag(row, "point"), row, (a, b) -> time(b) > time(a) ? b : a);
        }
        for (Map<String, Object> row : influx.query(
                "SELECT count(\"amount\") AS readings, sum(\"amount\") AS amount_sum" + where + " AND time >= "
                        + since.toEpochMilli() + "ms GROUP BY \"point\"",
                parameters)) {
            Map<String, Object> point = byPoint.get(tag(row, "point"));
            if (point == null) continue;
            for (String field : List.of("readings", "amount_sum")) {
                if (row.get(field) instanceof Number n) point.merge(field, n, (a, b) -> b);
            }
        }
        return new ArrayList<>(byPoint.values());
    }

    /**
     * A unit's daily {@code data_quality} rows from {@code from} on (Shanghai days), by day and gateway:
     * {@code time}, {@code gateway} and the fields among {@code fields} the row has.
     */
    public List<Map<String, Object>> quality(String enterprise, LocalDate from, List<String> fields) {
        StringJoiner select = new StringJoiner(", ");
        for (String field : fields) select.add(quote(field));
        List<Map<String, Object>> rows = influx.query(
                "SELECT " + select + " FROM " + quote(DATA_QUALITY)
                        + " WHERE \"enterprise\" = $enterprise AND \"period\" = $period AND time >= "
                        + start(from).toEpochMilli() + "ms GROUP BY \"gateway\"",
                Map.of("enterprise", enterprise, "period", "day"));
        rows.sort(Comparator.comparingLong(ProgressReader::time).thenComparing(r -> tag(r, "gateway")));
        return rows;
    }

    /**
     * Day totals ({@code period = day}) from {@code from} to {@code to}, both included, summed over the series
     * matching the tags (a unit that changed city keeps one series per city).
     *
     * @return one map per day with data, by day: {@code date}, {@code tce}, {@code tce_policy}, {@code tco2}
     */
    public List<Map<String, Object>> days(String measurement, Map<String, String> tags, LocalDate from, LocalDate to) {
        return periods(measurement, tags, "day", from, to.plusDays(1));
    }

    /** Month totals ({@code period = month}) of a year, by month: {@code month} (YYYY-MM), {@code tce}, … */
    public List<Map<String, Object>> months(String measurement, Map<String, String> tags, int year) {
        List<Map<String, Object>> days =
                periods(measurement, tags, "month", LocalDate.of(year, 1, 1), LocalDate.of(year + 1, 1, 1));
        List<Map<String, Object>> months = new ArrayList<>();
        for (Map<String, Object> day : days) {
            Map<String, Object> month = new LinkedHashMap<>();
            month.put("month", day.get("date").toString().substring(0, 7));
            day.forEach((k, v) -> {
                if (!k.equals("date")) month.put(k, v);
            });
            months.add(month);
        }
        return months;
    }

    private List<Map<String, Object>> periods(
            String measurement, Map<String, String> tags, String period, LocalDate from, LocalDate toExclusive) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        Map<String, String> all = new TreeMap<>(tags);
        all.put("period", period);
        String where = where(all, parameters)
                + " AND time >= " + start(from).toEpochMilli() + "ms AND time < "
                + start(toExclusive).toEpochMilli() + "ms";
        List<Map<String, Object>> rows = influx.query(
                "SELECT \"tce\", \"tce_policy\", \"tco2\" FROM " + quote(measurement) + where + " GROUP BY *",
                parameters);
        TreeMap<Long, Map<String, Object>> byTime = new TreeMap<>();
        for (Map<String, Object> row : rows) {
            long time = ((Number) row.get(InfluxQuery.TIME)).longValue();
            Map<String, Object> sum = byTime.computeIfAbsent(time, t -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("date", Instant.ofEpochMilli(t).atZone(SHANGHAI).toLocalDate());
                return m;
            });
            for (String field : List.of("tce", "tce_policy", "tco2")) {
                if (row.get(field) instanceof Number n) {
                    sum.merge(field, n.doubleValue(), (a, b) -> ((Double) a) + ((Double) b));
                }
            }
        }
        return new ArrayList<>(byTime.values());
    }

    private List<Map<String, Object>> latest(
            String measurement,
            String year,
            Map<String, String> tags,
            boolean products,
            Function<Map<String, Object>, String> key) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        Map<String, String> all = new TreeMap<>(tags);
        all.put("year", year);
        String where = where(all, parameters) + (products ? " AND \"product\" =~ /./" : " AND \"product\" = ''");
        List<Map<String, Object>> rows = influx.query(
                "SELECT * FROM " + quote(measurement) + where + " GROUP BY * ORDER BY time DESC LIMIT 1", parameters);
        Map<String, Map<String, Object>> latest = new TreeMap<>();
        for (Map<String, Object> row : rows) {
            row.values().removeIf(v -> v instanceof String s && s.isEmpty());
            latest.merge(key.apply(row), row, (a, b) -> time(b) > time(a) ? b : a);
        }
        return new ArrayList<>(latest.values());
    }

    private static String where(Map<String, String> tags, Map<String, Object> parameters) {
        StringJoiner where = new StringJoiner(" AND ", " WHERE ", "");
        tags.forEach((tag, value) -> {
            String parameter = "p" + parameters.size();
            where.add(quote(tag) + " = $" + parameter);
            parameters.put(parameter, value);
        });
        return where.toString();
    }

    private static long time(Map<String, Object> row) {
        return ((Number) row.get(InfluxQuery.TIME)).longValue();
    }

    static String tag(Map<String, Object> row, String name) {
        Object value = row.get(name);
        return value == null ? "" : value.toString();
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(SHANGHAI).toInstant();
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** Whether InfluxDB answers a query on the database (for the health endpoint). */
    public boolean reachable() {
        try {
            influx.query("SHOW MEASUREMENTS LIMIT 1");
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        influx.close();
    }
}
