package dcmon.console;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.console.dashboard.RejectionConsumer;
import dcmon.console.dashboard.RejectionWindow;
import dcmon.core.Topics;
import dcmon.core.alert.AlertLifecycle;
import dcmon.core.reading.RejectReason;
import dcmon.stack.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live rejections of the gateways page from a real in-process Kafka: the consumer reads the topic's last 24
 * hours on start and what comes after, counts each id once, and skips what belongs to no unit or is malformed.
 */
class GatewayRejectionsKafkaTest {
    static final String UNIT = "91420100MA4K0000XX";
    static final long HOUR = 3_600_000L;

    @TempDir
    static Path kafkaDir;

    private static EmbeddedKafka kafka;
    private static KafkaProducer<String, String> producer;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start(kafkaDir, 0);
        kafka.createTopics(2, Topics.READINGS_REJECTED);
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    @AfterAll
    static void stopKafka() {
        if (producer != null) producer.close();
        if (kafka != null) kafka.close();
    }

    @Test
    void countsTheLastDayByUnitGatewayAndReasonOnceEach() throws Exception {
        long now = System.currentTimeMillis();
        send(UNIT, rejection("a", "unknown_point", UNIT, "GW01", now - HOUR));
        send(UNIT, rejection("a", "unknown_point", UNIT, "GW01", now - HOUR / 2)); // redelivered: same id
        send(UNIT, rejection("b", "unknown_point", UNIT, "GW01", now - 2 * HOUR));
        send(UNIT, rejection("c", "conflict", UNIT, "GW02", now - 3 * HOUR));
        send(UNIT, rejection("d", "conflict", UNIT, "GW02", now - 30 * HOUR)); // received before the window
        send("unknown_enterprise", rejection("e", "bad_topic", null, null, now)); // no unit
        send(UNIT, "not json");
        send(
                UNIT,
                "{\"schema\":\"dcmon.alert/1\",\"id\":\"x\",\"reason\":\"conflict\",\"enterprise\":\"" + UNIT + "\"}");
        RejectionWindow window = new RejectionWindow();
        try (RejectionConsumer consumer = RejectionConsumer.start(kafka.bootstrapServers(), window)) {
            waitFor(() -> consumer.received() == 8);
            assertThat(consumer.counted()).isEqualTo(3);
            assertThat(consumer.skipped()).isEqualTo(5);
            assertThat(window.of(UNIT))
                    .isEqualTo(Map.of(
                            "GW01", Map.of(RejectReason.UNKNOWN_POINT, 2L),
                            "GW02", Map.of(RejectReason.CONFLICT, 1L)));

            send(UNIT, rejection("f", "bad_value", UNIT, null, now));
            waitFor(() -> consumer.received() == 9);
            assertThat(window.of(UNIT).get("")).isEqualTo(Map.of(RejectReason.BAD_VALUE, 1L));
        }

        // a restarted console counts the same day again from the topic
        RejectionWindow again = new RejectionWindow();
        try (RejectionConsumer consumer = RejectionConsumer.start(kafka.bootstrapServers(), again)) {
            waitFor(() -> consumer.received() == 9);
            assertThat(again.of(UNIT)).isEqualTo(window.of(UNIT));
        }
    }

    private static String rejection(String id, String reason, String enterprise, String gateway, long receivedAt) {
        return "{\"schema\":\"dcmon.rejected/1\",\"id\":\"" + id + "\",\"reason\":\"" + reason + "\""
                + (enterprise == null ? "" : ",\"enterprise\":\"" + enterprise + "\"")
                + (gateway == null ? "" : ",\"gateway\":\"" + gateway + "\"")
                + ",\"received_at\":\"" + AlertLifecycle.time(receivedAt) + "\"}";
    }

    private static void send(String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(Topics.READINGS_REJECTED, key, value))
                .get();
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("timed out");
            Thread.sleep(100);
        }
    }
}
