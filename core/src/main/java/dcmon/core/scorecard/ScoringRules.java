package dcmon.core.scorecard;

import java.util.List;

/**
 * Points and thresholds of the annual scorecard (config/assessment/scorecard.yaml): targets scored from the year's
 * data, measures entered by reviewers, grades and the veto.
 *
 * @param reductionBoth           unit-consumption reduction points when the annual and the cumulative targets are met
 * @param reductionCumulativeOnly points when only the cumulative (five-year) progress is met
 * @param reductionAnnualOnly     points when only the annual target is met
 * @param reductionNeither        points when neither is met
 * @param totalWithinCap          total-control points when the year's consumption is within the cap
 * @param totalOver               total-control points by overrun, in ascending order of {@code belowPct}
 * @param totalOverRest           points when the overrun reaches the last band's bound
 * @param qualitativeMax          the most points reviewers may enter for measures
 * @param grades                  grades in descending order of {@code minPoints}; the last applies below them all
 * @param vetoAnnualMissed        an annual unit-consumption target missed vetoes the unit
 * @param vetoOverCap             consumption over the cap vetoes the unit
 */
public record ScoringRules(
        double reductionBoth,
        double reductionCumulativeOnly,
        double reductionAnnualOnly,
        double reductionNeither,
        double totalWithinCap,
        List<OverBand> totalOver,
        double totalOverRest,
        double qualitativeMax,
        List<Grade> grades,
        boolean vetoAnnualMissed,
        boolean vetoOverCap) {

    public ScoringRules {
        totalOver = List.copyOf(totalOver);
        grades = List.copyOf(grades);
    }

    /** Overrun of the cap strictly below {@code belowPct} percent scores {@code points}. */
    public record OverBand(double belowPct, double points) {}

    /**
     * A grade reached at {@code minPoints} or more (the bound belongs to this grade); the lowest grade has none.
     *
     * @param code stable English code, e.g. {@code exceeded}
     */
    public record Grade(String code, String zh, String en, Double minPoints) {}

    /** The common provincial template: targets 35 + 15, measures 50, grades at 95 / 80 / 60, both vetoes. */
    public static ScoringRules defaults() {
        return new ScoringRules(
                35,
                20,
                10,
                0,
                15,
                List.of(new OverBand(10, 10), new OverBand(20, 5)),
                0,
                50,
                List.of(
                        new Grade("exceeded", "超额完成", "exceeded", 95.0),
                        new Grade("completed", "完成", "completed", 80.0),
                        new Grade("basically_completed", "基本完成", "basically completed", 60.0),
                        new Grade("not_completed", "未完成", "not completed", null)),
                true,
                true);
    }

    /** The grade given when the unit is vetoed: the lowest. */
    public Grade lowest() {
        return grades.get(grades.size() - 1);
    }
}
