package dcmon.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dcmon.console.alerts.AlertConsumer;
import dcmon.console.alerts.AlertStore;
import dcmon.console.db.Database;
import dcmon.core.Topics;
import dcmon.stack.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** Both tests share one topic: the counting one runs first, before the other adds records. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertConsumerTest extends PostgresTestBase {
    @TempDir
    static Path kafkaDir;

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start(kafkaDir, 0);
        kafka.createTopics(2, Topics.ALERTS);
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) kafka.close();
    }

    @Test
    @Order(1)
    void storesEachEventOnceKeepsTheNewestStateAndSkipsMalformedRecords() throws Exception {
        String a = Alerts.id(0xa1);
        String b = Alerts.id(0xb2);
        List<ObjectNode> events = List.of(
                Alerts.event(a, 1, "raised", "420100", "91420100MA4K0000XX"),
                Alerts.event(a, 2, "updated", "420100", "91420100MA4K0000XX"),
                Alerts.event(a, 3, "cleared", "420100", "91420100MA4K0000XX"),
                Alerts.event(b, 1, "raised", "420500", null));
        List<String> malformed = List.of(
                "not json",
                "{\"schema\":\"dcmon.alert/2\"}",
                Alerts.event("XYZ", 1, "raised", "420100", null).toString(),
                Alerts.event(Alerts.id(0xc3), 0, "raised", "420100", null).toString(),
                Alerts.event(Alerts.id(0xc4), 1, "exploded", "420100", null).toString(),
                Alerts.event(Alerts.id(0xc5), 1, "raised", "420100", null)
                        .put("last_changed", "yesterday")
                        .toString(),
                // PostgreSQL text cannot hold NUL: the database refuses it, the batch around it is still stored
                Alerts.event(Alerts.id(0xc6), 1, "raised", "420100", null)
                        .put("message_en", "nul \u0000")
                        .toString());

        try (AlertConsumer consumer = AlertConsumer.start(kafka.bootstrapServers(), "console-a", new AlertStore(db))) {
            List<String> first = new ArrayList<>();
            events.forEach(e -> first.add(e.toString()));
            first.addAll(malformed);
            produce(first);
            await(consumer::received, first.size());
            assertThat(consumer.rejected()).isEqualTo(malformed.size());
            assertThat(consumer.stored()).isEqualTo(4);

            // the same events again, and an older seq arriving late: nothing new, the state stays at seq 3
            List<String> again = new ArrayList<>();
            events.forEach(e -> again.add(e.toString()));
            again.add(Alerts.event(a, 2, "updated", "420100", "91420100MA4K0000XX")
                    .toString());
            produce(again);
            await(consumer::received, first.size() + again.size());
            assertThat(consumer.stored()).isEqualTo(4);
        }
        assertState(a, b);

        // a new consumer group replays the whole topic from the start: still nothing new
        try (AlertConsumer replay = AlertConsumer.start(kafka.bootstrapServers(), "console-b", new AlertStore(db))) {
            await(replay::received, events.size() * 2L + malformed.size() + 1);
            assertThat(replay.stored()).isZero();
        }
        assertState(a, b);

        // the first group restarts from its committed offsets: nothing left to read
        try (AlertConsumer restarted = AlertConsumer.start(kafka.bootstrapServers(), "console-a", new AlertStore(db))) {
            produce(List.of(Alerts.event(b, 2, "updated", "420500", null).toString()));
            await(restarted::received, 1);
            assertThat(restarted.received()).isEqualTo(1);
            assertThat(restarted.stored()).isEqualTo(1);
        }
        assertThat(string("SELECT event FROM alerts WHERE id = ?", b)).isEqualTo("updated");
    }

    /** The console as a whole: an alert produced on Kafka shows up in the API, for a user whose scope has it. */
    @Test
    @Order(2)
    void theConsoleServesAlertsItConsumed() throws Exception {
        String id = Alerts.id(0xd7);
        new dcmon.console.auth.Users(db)
                .add("test", "xiangyang", dcmon.console.auth.Role.CITY, "420600", null, "a long enough password");
        Database own = Database.open(postgres.jdbcUrl("console"), postgres.user(), postgres.password());
        try (Console console =
                Console.start(own, kafka.bootstrapServers(), ConsoleSettings.defaults(), "127.0.0.1", 0)) {
            produce(List.of(Alerts.event(id, 1, "raised", "420600", null).toString()));
            ApiClient client = ApiClient.loggedIn(console.port(), "xiangyang", "a long enough password");
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            ApiClient.Response detail = client.get("/api/alerts/" + id);
            while (detail.status() == 404 && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
                detail = client.get("/api/alerts/" + id);
            }
            assertThat(detail.status()).isEqualTo(200);
            assertThat(detail.json().get("city").asText()).isEqualTo("420600");
            assertThat(client.get("/api/alerts").json().get("total").asLong()).isEqualTo(1);
        }
    }

    private static void assertState(String a, String b) {
        assertThat(count("SELECT count(*) FROM alerts WHERE id IN (?, ?)", a, b))
                .isEqualTo(2);
        assertThat(count("SELECT count(*) FROM alerts WHERE city <> '420600'")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM alert_events WHERE alert_id = ?", a))
                .isEqualTo(3);
        assertThat(count("SELECT count(*) FROM alert_events WHERE alert_id = ?", b))
                .isEqualTo(1);
        assertThat(count("SELECT seq FROM alerts WHERE id = ?", a)).isEqualTo(3);
        assertThat(string("SELECT state FROM alerts WHERE id = ?", a)).isEqualTo("cleared");
        assertThat(string("SELECT evidence->>'value' FROM alerts WHERE id = ?", a))
                .isEqualTo("15.5");
        assertThat(string("SELECT review_status FROM alerts WHERE id = ?", a)).isEqualTo("new");
    }

    private static void produce(List<String> values) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (String value : values) {
                String key = value.length() > 60 && value.contains("\"id\":\"")
                        ? value.substring(value.indexOf("\"id\":\"") + 6, value.indexOf("\"id\":\"") + 38)
                        : "x";
                producer.send(new ProducerRecord<>(Topics.ALERTS, key, value)).get();
            }
        }
    }

    private static void await(LongSupplier counter, long expected) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (counter.getAsLong() < expected && Instant.now().isBefore(deadline)) Thread.sleep(100);
        assertThat(counter.getAsLong()).isEqualTo(expected);
    }
}
