package dcmon.console.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcmon.core.Topics;
import dcmon.core.reading.RejectReason;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code dcmon.readings.rejected} ({@code dcmon.rejected/1}) into a {@link RejectionWindow}. It has no
 * consumer group and commits nothing: on start it seeks every partition to the records of the last 24 hours and
 * counts them again, so the window survives restarts without a store. Records without an enterprise (keyed by the
 * reason when the unit is unknown) belong to no unit's page and are skipped, as are malformed ones.
 */
public final class RejectionConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RejectionConsumer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final KafkaConsumer<String, String> consumer;
    private final RejectionWindow window;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong counted = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    private RejectionConsumer(KafkaConsumer<String, String> consumer, RejectionWindow window) {
        this.consumer = consumer;
        this.window = window;
        this.thread = new Thread(this::run, "rejection-consumer");
        this.thread.setDaemon(true);
    }

    /** Starts reading in a thread of its own, from the records of the last 24 hours. */
    public static RejectionConsumer start(String bootstrapServers, RejectionWindow window) {
        return start(bootstrapServers, Map.of(), window);
    }

    /** @param clientProperties further consumer properties (security), applied before the console's own */
    public static RejectionConsumer start(
            String bootstrapServers, Map<String, String> clientProperties, RejectionWindow window) {
        Map<String, Object> config = new java.util.HashMap<>(clientProperties);
        config.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                2000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class));
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
        RejectionConsumer rejections = new RejectionConsumer(consumer, window);
        rejections.thread.start();
        return rejections;
    }

    /** Records read so far. */
    public long received() {
        return received.get();
    }

    /** Records counted in the window (new ids within the last 24 hours). */
    public long counted() {
        return counted.get();
    }

    /** Records skipped: malformed, without an enterprise, or older than the window. */
    public long skipped() {
        return skipped.get();
    }

    private void run() {
        try {
            assign();
            while (running.get()) {
                for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
                    received.incrementAndGet();
                    if (count(r)) counted.incrementAndGet();
                    else skipped.incrementAndGet();
                }
            }
        } catch (WakeupException e) {
            if (running.get()) throw e;
        } catch (RuntimeException e) {
            LOG.error("rejection consumer stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Every partition of the topic (waiting for it to exist), each from its first record of the window. */
    private void assign() {
        List<PartitionInfo> partitions = List.of();
        while (running.get()) {
            partitions = consumer.partitionsFor(Topics.READINGS_REJECTED, RETRY);
            if (partitions != null && !partitions.isEmpty()) break;
            LOG.info("waiting for topic {}", Topics.READINGS_REJECTED);
            sleep();
        }
        if (!running.get()) throw new WakeupException();
        List<TopicPartition> assigned = partitions.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(assigned);
        Map<TopicPartition, Long> since = new HashMap<>();
        for (TopicPartition p : assigned) since.put(p, window.since());
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(since);
        for (TopicPartition p : assigned) {
            OffsetAndTimestamp offset = offsets.get(p);
            if (offset == null) consumer.seekToEnd(List.of(p));
            else consumer.seek(p, offset.offset());
        }
    }

    private boolean count(ConsumerRecord<String, String> r) {
        try {
            JsonNode node = JSON.readTree(r.value());
            if (node == null || !"dcmon.rejected/1".equals(node.path("schema").asText())) return false;
            RejectReason reason = RejectReason.ofCode(node.path("reason").asText());
            String id = node.path("id").asText("");
            String enterprise = node.path("enterprise").asText("");
            if (reason == null || id.isEmpty() || enterprise.isEmpty()) return false;
            String gateway =
                    node.path("gateway").isTextual() ? node.get("gateway").asText() : null;
            long at = r.timestamp();
            if (node.path("received_at").isTextual()) {
                at = OffsetDateTime.parse(node.get("received_at").asText())
                        .toInstant()
                        .toEpochMilli();
            }
            return window.add(id, enterprise, gateway, reason, at);
        } catch (java.io.IOException | DateTimeParseException e) {
            LOG.debug("malformed rejection record at {}-{}@{} skipped", r.topic(), r.partition(), r.offset());
            return false;
        }
    }

    /** Waits before retrying, ending early when closed. */
    private void sleep() {
        try {
            for (long waited = 0; waited < RETRY.toMillis() && running.get(); waited += 100) Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
