package dcmon.core.scorecard;

import java.util.ArrayList;
import java.util.List;

/** The scoring rules applied to one unit's year: pure functions of the figures and {@link ScoringRules}. */
public final class Scoring {

    /** Why a unit was vetoed. */
    public enum Veto {
        /** an annual unit-consumption target was not met */
        ANNUAL_TARGET_MISSED,
        /** the year's consumption exceeded the cap */
        OVER_CAP
    }

    private final ScoringRules rules;

    public Scoring(ScoringRules rules) {
        this.rules = rules;
    }

    public ScoringRules rules() {
        return rules;
    }

    /**
     * Unit-consumption reduction points. Null (unknown) inputs count as not met: a target must be shown to be met.
     */
    public double reductionPoints(Boolean annualMet, Boolean cumulativeMet) {
        boolean annual = Boolean.TRUE.equals(annualMet);
        boolean cumulative = Boolean.TRUE.equals(cumulativeMet);
        if (annual && cumulative) return rules.reductionBoth();
        if (cumulative) return rules.reductionCumulativeOnly();
        if (annual) return rules.reductionAnnualOnly();
        return rules.reductionNeither();
    }

    /**
     * Overrun of the cap in percent, (consumption ÷ cap − 1) × 100; null without both or with a zero cap. Computed
     * as (consumption − cap) × 100 ÷ cap so that 1 200 against 1 000 is exactly 20, not 19.999…, at a band bound.
     */
    public static Double overPct(Double consumptionTce, Double capTce) {
        if (consumptionTce == null || capTce == null || capTce <= 0) return null;
        return (consumptionTce - capTce) * 100 / capTce;
    }

    /** Total-control points: within the cap (overrun ≤ 0) full points, else by band; null when unknown. */
    public Double totalPoints(Double consumptionTce, Double capTce) {
        Double over = overPct(consumptionTce, capTce);
        if (over == null) return null;
        if (over <= 0) return rules.totalWithinCap();
        for (ScoringRules.OverBand b : rules.totalOver()) if (over < b.belowPct()) return b.points();
        return rules.totalOverRest();
    }

    /** The vetoes that apply, in a fixed order; empty when none. */
    public List<Veto> vetoes(Boolean annualMet, Double consumptionTce, Double capTce) {
        List<Veto> v = new ArrayList<>();
        if (rules.vetoAnnualMissed() && Boolean.FALSE.equals(annualMet)) v.add(Veto.ANNUAL_TARGET_MISSED);
        Double over = overPct(consumptionTce, capTce);
        if (rules.vetoOverCap() && over != null && over > 0) v.add(Veto.OVER_CAP);
        return v;
    }

    /** The grade of a total: the first whose bound the total reaches; the lowest when vetoed. */
    public ScoringRules.Grade grade(double total, boolean vetoed) {
        if (vetoed) return rules.lowest();
        for (ScoringRules.Grade g : rules.grades()) {
            if (g.minPoints() == null || total >= g.minPoints()) return g;
        }
        return rules.lowest();
    }
}
