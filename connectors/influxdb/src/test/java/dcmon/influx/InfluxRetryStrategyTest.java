package dcmon.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.SimpleCounter;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBIOException;
import org.junit.jupiter.api.Test;

class InfluxRetryStrategyTest {

    private final SimpleCounter retries = new SimpleCounter();
    private final List<Duration> pauses = new ArrayList<>();

    @Test
    void backoffDoublesFromTheInitialPauseUpToTheBound() {
        InfluxRetryStrategy strategy = strategy(10, Duration.ofMillis(200), Duration.ofSeconds(1));

        assertThat(List.of(1, 2, 3, 4, 5, 60))
                .map(strategy::backoffBefore)
                .containsExactly(
                        Duration.ofMillis(200),
                        Duration.ofMillis(400),
                        Duration.ofMillis(800),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1));
        assertThat(InfluxRetryStrategy.of(InfluxSinkOptions.defaults("http://x:8086"), retries)
                        .backoffBefore(20))
                .isEqualTo(InfluxRetryStrategy.MAX_BACKOFF);
    }

    @Test
    void retriesATransientErrorUntilTheRequestSucceeds() throws Exception {
        int[] calls = {0};

        strategy(3, Duration.ofMillis(10), Duration.ofSeconds(1)).run("writing", () -> {
            if (++calls[0] < 3) throw new InfluxDBIOException(new IOException("Connection refused"));
        });

        assertThat(calls[0]).isEqualTo(3);
        assertThat(retries.getCount()).isEqualTo(2);
        assertThat(pauses).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
    }

    @Test
    void givesUpAfterMaxRetriesWithTheLastError() {
        int[] calls = {0};

        assertThatThrownBy(() -> strategy(2, Duration.ofMillis(10), Duration.ofSeconds(1))
                        .run("writing 3 points", () -> {
                            calls[0]++;
                            throw new InfluxDBIOException(new IOException("Connection reset"));
                        }))
                .isInstanceOfSatisfying(InfluxRequestException.class, e -> {
                    assertThat(e.permanent()).isFalse();
                    assertThat(e.attempts()).isEqualTo(3);
                })
                .hasMessage("writing 3 points failed after 3 attempt(s): java.io.IOException: Connection reset");
        assertThat(calls[0]).isEqualTo(3);
        assertThat(retries.getCount()).isEqualTo(2);
    }

    @Test
    void neverRetriesAPermanentError() {
        int[] calls = {0};

        assertThatThrownBy(() -> strategy(5, Duration.ofMillis(10), Duration.ofSeconds(1))
                        .run("writing", () -> {
                            calls[0]++;
                            throw new InfluxHttpException(
                                    400,
                                    InfluxDBException.buildExceptionForErrorState(
                                            "{\"error\":\"partial write: field type conflict: x dropped=1\"}"));
                        }))
                .isInstanceOfSatisfying(InfluxRequestException.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.classification().reason()).isEqualTo("field type conflict");
                    assertThat(e.attempts()).isEqualTo(1);
                })
                .hasCauseInstanceOf(InfluxHttpException.class);
        assertThat(calls[0]).isEqualTo(1);
        assertThat(retries.getCount()).isZero();
        assertThat(pauses).isEmpty();
    }

    @Test
    void zeroRetriesMeansOneAttempt() {
        int[] calls = {0};

        assertThatThrownBy(() -> strategy(0, Duration.ofMillis(10), Duration.ofSeconds(1))
                        .run("writing", () -> {
                            calls[0]++;
                            throw new InfluxDBIOException(new IOException("Connection refused"));
                        }))
                .hasMessageContaining("failed after 1 attempt(s)");
        assertThat(calls[0]).isEqualTo(1);
    }

    private InfluxRetryStrategy strategy(int maxRetries, Duration initial, Duration max) {
        return new InfluxRetryStrategy(maxRetries, initial, max, retries, pauses::add);
    }
}
