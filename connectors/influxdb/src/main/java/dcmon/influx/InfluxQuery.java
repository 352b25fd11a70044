package dcmon.influx;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/**
 * The InfluxQL read side shared by dashboards, exports and tests: rows as maps, and per-tag totals.
 *
 * <p>Times come back as epoch milliseconds ({@link Long}); numbers as {@link Double}, because the v1
 * JSON answer does not tell integer fields from float fields.
 */
public final class InfluxQuery implements AutoCloseable {

    /** Column holding the point's time in every row. */
    public static final String TIME = "time";

    private static final Duration TIMEOUT = InfluxSinkOptions.DEFAULT_REQUEST_TIMEOUT;

    private final InfluxDB influxDb;
    private final String database;

    private InfluxQuery(InfluxDB influxDb, String database) {
        this.influxDb = influxDb;
        this.database = database;
    }

    public static InfluxQuery connect(String url, String database) {
        return connect(url, database, null, null);
    }

    /** With {@code username} and {@code password} both {@code null} when authentication is off. */
    public static InfluxQuery connect(String url, String database, String username, String password) {
        return new InfluxQuery(InfluxConnections.connect(url, username, password, TIMEOUT), database);
    }

    /** Reads what a sink with these options writes. */
    public static InfluxQuery connect(InfluxSinkOptions options) {
        return new InfluxQuery(
                InfluxConnections.connect(
                        options.url(), options.username(), options.password(), options.requestTimeout()),
                options.database());
    }

    /**
     * Runs InfluxQL and returns one map per row: {@value #TIME} first (epoch millis), then the tags of
     * a {@code GROUP BY}, then the selected columns in order. A column without a value in a row (a field
     * that point does not have) is left out of that row.
     */
    public List<Map<String, Object>> query(String influxQl) {
        return query(influxQl, Map.of());
    }

    /**
     * Runs InfluxQL (one or more statements) with bound parameters ({@code WHERE "city" = $city}), so
     * values need no quoting.
     *
     * @throws InfluxDBException when InfluxDB refuses the query or a statement fails; the message ends
     *     with the query
     */
    public List<Map<String, Object>> query(String influxQl, Map<String, ?> parameters) {
        // POST, which InfluxDB takes for reads and writes alike and which has no URL length limit
        Query query = new Query(influxQl, database, true);
        parameters.forEach(query::bindParameter);
        QueryResult result;
        try {
            result = influxDb.query(query, TimeUnit.MILLISECONDS);
        } catch (InfluxDBException e) {
            throw new InfluxDBException(e.getMessage() + " in: " + influxQl, e);
        }
        InfluxQl.requireNoError(result, influxQl);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (QueryResult.Result statement : result.getResults()) {
            if (statement.getSeries() == null) {
                continue;
            }
            for (QueryResult.Series series : statement.getSeries()) {
                addRows(series, rows);
            }
        }
        return rows;
    }

    /**
     * Sums one field over the points with {@code fromInclusive <= time < toExclusive} that match the tag
     * filters, per value of {@code groupTag}: e.g. day usage per city with
     * {@code sumByTag("enterprise_usage", "tce", "city", Map.of("period", "day"), dayStart, nextDayStart)}.
     *
     * @return sums by tag value, sorted by tag value; tag values without points are absent
     */
    public Map<String, Double> sumByTag(
            String measurement,
            String field,
            String groupTag,
            Map<String, String> tagFilters,
            Instant fromInclusive,
            Instant toExclusive) {
        String timeRange =
                "time >= " + fromInclusive.toEpochMilli() + "ms AND time < " + toExclusive.toEpochMilli() + "ms";
        return aggregateByTag("sum", measurement, field, groupTag, tagFilters, timeRange);
    }

    /**
     * The latest value of one field per value of {@code groupTag}, among points matching the tag
     * filters: e.g. year-to-date consumption per enterprise from {@code enterprise_progress}.
     *
     * @return latest values by tag value, sorted by tag value
     */
    public Map<String, Double> lastByTag(
            String measurement, String field, String groupTag, Map<String, String> tagFilters) {
        return aggregateByTag("last", measurement, field, groupTag, tagFilters, null);
    }

    @Override
    public void close() {
        influxDb.close();
    }

    private Map<String, Double> aggregateByTag(
            String function,
            String measurement,
            String field,
            String groupTag,
            Map<String, String> tagFilters,
            String timeCondition) {
        StringJoiner where = new StringJoiner(" AND ", " WHERE ", "").setEmptyValue("");
        Map<String, Object> parameters = new LinkedHashMap<>();
        new TreeMap<>(tagFilters).forEach((tag, value) -> {
            String parameter = "tag" + parameters.size();
            where.add(InfluxQl.identifier(tag) + " = $" + parameter);
            parameters.put(parameter, value);
        });
        if (timeCondition != null) {
            where.add(timeCondition);
        }
        String influxQl = "SELECT " + function + "(" + InfluxQl.identifier(field) + ") AS value FROM "
                + InfluxQl.identifier(measurement) + where + " GROUP BY " + InfluxQl.identifier(groupTag);
        Map<String, Double> byTag = new TreeMap<>();
        for (Map<String, Object> row : query(influxQl, parameters)) {
            if (row.get("value") instanceof Number value) {
                byTag.put(String.valueOf(row.get(groupTag)), value.doubleValue());
            }
        }
        return byTag;
    }

    private static void addRows(QueryResult.Series series, List<Map<String, Object>> rows) {
        List<String> columns = series.getColumns();
        if (series.getValues() == null) {
            return;
        }
        for (List<Object> values : series.getValues()) {
            Map<String, Object> row = new LinkedHashMap<>();
            int timeColumn = columns.indexOf(TIME);
            if (timeColumn >= 0) {
                row.put(TIME, epochMillis(values.get(timeColumn)));
            }
            if (series.getTags() != null) {
                row.putAll(new TreeMap<>(series.getTags()));
            }
            for (int column = 0; column < columns.size(); column++) {
                if (column != timeColumn && values.get(column) != null) {
                    row.put(columns.get(column), values.get(column));
                }
            }
            rows.add(row);
        }
    }

    private static Object epochMillis(Object time) {
        // asked for epoch=ms, so the JSON number is whole
        return time instanceof Number number ? (Object) number.longValue() : time;
    }
}
