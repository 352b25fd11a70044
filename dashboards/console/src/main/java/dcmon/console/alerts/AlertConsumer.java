package dcmon.console.alerts;

import dcmon.console.db.DatabaseException;
import dcmon.core.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code dcmon.alerts} and stores each batch in one database transaction, committing the Kafka offsets only
 * after it: a crash between the two replays records, which the store then ignores. Malformed records are logged,
 * counted and skipped.
 */
public final class AlertConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertConsumer.class);
    public static final String DEFAULT_GROUP = "dcmon-console";
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final KafkaConsumer<String, String> consumer;
    private final AlertStore store;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    /** Epoch millis of the latest poll that returned, 0 before the first. */
    private final AtomicLong lastPoll = new AtomicLong();
    /** Records behind the end of the assigned partitions after the latest poll, -1 while unknown. */
    private final AtomicLong lag = new AtomicLong(-1);

    private AlertConsumer(KafkaConsumer<String, String> consumer, AlertStore store) {
        this.consumer = consumer;
        this.store = store;
        this.thread = new Thread(this::run, "alert-consumer");
        this.thread.setDaemon(true);
    }

    /** Starts consuming in a thread of its own, from the earliest record the group has not committed. */
    public static AlertConsumer start(String bootstrapServers, String groupId, AlertStore store) {
        return start(bootstrapServers, Map.of(), groupId, store);
    }

    /** @param clientProperties further consumer properties (security), applied before the console's own */
    public static AlertConsumer start(
            String bootstrapServers, Map<String, String> clientProperties, String groupId, AlertStore store) {
        Map<String, Object> config = new java.util.HashMap<>(clientProperties);
        config.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                groupId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                500,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class));
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
        consumer.subscribe(List.of(Topics.ALERTS));
        AlertConsumer alertConsumer = new AlertConsumer(consumer, store);
        alertConsumer.thread.start();
        return alertConsumer;
    }

    /** Records read so far, well-formed or not. */
    public long received() {
        return received.get();
    }

    /** Events that were new to the database. */
    public long stored() {
        return stored.get();
    }

    /** Records skipped because they do not follow the contract. */
    public long rejected() {
        return rejected.get();
    }

    /** When the latest poll returned (epoch millis), 0 before the first: a stalled consumer stops advancing it. */
    public long lastPoll() {
        return lastPoll.get();
    }

    /** Records not yet read on the assigned partitions as of the latest poll, -1 while unknown. */
    public long lag() {
        return lag.get();
    }

    /** Called on the consumer's thread: KafkaConsumer is not thread-safe, so the health endpoint reads copies. */
    private void noteProgress() {
        lastPoll.set(System.currentTimeMillis());
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) return;
        long total = 0;
        for (TopicPartition tp : assigned) {
            OptionalLong partitionLag = consumer.currentLag(tp);
            if (partitionLag.isEmpty()) return; // not known yet: keep the previous figure
            total += partitionLag.getAsLong();
        }
        lag.set(total);
    }

    private void run() {
        try {
            while (running.get()) {
                ConsumerRecords<String, String> records = consumer.poll(POLL);
                noteProgress();
                if (records.isEmpty()) continue;
                List<AlertEvent> events = new ArrayList<>();
                for (ConsumerRecord<String, String> r : records) {
                    try {
                        events.add(AlertEventParser.parse(r.value()));
                    } catch (AlertEventParser.MalformedAlertException e) {
                        reject(r, e.getMessage());
                    }
                }
                storeUntilDone(events, records);
                received.addAndGet(records.count());
                commit();
            }
        } catch (WakeupException e) {
            if (running.get()) throw e;
        } catch (RuntimeException e) {
            LOG.error("alert consumer stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Commits the offsets of the stored batch. When the group rebalanced meanwhile (a long database outage) the
     * commit fails and the records come again, which the store ignores: the consumer carries on.
     */
    private void commit() {
        try {
            consumer.commitSync();
        } catch (CommitFailedException | RebalanceInProgressException e) {
            LOG.warn("offsets not committed, the records will be read again: {}", e.getMessage());
        }
    }

    /** The batch in one transaction; a record the database refuses is stored alone or rejected. */
    private void storeUntilDone(List<AlertEvent> events, ConsumerRecords<String, String> records) {
        while (running.get()) {
            try {
                stored.addAndGet(store.store(events));
                return;
            } catch (DatabaseException e) {
                String state = e.sqlException().getSQLState();
                if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                    storeOneByOne(events);
                    return;
                }
                LOG.warn("could not store {} alert events, retrying: {}", events.size(), e.getMessage());
                sleep();
            }
        }
        throw new WakeupException(); // stopping: the offsets stay uncommitted
    }

    private void storeOneByOne(List<AlertEvent> events) {
        for (AlertEvent event : events) {
            try {
                stored.addAndGet(store.store(List.of(event)));
            } catch (DatabaseException e) {
                String state = e.sqlException().getSQLState();
                if (state == null || !(state.startsWith("22") || state.startsWith("23"))) throw e;
                rejected.incrementAndGet();
                LOG.warn("alert {} seq {} refused by the database: {}", event.id(), event.seq(), e.getMessage());
            }
        }
    }

    private void reject(ConsumerRecord<String, String> r, String reason) {
        rejected.incrementAndGet();
        LOG.warn("malformed alert record at {}-{}@{} skipped: {}", r.topic(), r.partition(), r.offset(), reason);
    }

    private void sleep() {
        try {
            Thread.sleep(RETRY.toMillis());
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
