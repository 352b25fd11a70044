package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.Topics;
import dcmon.core.alert.Severity;
import dcmon.core.config.ClientProperties;
import dcmon.stack.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Counting active alerts from {@code dcmon.alerts} records, without Kafka. */
class AlertCountsTest {

    /** A record as the job writes it. */
    static String event(String id, int seq, String event, String rule, String severity, String state) {
        return """
                {"schema":"dcmon.alert/1","id":"%s","seq":%d,"event":"%s","rule":"%s",\
                "subject":{"level":"enterprise","code":"91420112MA4ALXWN9U","enterprise":"91420112MA4ALXWN9U",\
                "city":"420100","tier":"hundred","gateway":null,"point":null},"period":"2026","severity":"%s",\
                "colour":"yellow","state":"%s","first_seen":"2026-12-03T10:15:00+08:00",\
                "last_changed":"2026-12-03T10:30:00+08:00","evidence":{"value":12.5,"threshold":10.0,"unit":"pp"},\
                "message_zh":"进度超前","message_en":"ahead"}""".formatted(id, seq, event, rule, severity, state);
    }

    private static String id(int n) {
        return String.format("%032x", n);
    }

    @Test
    void countsTheLatestEventOfEachAlertWhileActiveBySeverity() {
        AlertCounts.Tally t = new AlertCounts.Tally();
        assertThat(t.summary()).isEqualTo("alerts: none active");

        t.add(event(id(1), 1, "raised", "total.pace", "watch", "active"));
        t.add(event(id(1), 2, "updated", "total.pace", "warning", "active")); // same alert, now a warning
        t.add(event(id(2), 1, "raised", "total.breach", "breach", "active"));
        t.add(event(id(3), 1, "raised", "gateway.offline", "warning", "active"));
        t.add(event(id(4), 1, "raised", "reading.suspect", "watch", "active"));
        t.add(event(id(5), 1, "raised", "point.stuck", "warning", "active"));
        t.add(event(id(5), 2, "cleared", "point.stuck", "warning", "cleared")); // no longer counted
        t.add(event(id(6), 1, "raised", "counter.reset", "info", "active"));

        assertThat(t.active())
                .isEqualTo(Map.of(Severity.BREACH, 1, Severity.WARNING, 2, Severity.WATCH, 1, Severity.INFO, 1));
        assertThat(t.summary()).isEqualTo("alerts: 1 breach · 2 warning · 1 watch · 1 info");

        // replayed older events do not bring back what a later one changed; a raise after a clear counts again
        t.add(event(id(5), 1, "raised", "point.stuck", "warning", "active"));
        t.add(event(id(1), 1, "raised", "total.pace", "watch", "active"));
        assertThat(t.summary()).isEqualTo("alerts: 1 breach · 2 warning · 1 watch · 1 info");
        t.add(event(id(5), 3, "raised", "point.stuck", "warning", "active"));
        t.add(event(id(6), 2, "cleared", "counter.reset", "info", "cleared"));
        assertThat(t.summary()).isEqualTo("alerts: 1 breach · 3 warning · 1 watch");
        assertThat(t.malformed()).isZero();
    }

    @Test
    void countsWhatTheTopicHoldsFromItsStartAndWhatComesAfter(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
                KafkaProducer<String, String> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                        new StringSerializer(),
                        new StringSerializer())) {
            kafka.createTopics(2, Topics.ALERTS);
            producer.send(new ProducerRecord<>(
                    Topics.ALERTS, id(1), event(id(1), 1, "raised", "total.pace", "watch", "active")));
            producer.send(new ProducerRecord<>(
                    Topics.ALERTS, id(2), event(id(2), 1, "raised", "total.breach", "breach", "active")));
            producer.flush();
            try (AlertCounts counts = AlertCounts.start(kafka.bootstrapServers())) {
                awaitSummary(counts, "alerts: 1 breach · 1 watch");
                producer.send(new ProducerRecord<>(
                        Topics.ALERTS, id(1), event(id(1), 2, "updated", "total.pace", "warning", "active")));
                producer.send(new ProducerRecord<>(
                        Topics.ALERTS, id(3), event(id(3), 1, "raised", "gateway.offline", "warning", "active")));
                producer.flush();
                awaitSummary(counts, "alerts: 1 breach · 2 warning");
            }
        }
    }

    @Test
    void countsOnABrokerThatRequiresScramLoginsWithTheKafkaPropertiesFile(@TempDir Path dir) throws Exception {
        EmbeddedKafka.Scram users =
                new EmbeddedKafka.Scram("broker", Map.of("broker", "broker-pw-1", "demo", "demo-pw-1"));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, users)) {
            kafka.createTopics(1, Topics.ALERTS);
            Map<String, Object> producerConfig = new HashMap<>(kafka.clientProperties());
            producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(
                                Topics.ALERTS, id(7), event(id(7), 1, "raised", "total.breach", "breach", "active")))
                        .get();
            }
            // as --kafka-properties gives it: the password named, read from a file beside the properties
            Files.writeString(dir.resolve("kafka.password"), "demo-pw-1\n");
            Path properties = dir.resolve("kafka.properties");
            Files.writeString(properties, """
                    security.protocol=SASL_PLAINTEXT
                    sasl.mechanism=SCRAM-SHA-256
                    sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\
                      username="demo" password="${file:kafka.password}";
                    """);
            try (AlertCounts counts = AlertCounts.start(kafka.bootstrapServers(), ClientProperties.load(properties))) {
                awaitSummary(counts, "alerts: 1 breach");
            }
        }
    }

    private static void awaitSummary(AlertCounts counts, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!counts.summary().equals(expected) && System.nanoTime() < deadline) Thread.sleep(100);
        assertThat(counts.summary()).isEqualTo(expected);
    }

    @Test
    void recordsThatAreNoAlertEventsAreSkippedAndCounted() {
        AlertCounts.Tally t = new AlertCounts.Tally();
        t.add(null);
        t.add("not json");
        t.add("{\"schema\":\"dcmon.alert/1\"}");
        t.add(event(id(1), 1, "raised", "total.pace", "warning", "active").replace("dcmon.alert/1", "dcmon.alert/0"));
        t.add(event(id(2), 1, "raised", "total.pace", "severe", "active"));
        t.add(event(id(3), 1, "raised", "total.pace", "warning", "active"));
        assertThat(t.malformed()).isEqualTo(5);
        assertThat(t.summary()).isEqualTo("alerts: 1 warning");
    }
}
