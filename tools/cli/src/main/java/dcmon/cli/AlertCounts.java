package dcmon.cli;

import dcmon.core.Topics;
import dcmon.core.alert.AlertEvent;
import dcmon.core.alert.AlertJson;
import dcmon.core.alert.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's count of active alerts by severity: reads {@code dcmon.alerts} from the earliest record in a thread of
 * its own (no consumer group, nothing committed), keeps the latest event of each alert id and counts those whose
 * state is active.
 */
final class AlertCounts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertCounts.class);
    private static final Duration POLL = Duration.ofMillis(500);

    /** The counting itself, without Kafka: latest event per id, active ones by severity. */
    static final class Tally {
        private final Map<String, AlertEvent> latest = new HashMap<>();
        private long malformed;

        /** Adds one record's value; a value that is not a {@code dcmon.alert/1} event is counted as malformed. */
        synchronized void add(String json) {
            AlertEvent e;
            try {
                e = json == null ? null : AlertJson.read(json);
            } catch (Exception notAnEvent) {
                e = null;
            }
            if (e == null
                    || !AlertEvent.SCHEMA.equals(e.schema())
                    || e.id() == null
                    || e.state() == null
                    || e.severity() == null) {
                malformed++;
                return;
            }
            AlertEvent before = latest.get(e.id());
            // an older seq (a replayed record) never replaces a newer one
            if (before == null || e.seq() >= before.seq()) latest.put(e.id(), e);
        }

        /** Active alerts by severity, every severity present (0 when none). */
        synchronized Map<Severity, Integer> active() {
            Map<Severity, Integer> out = new EnumMap<>(Severity.class);
            for (Severity s : Severity.values()) out.put(s, 0);
            for (AlertEvent e : latest.values()) {
                if (e.state() == AlertEvent.State.ACTIVE) out.merge(e.severity(), 1, Integer::sum);
            }
            return out;
        }

        synchronized long malformed() {
            return malformed;
        }

        /** {@code alerts: 3 breach · 5 warning · 2 watch}, most severe first; {@code alerts: none active}. */
        String summary() {
            Map<Severity, Integer> active = active();
            List<String> parts = new ArrayList<>();
            Severity[] order = Severity.values();
            for (int i = order.length - 1; i >= 0; i--) {
                int n = active.get(order[i]);
                if (n > 0) parts.add(n + " " + order[i].code());
            }
            return "alerts: " + (parts.isEmpty() ? "none active" : String.join(" · ", parts));
        }
    }

    private final Tally tally = new Tally();
    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);

    private AlertCounts(String bootstrapServers, Map<String, String> clientProperties) {
        // security settings first (SASL, TLS); what the counting rests on is set after, so it wins
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        this.consumer = new KafkaConsumer<>(config);
        this.thread = new Thread(this::run, "alert-counts");
        this.thread.setDaemon(true);
    }

    /** Starts counting in a thread of its own, on an open broker. */
    static AlertCounts start(String bootstrapServers) {
        return start(bootstrapServers, Map.of());
    }

    /**
     * Starts counting in a thread of its own, with further Kafka client properties (a SASL login, TLS) as
     * {@code --kafka-properties} gives them.
     */
    static AlertCounts start(String bootstrapServers, Map<String, String> clientProperties) {
        AlertCounts counts = new AlertCounts(bootstrapServers, clientProperties);
        counts.thread.start();
        return counts;
    }

    /** See {@link Tally#summary()}. */
    String summary() {
        return tally.summary();
    }

    Map<Severity, Integer> active() {
        return tally.active();
    }

    private void run() {
        try {
            assignAll();
            while (running.get()) {
                for (ConsumerRecord<String, String> r : consumer.poll(POLL)) tally.add(r.value());
            }
        } catch (WakeupException e) {
            if (running.get()) LOG.warn("alert counts stopped: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.warn("alert counts stopped: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Every partition of the topic, from its start; waits until the topic exists. */
    private void assignAll() {
        while (running.get()) {
            List<PartitionInfo> partitions;
            try {
                partitions = consumer.partitionsFor(Topics.ALERTS, Duration.ofSeconds(5));
            } catch (org.apache.kafka.common.errors.TimeoutException notYet) {
                partitions = null;
            }
            if (partitions != null && !partitions.isEmpty()) {
                List<TopicPartition> all = new ArrayList<>();
                for (PartitionInfo p : partitions) all.add(new TopicPartition(p.topic(), p.partition()));
                consumer.assign(all);
                consumer.seekToBeginning(all);
                return;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
