package dcmon.console.outbox;

import dcmon.console.db.Database;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends the outbox to Kafka after the changes committed: oldest first, a batch at a time, each row stamped
 * {@code published} only once Kafka acknowledged it ({@code acks=all}, idempotent producer). While Kafka is down the
 * rows stay unpublished and the loop tries again, backing off to {@link #MAX_BACKOFF}. A crash between Kafka's
 * acknowledgement and the stamp sends a row again: consumers keep the latest state per id, so a repeat changes
 * nothing.
 */
public final class OutboxPublisher implements AutoCloseable {
    static final int BATCH = 500;
    static final Duration IDLE = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final Database db;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Consumer<String> log;
    private final Thread thread;
    private volatile boolean running = true;

    private OutboxPublisher(Database db, KafkaProducer<byte[], byte[]> producer, Consumer<String> log) {
        this.db = db;
        this.producer = producer;
        this.log = log;
        this.thread = new Thread(this::run, "dcmon-console-outbox");
        this.thread.setDaemon(true);
    }

    /** @param clientProperties further producer properties (security), applied before the publisher's own */
    public static OutboxPublisher start(
            Database db, String bootstrapServers, Map<String, String> clientProperties, Consumer<String> log) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        OutboxPublisher p = new OutboxPublisher(db, new KafkaProducer<>(config), log);
        p.thread.start();
        return p;
    }

    private void run() {
        Duration backoff = IDLE;
        while (running) {
            try {
                int sent = publishBatch();
                backoff = IDLE;
                if (sent == BATCH) continue;
            } catch (RuntimeException e) {
                if (!running) break;
                log.accept("console outbox: not published yet, trying again in " + backoff.toSeconds() + " s: "
                        + (e.getMessage() == null ? e.toString() : e.getMessage()));
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                continue;
            }
            sleep(IDLE);
        }
    }

    /** Sends the oldest unpublished rows and stamps them; returns how many. */
    int publishBatch() {
        record Row(long id, String topic, String key, String payload) {}
        List<Row> rows = db.withConnection(c -> {
            List<Row> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, topic, key, payload FROM outbox WHERE published IS NULL ORDER BY id LIMIT " + BATCH)) {
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next())
                        out.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            return out;
        });
        if (rows.isEmpty()) return 0;
        // Kafka must answer first: a record sent while it is down would wait in the producer and could reach Kafka
        // after a later one of the same batch had failed, out of order and sent again
        for (String topic : rows.stream().map(Row::topic).distinct().toList()) producer.partitionsFor(topic);
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (Row r : rows) {
            acks.add(producer.send(new ProducerRecord<>(
                    r.topic(),
                    r.key().getBytes(StandardCharsets.UTF_8),
                    r.payload().getBytes(StandardCharsets.UTF_8))));
        }
        // every row Kafka acknowledged is stamped, so that only the others are sent again
        List<Long> done = new ArrayList<>();
        Exception failed = null;
        for (int i = 0; i < rows.size(); i++) {
            try {
                acks.get(i).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                done.add(rows.get(i).id());
            } catch (Exception e) {
                if (failed == null) failed = e;
            }
        }
        stamp(done);
        if (failed != null)
            throw new IllegalStateException("Kafka did not acknowledge: " + rootMessage(failed), failed);
        return rows.size();
    }

    private void stamp(List<Long> ids) {
        if (ids.isEmpty()) return;
        db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE outbox SET published = now() WHERE id = ANY (?)")) {
                s.setArray(1, c.createArrayOf("bigint", ids.toArray()));
                s.executeUpdate();
            }
            return null;
        });
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
