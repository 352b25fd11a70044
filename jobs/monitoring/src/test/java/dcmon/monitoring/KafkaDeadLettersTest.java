package dcmon.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcmon.core.Topics;
import dcmon.influx.HttpInfluxWriteClient;
import dcmon.influx.InfluxQuery;
import dcmon.influx.InfluxSinkOptions;
import dcmon.influx.InfluxSinkWriter;
import dcmon.influx.PermanentErrorMode;
import dcmon.influx.SeriesPoint;
import dcmon.stack.EmbeddedKafka;
import dcmon.stack.InfluxdServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.runtime.metrics.groups.MetricsGroupTestUtils;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The InfluxDB sink in dead-letter mode against a real influxd and a real in-process Kafka broker. */
class KafkaDeadLettersTest {

    /** 2025-12-01T00:00+08:00. */
    private static final long DAY_1 = 1_764_518_400_000L;

    private static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;

    @Test
    void rowsInfluxdbRefusesGoToTheDeadLetterTopicAndTheOthersToInfluxdb() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
                InfluxdServer influxd = InfluxdServer.start(dir.resolve("influxd"), 0)) {
            kafka.createTopics(1, Topics.SINK_DEAD_LETTER);
            InfluxSinkOptions options = InfluxSinkOptions.builder(influxd.url())
                    .database("letters")
                    .createDatabase(true)
                    .onPermanentError(PermanentErrorMode.DEAD_LETTER)
                    .build();
            MetricListener metrics = new MetricListener();
            try (InfluxSinkWriter writer = new InfluxSinkWriter(
                            options,
                            HttpInfluxWriteClient.connect(options),
                            MetricsGroupTestUtils.mockWriterMetricGroup(metrics.getMetricGroup()),
                            null,
                            KafkaDeadLetters.factory(kafka.bootstrapServers()).open());
                    InfluxQuery influx = InfluxQuery.connect(options)) {
                // tce is stored as a string first, so the float tce of E2 below conflicts
                writer.write(usage("E0", DAY_1).field("tce", "n/a").build(), null);
                writer.flush(false);
                for (int i = 1; i <= 6; i++) {
                    writer.write(
                            SeriesPoint.builder("enterprise_progress")
                                    .tag("enterprise", "E" + i)
                                    .field("ytd", 10.0 * i)
                                    .timeMillis(DAY_1)
                                    .build(),
                            null);
                }
                writer.write(usage("E2", DAY_1 + HOUR).field("tce", 2.5).build(), null);
                writer.flush(false); // returns once the dead letter is in Kafka

                assertThat(influx.query("SELECT count(ytd) FROM enterprise_progress"))
                        .containsExactly(Map.of("time", 0L, "count", 6.0));
                assertThat(counter(metrics, InfluxSinkWriter.DEAD_LETTERS)).isEqualTo(1);
                assertThat(counter(metrics, InfluxSinkWriter.PERMANENT_FAILURES))
                        .isEqualTo(1);
                assertThat(counter(metrics, InfluxSinkWriter.WRITE_FAILURES)).isZero();
            }
            List<ConsumerRecord<String, String>> records = readAll(kafka, Topics.SINK_DEAD_LETTER, 1);
            assertThat(records).hasSize(1);
            assertThat(records.get(0).key()).isEqualTo("enterprise_usage");
            JsonNode letter = new ObjectMapper().readTree(records.get(0).value());
            assertThat(letter.get("schema").asText()).isEqualTo("dcmon.sink.dead-letter/1");
            assertThat(letter.get("database").asText()).isEqualTo("letters");
            assertThat(letter.get("retentionPolicy").isNull()).isTrue();
            assertThat(letter.get("measurement").asText()).isEqualTo("enterprise_usage");
            assertThat(letter.get("time").asLong()).isEqualTo(DAY_1 + HOUR);
            assertThat(letter.get("errorClass").asText())
                    .isEqualTo("org.influxdb.InfluxDBException$FieldTypeConflictException");
            assertThat(letter.get("error").asText())
                    .startsWith(
                            "partial write: field type conflict: input field "
                                    + "\"tce\" on measurement \"enterprise_usage\" is type float, already exists as type string");
            assertThat(letter.get("line").asText())
                    .isEqualTo("enterprise_usage,enterprise=E2 tce=2.5 " + (DAY_1 + HOUR));
        }
    }

    private static SeriesPoint.Builder usage(String enterprise, long time) {
        return SeriesPoint.builder("enterprise_usage")
                .tag("enterprise", enterprise)
                .timeMillis(time);
    }

    private static long counter(MetricListener metrics, String name) {
        return metrics.getCounter(name).map(Counter::getCount).orElseThrow();
    }

    /** Reads the topic from the start until {@code expected} records came or 30 s passed, then briefly for more. */
    private static List<ConsumerRecord<String, String>> readAll(EmbeddedKafka kafka, String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-test");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }
}
