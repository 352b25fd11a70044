package dcmon.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

    @TempDir
    static Path dataDir;

    /** One test, one broker lifecycle: start, write, stop, start again on the same log, read back. */
    @Test
    void keepsTopicsAndRecordsAcrossARestartOnTheSameDataDir() throws Exception {
        int port;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0)) {
            port = kafka.port();
            kafka.createTopics(3, "dcmon.readings.raw", "dcmon.readings.rejected");
            // Idempotent: the demo calls it on every start.
            kafka.createTopics(3, "dcmon.readings.raw");

            try (KafkaProducer<String, String> producer = producer(kafka)) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("dcmon.readings.raw", "91420100MA4K00001X", "reading-" + i))
                            .get();
                }
                producer.send(new ProducerRecord<>("dcmon.readings.rejected", "bad_topic", "rejection"))
                        .get();
            }
            assertThat(readAll(kafka, "dcmon.readings.raw", 10)).hasSize(10);
            try (Admin admin = kafka.admin()) {
                // Topics are never created implicitly: only the two created above (and none by the reads).
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .containsExactlyInAnyOrder("dcmon.readings.raw", "dcmon.readings.rejected");
                assertThat(admin.describeTopics(List.of("dcmon.readings.raw"))
                                .allTopicNames()
                                .get()
                                .get("dcmon.readings.raw")
                                .partitions())
                        .hasSize(3);
            }
        }

        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, port)) {
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            List<ConsumerRecord<String, String>> records = readAll(kafka, "dcmon.readings.raw", 10);
            assertThat(records)
                    .extracting(ConsumerRecord::value)
                    .containsExactly(
                            "reading-0",
                            "reading-1",
                            "reading-2",
                            "reading-3",
                            "reading-4",
                            "reading-5",
                            "reading-6",
                            "reading-7",
                            "reading-8",
                            "reading-9");
            assertThat(records).extracting(ConsumerRecord::key).containsOnly("91420100MA4K00001X");
            assertThat(readAll(kafka, "dcmon.readings.rejected", 1))
                    .extracting(ConsumerRecord::value)
                    .containsExactly("rejection");
        }
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafka kafka) {
        return producer(kafka, Map.of());
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafka kafka, Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(extra);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** Reads a topic from the start until {@code expected} records are in, then checks nothing follows. */
    static List<ConsumerRecord<String, String>> readAll(EmbeddedKafka kafka, String topic, int expected) {
        return readAll(kafka, topic, expected, Map.of());
    }

    static List<ConsumerRecord<String, String>> readAll(
            EmbeddedKafka kafka, String topic, int expected, Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(extra);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long endTotal = consumer.endOffsets(partitions).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            assertThat(endTotal).as("records in %s", topic).isEqualTo(expected);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /**
     * With SCRAM users, a client that logs in as one of them writes and reads; one without credentials, or with a
     * wrong password, is refused; a user added on a later start of the same log can log in too.
     */
    @Test
    void refusesClientsWithoutValidScramCredentials(@TempDir Path scramDir) throws Exception {
        EmbeddedKafka.Scram users =
                new EmbeddedKafka.Scram("broker", Map.of("broker", "b-secret-1", "job", "j-secret-1"));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(scramDir, 0, users)) {
            kafka.createTopics(1, "dcmon.readings.raw");
            Map<String, Object> job = new java.util.HashMap<>(EmbeddedKafka.clientProperties("job", "j-secret-1"));
            try (KafkaProducer<String, String> producer = producer(kafka, job)) {
                producer.send(new ProducerRecord<>("dcmon.readings.raw", "k", "v"))
                        .get(30, TimeUnit.SECONDS);
            }
            assertThat(readAll(kafka, "dcmon.readings.raw", 1, job)).hasSize(1);

            assertThatThrownBy(() -> sendOne(kafka, Map.of()))
                    .hasRootCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
            assertThatThrownBy(() -> sendOne(kafka, Map.copyOf(EmbeddedKafka.clientProperties("job", "wrong"))))
                    .hasRootCauseInstanceOf(org.apache.kafka.common.errors.SaslAuthenticationException.class);
        }
        EmbeddedKafka.Scram more = new EmbeddedKafka.Scram(
                "broker", Map.of("broker", "b-secret-1", "job", "j-secret-1", "console", "c-1"));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(scramDir, 0, more)) {
            Map<String, Object> console = new java.util.HashMap<>(EmbeddedKafka.clientProperties("console", "c-1"));
            assertThat(readAll(kafka, "dcmon.readings.raw", 1, console)).hasSize(1);
        }
    }

    private static void sendOne(EmbeddedKafka kafka, Map<String, Object> security) throws Exception {
        Map<String, Object> config = new java.util.HashMap<>(security);
        // an unauthenticated client never gets metadata: it times out instead of failing fast
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000);
        try (KafkaProducer<String, String> producer = producer(kafka, config)) {
            producer.send(new ProducerRecord<>("dcmon.readings.raw", "k", "refused"))
                    .get(10, TimeUnit.SECONDS);
        }
    }
}
