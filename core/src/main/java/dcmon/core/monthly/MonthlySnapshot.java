package dcmon.core.monthly;

import dcmon.core.calendar.ShanghaiCalendar;
import java.time.YearMonth;
import java.util.Map;
import java.util.TreeMap;

/**
 * One subject's closed month, as the job sends it to {@code dcmon.monthly} (schema {@value #SCHEMA}): the month's
 * totals, the year to date and the progress as of the month's end. Field names are those of the InfluxDB rows
 * ({@code enterprise_usage}/{@code region_usage} month rows, {@code enterprise_progress}/{@code region_progress}),
 * so a reader of either source sees the same names (docs/design.md, *Kafka topics*).
 *
 * @param level      {@code enterprise}, {@code city}, {@code tier} or {@code province}
 * @param code       credit code, division code or tier code
 * @param month      the month, Asia/Shanghai
 * @param revision   1 at the month's close, 2, 3, … for each change late data made to it
 * @param tags       what identifies the subject besides its code: {@code city}, {@code tier}, {@code industry} for a unit
 * @param monthTotals the month's totals: {@code tce}, {@code tce_equal_value}, {@code tce_policy}, {@code tco2},
 *                   {@code estimated}, {@code output_<product>}
 * @param yearToDate the year's totals up to the month's end, reported months included, with the same names
 * @param progress   the progress fields as of the month's end
 * @param products   per product id, its progress fields as of the month's end
 */
public record MonthlySnapshot(
        String level,
        String code,
        YearMonth month,
        int revision,
        Map<String, String> tags,
        Map<String, Object> monthTotals,
        Map<String, Object> yearToDate,
        Map<String, Object> progress,
        Map<String, Map<String, Object>> products) {

    public static final String SCHEMA = "dcmon.monthly/1";
    public static final String ENTERPRISE = "enterprise";

    public MonthlySnapshot {
        tags = new TreeMap<>(tags);
        monthTotals = new TreeMap<>(monthTotals);
        yearToDate = new TreeMap<>(yearToDate);
        progress = new TreeMap<>(progress);
        TreeMap<String, Map<String, Object>> p = new TreeMap<>();
        products.forEach((k, v) -> p.put(k, new TreeMap<>(v)));
        products = p;
    }

    /** {@code level:code}, e.g. {@code enterprise:91420202MA4BD3K2PM} or {@code city:420500}. */
    public String subject() {
        return level + ":" + code;
    }

    /** The Kafka key: subject and month, so that the revisions of one subject's month stay in order. */
    public String key() {
        return subject() + "|" + month;
    }

    /** The deterministic id: {@code level:code|YYYY-MM|r<revision>}, e.g. {@code city:420500|2026-11|r2}. */
    public String id() {
        return key() + "|r" + revision;
    }

    /** The last millisecond of the month (Asia/Shanghai): the instant the figures are as of. */
    public long asOf() {
        return asOf(month);
    }

    public static long asOf(YearMonth month) {
        return end(month) - 1;
    }

    /** The start of the month after, Asia/Shanghai, epoch ms. */
    public static long end(YearMonth month) {
        return ShanghaiCalendar.startOf(month.plusMonths(1).atDay(1));
    }

    public MonthlySnapshot withRevision(int r) {
        return new MonthlySnapshot(level, code, month, r, tags, monthTotals, yearToDate, progress, products);
    }
}
