package dcmon.core.series;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CounterStepTest {
    private static final long T1 = 1_795_000_000_000L;
    /** 15 minutes later. */
    private static final long T2 = T1 + 900_000L;
    /** 400 units per hour over 15 minutes: plausible amount 400 × 900,000 / 3,600,000 = 100 exactly. */
    private static final double RATE = 400;

    @Test
    void normalStep() {
        assertThat(CounterStep.classify(T1, 1_000, T2, 1_060, 0, RATE)).isEqualTo(new CounterStep(StepKind.NORMAL, 60));
    }

    @Test
    void standingStillIsNormalWithZeroDelta() {
        assertThat(CounterStep.classify(T1, 1_000, T2, 1_000, 0, RATE)).isEqualTo(new CounterStep(StepKind.NORMAL, 0));
    }

    @Test
    void riseExactlyAtThePlausibleAmountIsNormalAndJustAboveIsSuspect() {
        // plausible = 100: 1,000 → 1,100 is allowed
        assertThat(CounterStep.classify(T1, 1_000, T2, 1_100, 0, RATE))
                .isEqualTo(new CounterStep(StepKind.NORMAL, 100));
        // 1,000 → 1,100.5 is 100.5 > 100: suspect, raw delta kept
        assertThat(CounterStep.classify(T1, 1_000, T2, 1_100.5, 0, RATE))
                .isEqualTo(new CounterStep(StepKind.SUSPECT, 100.5));
    }

    @Test
    void plausibleAmountGrowsWithElapsedTime() {
        // 2 h at 400/h = 800: a rise of 800 is normal, 801 suspect
        long twoHours = T1 + 7_200_000L;
        assertThat(CounterStep.classify(T1, 0, twoHours, 800, 0, RATE).kind()).isEqualTo(StepKind.NORMAL);
        assertThat(CounterStep.classify(T1, 0, twoHours, 801, 0, RATE).kind()).isEqualTo(StepKind.SUSPECT);
    }

    @Test
    void rolloverWrapsPastTheRolloverValue() {
        // register wraps at 100,000: 99,990 → 40 is 100,000 − 99,990 + 40 = 50 ≤ 100
        assertThat(CounterStep.classify(T1, 99_990, T2, 40, 100_000, RATE))
                .isEqualTo(new CounterStep(StepKind.ROLLOVER, 50));
    }

    @Test
    void rolloverExactlyAtThePlausibleAmount() {
        // 100,000 − 99,950 + 50 = 100 = plausible → rollover
        assertThat(CounterStep.classify(T1, 99_950, T2, 50, 100_000, RATE))
                .isEqualTo(new CounterStep(StepKind.ROLLOVER, 100));
        // 100,000 − 99,950 + 60 = 110 > 100, and 60 ≤ 100 counted from zero → reset
        assertThat(CounterStep.classify(T1, 99_950, T2, 60, 100_000, RATE))
                .isEqualTo(new CounterStep(StepKind.RESET, 60));
    }

    @Test
    void rolloverIsPreferredOverResetWhenBothArePlausible() {
        // wrap: 1,000 − 990 + 5 = 15 ≤ 100; reset: 5 ≤ 100. The wrap wins.
        assertThat(CounterStep.classify(T1, 990, T2, 5, 1_000, RATE)).isEqualTo(new CounterStep(StepKind.ROLLOVER, 15));
    }

    @Test
    void resetWhenTheWrapIsImplausibleButTheNewValueIs() {
        // wrap: 100,000 − 50,000 + 5 = 50,005 > 100; the new value 5 ≤ 100 counts from zero
        assertThat(CounterStep.classify(T1, 50_000, T2, 5, 100_000, RATE))
                .isEqualTo(new CounterStep(StepKind.RESET, 5));
        // a register that never wraps (rollover 0) that drops to near zero is a reset as well
        assertThat(CounterStep.classify(T1, 990, T2, 5, 0, RATE)).isEqualTo(new CounterStep(StepKind.RESET, 5));
    }

    @Test
    void resetExactlyAtThePlausibleAmountAndNegativeJustAbove() {
        // no wrap configured: drop to 100 = plausible → reset counting 100
        assertThat(CounterStep.classify(T1, 5_000, T2, 100, 0, RATE)).isEqualTo(new CounterStep(StepKind.RESET, 100));
        // drop to 100.5 > 100 → neither rollover nor reset: negative, delta 0
        assertThat(CounterStep.classify(T1, 5_000, T2, 100.5, 0, RATE))
                .isEqualTo(new CounterStep(StepKind.NEGATIVE, 0));
    }

    @Test
    void negativeStep() {
        // 1,000 → 990 with wrap at 100,000: wrap 100,000 − 1,000 + 990 = 99,990 > 100; 990 > 100 → negative
        assertThat(CounterStep.classify(T1, 1_000, T2, 990, 100_000, RATE))
                .isEqualTo(new CounterStep(StepKind.NEGATIVE, 0));
    }

    @Test
    void noRolloverFromAValueAtOrAboveTheRolloverValue() {
        // a previous value of 1,000 on a register that wraps at 1,000 cannot have wrapped: 1,000 → 5 is a reset (5),
        // not a rollover of 1,000 − 1,000 + 5 = 5
        assertThat(CounterStep.classify(T1, 1_000, T2, 5, 1_000, RATE)).isEqualTo(new CounterStep(StepKind.RESET, 5));
    }
}
