package dcmon.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcmon.console.alerts.AlertEventParser;
import dcmon.console.alerts.AlertStore;
import dcmon.console.alerts.Reviews;
import dcmon.console.auth.Role;
import dcmon.console.auth.Scope;
import dcmon.console.auth.User;
import dcmon.console.auth.Users;
import dcmon.console.maintenance.MaintenanceWindows;
import dcmon.console.outbox.OutboxPublisher;
import dcmon.core.Topics;
import dcmon.stack.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review actions and 报备 windows reach Kafka through the outbox on a real PostgreSQL and an in-process broker that
 * is down when they are made: nothing is lost, everything arrives once Kafka is up.
 */
class OutboxKafkaTest extends PostgresTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNIT = "91420100MA4K0009XX";

    @TempDir
    Path kafkaDir;

    @Test
    void actionsMadeWhileKafkaIsDownArePublishedOnceItIsUp() throws Exception {
        User prov = new Users(db).add("test", "prov-outbox", Role.PROVINCE, null, null, "correct horse battery");
        var alert = Alerts.event(Alerts.id(900), 1, "raised", "420100", UNIT);
        new AlertStore(db).store(List.of(AlertEventParser.parse(alert.toString())));
        String alertId = Alerts.id(900);

        int port = freePort();
        try (OutboxPublisher publisher = OutboxPublisher.start(db, "127.0.0.1:" + port, Map.of(), line -> {})) {
            Reviews reviews = new Reviews(db);
            assertThat(reviews.apply(prov, alertId, Reviews.Action.ACKNOWLEDGE, "已联系企业")
                            .status())
                    .isEqualTo("acknowledged");
            assertThat(reviews.apply(prov, alertId, Reviews.Action.COMMENT, "等待复测")
                            .status())
                    .isEqualTo("acknowledged");
            assertThat(reviews.apply(prov, alertId, Reviews.Action.RESOLVE, null)
                            .status())
                    .isEqualTo("resolved");
            MaintenanceWindows windows = new MaintenanceWindows(db);
            var w = windows.add(
                    "prov-outbox",
                    new MaintenanceWindows.NewWindow(
                            UNIT,
                            "420100",
                            "GW01",
                            Instant.parse("2026-03-10T00:00:00Z"),
                            Instant.parse("2026-03-10T06:00:00Z"),
                            "电表检修"));
            windows.cancel(Scope.of(prov), w.id(), "prov-outbox", "改期");

            // Kafka is down: the five messages wait in the outbox
            Thread.sleep(3_000);
            assertThat(count("SELECT count(*) FROM outbox WHERE published IS NULL"))
                    .isEqualTo(5);

            try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir, port)) {
                kafka.createTopics(2, Topics.ALERT_REVIEWS, Topics.MAINTENANCE);
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (count("SELECT count(*) FROM outbox WHERE published IS NULL") > 0
                        && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(count("SELECT count(*) FROM outbox WHERE published IS NULL"))
                        .isZero();

                List<ConsumerRecord<String, String>> review = read(kafka, Topics.ALERT_REVIEWS, 3);
                assertThat(review).extracting(ConsumerRecord::key).containsOnly(alertId);
                List<JsonNode> r = new ArrayList<>();
                for (var rec : review) r.add(JSON.readTree(rec.value()));
                assertThat(r)
                        .extracting(n -> n.get("action").asText())
                        .containsExactly("acknowledge", "comment", "resolve");
                assertThat(r)
                        .extracting(n -> n.get("status").asText())
                        .containsExactly("acknowledged", "acknowledged", "resolved");
                JsonNode first = r.get(0);
                assertThat(first.get("schema").asText()).isEqualTo("dcmon.alert-review/1");
                assertThat(first.get("alert_id").asText()).isEqualTo(alertId);
                assertThat(first.get("actor").asText()).isEqualTo("prov-outbox");
                assertThat(first.get("comment").asText()).isEqualTo("已联系企业");
                assertThat(first.get("at").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+08:00");
                assertThat(r.get(2).get("comment").isNull()).isTrue();
                assertThat(r.get(1).get("id").asLong())
                        .isGreaterThan(first.get("id").asLong());

                List<ConsumerRecord<String, String>> window = read(kafka, Topics.MAINTENANCE, 2);
                assertThat(window).extracting(ConsumerRecord::key).containsOnly(String.valueOf(w.id()));
                JsonNode entered = JSON.readTree(window.get(0).value());
                assertThat(entered.get("schema").asText()).isEqualTo("dcmon.maintenance/1");
                assertThat(entered.get("enterprise").asText()).isEqualTo(UNIT);
                assertThat(entered.get("gateway").asText()).isEqualTo("GW01");
                assertThat(entered.get("starts").asText()).isEqualTo("2026-03-10T08:00:00+08:00");
                assertThat(entered.get("ends").asText()).isEqualTo("2026-03-10T14:00:00+08:00");
                assertThat(entered.get("reason").asText()).isEqualTo("电表检修");
                assertThat(entered.get("cancelled_at").isNull()).isTrue();
                JsonNode cancelled = JSON.readTree(window.get(1).value());
                assertThat(cancelled.get("cancelled_by").asText()).isEqualTo("prov-outbox");
                assertThat(cancelled.get("cancel_reason").asText()).isEqualTo("改期");
            }
        }
    }

    /** Exactly {@code n} records of the topic, in partition order (one key, so one partition). */
    private static List<ConsumerRecord<String, String>> read(EmbeddedKafka kafka, String topic, int n) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            c.partitionsFor(topic).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < n && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(500)).forEach(out::add);
            }
            // nothing more than expected
            c.poll(Duration.ofSeconds(1)).forEach(out::add);
        }
        assertThat(out).hasSize(n);
        return out;
    }

    private static int freePort() throws Exception {
        try (var s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
