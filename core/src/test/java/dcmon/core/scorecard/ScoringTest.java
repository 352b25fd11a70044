package dcmon.core.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.scorecard.Scoring.Veto;
import org.junit.jupiter.api.Test;

/** Every rule of the default template at its boundaries, with exact points. */
class ScoringTest {
    private final Scoring scoring = new Scoring(ScoringRules.defaults());

    @Test
    void reductionPointsByOutcome() {
        assertThat(scoring.reductionPoints(true, true)).isEqualTo(35.0);
        assertThat(scoring.reductionPoints(false, true)).isEqualTo(20.0);
        assertThat(scoring.reductionPoints(true, false)).isEqualTo(10.0);
        assertThat(scoring.reductionPoints(false, false)).isEqualTo(0.0);
        // unknown counts as not met
        assertThat(scoring.reductionPoints(true, null)).isEqualTo(10.0);
        assertThat(scoring.reductionPoints(null, null)).isEqualTo(0.0);
    }

    @Test
    void totalPointsAtTheBandBounds() {
        assertThat(scoring.totalPoints(900.0, 1000.0)).isEqualTo(15.0);
        assertThat(scoring.totalPoints(1000.0, 1000.0)).isEqualTo(15.0); // at the cap: within
        assertThat(scoring.totalPoints(1000.5, 1000.0)).isEqualTo(10.0);
        assertThat(scoring.totalPoints(1099.0, 1000.0)).isEqualTo(10.0);
        assertThat(scoring.totalPoints(1100.0, 1000.0)).isEqualTo(5.0); // 10 % over: no longer < 10 %
        assertThat(scoring.totalPoints(1199.0, 1000.0)).isEqualTo(5.0);
        assertThat(scoring.totalPoints(1200.0, 1000.0)).isEqualTo(0.0); // 20 % over
        assertThat(scoring.totalPoints(5000.0, 1000.0)).isEqualTo(0.0);
        assertThat(scoring.totalPoints(null, 1000.0)).isNull();
        assertThat(scoring.totalPoints(900.0, null)).isNull();
        assertThat(scoring.totalPoints(900.0, 0.0)).isNull();
    }

    @Test
    void overPct() {
        assertThat(Scoring.overPct(1100.0, 1000.0)).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Scoring.overPct(800.0, 1000.0)).isCloseTo(-20.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void gradesAtTheirThresholds() {
        assertThat(scoring.grade(100, false).zh()).isEqualTo("超额完成");
        assertThat(scoring.grade(95, false).zh()).isEqualTo("超额完成");
        assertThat(scoring.grade(94.99, false).zh()).isEqualTo("完成");
        assertThat(scoring.grade(80, false).zh()).isEqualTo("完成");
        assertThat(scoring.grade(79.99, false).zh()).isEqualTo("基本完成");
        assertThat(scoring.grade(60, false).zh()).isEqualTo("基本完成");
        assertThat(scoring.grade(59.99, false).zh()).isEqualTo("未完成");
        assertThat(scoring.grade(0, false).code()).isEqualTo("not_completed");
    }

    @Test
    void vetoGradesNotCompletedWhateverTheScore() {
        assertThat(scoring.grade(100, true).zh()).isEqualTo("未完成");
        assertThat(scoring.vetoes(false, 900.0, 1000.0)).containsExactly(Veto.ANNUAL_TARGET_MISSED);
        assertThat(scoring.vetoes(true, 1000.0, 1000.0)).isEmpty(); // at the cap is within
        assertThat(scoring.vetoes(true, 1000.01, 1000.0)).containsExactly(Veto.OVER_CAP);
        assertThat(scoring.vetoes(false, 1200.0, 1000.0)).containsExactly(Veto.ANNUAL_TARGET_MISSED, Veto.OVER_CAP);
        // no target and no cap: nothing to veto on
        assertThat(scoring.vetoes(null, 1200.0, null)).isEmpty();
    }

    @Test
    void vetoesCanBeTurnedOff() {
        ScoringRules d = ScoringRules.defaults();
        ScoringRules off = new ScoringRules(
                d.reductionBoth(),
                d.reductionCumulativeOnly(),
                d.reductionAnnualOnly(),
                d.reductionNeither(),
                d.totalWithinCap(),
                d.totalOver(),
                d.totalOverRest(),
                d.qualitativeMax(),
                d.grades(),
                false,
                false);
        assertThat(new Scoring(off).vetoes(false, 2000.0, 1000.0)).isEmpty();
    }
}
