package dcmon.core.progress;

import dcmon.core.targets.CapBasis;
import dcmon.core.targets.Subject;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Dual-control progress of one subject (enterprise, city, tier, province) in one year at one instant. Totals
 * in tce and t CO₂; shares in percent; gaps in percentage points. Empty (null) values are unknown or do not
 * apply (no cap, no carbon target). Field names of {@link #fields()} are those of the {@code enterprise_progress}
 * and {@code region_progress} measurements (docs/alert-rules.md).
 *
 * @param capBasis        which total counts against the cap this year
 * @param timePct         calendar share of the year elapsed
 * @param timeSeasonalPct seasonal share elapsed, when a profile is given
 * @param ytdCapBasisTce  the year-to-date total that counts against the cap (GB/T 2589 or policy)
 * @param completionPct   ytdCapBasisTce ÷ cap × 100
 * @param paceGapPp       completion − time share (seasonal when given, else calendar), percentage points
 * @param projectedTce    year-end projection of the cap-basis total
 * @param projectionMethod {@code seasonal} or {@code recent-rate}
 * @param energyChangeVsBaseTce GB/T 13234 product method summed over products: negative = saved
 */
public record Progress(
        Subject subject,
        String name,
        int year,
        long at,
        CapBasis capBasis,
        double timePct,
        Double timeSeasonalPct,
        double ytdTce,
        double ytdTcePolicy,
        double ytdTceEqualValue,
        double ytdTco2,
        double mtdTce,
        double mtdTcePolicy,
        double mtdTco2,
        double ytdCapBasisTce,
        Double capTce,
        Double capIncentiveTce,
        Double completionPct,
        Double completionIncentivePct,
        Double paceGapPp,
        double projectedTce,
        Double projectedPct,
        String projectionMethod,
        Double co2CapT,
        Double co2CompletionPct,
        Double co2PaceGapPp,
        double co2ProjectedT,
        Double co2ProjectedPct,
        Double energyChangeVsBaseTce,
        List<YearMonth> monthsMeasured,
        List<YearMonth> monthsReported,
        boolean estimated,
        List<ProductProgress> products) {

    public Progress {
        monthsMeasured = List.copyOf(monthsMeasured);
        monthsReported = List.copyOf(monthsReported);
        products = List.copyOf(products);
    }

    /** @return the product's progress, or null */
    public ProductProgress product(String id) {
        for (ProductProgress p : products) if (p.product().equals(id)) return p;
        return null;
    }

    /** InfluxDB fields of the subject's progress point (subject and year are tags), empty values left out. */
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        ProductProgress.put(f, "cap_basis", capBasis.code());
        ProductProgress.put(f, "time_pct", timePct);
        ProductProgress.put(f, "time_seasonal_pct", timeSeasonalPct);
        ProductProgress.put(f, "ytd_tce", ytdTce);
        ProductProgress.put(f, "ytd_tce_policy", ytdTcePolicy);
        ProductProgress.put(f, "ytd_tce_equal_value", ytdTceEqualValue);
        ProductProgress.put(f, "ytd_tco2", ytdTco2);
        ProductProgress.put(f, "mtd_tce", mtdTce);
        ProductProgress.put(f, "mtd_tce_policy", mtdTcePolicy);
        ProductProgress.put(f, "mtd_tco2", mtdTco2);
        ProductProgress.put(f, "ytd_cap_basis_tce", ytdCapBasisTce);
        ProductProgress.put(f, "cap_tce", capTce);
        ProductProgress.put(f, "cap_incentive_tce", capIncentiveTce);
        ProductProgress.put(f, "completion_pct", completionPct);
        ProductProgress.put(f, "completion_incentive_pct", completionIncentivePct);
        ProductProgress.put(f, "pace_gap_pp", paceGapPp);
        ProductProgress.put(f, "projected_tce", projectedTce);
        ProductProgress.put(f, "projected_pct", projectedPct);
        ProductProgress.put(f, "projection_method", projectionMethod);
        ProductProgress.put(f, "co2_cap_t", co2CapT);
        ProductProgress.put(f, "co2_completion_pct", co2CompletionPct);
        ProductProgress.put(f, "co2_pace_gap_pp", co2PaceGapPp);
        ProductProgress.put(f, "co2_projected_t", co2ProjectedT);
        ProductProgress.put(f, "co2_projected_pct", co2ProjectedPct);
        ProductProgress.put(f, "energy_change_vs_base_tce", energyChangeVsBaseTce);
        ProductProgress.put(f, "months_measured", monthsMeasured.size());
        ProductProgress.put(f, "months_reported", monthsReported.size());
        ProductProgress.put(
                f,
                "reported_months",
                monthsReported.stream().map(YearMonth::toString).collect(Collectors.joining(",")));
        ProductProgress.put(f, "estimated", estimated);
        return f;
    }
}
