package dcmon.assessment;

import dcmon.influx.InfluxQuery;
import java.util.Collection;
import java.util.Map;

/**
 * The month and year-to-date figures of one unit or region, read from its usage month rows and its latest
 * progress row; a sum over units for a region cut by the scope. Null values are unknown.
 */
record Figures(
        Double monthTce,
        Double monthTceEqualValue,
        Double monthTcePolicy,
        Double monthTco2,
        Double ytdTce,
        Double ytdTceEqualValue,
        Double ytdTcePolicy,
        Double ytdTco2,
        Double ytdCapBasisTce,
        String capBasis,
        Double capTce,
        Double completionPct,
        Double timePct,
        Double paceGapPp,
        Double projectedTce,
        Double projectedPct,
        Double energyChangeVsBaseTce,
        Long progressAt,
        boolean estimated) {

    /**
     * @param months     the subject's usage month rows of the year up to the month, by month start
     * @param monthStart start of the month exported
     * @param progress   the latest progress row of the year before the month's end, or null
     * @param registryCap the cap from the registry, used when no progress row carries one
     */
    static Figures of(
            Map<Long, Map<String, Object>> months, long monthStart, Map<String, Object> progress, Double registryCap) {
        Map<String, Object> month = months == null ? null : months.get(monthStart);
        Map<String, Object> p = progress == null ? Map.of() : progress;
        Double ytdTce = num(p, "ytd_tce", sum(months, "tce"));
        Double cap = num(p, "cap_tce", registryCap);
        Double capBasisYtd = num(p, "ytd_cap_basis_tce", ytdTce);
        Double completion = num(p, "completion_pct", share(capBasisYtd, cap));
        Double projected = num(p, "projected_tce", null);
        boolean estimated =
                month != null && Boolean.TRUE.equals(month.get("estimated")) || Boolean.TRUE.equals(p.get("estimated"));
        return new Figures(
                num(month, "tce", null),
                num(month, "tce_equal_value", null),
                num(month, "tce_policy", null),
                num(month, "tco2", null),
                ytdTce,
                num(p, "ytd_tce_equal_value", sum(months, "tce_equal_value")),
                num(p, "ytd_tce_policy", sum(months, "tce_policy")),
                num(p, "ytd_tco2", sum(months, "tco2")),
                capBasisYtd,
                p.get("cap_basis") == null ? null : p.get("cap_basis").toString(),
                cap,
                completion,
                num(p, "time_pct", null),
                num(p, "pace_gap_pp", null),
                projected,
                num(p, "projected_pct", share(projected, cap)),
                num(p, "energy_change_vs_base_tce", null),
                progress == null ? null : (Long) progress.get(InfluxQuery.TIME),
                estimated);
    }

    /** The sum of units' figures: shares recomputed from the sums over the units that have a cap. */
    static Figures sum(Collection<Figures> units) {
        Double capSum = null, capBasisYtdWithCap = null, projectedWithCap = null, projectedCap = null, timePct = null;
        Long at = null;
        String basis = null;
        boolean estimated = false;
        for (Figures f : units) {
            if (f.capTce != null) {
                capSum = add(capSum, f.capTce);
                capBasisYtdWithCap = add(capBasisYtdWithCap, f.ytdCapBasisTce == null ? 0.0 : f.ytdCapBasisTce);
            }
            if (f.capTce != null && f.projectedTce != null) {
                projectedCap = add(projectedCap, f.capTce);
                projectedWithCap = add(projectedWithCap, f.projectedTce);
            }
            if (f.progressAt != null && (at == null || f.progressAt > at)) {
                at = f.progressAt;
                timePct = f.timePct;
            }
            if (f.capBasis != null) basis = basis == null || basis.equals(f.capBasis) ? f.capBasis : "mixed";
            estimated |= f.estimated;
        }
        Double projected = sum(units, Figures::projectedTce);
        Double completion = share(capBasisYtdWithCap, capSum);
        return new Figures(
                sum(units, Figures::monthTce),
                sum(units, Figures::monthTceEqualValue),
                sum(units, Figures::monthTcePolicy),
                sum(units, Figures::monthTco2),
                sum(units, Figures::ytdTce),
                sum(units, Figures::ytdTceEqualValue),
                sum(units, Figures::ytdTcePolicy),
                sum(units, Figures::ytdTco2),
                sum(units, Figures::ytdCapBasisTce),
                basis,
                capSum,
                completion,
                timePct,
                completion == null || timePct == null ? null : completion - timePct,
                projected,
                share(projectedWithCap, projectedCap),
                sum(units, Figures::energyChangeVsBaseTce),
                at,
                estimated);
    }

    /** These figures with the month totals of {@code other} (a region's own month row). */
    Figures withMonthOf(Figures other) {
        return new Figures(
                other.monthTce,
                other.monthTceEqualValue,
                other.monthTcePolicy,
                other.monthTco2,
                ytdTce,
                ytdTceEqualValue,
                ytdTcePolicy,
                ytdTco2,
                ytdCapBasisTce,
                capBasis,
                capTce,
                completionPct,
                timePct,
                paceGapPp,
                projectedTce,
                projectedPct,
                energyChangeVsBaseTce,
                progressAt,
                estimated || other.estimated);
    }

    static Double num(Map<String, Object> row, String field, Double fallback) {
        if (row != null && row.get(field) instanceof Number n) return n.doubleValue();
        return fallback;
    }

    static Double share(Double part, Double whole) {
        return part == null || whole == null || whole == 0 ? null : part / whole * 100;
    }

    private static Double sum(Map<Long, Map<String, Object>> months, String field) {
        if (months == null) return null;
        Double s = null;
        for (Map<String, Object> row : months.values()) {
            Double v = num(row, field, null);
            if (v != null) s = add(s, v);
        }
        return s;
    }

    private static Double sum(Collection<Figures> units, java.util.function.Function<Figures, Double> field) {
        Double s = null;
        for (Figures f : units) {
            Double v = field.apply(f);
            if (v != null) s = add(s, v);
        }
        return s;
    }

    private static Double add(Double a, double b) {
        return a == null ? b : a + b;
    }
}
