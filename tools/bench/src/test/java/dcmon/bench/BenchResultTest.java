package dcmon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchResultTest {
    private static BenchResult run(double rate, double ratio, boolean totalOk) {
        return new BenchResult("job")
                .put("readings_per_s", rate, 0)
                .put("bare_ratio", ratio, 2)
                .check("province_tce_check", totalOk, "total off in the run at " + (long) rate)
                .put("sink", "discard");
    }

    @Test
    void aCheckReadsOkOrFailAndAFailureFailsTheRun() {
        BenchResult ok = run(1000, 1.5, true);
        assertThat(ok.line())
                .isEqualTo("mode=job readings_per_s=1000 bare_ratio=1.50 province_tce_check=ok sink=discard");
        assertThat(ok.ok()).isTrue();
        BenchResult failed = run(1000, 1.5, false);
        assertThat(failed.get("province_tce_check")).isEqualTo("FAIL");
        assertThat(failed.failures()).containsExactly("total off in the run at 1000");
    }

    @Test
    void repeatedRunsKeepTheMedianRunsPairsAndAddTheSpread() {
        BenchResult sum = BenchResult.summarize(
                List.of(run(300, 1.20, true), run(100, 3.00, true), run(200, 1.80, true)),
                List.of("readings_per_s", "bare_ratio"));
        assertThat(sum.line())
                .isEqualTo("mode=job readings_per_s=200 readings_per_s_min=100 readings_per_s_median=200"
                        + " readings_per_s_max=300 bare_ratio=1.80 bare_ratio_min=1.20 bare_ratio_median=1.80"
                        + " bare_ratio_max=3.00 province_tce_check=ok sink=discard repeat=3");
        assertThat(sum.ok()).isTrue();
    }

    @Test
    void anEvenNumberOfRunsHasTheMeanOfTheMiddleTwoAsMedian() {
        BenchResult sum = BenchResult.summarize(
                List.of(run(400, 1, true), run(100, 1, true), run(200, 1, true), run(300, 1, true)),
                List.of("readings_per_s"));
        assertThat(sum.get("readings_per_s")).isEqualTo("200");
        assertThat(sum.get("readings_per_s_median")).isEqualTo("250");
        assertThat(sum.get("repeat")).isEqualTo("4");
    }

    @Test
    void aCheckFailedInAnyRunFailsTheSummary() {
        BenchResult sum = BenchResult.summarize(
                List.of(run(300, 1, true), run(100, 1, false), run(200, 1, true)), List.of("readings_per_s"));
        assertThat(sum.get("province_tce_check")).isEqualTo("FAIL");
        assertThat(sum.ok()).isFalse();
        assertThat(sum.failures()).containsExactly("total off in the run at 100");
    }

    @Test
    void aJobFasterThanItsParallelismTimesTheBareLoopIsImpossible() {
        // the reported run: 2,059,440 readings/s on 2 slots against a bare loop of about 1.03M
        assertThat(JobMode.impossibleRate(2_059_440, 2, 1_000_000))
                .isEqualTo("impossible: the job's 2059440 readings/s exceed parallelism 2 × the bare loop's"
                        + " 1000000 readings/s = 2000000; the measurement is wrong");
    }
}
