package dcmon.monitoring;

import dcmon.core.Topics;
import dcmon.influx.DeadLetter;
import dcmon.influx.DeadLetters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Puts the rows InfluxDB refused for good into Kafka topic {@value Topics#SINK_DEAD_LETTER}, one JSON record
 * ({@link DeadLetter#toJson()}) per row, keyed by measurement. A plain idempotent producer with {@code acks=all}:
 * the sink flushes it on every checkpoint, so a checkpoint completes only once its dead letters are in Kafka. A
 * replay after a failure may send a letter again; readers take the records as at-least-once.
 */
public final class KafkaDeadLetters implements DeadLetters {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    /** The first record Kafka did not take; thrown from the next send or flush. */
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    KafkaDeadLetters(String bootstrapServers, String topic) {
        this(bootstrapServers, java.util.Map.of(), topic);
    }

    KafkaDeadLetters(String bootstrapServers, java.util.Map<String, String> clientProperties, String topic) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "dcmon-sink-dead-letters");
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /** Opens one producer per sink writer, to {@code topic} on {@code bootstrapServers}. */
    public static DeadLetters.Factory factory(String bootstrapServers, String topic) {
        return () -> new KafkaDeadLetters(bootstrapServers, topic);
    }

    /** The same, to {@value Topics#SINK_DEAD_LETTER}. */
    public static DeadLetters.Factory factory(String bootstrapServers) {
        return factory(bootstrapServers, Topics.SINK_DEAD_LETTER);
    }

    /** To {@value Topics#SINK_DEAD_LETTER} with further client properties (security). */
    public static DeadLetters.Factory factory(String bootstrapServers, java.util.Map<String, String> clientProperties) {
        // a copy the factory can carry to the task managers
        java.util.TreeMap<String, String> props = new java.util.TreeMap<>(clientProperties);
        return () -> new KafkaDeadLetters(bootstrapServers, props, Topics.SINK_DEAD_LETTER);
    }

    @Override
    public void send(DeadLetter letter) throws IOException {
        throwIfFailed();
        producer.send(
                new ProducerRecord<>(topic, letter.measurement().getBytes(StandardCharsets.UTF_8), letter.toJson()),
                (metadata, error) -> {
                    if (error != null) failure.compareAndSet(null, error);
                });
    }

    @Override
    public void flush() throws IOException {
        producer.flush();
        throwIfFailed();
    }

    @Override
    public void close() {
        producer.close();
    }

    private void throwIfFailed() throws IOException {
        Exception e = failure.get();
        if (e != null) throw new IOException("sending a dead letter to Kafka topic " + topic + " failed: " + e, e);
    }
}
