package dcmon.core.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApportionTest {
    private record Share(long bucket, double amount, boolean estimated) {}

    private static long at(String localTime) {
        return OffsetDateTime.parse("2026-11-24T" + localTime + "+08:00")
                .toInstant()
                .toEpochMilli();
    }

    private static List<Share> linear(long t1, long t2, double amount) {
        List<Share> out = new ArrayList<>();
        Apportion.linear(t1, t2, amount, (b, a, e) -> out.add(new Share(b, a, e)));
        return out;
    }

    @Test
    void alignedQuarterFillsExactlyOneBucketNotEstimated() {
        assertThat(linear(at("10:15:00"), at("10:30:00"), 37.5))
                .containsExactly(new Share(at("10:15:00"), 37.5, false));
    }

    @Test
    void intervalInsideOneBucketIsNotEstimated() {
        assertThat(linear(at("10:03:00"), at("10:09:00"), 2.0)).containsExactly(new Share(at("10:00:00"), 2.0, false));
    }

    @Test
    void intervalEndingExactlyOnABoundaryDoesNotTouchTheNextBucket() {
        // [10:05, 10:15) lies in the 10:00 bucket only
        assertThat(linear(at("10:05:00"), at("10:15:00"), 7.0)).containsExactly(new Share(at("10:00:00"), 7.0, false));
    }

    @Test
    void twoAlignedQuartersSplitInHalvesEstimated() {
        assertThat(linear(at("10:00:00"), at("10:30:00"), 90.0))
                .containsExactly(new Share(at("10:00:00"), 45.0, true), new Share(at("10:15:00"), 45.0, true));
    }

    @Test
    void oneHourSevenMinutesSpreadsInProportionToTime() {
        // [10:05, 11:12) = 67 min: 10 min in 10:00, 15 in 10:15, 15 in 10:30, 15 in 10:45, 12 in 11:00.
        // 670 units = 10 units per minute → 100, 150, 150, 150, 120
        List<Share> shares = linear(at("10:05:00"), at("11:12:00"), 670.0);
        assertThat(shares)
                .extracting(Share::bucket)
                .containsExactly(at("10:00:00"), at("10:15:00"), at("10:30:00"), at("10:45:00"), at("11:00:00"));
        assertThat(shares).allMatch(Share::estimated);
        double[] expected = {100, 150, 150, 150, 120};
        for (int i = 0; i < expected.length; i++) {
            assertThat(shares.get(i).amount()).as("share %d", i).isCloseTo(expected[i], within(1e-9));
        }
        // the last bucket takes the remainder: the shares add back to the amount exactly
        double sum = 0;
        for (Share s : shares) sum += s.amount();
        assertThat(sum).isEqualTo(670.0);
    }

    @Test
    void sharesAddBackExactlyForAnAwkwardAmount() {
        // [10:01, 10:44:37) spans three buckets; the amount has no exact binary thirds
        List<Share> shares = linear(at("10:01:00"), at("10:44:37"), 0.1);
        assertThat(shares).hasSize(3);
        double sum = 0;
        for (Share s : shares) sum += s.amount();
        assertThat(sum).isEqualTo(0.1);
        // 14 min of 43 min 37 s (2,617 s): 840 / 2,617 × 0.1
        assertThat(shares.get(0).amount()).isCloseTo(0.1 * 840 / 2617, within(1e-15));
    }

    @Test
    void emptyOrReversedIntervalThrows() {
        assertThatThrownBy(() -> linear(at("10:00:00"), at("10:00:00"), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("empty interval");
        assertThatThrownBy(() -> linear(at("10:15:00"), at("10:00:00"), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("empty interval");
    }
}
