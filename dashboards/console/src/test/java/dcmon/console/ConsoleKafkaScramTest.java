package dcmon.console;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.console.auth.Role;
import dcmon.console.auth.Users;
import dcmon.console.db.Database;
import dcmon.core.Topics;
import dcmon.stack.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console reads alerts from a Kafka that requires SASL/SCRAM logins, with the client properties it is given. */
class ConsoleKafkaScramTest extends PostgresTestBase {

    @TempDir
    static Path kafkaDir;

    @Test
    void consumesAlertsAsItsOwnScramUser() throws Exception {
        EmbeddedKafka.Scram users =
                new EmbeddedKafka.Scram("broker", Map.of("broker", "broker-pw-1", "console", "console-pw-1"));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir, 0, users)) {
            kafka.createTopics(1, Topics.ALERTS, Topics.READINGS_REJECTED);
            String id = Alerts.id(0xe1);
            Map<String, Object> producerConfig = new HashMap<>(kafka.clientProperties());
            producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(
                                Topics.ALERTS,
                                id,
                                Alerts.event(id, 1, "raised", "420600", null).toString()))
                        .get();
            }

            new Users(db).add("test", "prov", Role.PROVINCE, null, null, "a long enough password");
            Database own = Database.open(postgres.jdbcUrl("console"), postgres.user(), postgres.password());
            ConsoleSettings settings = ConsoleSettings.defaults()
                    .withKafkaProperties(EmbeddedKafka.clientProperties("console", "console-pw-1"));
            try (Console console = Console.start(own, kafka.bootstrapServers(), settings, "127.0.0.1", 0)) {
                ApiClient client = ApiClient.loggedIn(console.port(), "prov", "a long enough password");
                Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
                ApiClient.Response detail = client.get("/api/alerts/" + id);
                while (detail.status() == 404 && Instant.now().isBefore(deadline)) {
                    Thread.sleep(200);
                    detail = client.get("/api/alerts/" + id);
                }
                assertThat(detail.status()).isEqualTo(200);
                assertThat(detail.json().get("city").asText()).isEqualTo("420600");
            }
        }
    }
}
