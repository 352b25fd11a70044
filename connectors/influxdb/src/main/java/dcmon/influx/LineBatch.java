package dcmon.influx;

/**
 * One write request: line protocol with millisecond times, for a database and retention policy.
 *
 * @param retentionPolicy null for the database's default
 * @param points how many lines
 * @param lines the points, one per line ({@link LineProtocol})
 */
public record LineBatch(String database, String retentionPolicy, int points, String lines) {}
