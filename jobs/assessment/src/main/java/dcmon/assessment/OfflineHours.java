package dcmon.assessment;

import dcmon.influx.InfluxQuery;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Hours a gateway was down within a time range, from its {@code gateway_status} rows (docs/design.md, *InfluxDB
 * schema*): down while a row says {@code connection = offline} or {@code silent}, up from the next row that says
 * neither. The job writes a row when it notices a change, so an outage starts at the time the row names rather than
 * the row's own: {@code connection_since} for an offline status (when the gateway went), {@code last_data} for
 * silence (the job flags it only after the offline threshold); never before the gateway's previous row.
 */
final class OfflineHours {
    private static final double HOUR_MS = 3_600_000.0;

    private OfflineHours() {}

    /**
     * @param before the gateway's last row before {@code from}, or null
     * @param rows   its rows from {@code from} to {@code to}, oldest first
     * @return hours down within [from, to), or null when there is no row at all
     */
    static Double hours(Map<String, Object> before, List<Map<String, Object>> rows, long from, long to) {
        if (before == null && rows.isEmpty()) return null;
        long down = 0;
        Long downSince = before != null && isDown(before) ? from : null;
        long previous = before == null ? Long.MIN_VALUE : time(before);
        for (Map<String, Object> row : rows) {
            long t = time(row);
            if (t >= to) break;
            if (isDown(row)) {
                if (downSince == null) downSince = Math.max(Math.max(start(row, t), previous), from);
            } else if (downSince != null) {
                down += Math.max(0, Math.min(t, to) - downSince);
                downSince = null;
            }
            previous = t;
        }
        if (downSince != null) down += Math.max(0, to - downSince);
        return down / HOUR_MS;
    }

    static boolean isDown(Map<String, Object> row) {
        return "offline".equals(row.get("connection")) || Boolean.TRUE.equals(row.get("silent"));
    }

    /** When the outage a down row reports began, by the row's own account; never after the row. */
    private static long start(Map<String, Object> row, long rowTime) {
        Object since = "offline".equals(row.get("connection")) ? row.get("connection_since") : row.get("last_data");
        if (since == null) return rowTime;
        try {
            return Math.min(
                    rowTime, OffsetDateTime.parse(since.toString()).toInstant().toEpochMilli());
        } catch (DateTimeParseException e) {
            return rowTime;
        }
    }

    private static long time(Map<String, Object> row) {
        return ((Number) row.get(InfluxQuery.TIME)).longValue();
    }
}
