package dcmon.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dcmon.core.calendar.Period;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InfluxSinkOptionsTest {

    @Test
    void defaults() {
        InfluxSinkOptions options = InfluxSinkOptions.defaults("http://127.0.0.1:8086");

        assertThat(options.database()).isEqualTo("dcmon");
        assertThat(options.username()).isNull();
        assertThat(options.password()).isNull();
        assertThat(options.batchSize()).isEqualTo(5000);
        assertThat(options.maxRetries()).isEqualTo(5);
        assertThat(options.initialBackoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(options.retentionPolicy()).isNull();
        assertThat(options.createDatabase()).isFalse();
        assertThat(options.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.onPermanentError()).isEqualTo(PermanentErrorMode.FAIL);
        assertThat(options.toBuilder().build()).isEqualTo(options);
    }

    @Test
    void keepsThePasswordOutOfToString() {
        InfluxSinkOptions options = InfluxSinkOptions.builder("http://influx:8086")
                .credentials("dcmon_writer", "s3cret")
                .build();

        assertThat(options.toString())
                .contains("username=dcmon_writer", "password=***")
                .doesNotContain("s3cret");
    }

    @Test
    void rejectsSettingsThatCannotWork() {
        assertThatThrownBy(() -> InfluxSinkOptions.builder("http://influx:8086")
                        .batchSize(0)
                        .build())
                .hasMessageContaining("batchSize");
        assertThatThrownBy(() -> InfluxSinkOptions.builder("http://influx:8086")
                        .maxRetries(-1)
                        .build())
                .hasMessageContaining("maxRetries");
        assertThatThrownBy(() -> InfluxSinkOptions.builder("http://influx:8086")
                        .credentials("u", null)
                        .build())
                .hasMessageContaining("username and password");
    }

    @Test
    void periodTagValuesAgreeWithTheCoreCalendar() {
        assertThat(InfluxSchema.Periods.ALL)
                .containsExactlyElementsOf(
                        Arrays.stream(Period.values()).map(Period::tag).toList());
    }
}
