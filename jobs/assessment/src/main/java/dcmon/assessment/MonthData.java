package dcmon.assessment;

import java.util.List;
import java.util.Map;

/**
 * What an export reads from InfluxDB for one month, keyed for the builder. Field maps are rows as
 * {@code InfluxQuery} returns them: {@code time} in epoch milliseconds, tags and fields by name.
 *
 * @param enterpriseMonths  per credit code, its {@code enterprise_usage} month rows of the year up to the month,
 *                          by month start (epoch ms)
 * @param regionMonths      per {@code level:region}, its {@code region_usage} month rows the same way
 * @param enterpriseProgress per credit code, the latest {@code enterprise_progress} row of the year before the
 *                          month's end; per product under {@code code/product}
 * @param regionProgress    per {@code level:region} (and {@code level:region/product}) the same
 * @param alerts            every {@code alerts} row before the month's end, oldest first
 * @param quality           the month's data quality per gateway, {@link Quality#NONE} when not read
 * @param console           review states and 报备 windows from the console, {@link ConsoleState#NONE} when not read
 */
public record MonthData(
        Map<String, Map<Long, Map<String, Object>>> enterpriseMonths,
        Map<String, Map<Long, Map<String, Object>>> regionMonths,
        Map<String, Map<String, Object>> enterpriseProgress,
        Map<String, Map<String, Object>> regionProgress,
        List<Map<String, Object>> alerts,
        Quality quality,
        ConsoleState console) {

    public static final MonthData EMPTY = new MonthData(Map.of(), Map.of(), Map.of(), Map.of(), List.of());

    /** Without data quality. */
    public MonthData(
            Map<String, Map<Long, Map<String, Object>>> enterpriseMonths,
            Map<String, Map<Long, Map<String, Object>>> regionMonths,
            Map<String, Map<String, Object>> enterpriseProgress,
            Map<String, Map<String, Object>> regionProgress,
            List<Map<String, Object>> alerts) {
        this(
                enterpriseMonths,
                regionMonths,
                enterpriseProgress,
                regionProgress,
                alerts,
                Quality.NONE,
                ConsoleState.NONE);
    }

    /** The same with this data quality. */
    public MonthData withQuality(Quality q) {
        return new MonthData(enterpriseMonths, regionMonths, enterpriseProgress, regionProgress, alerts, q, console);
    }

    /** The same with this review state and these 报备 windows. */
    public MonthData withConsole(ConsoleState c) {
        return new MonthData(enterpriseMonths, regionMonths, enterpriseProgress, regionProgress, alerts, quality, c);
    }
}
