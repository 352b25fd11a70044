package dcmon.cli.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcmon.cli.TruthComparison;
import dcmon.core.Topics;
import dcmon.monitoring.MonitoringOptions;
import dcmon.simulator.GroundTruth;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The check after a fault: the load pauses between two ticks, and the results must then become exact — the job's
 * committed offsets at the end of the raw topic and InfluxDB equal to the ground truth of everything published —
 * within the recovery limit. Alert events are counted by id and seq: each must be on {@code dcmon.alerts} once.
 */
final class ResultCheck {
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChaosStack stack;
    private final TruthComparison comparison;
    private final Duration limit;
    /** What earlier checks found wrong, by what each difference names. */
    private final Set<String> known = new HashSet<>();
    /** Repeated alert events earlier checks reported. */
    private long repeatedBefore;

    ResultCheck(ChaosStack stack, TruthComparison comparison, Duration limit) {
        this.stack = stack;
        this.comparison = comparison;
        this.limit = limit;
    }

    /**
     * Pauses the load, waits for exact results and resumes it.
     *
     * @param restored when the fault was undone: the recovery time counts from here
     */
    ChaosReport.Check after(String name, String description, ChaosLoad load, Instant restored) throws Exception {
        GroundTruth truth = load.pause();
        try {
            long deadline = System.nanoTime() + limit.toNanos();
            List<TruthComparison.Difference> fresh = null;
            String waitingFor = "the job to commit the end of " + Topics.READINGS_RAW;
            while (System.nanoTime() < deadline) {
                if (jobCaughtUp()) {
                    fresh = fresh(differencesOrNull(truth));
                    if (fresh != null && fresh.isEmpty()) break;
                    waitingFor = fresh == null ? "InfluxDB to answer" : fresh.size() + " values to match";
                }
                Thread.sleep(POLL.toMillis());
            }
            boolean exact = fresh != null && fresh.isEmpty() && jobCaughtUp();
            // a job that never caught up was never compared: what InfluxDB holds at the limit is what it lacks
            if (!exact && (fresh == null || fresh.isEmpty())) fresh = fresh(differencesOrNull(truth));
            double recovery = Duration.between(restored, Instant.now()).toMillis() / 1000.0;
            if (fresh != null) fresh.forEach(d -> known.add(d.what()));
            long[] alerts = alertEvents();
            long repeated = alerts[1] - repeatedBefore;
            repeatedBefore = alerts[1];
            return new ChaosReport.Check(
                    name,
                    description,
                    exact,
                    recovery,
                    exact
                            ? 0
                            : (fresh == null
                                    ? -1
                                    : fresh.stream()
                                            .filter(TruthComparison.Difference::low)
                                            .count()),
                    exact
                            ? 0
                            : (fresh == null
                                    ? 0
                                    : fresh.stream()
                                            .filter(TruthComparison.Difference::high)
                                            .count()),
                    alerts[0],
                    repeated,
                    load.published(),
                    exact
                            ? ""
                            : "not exact after " + limit.toSeconds() + " s, waiting for " + waitingFor
                                    + example(fresh));
        } finally {
            load.resume();
        }
    }

    /**
     * The differences an earlier check did not already report: a value a fault left wrong stays wrong (the job does
     * not rewrite a finished day), and is counted against that fault only.
     */
    private List<TruthComparison.Difference> fresh(List<TruthComparison.Difference> all) {
        if (all == null) return null;
        return all.stream().filter(d -> !known.contains(d.what())).toList();
    }

    private List<TruthComparison.Difference> differencesOrNull(GroundTruth truth) {
        try {
            return comparison.differences(truth);
        } catch (RuntimeException e) {
            return null; // influxd restarting
        }
    }

    private static String example(List<TruthComparison.Difference> d) {
        return d == null || d.isEmpty() ? "" : "; e.g. " + d.get(0);
    }

    /** Whether the job's consumer group has committed (on a checkpoint) every record of the raw topic. */
    private boolean jobCaughtUp() {
        String topic = Topics.READINGS_RAW;
        try (Admin admin = stack.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                            MonitoringOptions.DEFAULT_GROUP_ID)
                    .partitionsToOffsetAndMetadata()
                    .get();
            List<TopicPartition> parts =
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                            .map(i -> new TopicPartition(topic, i.partition()))
                            .toList();
            var ends = admin.listOffsets(parts.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                    .all()
                    .get();
            for (TopicPartition tp : parts) {
                OffsetAndMetadata c = committed.get(tp);
                long end = ends.get(tp).offset();
                if (end > 0 && (c == null || c.offset() < end)) return false;
            }
            return true;
        } catch (Exception e) {
            return false; // Kafka restarting
        }
    }

    /** Committed alert events: how many, and how many of them repeat an (id, seq) seen before. */
    private long[] alertEvents() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, Integer> seen = new HashMap<>();
        long events = 0;
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(Topics.ALERTS).stream()
                    .map(i -> new TopicPartition(Topics.ALERTS, i.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    events++;
                    seen.merge(idAndSeq(r.value()), 1, Integer::sum);
                }
            }
        }
        long repeated = seen.values().stream().mapToLong(n -> n - 1).sum();
        return new long[] {events, repeated};
    }

    private static String idAndSeq(byte[] value) {
        try {
            JsonNode n = JSON.readTree(value);
            return n.path("id").asText() + "#" + n.path("seq").asText();
        } catch (java.io.IOException e) {
            return "unreadable#" + java.util.Arrays.hashCode(value);
        }
    }
}
