package dcmon.assessment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dcmon.core.Topics;
import dcmon.core.registry.Registry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The qualitative (measures) points reviewers enter in the console, as the console publishes them to the compacted
 * topic {@link Topics#SCORECARD_QUALITATIVE}: key {@code <year>/<credit code>}, value a JSON object of schema
 * {@value #SCHEMA} ({@code year}, {@code credit_code}, {@code points}, {@code by}, {@code at}), an empty value when
 * they were removed. The console writes with {@link #value}; the scorecard export reads the latest value per key.
 */
public final class QualitativeTopic {
    public static final String SCHEMA = "dcmon.qualitative/1";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long the export waits for Kafka to answer and for the topic to be read to its end. */
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private QualitativeTopic() {}

    public static String key(int year, String creditCode) {
        return year + "/" + creditCode;
    }

    /** The record value of a unit's points. */
    public static byte[] value(int year, String creditCode, double points, String by, Instant at) {
        ObjectNode v = JSON.createObjectNode()
                .put("schema", SCHEMA)
                .put("year", year)
                .put("credit_code", creditCode)
                .put("points", points)
                .put("by", by)
                .put("at", at.toString());
        return v.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The points of a year: the latest value of each key of the year, removed ones left out. A topic that does not
     * exist yet holds no points. Every bad record (not JSON, wrong schema, unknown unit, points out of bounds) is
     * reported with its partition and offset, and nothing is used while any remains.
     *
     * @param properties further Kafka client properties (security)
     * @param max the most points a unit may get (the rules' measures points)
     * @throws ExportException when Kafka does not answer or a record is rejected
     */
    public static Map<String, Double> read(
            String bootstrap, Map<String, String> properties, int year, Registry registry, double max)
            throws ExportException {
        Properties client = new Properties();
        client.putAll(properties);
        client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        List<TopicPartition> partitions = partitions(bootstrap, client);
        if (partitions.isEmpty()) return Map.of();
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT.toMillis()));
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT.toMillis() / 2));
        Map<String, ConsumerRecord<String, byte[]>> latest = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!atEnd(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new ExportException("Kafka at " + bootstrap + ": reading " + Topics.SCORECARD_QUALITATIVE
                            + " did not reach its end within " + TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null) latest.put(r.key(), r);
                }
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new ExportException(
                    "Kafka at " + bootstrap + ": cannot read " + Topics.SCORECARD_QUALITATIVE + ": " + e.getMessage());
        }
        return points(latest, year, registry, max);
    }

    /** The topic's partitions, none when it does not exist; Kafka not answering is an error naming the address. */
    private static List<TopicPartition> partitions(String bootstrap, Properties client) throws ExportException {
        Properties p = new Properties();
        p.putAll(client);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT.toMillis()));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT.toMillis() / 2));
        try (Admin admin = Admin.create(p)) {
            TopicDescription d = admin.describeTopics(List.of(Topics.SCORECARD_QUALITATIVE))
                    .allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(Topics.SCORECARD_QUALITATIVE);
            List<TopicPartition> out = new ArrayList<>();
            d.partitions().forEach(i -> out.add(new TopicPartition(Topics.SCORECARD_QUALITATIVE, i.partition())));
            return out;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) return List.of();
            throw unreachable(bootstrap, e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw unreachable(bootstrap, "no answer within " + TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(bootstrap, "interrupted");
        } catch (org.apache.kafka.common.KafkaException e) {
            throw unreachable(bootstrap, e.getMessage());
        }
    }

    private static ExportException unreachable(String bootstrap, String why) {
        return new ExportException("Kafka at " + bootstrap + " not reachable for the console's qualitative points ("
                + why + "): give --kafka HOST:PORT, --qualitative FILE, or --kafka none for the quantitative part"
                + " only");
    }

    private static boolean atEnd(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) return false;
        }
        return true;
    }

    /** The year's points from the latest record of each key, checked like the CSV file's. */
    static Map<String, Double> points(
            Map<String, ConsumerRecord<String, byte[]>> latest, int year, Registry registry, double max)
            throws ExportException {
        Map<String, Double> out = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        String prefix = year + "/";
        for (ConsumerRecord<String, byte[]> r : latest.values()) {
            if (!r.key().startsWith(prefix) || r.value() == null || r.value().length == 0) continue;
            String where = Topics.SCORECARD_QUALITATIVE + " partition " + r.partition() + " offset " + r.offset()
                    + " (key " + r.key() + "): ";
            JsonNode v;
            try {
                v = JSON.readTree(r.value());
            } catch (IOException e) {
                errors.add(where + "not JSON");
                continue;
            }
            if (v == null || !SCHEMA.equals(v.path("schema").asText())) {
                errors.add(where + "schema: expected " + SCHEMA);
                continue;
            }
            String code = v.path("credit_code").asText("");
            if (!r.key().equals(key(year, code))) {
                errors.add(where + "credit_code: '" + code + "' does not match the key");
            } else if (registry.enterprise(code) == null) {
                errors.add(where + "credit_code: unknown unit '" + code + "' (not in the registry)");
            } else if (!v.path("points").isNumber()
                    || v.path("points").asDouble() < 0
                    || v.path("points").asDouble() > max) {
                errors.add(where + "points: must be a number from 0 to " + ScorecardBuilder.n(max) + ", found "
                        + v.path("points"));
            } else {
                out.put(code, v.path("points").asDouble());
            }
        }
        if (!errors.isEmpty()) {
            errors.sort(null);
            throw new ExportException("qualitative points from Kafka rejected:\n" + String.join("\n", errors));
        }
        return out;
    }
}
