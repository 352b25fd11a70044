package dcmon.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When the job's committed Kafka offsets moved, per partition. The job commits on each completed checkpoint, so a
 * partition's committed offset advances in steps a checkpoint interval apart, and a rate taken between two such steps
 * is exact, while one taken over an arbitrary window is off by up to an interval's worth of records at each end.
 *
 * <p>Per partition because each source subtask commits its own partitions when it hears the checkpoint is complete:
 * a sum over partitions read between two subtasks' commits holds one partition's new offset and the other's old one,
 * and a rate taken from such a sum came out up to a quarter above the rate the job really had.
 */
final class CommitTimeline implements AutoCloseable {
    @FunctionalInterface
    interface Source {
        /** Committed offset by partition. */
        Map<Integer, Long> committed() throws Exception;
    }

    private record Change(long nanos, long committed) {}

    private final Map<Integer, List<Change>> changes = new HashMap<>();
    private final Thread poller;
    private volatile boolean running = true;

    CommitTimeline(Source source, long pollMillis) {
        poller = new Thread(
                () -> {
                    Map<Integer, Long> last = new HashMap<>();
                    while (running) {
                        try {
                            long now = System.nanoTime();
                            for (Map.Entry<Integer, Long> c : source.committed().entrySet()) {
                                if (!c.getValue().equals(last.put(c.getKey(), c.getValue())))
                                    record(c.getKey(), now, c.getValue());
                            }
                            Thread.sleep(pollMillis);
                        } catch (InterruptedException e) {
                            return;
                        } catch (Exception e) {
                            // the broker is busy or restarting: try again on the next poll
                        }
                    }
                },
                "bench-commit-timeline");
        poller.setDaemon(true);
        poller.start();
    }

    synchronized void record(int partition, long nanos, long committed) {
        changes.computeIfAbsent(partition, p -> new ArrayList<>()).add(new Change(nanos, committed));
    }

    /**
     * Records per second in [{@code fromNanos}, {@code toNanos}]: for each partition between its first and its last
     * commit in the window, summed. NaN when a partition's offset moved in the window only once, so its rate is unknown;
     * a partition whose offset did not move there adds nothing.
     */
    synchronized double rate(long fromNanos, long toNanos) {
        double sum = 0;
        for (List<Change> partition : changes.values()) {
            Change first = null, last = null;
            for (Change c : partition) {
                if (c.nanos < fromNanos || c.nanos > toNanos) continue;
                if (first == null) first = c;
                last = c;
            }
            if (first == null) continue;
            if (last == first) return Double.NaN;
            sum += (last.committed - first.committed) / ((last.nanos - first.nanos) / 1e9);
        }
        return sum;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        poller.interrupt();
        poller.join(5_000);
    }
}
