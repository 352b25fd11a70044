package dcmon.influx;

import java.io.IOException;
import java.io.Serializable;

/**
 * Where the sink puts rows InfluxDB refused for good, when {@link InfluxSinkOptions#onPermanentError()} is
 * {@link PermanentErrorMode#DEAD_LETTER}. Kept an interface so that this module needs no Kafka: the monitoring
 * job provides one that writes to Kafka topic {@code dcmon.sink.dead-letter}.
 *
 * <p>{@link #send} is called from the writer's I/O threads, so implementations are thread-safe.
 */
public interface DeadLetters extends AutoCloseable {

    /** Hands over one refused row; may return before it is stored. */
    void send(DeadLetter letter) throws IOException;

    /**
     * Returns once every letter sent before is stored, or throws if one could not be. The writer calls it on each
     * flush, so a checkpoint completes only once its dead letters are stored.
     */
    void flush() throws IOException, InterruptedException;

    @Override
    void close();

    /** Opens one {@link DeadLetters} per sink writer; shipped with the job graph, hence serializable. */
    @FunctionalInterface
    interface Factory extends Serializable {
        DeadLetters open() throws IOException;
    }
}
