package dcmon.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.influx.InfluxQuery;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OfflineHoursTest {
    static final long HOUR = 3_600_000L;
    static final long MARCH = ShanghaiCalendar.startOf(LocalDate.of(2026, 3, 1));
    static final long APRIL = ShanghaiCalendar.startOf(LocalDate.of(2026, 4, 1));

    @Test
    void noRowsIsUnknownNotZero() {
        assertThat(OfflineHours.hours(null, List.of(), MARCH, APRIL)).isNull();
        assertThat(OfflineHours.hours(up(MARCH - HOUR), List.of(), MARCH, APRIL))
                .isEqualTo(0.0);
    }

    @Test
    void silenceCountsFromTheLastDataAndOfflineFromItsSince() {
        long day10 = MARCH + 9 * 24 * HOUR;
        List<Map<String, Object>> rows = List.of(
                // flagged silent at 02:00, an hour and a half after the last data
                silent(day10 + 2 * HOUR, "2026-03-10T00:30:00+08:00"),
                up(day10 + 2 * HOUR + HOUR / 2),
                // the Last Will arrives at 23:00 saying the gateway went at 22:00; still down at the month's end
                offline(APRIL - HOUR, "2026-03-31T22:00:00+08:00"));
        assertThat(OfflineHours.hours(up(MARCH - HOUR), rows, MARCH, APRIL)).isEqualTo(4.0);
        // a month not over: up to now
        assertThat(OfflineHours.hours(up(MARCH - HOUR), rows, MARCH, day10 + 3 * HOUR))
                .isEqualTo(2.0);
    }

    @Test
    void anOutageFromBeforeTheMonthCountsFromItsStart() {
        List<Map<String, Object>> rows = List.of(up(MARCH + 5 * HOUR));
        assertThat(OfflineHours.hours(offline(MARCH - 10 * HOUR, "2026-02-28T10:00:00+08:00"), rows, MARCH, APRIL))
                .isEqualTo(5.0);
    }

    @Test
    void anOutageNeverStartsBeforeTheGatewaysPreviousRow() {
        // a stale since (before the previous row) is cut at that row
        List<Map<String, Object>> rows = List.of(
                up(MARCH + 10 * HOUR), offline(MARCH + 12 * HOUR, "2026-03-01T01:00:00+08:00"), up(MARCH + 13 * HOUR));
        assertThat(OfflineHours.hours(null, rows, MARCH, APRIL)).isEqualTo(3.0);
        // a status changing from silent to offline is one outage
        rows = List.of(
                silent(MARCH + 2 * HOUR, "2026-03-01T01:00:00+08:00"),
                offline(MARCH + 3 * HOUR, "2026-03-01T02:30:00+08:00"),
                up(MARCH + 4 * HOUR));
        assertThat(OfflineHours.hours(null, rows, MARCH, APRIL)).isEqualTo(3.0);
    }

    static Map<String, Object> up(long t) {
        return row(t, "online", false, null, null);
    }

    static Map<String, Object> silent(long t, String lastData) {
        return row(t, "online", true, null, lastData);
    }

    static Map<String, Object> offline(long t, String since) {
        return row(t, "offline", false, since, null);
    }

    static Map<String, Object> row(long t, String connection, boolean silent, String since, String lastData) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put(InfluxQuery.TIME, t);
        r.put("connection", connection);
        r.put("silent", silent);
        if (since != null) r.put("connection_since", since);
        if (lastData != null) r.put("last_data", lastData);
        return r;
    }
}
