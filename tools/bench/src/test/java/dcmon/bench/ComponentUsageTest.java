package dcmon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ComponentUsageTest {
    private static final long BURN_NANOS = 400_000_000L;

    @Test
    void aPublisherThreadCountsAsPublishersAndTheRestOfTheJvmAsJvmOther() throws Exception {
        ComponentUsage usage = new ComponentUsage("bench-publisher", "bench-bridge");

        Map<String, Long> before = usage.cpu();
        CountDownLatch done = new CountDownLatch(1);
        Thread publisher = burnIn("bench-publisher-test", done);
        Map<String, Long> afterPublisher = usage.cpu();
        assertThat(afterPublisher.get("publishers") - before.get("publishers")).isGreaterThanOrEqualTo(BURN_NANOS);

        // a thread of no component, ended by the time of the reading: only the process's total still has its time
        CountDownLatch ended = new CountDownLatch(0);
        burnIn("some-helper", ended).join();
        Map<String, Long> afterHelper = usage.cpu();
        done.countDown();
        publisher.join();
        assertThat(afterHelper.get("jvm-other") - afterPublisher.get("jvm-other"))
                .as("the ended helper's CPU, read from /proc in clock ticks")
                .isGreaterThanOrEqualTo(BURN_NANOS - 20_000_000L);
        assertThat(afterHelper.get("publishers") - afterPublisher.get("publishers"))
                .isLessThan(BURN_NANOS / 10);
    }

    /**
     * Starts a thread of this name and returns once it has used {@link #BURN_NANOS} of CPU; the thread then idles
     * until {@code release} opens.
     */
    private static Thread burnIn(String name, CountDownLatch release) throws InterruptedException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        CountDownLatch burnt = new CountDownLatch(1);
        Thread t = new Thread(
                () -> {
                    long x = 0;
                    while (mx.getCurrentThreadCpuTime() < BURN_NANOS) x += System.nanoTime() % 7;
                    if (x == 42) System.out.print("");
                    burnt.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                name);
        t.start();
        burnt.await();
        return t;
    }
}
