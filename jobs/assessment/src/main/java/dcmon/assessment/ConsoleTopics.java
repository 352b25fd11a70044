package dcmon.assessment;

import dcmon.core.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads the console's topics from the beginning to their current end, for an export on demand. */
final class ConsoleTopics {
    private ConsoleTopics() {}

    /**
     * @throws ExportException when Kafka does not answer within {@code timeout}
     */
    static ConsoleState read(
            String bootstrap, Map<String, String> kafkaProperties, Duration timeout, Consumer<String> skipped)
            throws ExportException {
        Properties p = new Properties();
        p.putAll(kafkaProperties); // a SASL login or TLS; the settings below are the export's own
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        ConsoleState state = ConsoleState.empty();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String topic : List.of(Topics.ALERT_REVIEWS, Topics.MAINTENANCE)) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic);
                if (infos != null) for (PartitionInfo i : infos) parts.add(new TopicPartition(topic, i.partition()));
            }
            if (parts.isEmpty()) return state; // no console has published yet
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!atEnd(consumer, end)) {
                if (System.nanoTime() > deadline) throw new org.apache.kafka.common.errors.TimeoutException("reading");
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) continue;
                    try {
                        state = state.with(r.topic(), r.value());
                    } catch (IOException | RuntimeException e) {
                        skipped.accept(r.topic() + " offset " + r.offset() + ": " + e.getMessage());
                    }
                }
            }
            return state;
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new ExportException("cannot read the review states and 报备 windows from Kafka at " + bootstrap + " ("
                    + e.getMessage() + "); is the demo running, or give --kafka HOST:PORT, or --kafka off to export"
                    + " without them");
        }
    }

    private static boolean atEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) return false;
        }
        return true;
    }
}
