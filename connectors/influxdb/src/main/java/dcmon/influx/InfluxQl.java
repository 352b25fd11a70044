package dcmon.influx;

import org.influxdb.InfluxDBException;
import org.influxdb.dto.QueryResult;

/** Quoting and error checks for InfluxQL text. */
final class InfluxQl {

    private InfluxQl() {}

    /** A double-quoted identifier, safe for any measurement, tag, field or database name. */
    static String identifier(String name) {
        return '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** Throws if the query or one of its statements failed; InfluxDB reports those with HTTP 200. */
    static QueryResult requireNoError(QueryResult result, String query) {
        if (result.hasError()) {
            throw new InfluxDBException(result.getError() + " in: " + query);
        }
        if (result.getResults() != null) {
            for (QueryResult.Result statement : result.getResults()) {
                if (statement.hasError()) {
                    throw new InfluxDBException(statement.getError() + " in: " + query);
                }
            }
        }
        return result;
    }
}
