package dcmon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommitTimelineTest {
    private static final long S = 1_000_000_000L;

    @Test
    void rateIsTakenBetweenTheCommitsInsideTheWindow() throws Exception {
        try (CommitTimeline t = new CommitTimeline(() -> { throw new IllegalStateException("no broker in this test"); }, 60_000)) {
            t.record(100 * S, 1_000);
            t.record(110 * S, 1_600); // 60 records/s from here
            t.record(120 * S, 2_200);
            t.record(130 * S, 3_400); // 120 records/s

            // window [105 s, 125 s]: commits at 110 and 120 → (2,200 − 1,600) / 10 s
            assertThat(t.rate(105 * S, 125 * S)).isEqualTo(60.0);
            // [110 s, 130 s]: (3,400 − 1,600) / 20 s
            assertThat(t.rate(110 * S, 130 * S)).isEqualTo(90.0);
            assertThat(t.rate(111 * S, 125 * S)).as("one commit is no rate").isNaN();
        }
    }
}
