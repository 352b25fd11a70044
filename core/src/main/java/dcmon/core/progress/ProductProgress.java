package dcmon.core.progress;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Year-to-date progress of one product (or workload) of a subject. Unit consumption in kgce (kgCO₂) per
 * product unit; shares in percent. Empty (null) values are unknown: no attributed energy, no target, no base.
 *
 * @param targetSource                 {@code explicit} (the year's target) or {@code five-year} (the milestone)
 * @param targetGapPct                 (ytd ÷ target − 1) × 100: above 0 means above target
 * @param changeVsBasePct              (ytd ÷ base − 1) × 100: below 0 means a fall against the base year
 * @param energyChangeVsBaseTce        GB/T 13234 product method, (ytd − base) × output ÷ 1000: negative = saved
 * @param fiveYearFallPct              cumulative fall since the five-year base year, (1 − ytd ÷ base) × 100
 * @param fiveYearDuePct               the fall due by this year under the linear rule, r × share of years × 100
 */
public record ProductProgress(
        String product,
        String unit,
        double ytdOutput,
        double mtdOutput,
        Double ytdKgcePerUnit,
        Double mtdKgcePerUnit,
        Double targetKgcePerUnit,
        Double targetIncentiveKgcePerUnit,
        String targetSource,
        Double targetGapPct,
        Integer baseYear,
        Double baseKgcePerUnit,
        Double changeVsBasePct,
        Double energyChangeVsBaseTce,
        Double fiveYearFallPct,
        Double fiveYearDuePct,
        Double ytdKgco2PerUnit,
        Double mtdKgco2PerUnit,
        Double co2TargetKgco2PerUnit,
        String co2TargetSource,
        Double co2TargetGapPct,
        Double baseKgco2PerUnit,
        Double co2ChangeVsBasePct,
        Double co2ChangeVsBaseT,
        Double co2FiveYearFallPct,
        Double co2FiveYearDuePct) {

    /** InfluxDB fields (the product is a tag), empty values left out. */
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        put(f, "ytd_output", ytdOutput);
        put(f, "mtd_output", mtdOutput);
        put(f, "ytd_kgce_per_unit", ytdKgcePerUnit);
        put(f, "mtd_kgce_per_unit", mtdKgcePerUnit);
        put(f, "target_kgce_per_unit", targetKgcePerUnit);
        put(f, "target_incentive_kgce_per_unit", targetIncentiveKgcePerUnit);
        put(f, "target_source", targetSource);
        put(f, "target_gap_pct", targetGapPct);
        put(f, "base_year", baseYear);
        put(f, "base_kgce_per_unit", baseKgcePerUnit);
        put(f, "change_vs_base_pct", changeVsBasePct);
        put(f, "energy_change_vs_base_tce", energyChangeVsBaseTce);
        put(f, "five_year_fall_pct", fiveYearFallPct);
        put(f, "five_year_due_pct", fiveYearDuePct);
        put(f, "ytd_kgco2_per_unit", ytdKgco2PerUnit);
        put(f, "mtd_kgco2_per_unit", mtdKgco2PerUnit);
        put(f, "co2_target_kgco2_per_unit", co2TargetKgco2PerUnit);
        put(f, "co2_target_source", co2TargetSource);
        put(f, "co2_target_gap_pct", co2TargetGapPct);
        put(f, "base_kgco2_per_unit", baseKgco2PerUnit);
        put(f, "co2_change_vs_base_pct", co2ChangeVsBasePct);
        put(f, "co2_change_vs_base_t", co2ChangeVsBaseT);
        put(f, "co2_five_year_fall_pct", co2FiveYearFallPct);
        put(f, "co2_five_year_due_pct", co2FiveYearDuePct);
        return f;
    }

    static void put(Map<String, Object> f, String name, Object value) {
        if (value != null) f.put(name, value);
    }
}
