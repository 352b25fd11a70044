package dcmon.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * When the job's committed Kafka offsets moved. The job commits on each completed checkpoint, so the committed
 * total advances in steps a checkpoint interval apart; a rate taken between two such steps is exact, while one
 * taken over an arbitrary window is off by up to an interval's worth of records at each end.
 */
final class CommitTimeline implements AutoCloseable {
    @FunctionalInterface
    interface Source {
        long committed() throws Exception;
    }

    private record Change(long nanos, long committed) {}

    private final List<Change> changes = new ArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;

    CommitTimeline(Source source, long pollMillis) {
        poller = new Thread(() -> {
            long last = Long.MIN_VALUE;
            while (running) {
                try {
                    long c = source.committed();
                    if (c != last) {
                        record(System.nanoTime(), c);
                        last = c;
                    }
                    Thread.sleep(pollMillis);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // the broker is busy or restarting: try again on the next poll
                }
            }
        }, "bench-commit-timeline");
        poller.setDaemon(true);
        poller.start();
    }

    synchronized void record(long nanos, long committed) {
        changes.add(new Change(nanos, committed));
    }

    /**
     * Records per second between the first and the last commit seen in [{@code fromNanos}, {@code toNanos}],
     * or NaN when fewer than two commits fall in that window.
     */
    synchronized double rate(long fromNanos, long toNanos) {
        Change first = null, last = null;
        for (Change c : changes) {
            if (c.nanos < fromNanos || c.nanos > toNanos) continue;
            if (first == null) first = c;
            last = c;
        }
        if (first == null || last == first) return Double.NaN;
        return (last.committed - first.committed) / ((last.nanos - first.nanos) / 1e9);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        poller.interrupt();
        poller.join(5_000);
    }
}
