package dcmon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which step of a ramp counts as sustained, and what it carried. */
class E2eStepTest {
    private static E2eMode.Step step(long offered, double acknowledged, double job, double p99) {
        return new E2eMode.Step(offered, acknowledged, job, p99 / 2, p99, 150, 0, "");
    }

    @Test
    void aStepDrainingAnEarlierBacklogCountsWhatTheBrokerAcknowledgedNotTheJobsRate() {
        // the job also drains what the warm-up left in Kafka: its rate is above what came in
        E2eMode.Step draining = step(25_000, 24_998, 29_870, 636);
        E2eMode.Step behind = step(27_500, 27_354, 25_097, 3_065);
        E2eMode.Step best = E2eMode.bestSustained(List.of(step(20_000, 20_000, 29_196, 652), draining, behind));
        assertThat(best).isSameAs(draining);
        assertThat(best.carried()).isEqualTo(24_998);
    }

    @Test
    void aStepTheJobKeptUpWithWithinTheToleranceCarriesTheJobsRate() {
        E2eMode.Step s = step(25_000, 24_996, 24_699, 1_677);
        assertThat(E2eMode.bestSustained(List.of(s))).isSameAs(s);
        assertThat(s.carried()).isEqualTo(24_699);
    }

    @Test
    void aStepIsNotSustainedWhenTheJobFallsBehindOrTheTailIsOverTwoSeconds() {
        assertThat(E2eMode.bestSustained(List.of(step(30_000, 26_549, 23_223, 1_000))))
                .isNull(); // job at 77 % of offered
        assertThat(E2eMode.bestSustained(List.of(step(30_000, 30_000, 30_000, 2_001))))
                .isNull();
        E2eMode.Step lower = step(20_000, 20_000, 20_000, 500);
        assertThat(E2eMode.bestSustained(List.of(lower, step(30_000, 30_000, 30_000, 2_001))))
                .isSameAs(lower);
    }
}
