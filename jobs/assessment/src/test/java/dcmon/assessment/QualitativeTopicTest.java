package dcmon.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dcmon.core.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The points of a year from the topic's latest records: removals, other years, and rejected records with offsets. */
class QualitativeTopicTest {
    private static final Instant AT = Instant.parse("2027-06-01T02:00:00Z");

    private static ConsumerRecord<String, byte[]> record(long offset, String key, byte[] value) {
        return new ConsumerRecord<>(Topics.SCORECARD_QUALITATIVE, 0, offset, key, value);
    }

    private static ConsumerRecord<String, byte[]> record(long offset, int year, String code, double points) {
        return record(offset, QualitativeTopic.key(year, code), QualitativeTopic.value(year, code, points, "prov", AT));
    }

    @Test
    void theYearsLatestPointsWithoutRemovalsOrOtherYears() throws Exception {
        Map<String, ConsumerRecord<String, byte[]>> latest = new LinkedHashMap<>();
        latest.put("2026/CODE-A1", record(4, 2026, "CODE-A1", 42.5));
        latest.put("2025/CODE-A1", record(1, 2025, "CODE-A1", 10));
        latest.put("2026/CODE-B2", record(5, "2026/CODE-B2", new byte[0]));
        latest.put("2026/CODE-C3", record(6, 2026, "CODE-C3", 0));
        assertThat(QualitativeTopic.points(latest, 2026, AssessmentBuilderTest.REGISTRY, 50))
                .containsExactly(Map.entry("CODE-A1", 42.5), Map.entry("CODE-C3", 0.0));
    }

    @Test
    void badRecordsAreNamedWithTheirOffsetAndNothingIsUsed() {
        Map<String, ConsumerRecord<String, byte[]>> latest = new LinkedHashMap<>();
        latest.put("2026/CODE-A1", record(4, 2026, "CODE-A1", 50.5));
        latest.put("2026/NOPE", record(5, 2026, "NOPE", 10));
        latest.put("2026/CODE-B2", record(6, "2026/CODE-B2", "{".getBytes(StandardCharsets.UTF_8)));
        latest.put("2026/CODE-C3", record(7, "2026/CODE-C3", QualitativeTopic.value(2026, "CODE-B2", 1, "p", AT)));
        latest.put("2026/CODE-D4", record(8, 2026, "CODE-D4", 1));
        String t = Topics.SCORECARD_QUALITATIVE + " partition 0 offset ";
        assertThatThrownBy(() -> QualitativeTopic.points(latest, 2026, AssessmentBuilderTest.REGISTRY, 50))
                .isInstanceOf(ExportException.class)
                .hasMessage(String.join(
                        "\n",
                        "qualitative points from Kafka rejected:",
                        t + "4 (key 2026/CODE-A1): points: must be a number from 0 to 50, found 50.5",
                        t + "5 (key 2026/NOPE): credit_code: unknown unit 'NOPE' (not in the registry)",
                        t + "6 (key 2026/CODE-B2): not JSON",
                        t + "7 (key 2026/CODE-C3): credit_code: 'CODE-B2' does not match the key"));
    }
}
