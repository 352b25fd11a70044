package dcmon.core.registry;

import java.io.Serializable;
import java.time.YearMonth;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Monthly figures an enterprise reported itself, for a month before its monitoring started or when it was
 * down; they stand for that month in year-to-date totals instead of measured data.
 *
 * @param tce       GB/T 2589 comprehensive consumption (当量值), tce
 * @param tcePolicy policy total (feedstock and green-certificate electricity deducted), tce; null = same as tce
 * @param tco2      CO₂, t; null when not reported
 * @param output    output per product or workload id, in the product's unit
 */
public record ReportedMonth(YearMonth month, double tce, Double tcePolicy, Double tco2, Map<String, Double> output)
        implements Serializable {
    public ReportedMonth {
        output = Collections.unmodifiableMap(new LinkedHashMap<>(output));
    }
}
