package dcmon.core.alert;

import dcmon.core.progress.ProductProgress;
import dcmon.core.progress.Progress;
import dcmon.core.targets.SubjectLevel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The target rules' observations of a {@link Progress}, one per rule for the subject and year, whether or not a
 * threshold is reached (the lifecycle needs them to clear). Enterprises get the {@code total.*},
 * {@code intensity.target} and {@code co2.*} rules; regions get {@code region.projection} and
 * {@code region.intensity}. Product rules observe the product furthest above its target (named in the
 * evidence), so that one alert per rule and subject stands for the unit.
 */
public final class ProgressRules {
    private ProgressRules() {}

    public static List<Observation> observe(Progress p) {
        List<Observation> out = new ArrayList<>();
        Map<String, Object> total = context(p, "ytd_tce", p.ytdCapBasisTce(), "cap_tce", p.capTce());
        total.put("cap_basis", p.capBasis().code());
        if (p.subject().level() == SubjectLevel.ENTERPRISE) {
            out.add(of(RuleIds.TOTAL_PACE, p, p.paceGapPp(), total));
            out.add(of(RuleIds.TOTAL_PROJECTION, p, p.projectedPct(), with(total, "projected_tce", p.projectedTce())));
            out.add(of(RuleIds.TOTAL_BREACH, p, p.completionPct(), total));
            out.add(worstProduct(
                    RuleIds.INTENSITY_TARGET,
                    p,
                    ProductProgress::targetGapPct,
                    ProductProgress::ytdKgcePerUnit,
                    ProductProgress::targetKgcePerUnit,
                    "kgce_per_unit"));
            Map<String, Object> co2 = context(p, "ytd_tco2", p.ytdTco2(), "co2_cap_t", p.co2CapT());
            out.add(of(RuleIds.CO2_PROJECTION, p, p.co2ProjectedPct(), with(co2, "projected_t", p.co2ProjectedT())));
            out.add(of(RuleIds.CO2_BREACH, p, p.co2CompletionPct(), co2));
            out.add(worstProduct(
                    RuleIds.CO2_INTENSITY,
                    p,
                    ProductProgress::co2TargetGapPct,
                    ProductProgress::ytdKgco2PerUnit,
                    ProductProgress::co2TargetKgco2PerUnit,
                    "kgco2_per_unit"));
        } else if (p.subject().level().isRegion()) {
            out.add(of(RuleIds.REGION_PROJECTION, p, p.projectedPct(), with(total, "projected_tce", p.projectedTce())));
            out.add(worstProduct(
                    RuleIds.REGION_INTENSITY,
                    p,
                    ProductProgress::targetGapPct,
                    ProductProgress::ytdKgcePerUnit,
                    ProductProgress::targetKgcePerUnit,
                    "kgce_per_unit"));
        }
        return out;
    }

    private static Observation worstProduct(
            String rule,
            Progress p,
            Function<ProductProgress, Double> gap,
            Function<ProductProgress, Double> current,
            Function<ProductProgress, Double> target,
            String unit) {
        ProductProgress worst = null;
        for (ProductProgress pp : p.products()) {
            Double g = gap.apply(pp);
            if (g != null && (worst == null || g > gap.apply(worst))) worst = pp;
        }
        if (worst == null) return of(rule, p, null, Map.of());
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("product", worst.product());
        ctx.put("ytd_" + unit, current.apply(worst));
        ctx.put("target_" + unit, target.apply(worst));
        return of(rule, p, gap.apply(worst), ctx);
    }

    private static Observation of(String rule, Progress p, Double value, Map<String, Object> context) {
        return new Observation(rule, p.subject(), p.name(), String.valueOf(p.year()), value, context);
    }

    private static Map<String, Object> context(Progress p, String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(base);
        m.put(key, value);
        return m;
    }
}
