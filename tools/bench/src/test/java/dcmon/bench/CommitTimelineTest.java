package dcmon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommitTimelineTest {
    private static final long S = 1_000_000_000L;

    private static CommitTimeline timeline() {
        return new CommitTimeline(
                () -> {
                    throw new IllegalStateException("no broker in this test");
                },
                60_000);
    }

    @Test
    void rateIsTakenBetweenTheCommitsInsideTheWindow() throws Exception {
        try (CommitTimeline t = timeline()) {
            t.record(0, 100 * S, 1_000);
            t.record(0, 110 * S, 1_600); // 60 records/s from here
            t.record(0, 120 * S, 2_200);
            t.record(0, 130 * S, 3_400); // 120 records/s

            // window [105 s, 125 s]: commits at 110 and 120 → (2,200 − 1,600) / 10 s
            assertThat(t.rate(105 * S, 125 * S)).isEqualTo(60.0);
            // [110 s, 130 s]: (3,400 − 1,600) / 20 s
            assertThat(t.rate(110 * S, 130 * S)).isEqualTo(90.0);
            assertThat(t.rate(111 * S, 125 * S)).as("one commit is no rate").isNaN();
        }
    }

    @Test
    void partitionsCommittingAMomentApartAddTheirOwnRates() throws Exception {
        try (CommitTimeline t = timeline()) {
            // both partitions take 50 records/s; partition 1 hears of each checkpoint 0.2 s after partition 0
            for (int k = 0; k <= 3; k++) {
                t.record(0, (100 + 10 * k) * S, 500L * k);
                t.record(1, (100 + 10 * k) * S + S / 5, 500L * k);
            }
            // the first change of the sum over both partitions in [105 s, 130.5 s] is partition 0's commit at 110 s,
            // while
            // partition 1 is still at its old offset: the sum would read (3,000 − 500) / 20.2 s = 124 records/s
            assertThat(t.rate(105 * S, 130 * S + S / 2)).isEqualTo(100.0);
        }
    }

    @Test
    void aPartitionWithoutTrafficAddsNothingAndOneWithASingleCommitMakesTheRateUnknown() throws Exception {
        try (CommitTimeline t = timeline()) {
            t.record(0, 100 * S, 0);
            t.record(0, 110 * S, 700);
            t.record(1, 50 * S, 300); // committed once, long before the window
            assertThat(t.rate(95 * S, 115 * S)).isEqualTo(70.0);
            t.record(1, 105 * S, 400);
            assertThat(t.rate(95 * S, 115 * S)).isNaN();
        }
    }
}
