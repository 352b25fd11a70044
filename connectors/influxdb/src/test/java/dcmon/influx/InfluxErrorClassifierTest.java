package dcmon.influx;

import static dcmon.influx.InfluxErrorClassifier.Kind.PERMANENT_REQUEST;
import static dcmon.influx.InfluxErrorClassifier.Kind.PERMANENT_ROWS;
import static dcmon.influx.InfluxErrorClassifier.Kind.TRANSIENT;
import static org.assertj.core.api.Assertions.assertThat;

import dcmon.influx.InfluxErrorClassifier.Classification;
import dcmon.influx.InfluxErrorClassifier.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBIOException;
import org.junit.jupiter.api.Test;

class InfluxErrorClassifierTest {

    @Test
    void networkErrorsAreTransient() {
        assertClassified(new InfluxDBIOException(new ConnectException("Connection refused")), TRANSIENT, "I/O error");
        assertClassified(new InfluxDBIOException(new IOException("Connection reset")), TRANSIENT, "I/O error");
        assertClassified(new InfluxDBIOException(new SocketTimeoutException("timeout")), TRANSIENT, "I/O error");
    }

    @Test
    void overloadAndTimeoutAnswersAreTransient() {
        assertClassified(answer(500, "engine: cache maximum memory size exceeded"), TRANSIENT, "write cache full");
        assertClassified(answer("cache-max-memory-size exceeded"), TRANSIENT, "write cache full");
        assertClassified(answer(500, "timeout"), TRANSIENT, "timeout");
        // influxdb-java calls this one not worth a retry, but the queue drains by itself
        assertClassified(
                answer("write failed: hinted handoff queue not empty"), TRANSIENT, "hinted handoff queue not empty");
        assertClassified(answer(503, "max-concurrent-write-limit exceeded"), TRANSIENT, "too many concurrent writes");
    }

    @Test
    void serverErrorsAndTooManyRequestsAreTransientByStatus() {
        assertClassified(answer(429, "slow down"), TRANSIENT, "HTTP 429 too many requests");
        assertClassified(answer(500, "internal error"), TRANSIENT, "HTTP 500 server error");
        assertClassified(answer(502, "<html>Bad Gateway</html>"), TRANSIENT, "HTTP 502 server error");
        assertClassified(answer(503, "Service Unavailable"), TRANSIENT, "HTTP 503 server error");
    }

    @Test
    void refusedRowsArePermanentAndBlameTheRows() {
        assertClassified(
                answer(
                        400,
                        "partial write: field type conflict: input field \"tce\" on measurement "
                                + "\"point_usage\" is type float, already exists as type string dropped=1"),
                PERMANENT_ROWS,
                "field type conflict");
        assertClassified(answer(400, "unable to parse 'x y': invalid field format"), PERMANENT_ROWS, "unable to parse");
        assertClassified(
                answer(400, "partial write: points beyond retention policy dropped=2"),
                PERMANENT_ROWS,
                "points beyond retention policy");
        assertClassified(
                answer(
                        400,
                        "partial write: max-values-per-tag limit exceeded (100000/100000): "
                                + "measurement=\"point_usage\" tag=\"enterprise\" value=\"X\" dropped=1"),
                PERMANENT_ROWS,
                "max-values-per-tag limit exceeded");
        assertClassified(
                answer(400, "partial write: max-series-per-database limit exceeded: (1000000) dropped=1"),
                PERMANENT_ROWS,
                "max-series-per-database limit exceeded");
        assertClassified(answer(400, "something new"), PERMANENT_ROWS, "HTTP 400");
        assertClassified(answer(413, "Request Entity Too Large"), PERMANENT_ROWS, "HTTP 413");
    }

    @Test
    void refusedRequestsArePermanentAndBlameTheRequest() {
        assertClassified(answer(404, "database not found: \"dcmon\""), PERMANENT_REQUEST, "database not found");
        assertClassified(
                answer(404, "retention policy not found: ten_years"), PERMANENT_REQUEST, "retention policy not found");
        assertClassified(answer(401, "authorization failed"), PERMANENT_REQUEST, "authorization failed");
        assertClassified(
                answer(403, "user \"reader\" is not authorized to write to database \"dcmon\""),
                PERMANENT_REQUEST,
                "not authorized");
        assertClassified(
                answer(401, "user is required to write to database \"dcmon\""), PERMANENT_REQUEST, "user required");
        assertClassified(answer(401, "unknown"), PERMANENT_REQUEST, "HTTP 401 not authorized");
        assertClassified(answer(403, ""), PERMANENT_REQUEST, "HTTP 403 not authorized");
        assertClassified(answer(404, "page not found"), PERMANENT_REQUEST, "HTTP 404 not found");
        assertClassified(answer(405, "method not allowed"), PERMANENT_REQUEST, "HTTP 405");
    }

    @Test
    void withoutAStatusTheExceptionTypeDecides() {
        // what influxdb-java throws for a body it reads: the type says it, the message does not always
        assertThat(answer("field type conflict: x")).isInstanceOf(InfluxDBException.FieldTypeConflictException.class);
        assertThat(answer("authorization failed")).isInstanceOf(InfluxDBException.AuthorizationFailedException.class);
        assertClassified(answer("database not found: \"x\""), PERMANENT_REQUEST, "database not found");
        assertClassified(new InfluxDBException("{oops"), TRANSIENT, "InfluxDB error");
        assertClassified(new IllegalStateException("a bug"), PERMANENT_REQUEST, "IllegalStateException");
        assertClassified(new NullPointerException(), PERMANENT_REQUEST, "NullPointerException");
    }

    @Test
    void permanentErrorsSayWhatToFix() {
        assertThat(InfluxErrorClassifier.classify(answer(400, "partial write: field type conflict: x"))
                        .fix())
                .contains("another type");
        assertThat(InfluxErrorClassifier.classify(answer(401, "authorization failed"))
                        .fix())
                .contains("user and password");
        assertThat(InfluxErrorClassifier.classify(answer(404, "database not found: x"))
                        .fix())
                .contains("create the database");
        assertThat(InfluxErrorClassifier.classify(answer(400, "partial write: max-values-per-tag limit exceeded"))
                        .fix())
                .contains("raise the limit");
    }

    @Test
    void anAnswerKeepsInfluxdbJavasExceptionAndItsRetryVerdict() {
        InfluxHttpException http = answer(400, "unable to parse 'x'");

        assertThat(http.status()).isEqualTo(400);
        assertThat(http)
                .hasCauseInstanceOf(InfluxDBException.UnableToParseException.class)
                .hasMessage("unable to parse 'x'");
        assertThat(http.isRetryWorth()).isFalse();
    }

    private static void assertClassified(Throwable error, Kind kind, String reason) {
        Classification c = InfluxErrorClassifier.classify(error);
        assertThat(c.kind()).as("kind of %s", error).isEqualTo(kind);
        assertThat(c.reason()).as("reason of %s", error).isEqualTo(reason);
        assertThat(c.permanent()).isEqualTo(kind != TRANSIENT);
    }

    /** What influxdb-java throws for InfluxDB's JSON error body {@code {"error":"…"}}. */
    private static InfluxDBException answer(String message) {
        return InfluxDBException.buildExceptionForErrorState("{\"error\":" + json(message) + "}");
    }

    /** The same answer with its HTTP status, as {@link HttpInfluxWriteClient} throws it. */
    private static InfluxHttpException answer(int status, String message) {
        return new InfluxHttpException(status, answer(message));
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
