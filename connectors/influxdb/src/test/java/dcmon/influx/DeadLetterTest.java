package dcmon.influx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.influxdb.InfluxDBException;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    @Test
    void aRefusedRowBecomesOneJsonRecordWithItsLineAndTheError() {
        SeriesPoint point = SeriesPoint.builder("point_usage")
                .tag("enterprise", "E \"1\"")
                .field("tce", 1.5)
                .timeMillis(1_764_518_400_000L)
                .build();
        InfluxDBException error = InfluxDBException.buildExceptionForErrorState(
                "{\"error\":\"partial write: field type conflict: input field \\\"tce\\\" dropped=1\"}");

        DeadLetter letter = DeadLetter.of(point, "dcmon", null, new InfluxHttpException(400, error));

        assertThat(letter.errorClass()).isEqualTo("org.influxdb.InfluxDBException$FieldTypeConflictException");
        assertThat(new String(letter.toJson(), StandardCharsets.UTF_8))
                .isEqualTo("{"
                        + "\"schema\":\"dcmon.sink.dead-letter/1\",\"database\":\"dcmon\",\"retentionPolicy\":null,"
                        + "\"measurement\":\"point_usage\",\"time\":1764518400000,"
                        + "\"errorClass\":\"org.influxdb.InfluxDBException$FieldTypeConflictException\","
                        + "\"error\":\"partial write: field type conflict: input field \\\"tce\\\" dropped=1\","
                        + "\"line\":\"point_usage,enterprise=E\\\\ \\\"1\\\" tce=1.5 1764518400000\"}");
    }
}
