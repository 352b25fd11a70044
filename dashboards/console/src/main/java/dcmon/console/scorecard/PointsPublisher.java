package dcmon.console.scorecard;

import dcmon.assessment.QualitativeTopic;
import dcmon.core.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes the qualitative points to the compacted topic {@link Topics#SCORECARD_QUALITATIVE}, where the scorecard
 * export reads them (jobs meet the console only through Kafka and InfluxDB). Each publication waits for the broker's
 * acknowledgement, so the console's transaction commits only what the topic holds. The topic is created (compacted,
 * one partition) on the first publication if it does not exist.
 */
public final class PointsPublisher implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Properties properties;
    private final KafkaProducer<String, byte[]> producer;
    private volatile boolean topicReady;

    public PointsPublisher(String bootstrap, Map<String, String> clientProperties) {
        properties = new Properties();
        properties.putAll(clientProperties);
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        Properties p = new Properties();
        p.putAll(properties);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(TIMEOUT.toMillis()));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT.toMillis()));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT.toMillis() / 2));
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Sends a unit's points of a year (null: removed, an empty value) and waits for the acknowledgement.
     *
     * @throws IllegalStateException when Kafka does not acknowledge in time
     */
    public void publish(int year, String enterprise, Double points, String actor, Instant at) {
        ensureTopic();
        byte[] value = points == null ? new byte[0] : QualitativeTopic.value(year, enterprise, points, actor, at);
        try {
            producer.send(new ProducerRecord<>(
                            Topics.SCORECARD_QUALITATIVE, QualitativeTopic.key(year, enterprise), value))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Kafka refused the points: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the points in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the points", e);
        }
    }

    /** Creates the compacted topic when it does not exist (an existing one is left as it is). */
    private void ensureTopic() {
        if (topicReady) return;
        try (Admin admin = Admin.create(properties)) {
            NewTopic topic = new NewTopic(Topics.SCORECARD_QUALITATIVE, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(topic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(
                        "cannot create topic " + Topics.SCORECARD_QUALITATIVE + ": "
                                + e.getCause().getMessage(),
                        e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the topic", e);
        }
        topicReady = true;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
