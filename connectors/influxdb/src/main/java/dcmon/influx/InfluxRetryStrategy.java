package dcmon.influx;

import java.time.Duration;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs requests to InfluxDB, retrying the failures {@link InfluxErrorClassifier} calls transient with bounded
 * exponential backoff: {@code initialBackoff}, doubled for each further retry, at most {@code maxBackoff}, and at
 * most {@code maxRetries} retries. Permanent failures are never retried. Thread-safe: it keeps no state per request.
 */
public final class InfluxRetryStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxRetryStrategy.class);

    /** Upper bound of one pause between retries, whatever maxRetries is. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** Waits between attempts; tests replace it to run without pauses. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration pause) throws InterruptedException;
    }

    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Counter retries;
    private final Sleeper sleeper;

    InfluxRetryStrategy(
            int maxRetries, Duration initialBackoff, Duration maxBackoff, Counter retries, Sleeper sleeper) {
        if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
        this.maxRetries = maxRetries;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.retries = retries;
        this.sleeper = sleeper;
    }

    /** The sink's options' {@code maxRetries} and {@code initialBackoff}; each retry counted in {@code retries}. */
    public static InfluxRetryStrategy of(InfluxSinkOptions options, Counter retries) {
        return new InfluxRetryStrategy(
                options.maxRetries(),
                options.initialBackoff(),
                MAX_BACKOFF,
                retries,
                pause -> Thread.sleep(pause.toMillis()));
    }

    public int maxRetries() {
        return maxRetries;
    }

    /** The pause before retry number {@code retry} (1 for the first). */
    public Duration backoffBefore(int retry) {
        if (retry < 1) throw new IllegalArgumentException("retries count from 1: " + retry);
        // doubling past 2^30 overflows long nanos long after it passed any sensible maxBackoff
        Duration pause = initialBackoff.multipliedBy(1L << Math.min(retry - 1, 30));
        return pause.compareTo(maxBackoff) > 0 ? maxBackoff : pause;
    }

    /**
     * Runs {@code request} until it succeeds, it fails permanently, or the retries are used up.
     *
     * @param what the request in a few words, for messages: "writing 5 points to dcmon"
     * @throws InfluxRequestException when the request failed for good, with the classification of its last error
     */
    public void run(String what, Runnable request) throws InfluxRequestException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                request.run();
                return;
            } catch (RuntimeException e) {
                InfluxErrorClassifier.Classification error = InfluxErrorClassifier.classify(e);
                if (error.permanent() || attempt > maxRetries) {
                    throw new InfluxRequestException(what, attempt, error, e);
                }
                Duration pause = backoffBefore(attempt);
                retries.inc();
                LOG.warn(
                        "{} failed (attempt {}, {}), retrying in {}: {}",
                        what,
                        attempt,
                        error.reason(),
                        pause,
                        e.getMessage());
                sleeper.sleep(pause);
            }
        }
    }
}
