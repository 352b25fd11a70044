package dcmon.monitoring;

import static dcmon.monitoring.TestRegistry.at;
import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.calendar.Period;
import dcmon.core.usage.UsageKeys;
import dcmon.core.usage.UsageTotals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RegionDeltaCombinerTest {
    private static final long QUARTER = at("2026-11-24T10:15:00+08:00");
    private static final long DAY = at("2026-11-24T00:00:00+08:00");
    private static final long RX = at("2026-11-24T10:31:00+08:00");

    private OneInputStreamOperatorTestHarness<RegionDelta, RegionDelta> harness;

    private void open(Duration interval) throws Exception {
        harness = new OneInputStreamOperatorTestHarness<>(new RegionDeltaCombiner(interval));
        harness.setProcessingTime(1_000);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) harness.close();
    }

    private static UsageTotals totals(double tce, double tco2, int estimated, Object... productAmount) {
        return TestTotals.of(tce, tce, tce, tco2, estimated, productAmount);
    }

    private void send(String level, String region, Period period, long start, UsageTotals d, long timestamp)
            throws Exception {
        harness.processElement(
                new StreamRecord<>(new RegionDelta(level, region, UsageKeys.key(period, start), d), timestamp));
    }

    /** What was sent, as "level|region|period key tce tco2 estimated outputs @timestamp", and watermarks. */
    private List<String> sent() {
        List<String> out = new ArrayList<>();
        for (Object o : harness.getOutput()) {
            if (o instanceof Watermark w) {
                out.add("watermark " + w.getTimestamp());
            } else {
                @SuppressWarnings("unchecked")
                StreamRecord<RegionDelta> r = (StreamRecord<RegionDelta>) o;
                RegionDelta d = r.getValue();
                StringBuilder s = new StringBuilder(d.rollupKey() + "|" + UsageKeys.period(d.periodKey) + " "
                        + d.delta.tce + " " + d.delta.tco2 + " " + d.delta.estimated);
                for (int i = 0; i < d.delta.products.length; i++)
                    s.append(' ').append(d.delta.products[i]).append('=').append(d.delta.outputs[i]);
                out.add(s.append(" @").append(r.getTimestamp()).toString());
            }
        }
        return out;
    }

    @Test
    void deltasOfOnePairWaitForTheIntervalAndLeaveAsOneSumWithTheirLatestTimestamp() throws Exception {
        open(Duration.ofMillis(200));
        send("city", "420100", Period.QUARTER, QUARTER, totals(0.5, 1.25, 0, "crude-steel", 10), RX);
        send("city", "420100", Period.DAY, DAY, totals(0.5, 1.25, 0), RX);
        send("city", "420100", Period.QUARTER, QUARTER, totals(0.25, 0.75, 1, "clinker", 3.5), RX + 2_000);
        send("province", "420000", Period.QUARTER, QUARTER, totals(0.125, 0.5, 0), RX + 1_000);
        send("city", "420100", Period.QUARTER, QUARTER, totals(0.125, 0.25, 0, "crude-steel", 2), RX + 1_000);

        harness.setProcessingTime(1_199);
        assertThat(sent()).isEmpty();

        harness.setProcessingTime(1_200);
        // in the order the pairs were first touched; sums exact (binary fractions)
        assertThat(sent())
                .containsExactly(
                        "city|420100|QUARTER 0.875 2.25 1 crude-steel=12.0 clinker=3.5 @" + (RX + 2_000),
                        "city|420100|DAY 0.5 1.25 0 @" + RX,
                        "province|420000|QUARTER 0.125 0.5 0 @" + (RX + 1_000));

        // the next delta waits a whole interval of its own
        harness.getOutput().clear();
        harness.setProcessingTime(1_300);
        send("city", "420100", Period.QUARTER, QUARTER, totals(1, 2, 0), RX + 3_000);
        harness.setProcessingTime(1_450);
        assertThat(sent()).isEmpty();
        harness.setProcessingTime(1_500);
        assertThat(sent()).containsExactly("city|420100|QUARTER 1.0 2.0 0 @" + (RX + 3_000));
    }

    @Test
    void oneTotalsObjectSharedByTheCityTierAndProvinceDeltasIsNeverChanged() throws Exception {
        open(Duration.ofMillis(200));
        UsageTotals shared = totals(0.5, 1.5, 0);
        send("city", "420100", Period.QUARTER, QUARTER, shared, RX);
        send("tier", "1", Period.QUARTER, QUARTER, shared, RX);
        send("province", "420000", Period.QUARTER, QUARTER, shared, RX);
        send("city", "420100", Period.QUARTER, QUARTER, totals(0.25, 0.5, 0), RX);
        harness.setProcessingTime(1_200);

        assertThat(shared.tce).isEqualTo(0.5);
        assertThat(shared.tco2).isEqualTo(1.5);
        assertThat(sent())
                .containsExactly(
                        "city|420100|QUARTER 0.75 2.0 0 @" + RX,
                        "tier|1|QUARTER 0.5 1.5 0 @" + RX,
                        "province|420000|QUARTER 0.5 1.5 0 @" + RX);
    }

    @Test
    void everythingWaitingLeavesBeforeTheCheckpointBarrier() throws Exception {
        open(Duration.ofSeconds(60));
        send("city", "420100", Period.QUARTER, QUARTER, totals(0.5, 1.25, 0), RX);
        send("city", "420100", Period.QUARTER, QUARTER, totals(0.25, 0.25, 0), RX);

        harness.prepareSnapshotPreBarrier(1);

        assertThat(sent()).containsExactly("city|420100|QUARTER 0.75 1.5 0 @" + RX);
        // nothing of its own to checkpoint: after the barrier nothing waits
        harness.getOutput().clear();
        harness.snapshot(1, 2_000);
        harness.setProcessingTime(100_000);
        assertThat(sent()).isEmpty();
    }

    @Test
    void everythingWaitingLeavesBeforeAWatermarkAndAtEndOfInput() throws Exception {
        open(Duration.ofSeconds(60));
        send("city", "420100", Period.QUARTER, QUARTER, totals(0.5, 1.25, 0), RX);
        harness.processWatermark(RX + 500);
        send("tier", "2", Period.DAY, DAY, totals(0.25, 0.25, 0), RX + 600);
        harness.endInput();

        assertThat(sent())
                .containsExactly(
                        "city|420100|QUARTER 0.5 1.25 0 @" + RX,
                        "watermark " + (RX + 500),
                        "tier|2|DAY 0.25 0.25 0 @" + (RX + 600));
    }

    @Test
    void tooManyPairsWaitingAreSentWithoutWaitingForTheTimer() throws Exception {
        open(Duration.ofSeconds(60));
        for (int i = 0; i < RegionDeltaCombiner.MAX_WAITING - 1; i++) {
            send("city", "c" + i, Period.QUARTER, QUARTER, totals(1, 1, 0), RX);
        }
        assertThat(harness.getOutput()).isEmpty();
        send("city", "last", Period.QUARTER, QUARTER, totals(1, 1, 0), RX);
        assertThat(harness.getOutput()).hasSize(RegionDeltaCombiner.MAX_WAITING);
    }

    @Test
    void aZeroIntervalSendsEachDeltaAtOnce() throws Exception {
        open(Duration.ZERO);
        send("city", "420100", Period.QUARTER, QUARTER, totals(0.5, 1.25, 0), RX);
        send("city", "420100", Period.QUARTER, QUARTER, totals(0.25, 0.25, 0), RX + 1);

        assertThat(sent())
                .containsExactly(
                        "city|420100|QUARTER 0.5 1.25 0 @" + RX, "city|420100|QUARTER 0.25 0.25 0 @" + (RX + 1));
    }
}
