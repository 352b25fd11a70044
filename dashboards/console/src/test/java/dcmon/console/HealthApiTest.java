package dcmon.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dcmon.console.alerts.AlertConsumer;
import dcmon.console.alerts.AlertStore;
import dcmon.console.dashboard.Colours;
import dcmon.console.dashboard.ProgressReader;
import dcmon.console.db.Database;
import dcmon.console.http.ConsoleApp;
import dcmon.core.Topics;
import dcmon.stack.EmbeddedKafka;
import dcmon.stack.Ports;
import dcmon.stack.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/health} without login: each dependency ok or error, the alert consumer's lag and latest poll,
 * 503 once PostgreSQL is down. Its own PostgreSQL, since the test stops it.
 */
class HealthApiTest {
    @TempDir
    Path dir;

    @Test
    void reportsEachDependencyAndAnswers503WhenPostgresIsDown() throws Exception {
        List<AutoCloseable> open = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
                PostgresServer postgres = PostgresServer.start(dir.resolve("pg"), 0)) {
            kafka.createTopics(1, Topics.ALERTS);
            postgres.createDatabase("console");
            Database db = Database.open(postgres.jdbcUrl("console"), postgres.user(), postgres.password());
            open.add(db);
            publish(kafka.bootstrapServers(), 3);
            AlertConsumer consumer = AlertConsumer.start(kafka.bootstrapServers(), "health-test", new AlertStore(db));
            open.add(0, consumer);
            ConsoleApp app = ConsoleApp.start(
                    db, consumer, null, null, Colours.defaults(), ConsoleSettings.defaults(), "127.0.0.1", 0);
            open.add(0, app);
            // InfluxDB configured but not answering: reported, not fatal
            ProgressReader nowhere = ProgressReader.connect("http://127.0.0.1:" + Ports.free(), "dcmon");
            open.add(0, nowhere);
            ConsoleApp withInflux = ConsoleApp.start(
                    db, null, nowhere, null, Colours.defaults(), ConsoleSettings.defaults(), "127.0.0.1", 0);
            open.add(0, withInflux);
            ApiClient anonymous = new ApiClient(app.port());

            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumer.stored() < 3 || consumer.lag() != 0) {
                if (System.nanoTime() > deadline) throw new AssertionError("the consumer did not catch up");
                Thread.sleep(100);
            }
            ApiClient.Response up = anonymous.get("/api/health");
            assertThat(up.status()).isEqualTo(200);
            JsonNode body = up.json();
            assertThat(fields(body)).containsExactly("status", "postgres", "kafka", "influx");
            assertThat(body.get("status").asText()).isEqualTo("ok");
            assertThat(body.get("postgres").asText()).isEqualTo("ok");
            assertThat(body.get("influx").asText()).isEqualTo("off");
            assertThat(fields(body.get("kafka"))).containsExactly("consumer", "lag", "last_poll");
            assertThat(body.get("kafka").get("consumer").asText()).isEqualTo("ok");
            assertThat(body.get("kafka").get("lag").asLong()).isZero();
            Instant lastPoll = Instant.parse(body.get("kafka").get("last_poll").asText());
            assertThat(Duration.between(lastPoll, Instant.now())).isLessThan(Duration.ofSeconds(10));

            JsonNode degraded =
                    new ApiClient(withInflux.port()).get("/api/health").json();
            assertThat(degraded.get("status").asText()).isEqualTo("degraded");
            assertThat(degraded.get("influx").asText()).isEqualTo("error");
            assertThat(degraded.get("kafka").get("consumer").asText()).isEqualTo("off");
            assertThat(degraded.get("kafka").get("lag").isNull()).isTrue();

            postgres.close();
            ApiClient.Response down = anonymous.get("/api/health");
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.json().get("status").asText()).isEqualTo("error");
            assertThat(down.json().get("postgres").asText()).isEqualTo("error");
            assertThat(down.body()).doesNotContain("jdbc", "127.0.0.1", postgres.password());
        } finally {
            for (AutoCloseable c : open) c.close();
        }
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void publish(String bootstrap, int count) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class))) {
            for (int n = 1; n <= count; n++) {
                ObjectNode event = Alerts.event(Alerts.id(0x4ea1 + n), 1, "raised", "420100", null);
                producer.send(
                        new ProducerRecord<>(Topics.ALERTS, event.get("id").asText(), event.toString()));
            }
            producer.flush();
        }
    }
}
