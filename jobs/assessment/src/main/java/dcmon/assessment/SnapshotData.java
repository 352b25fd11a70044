package dcmon.assessment;

import dcmon.core.alert.AlertEvent;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.monthly.MonthlySnapshot;
import dcmon.influx.InfluxQuery;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link MonthData} from the job's month snapshots and alert events instead of InfluxDB, so that the builder and
 * writers serve both the on-demand export and the exporter service. A snapshot's fields carry the names of the
 * InfluxDB rows; its progress row is stamped with its month's last day, as the job's last progress row of the month.
 */
public final class SnapshotData {
    private SnapshotData() {}

    /**
     * @param snapshots one snapshot per subject (the revision to export), of {@code month}
     * @param alerts    alert events; those at or after the month's end are left out
     */
    public static MonthData of(YearMonth month, List<MonthlySnapshot> snapshots, List<AlertEvent> alerts) {
        long monthStart = ShanghaiCalendar.startOf(month.atDay(1));
        long monthEnd = MonthlySnapshot.end(month);
        Map<String, Map<Long, Map<String, Object>>> enterpriseMonths = new TreeMap<>();
        Map<String, Map<Long, Map<String, Object>>> regionMonths = new TreeMap<>();
        Map<String, Map<String, Object>> enterpriseProgress = new TreeMap<>();
        Map<String, Map<String, Object>> regionProgress = new TreeMap<>();
        for (MonthlySnapshot s : snapshots) {
            if (!s.month().equals(month)) continue;
            boolean unit = s.level().equals(MonthlySnapshot.ENTERPRISE);
            String key = unit ? s.code() : s.subject();
            long day = ShanghaiCalendar.dayStart(s.asOf());
            Map<String, Object> monthRow = new LinkedHashMap<>(s.monthTotals());
            monthRow.put(InfluxQuery.TIME, monthStart);
            (unit ? enterpriseMonths : regionMonths).put(key, new TreeMap<>(Map.of(monthStart, monthRow)));
            Map<String, Map<String, Object>> progress = unit ? enterpriseProgress : regionProgress;
            progress.put(key, stamped(s.progress(), day));
            s.products().forEach((product, fields) -> progress.put(key + "/" + product, stamped(fields, day)));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (AlertEvent e : alerts) {
            Map<String, Object> row = alertRow(e);
            if ((Long) row.get(InfluxQuery.TIME) < monthEnd) rows.add(row);
        }
        rows.sort(Comparator.comparingLong((Map<String, Object> r) -> (Long) r.get(InfluxQuery.TIME))
                .thenComparing(r -> r.get("id").toString())
                .thenComparingLong(r -> (Long) r.get("seq")));
        return new MonthData(enterpriseMonths, regionMonths, enterpriseProgress, regionProgress, rows);
    }

    private static Map<String, Object> stamped(Map<String, Object> fields, long time) {
        Map<String, Object> row = new LinkedHashMap<>(fields);
        row.put(InfluxQuery.TIME, time);
        return row;
    }

    /** An alert event as the job's InfluxDB {@code alerts} row of it (docs/design.md, *InfluxDB schema*). */
    static Map<String, Object> alertRow(AlertEvent e) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(
                InfluxQuery.TIME,
                OffsetDateTime.parse(e.lastChanged()).toInstant().toEpochMilli());
        row.put("rule", e.rule());
        row.put("severity", e.severity().code());
        var s = e.subject();
        switch (s.level()) {
            case CITY, TIER, PROVINCE -> {
                row.put("level", s.level().code());
                row.put("region", s.code());
            }
            default -> {
                row.put("enterprise", s.enterprise());
                if (s.city() != null) row.put("city", s.city());
                if (s.tier() != null) row.put("tier", s.tier());
                if (s.gateway() != null) row.put("gateway", s.gateway());
                if (s.point() != null) row.put("point", s.point());
            }
        }
        row.put("id", e.id());
        row.put("seq", (long) e.seq());
        row.put("event", e.event().code());
        row.put("state", e.state().code());
        row.put("period", e.period());
        row.put("message_zh", e.messageZh());
        row.put("message_en", e.messageEn());
        if (e.evidence().get("value") instanceof Number n) row.put("value", n.doubleValue());
        if (e.evidence().get("threshold") instanceof Number n) row.put("threshold", n.doubleValue());
        return row;
    }
}
