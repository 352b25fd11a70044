package dcmon.console.dashboard;

import dcmon.core.reading.RejectReason;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The rejections of the last 24 hours in memory, counted by unit, gateway and reason in hourly buckets: what a
 * unit's gateways page shows live. Distinct record ids are counted once (a replay or a redelivered message yields
 * the same id). Nothing is stored: after a restart the consumer reads the topic's last 24 hours again.
 */
public final class RejectionWindow {
    public static final Duration SPAN = Duration.ofHours(24);
    static final long HOUR = 3_600_000L;
    private static final int REASONS = RejectReason.values().length;

    private final LongSupplier clock;
    /** hour start → enterprise → gateway ("" when unknown) → counts by reason ordinal */
    private final TreeMap<Long, Map<String, Map<String, long[]>>> hours = new TreeMap<>();
    /** id → hour start of its bucket, to count each id once */
    private final Map<String, Long> ids = new HashMap<>();

    private long pruned = Long.MIN_VALUE;

    public RejectionWindow(LongSupplier clock) {
        this.clock = clock;
    }

    public RejectionWindow() {
        this(System::currentTimeMillis);
    }

    /** The start of the window: the hour 24 hours ago. */
    public long since() {
        return (clock.getAsLong() - SPAN.toMillis()) / HOUR * HOUR;
    }

    /**
     * Counts a rejection received at {@code receivedAt} (epoch millis).
     *
     * @return whether it was counted: false when older than the window or already counted
     */
    public synchronized boolean add(
            String id, String enterprise, String gateway, RejectReason reason, long receivedAt) {
        prune();
        long hour = receivedAt / HOUR * HOUR;
        if (hour < since() || ids.putIfAbsent(id, hour) != null) return false;
        hours.computeIfAbsent(hour, h -> new HashMap<>())
                .computeIfAbsent(enterprise, e -> new HashMap<>())
                .computeIfAbsent(gateway == null ? "" : gateway, g -> new long[REASONS])[reason.ordinal()]++;
        return true;
    }

    /** A unit's counts since {@link #since()}: gateway ("" when unknown) → reason → count. */
    public synchronized Map<String, Map<RejectReason, Long>> of(String enterprise) {
        prune();
        Map<String, Map<RejectReason, Long>> counts = new TreeMap<>();
        for (Map<String, Map<String, long[]>> hour : hours.values()) {
            Map<String, long[]> gateways = hour.get(enterprise);
            if (gateways == null) continue;
            gateways.forEach((gateway, byReason) -> {
                for (RejectReason reason : RejectReason.values()) {
                    long c = byReason[reason.ordinal()];
                    if (c > 0)
                        counts.computeIfAbsent(gateway, g -> new TreeMap<>()).merge(reason, c, Long::sum);
                }
            });
        }
        return counts;
    }

    /** Drops the hours that left the window, once per hour. */
    private void prune() {
        long since = since();
        if (since == pruned) return;
        pruned = since;
        hours.headMap(since).clear();
        for (Iterator<Long> it = ids.values().iterator(); it.hasNext(); ) {
            if (it.next() < since) it.remove();
        }
    }
}
