package dcmon.simulator;

import dcmon.core.reading.MqttTopic;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what the {@link Generator} produces in generation order, over one MQTT connection per gateway (each with
 * its Last Will, as real gateways connect) or over one for all, and writes the ground truth at the end.
 *
 * <p>HISTORY publishes the window as fast as the rate limit and the broker allow. LIVE first catches up from
 * {@code from} to now (at {@code speed} simulated seconds per second, or as fast as allowed), then publishes each
 * tick when the clock reaches it, until {@link #stop()} or {@code to}. Publishing at QoS 1 with a bounded window
 * of unacknowledged messages means a slow broker slows the simulator down instead of losing anything.
 */
public final class Simulator {
    private static final Logger log = LoggerFactory.getLogger(Simulator.class);

    private final SimulatorOptions options;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong publishedReadings = new AtomicLong();
    private volatile boolean stopping;
    private volatile long simulatedTime = Long.MIN_VALUE;
    /** Pause between ticks: requested by {@link #pause}, answered with the truth so far, ended by {@link #resume}. */
    private final Object pauseLock = new Object();

    private boolean pauseRequested;
    private GroundTruth truthAtPause;
    private volatile boolean finished;

    public Simulator(SimulatorOptions options) {
        this.options = options;
    }

    /** Messages handed to the broker so far (readings topics and status). */
    public long published() {
        return published.get();
    }

    /** Reading objects in the messages published so far. */
    public long publishedReadings() {
        return publishedReadings.get();
    }

    /** Epoch millis of the tick generated last, or {@link Long#MIN_VALUE} before the first. */
    public long simulatedTime() {
        return simulatedTime;
    }

    /** Ends a run after the tick in progress; everything generated so far is still published and counted. */
    public void stop() {
        stopping = true;
        resume();
    }

    /**
     * Holds the run between two ticks and returns the ground truth of every message handed to the sink so far (the
     * expected results once they all arrive). Meant for runs without held-back faults (uploads, late duplicates),
     * whose truth counts messages not yet due. Returns null when the run ended before it reached a tick boundary.
     *
     * @param timeout how long to wait for the generating thread to reach the boundary
     */
    public GroundTruth pause(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (pauseLock) {
            truthAtPause = null;
            pauseRequested = true;
            pauseLock.notifyAll();
            while (truthAtPause == null && !finished) {
                long left = deadline - System.nanoTime();
                if (left <= 0)
                    throw new IllegalStateException("the simulator did not reach a tick boundary in " + timeout);
                TimeUnit.NANOSECONDS.timedWait(pauseLock, left);
            }
            return truthAtPause;
        }
    }

    /** Lets a paused run go on. */
    public void resume() {
        synchronized (pauseLock) {
            pauseRequested = false;
            truthAtPause = null;
            pauseLock.notifyAll();
        }
    }

    /** Called by the generating thread between ticks: answers a pause request and waits for {@link #resume}. */
    private void holdIfPaused(Generator g) throws InterruptedException {
        synchronized (pauseLock) {
            if (!pauseRequested) return;
            truthAtPause = g.groundTruth();
            pauseLock.notifyAll();
            while (pauseRequested && !stopping) pauseLock.wait();
        }
    }

    /**
     * Connects, publishes and returns what was published; writes the ground truth file when one is set.
     *
     * @throws MqttException when the broker cannot be reached or refuses a publish
     */
    public RunSummary run() throws MqttException, InterruptedException {
        long started = System.nanoTime();
        try (GatewayConnections mqtt = new GatewayConnections(options)) {
            Pacer pacer = new Pacer(options.maxMessagesPerSecond());
            RunSummary summary = generate(
                    m -> {
                        try {
                            if (m.kind() == OutgoingMessage.Kind.WILL) {
                                lastWill(mqtt, m);
                                return;
                            }
                            pacer.await();
                            mqtt.publish(m.topic(), m.payload(), m.retained());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("interrupted while publishing", e);
                        } catch (MqttException e) {
                            throw new IllegalStateException(
                                    "publish on " + m.topic() + " failed: " + e.getMessage(), e);
                        }
                    },
                    started);
            mqtt.flush();
            return summary;
        }
    }

    /**
     * A silent gateway's end: with a connection per gateway, its connection drops and the broker publishes the Last
     * Will; over a single connection, the simulator publishes what the Will would have said.
     */
    private void lastWill(GatewayConnections mqtt, OutgoingMessage m) throws MqttException, InterruptedException {
        MqttTopic status = MqttTopic.parseStatus(m.topic());
        if (options.connectionPerGateway() && status != null) {
            mqtt.dropAbruptly(status.enterprise(), status.gateway());
        } else {
            mqtt.publish(m.topic(), m.payload(), true);
        }
    }

    /**
     * Generates the run without a broker: each message goes to {@code sink} in publish order. The same options
     * give the same messages and the same ground truth as {@link #run()}.
     */
    public RunSummary generate(Consumer<OutgoingMessage> sink) throws InterruptedException {
        return generate(sink, System.nanoTime());
    }

    private RunSummary generate(Consumer<OutgoingMessage> sink, long startedNanos) throws InterruptedException {
        SimulatorOptions o = options;
        Generator g = new Generator(o);
        Consumer<OutgoingMessage> out = m -> {
            sink.accept(m);
            if (m.kind() == OutgoingMessage.Kind.WILL) return; // the broker's, not counted
            published.incrementAndGet();
            publishedReadings.addAndGet(m.readings());
            if (o.onPublish() != null) o.onPublish().accept(m);
        };
        g.statusOnline().forEach(out);
        long wallStart = o.clock().millis();
        long simStart = g.nextTick();
        while (g.hasNext() && !stopping) {
            holdIfPaused(g);
            if (stopping) break;
            long tick = g.nextTick();
            waitForTick(o, tick, simStart, wallStart);
            if (stopping) break;
            List<OutgoingMessage> due = g.step();
            simulatedTime = tick;
            due.forEach(out);
        }
        g.drain().forEach(out);
        g.statusOffline().forEach(out);
        GroundTruth truth = g.groundTruth();
        synchronized (pauseLock) {
            finished = true;
            pauseLock.notifyAll();
        }
        if (o.groundTruthFile() != null) {
            truth.write(o.groundTruthFile());
            log.info("ground truth written to {}", o.groundTruthFile());
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startedNanos);
        return new RunSummary(
                g.messages(),
                g.readings(),
                truth.published().duplicates(),
                truth.published().statusMessages(),
                truth.faultCounts(),
                elapsed,
                truth);
    }

    /**
     * In LIVE mode a tick is published once it has happened; while catching up, at {@code speed} simulated
     * seconds per wall-clock second. HISTORY never waits here (only the rate limit applies).
     */
    private void waitForTick(SimulatorOptions o, long tick, long simStart, long wallStart) throws InterruptedException {
        if (o.mode() != Mode.LIVE) return;
        while (!stopping) {
            long now = o.clock().millis();
            long waitMs = tick - now; // a tick is published once it has happened
            if (o.speed() > 0) waitMs = Math.max(waitMs, wallStart + (long) ((tick - simStart) / o.speed()) - now);
            if (waitMs <= 0) return;
            TimeUnit.MILLISECONDS.sleep(Math.min(waitMs, 500));
        }
    }

    /** Spaces publishes to at most {@code perSecond}; 0 means no limit. */
    static final class Pacer {
        private final long intervalNanos;
        private long next = System.nanoTime();

        Pacer(double perSecond) {
            this.intervalNanos = perSecond > 0 ? (long) (1e9 / perSecond) : 0;
        }

        void await() throws InterruptedException {
            if (intervalNanos == 0) return;
            long now = System.nanoTime();
            if (next > now) TimeUnit.NANOSECONDS.sleep(next - now);
            // no credit for idle time beyond one second: bursts stay bounded
            next = Math.max(next, now - 1_000_000_000L) + intervalNanos;
        }
    }
}
