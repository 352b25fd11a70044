package dcmon.monitoring;

import dcmon.core.usage.UsageTotals;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Sums region deltas on the enterprise task before they cross the network to the regional roll-ups.
 *
 * <p>Every message changes 4 periods of its enterprise, and each change goes to its city, its tier and the
 * province: 12 deltas per message, whatever the number of readings in it. Most of them land on the same few
 * dozen (region, period) pairs, so summing them here for a moment turns thousands of records a second into a
 * few hundred, and leaves the roll-up task with almost nothing to do.
 *
 * <p>Nothing is held across a checkpoint: everything waiting is sent before the barrier
 * ({@link #prepareSnapshotPreBarrier}), so the upstream state of a checkpoint and the deltas downstream of
 * its barrier always agree, and nothing needs state of its own. It is also sent before every watermark (the
 * roll-ups see deltas in the same order against event time as without this operator), at end of input, when
 * {@link #MAX_WAITING} pairs wait, and at the latest {@code interval} after the first delta waited.
 */
public final class RegionDeltaCombiner extends AbstractStreamOperator<RegionDelta>
        implements OneInputStreamOperator<RegionDelta, RegionDelta>, BoundedOneInput {
    /** Bounds the memory held between sends; there are rarely more than a few hundred pairs in play. */
    static final int MAX_WAITING = 10_000;

    private final long intervalMs;
    /** (level, region, period) → the sum waiting and its latest timestamp, in first-touched order. */
    private transient Map<Pair, Waiting> waiting;

    private transient boolean sendScheduled;

    /** @param interval how long a delta may wait for others of its pair; zero sends each at once. */
    public RegionDeltaCombiner(Duration interval) {
        this.intervalMs = interval.toMillis();
    }

    private record Pair(String level, String region, long periodKey) {}

    private static final class Waiting {
        final RegionDelta delta;
        long timestamp;
        boolean hasTimestamp;

        Waiting(RegionDelta delta) {
            this.delta = delta;
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        waiting = new LinkedHashMap<>();
    }

    @Override
    public void processElement(StreamRecord<RegionDelta> element) throws Exception {
        RegionDelta d = element.getValue();
        if (intervalMs == 0) {
            output.collect(element);
            return;
        }
        Waiting w = waiting.computeIfAbsent(
                new Pair(d.level, d.region, d.periodKey),
                // a copy: the enterprise function hands one totals object to the city, tier and province deltas
                p -> new Waiting(new RegionDelta(d.level, d.region, d.periodKey, new UsageTotals())));
        w.delta.delta.add(d.delta);
        if (element.hasTimestamp()) {
            w.timestamp = w.hasTimestamp ? Math.max(w.timestamp, element.getTimestamp()) : element.getTimestamp();
            w.hasTimestamp = true;
        }
        if (waiting.size() >= MAX_WAITING) {
            send();
        } else if (!sendScheduled) {
            sendScheduled = true;
            long now = getProcessingTimeService().getCurrentProcessingTime();
            getProcessingTimeService().registerTimer(now + intervalMs, t -> send());
        }
    }

    /** Sends everything waiting, in the order the pairs were first touched. */
    private void send() {
        for (Waiting w : waiting.values()) {
            output.collect(w.hasTimestamp ? new StreamRecord<>(w.delta, w.timestamp) : new StreamRecord<>(w.delta));
        }
        waiting.clear();
        // a timer still pending finds nothing and stays harmless; the next delta schedules its own
        sendScheduled = false;
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        send();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        send();
        super.processWatermark(mark);
    }

    @Override
    public void endInput() {
        send();
    }
}
