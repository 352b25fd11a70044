package dcmon.cli.chaos;

import dcmon.simulator.GroundTruth;
import dcmon.simulator.OutgoingMessage;
import dcmon.simulator.RunSummary;
import dcmon.simulator.Simulator;
import dcmon.simulator.SimulatorOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Steady simulated load for a chaos run: the simulator's messages, in order, at a fixed rate, published by a
 * {@link ResilientPublisher} that outlives broker restarts. Between faults the run pauses at a tick boundary and
 * hands over the ground truth of everything published so far.
 */
final class ChaosLoad implements AutoCloseable {
    private static final Duration PAUSE_TIMEOUT = Duration.ofMinutes(3);

    private final Simulator simulator;
    private final ResilientPublisher publisher;
    private final long intervalNanos;
    private final CompletableFuture<RunSummary> run;
    private long next = System.nanoTime();

    /** @param options the simulator's options (its MQTT settings are not used: the publisher has its own) */
    ChaosLoad(SimulatorOptions options, String mqttUrl, double messagesPerSecond) {
        this.simulator = new Simulator(options);
        this.publisher = new ResilientPublisher(mqttUrl, "dcmon-chaos-gateways");
        this.intervalNanos = (long) (1e9 / messagesPerSecond);
        this.run = CompletableFuture.supplyAsync(this::generate, runnable -> {
            Thread t = new Thread(runnable, "chaos-load");
            t.setDaemon(true);
            t.start();
        });
    }

    private RunSummary generate() {
        try {
            return simulator.generate(this::send);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void send(OutgoingMessage m) {
        try {
            pace();
            publisher.publish(m.topic(), m.payload(), m.retained());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        }
    }

    private void pace() throws InterruptedException {
        long now = System.nanoTime();
        if (next > now) TimeUnit.NANOSECONDS.sleep(next - now);
        // no credit for time spent waiting on the broker beyond a second: the load stays steady after an outage
        next = Math.max(next, now - 1_000_000_000L) + intervalNanos;
    }

    /** Epoch millis of the tick generated last (before the first: now). */
    long simulatedTime() {
        long t = simulator.simulatedTime();
        return t == Long.MIN_VALUE ? System.currentTimeMillis() : t;
    }

    /** Messages published so far. */
    long published() {
        return simulator.published();
    }

    long retransmissions() {
        return publisher.retransmissions();
    }

    /** Holds the load between two ticks; the truth of everything published so far (the final one if it ended). */
    GroundTruth pause() throws Exception {
        GroundTruth truth = simulator.pause(PAUSE_TIMEOUT);
        return truth != null ? truth : run.get().groundTruth();
    }

    void resume() {
        simulator.resume();
    }

    /** Whether the simulated window is used up (the run published everything). */
    boolean finished() {
        return run.isDone();
    }

    /** Ends the load after the current tick; returns the truth of everything published. */
    GroundTruth finish() throws Exception {
        simulator.stop();
        return run.get(PAUSE_TIMEOUT.toSeconds(), TimeUnit.SECONDS).groundTruth();
    }

    @Override
    public void close() {
        simulator.stop();
        publisher.close();
    }
}
