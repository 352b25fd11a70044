package dcmon.influx;

import java.util.List;
import java.util.Locale;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBIOException;

/**
 * Tells whether a failed InfluxDB request may succeed if repeated, and if not, whether the fault lies with some
 * rows of the request or with the request as a whole.
 *
 * <p>influxdb-java's own {@link InfluxDBException#isRetryWorth()} is not enough: it misses InfluxDB 1.x's actual
 * message for a full cache ({@code engine: cache maximum memory size exceeded}), calls a full hinted-handoff queue
 * permanent although it drains by itself, and calls every unknown answer (a 400 included) worth a retry. So the
 * message, the HTTP status (when {@link InfluxHttpException} carries it) and the exception type are read here, in
 * that order of precedence: the message is the most specific.
 */
public final class InfluxErrorClassifier {

    /** How a failed request is handled. */
    public enum Kind {
        /** The server or the network may recover: retried with backoff. */
        TRANSIENT,
        /** Some rows of the request are refused (bad type, bad syntax, limits): retrying cannot help. */
        PERMANENT_ROWS,
        /** The request as a whole is refused (credentials, database): retrying the same request cannot help. */
        PERMANENT_REQUEST
    }

    /**
     * @param kind how to handle the failure
     * @param reason what went wrong in a few words, for messages and logs
     * @param fix what an operator can do about a permanent error, for the message that fails the job
     */
    public record Classification(Kind kind, String reason, String fix) {
        Classification(Kind kind, String reason) {
            this(kind, reason, "read InfluxDB's message above and its log");
        }

        public boolean permanent() {
            return kind != Kind.TRANSIENT;
        }
    }

    private record Rule(String text, Kind kind, String reason, String fix) {
        Rule(String text, Kind kind, String reason) {
            this(text, kind, reason, null);
        }
    }

    private static final String FIX_TYPES = "a field already has another type in InfluxDB than the rows give it: "
            + "drop or rename the measurement (or write to a new database), or make the job write the stored type";
    private static final String FIX_LIMITS =
            "raise the limit in InfluxDB's configuration ([data] section), " + "or drop series no longer needed";
    private static final String FIX_AUTH =
            "check the sink's user and password and that the user may WRITE " + "to the database";

    /** Message fragments, lower case, checked in order; InfluxDB 1.x's texts (services/httpd, tsdb, coordinator). */
    private static final List<Rule> MESSAGE_RULES = List.of(
            new Rule("cache maximum memory size exceeded", Kind.TRANSIENT, "write cache full"),
            new Rule("cache-max-memory-size exceeded", Kind.TRANSIENT, "write cache full"),
            new Rule("hinted handoff queue not empty", Kind.TRANSIENT, "hinted handoff queue not empty"),
            new Rule("timeout", Kind.TRANSIENT, "timeout"),
            new Rule("max-concurrent-write-limit", Kind.TRANSIENT, "too many concurrent writes"),
            new Rule("too many requests", Kind.TRANSIENT, "too many requests"),
            new Rule("field type conflict", Kind.PERMANENT_ROWS, "field type conflict", FIX_TYPES),
            new Rule(
                    "unable to parse",
                    Kind.PERMANENT_ROWS,
                    "unable to parse",
                    "the rows' line protocol is invalid: report it with the rows of the message"),
            new Rule(
                    "points beyond retention policy",
                    Kind.PERMANENT_ROWS,
                    "points beyond retention policy",
                    "the rows are older than the retention policy keeps: lengthen its duration or write elsewhere"),
            new Rule(
                    "max-values-per-tag limit exceeded",
                    Kind.PERMANENT_ROWS,
                    "max-values-per-tag limit exceeded",
                    FIX_LIMITS),
            new Rule(
                    "max-series-per-database limit exceeded",
                    Kind.PERMANENT_ROWS,
                    "max-series-per-database limit exceeded",
                    FIX_LIMITS),
            new Rule("partial write", Kind.PERMANENT_ROWS, "partial write"),
            new Rule(
                    "database not found",
                    Kind.PERMANENT_REQUEST,
                    "database not found",
                    "create the database (or start the sink with createDatabase and a user allowed to)"),
            new Rule(
                    "retention policy not found",
                    Kind.PERMANENT_REQUEST,
                    "retention policy not found",
                    "create the retention policy, or configure one that exists"),
            new Rule("authorization failed", Kind.PERMANENT_REQUEST, "authorization failed", FIX_AUTH),
            new Rule("not authorized", Kind.PERMANENT_REQUEST, "not authorized", FIX_AUTH),
            new Rule("user is required", Kind.PERMANENT_REQUEST, "user required", FIX_AUTH),
            new Rule("username required", Kind.PERMANENT_REQUEST, "user required", FIX_AUTH));

    private InfluxErrorClassifier() {}

    public static Classification classify(Throwable error) {
        if (error instanceof InfluxDBIOException) {
            // connection refused or reset, socket timeout, unknown host: the network or the server may come back
            return new Classification(Kind.TRANSIENT, "I/O error");
        }
        String message = error.getMessage() == null ? "" : error.getMessage().toLowerCase(Locale.ROOT);
        for (Rule rule : MESSAGE_RULES) {
            if (message.contains(rule.text())) {
                return rule.fix() == null
                        ? new Classification(rule.kind(), rule.reason())
                        : new Classification(rule.kind(), rule.reason(), rule.fix());
            }
        }
        if (error instanceof InfluxHttpException http) {
            return byStatus(http.status());
        }
        if (error instanceof InfluxDBException.AuthorizationFailedException) {
            return new Classification(Kind.PERMANENT_REQUEST, "authorization failed", FIX_AUTH);
        }
        if (error instanceof InfluxDBException.FieldTypeConflictException
                || error instanceof InfluxDBException.UnableToParseException
                || error instanceof InfluxDBException.PointsBeyondRetentionPolicyException) {
            return new Classification(Kind.PERMANENT_ROWS, error.getClass().getSimpleName());
        }
        if (error instanceof InfluxDBException influx) {
            return influx.isRetryWorth()
                    ? new Classification(Kind.TRANSIENT, "InfluxDB error")
                    : new Classification(
                            Kind.PERMANENT_REQUEST, error.getClass().getSimpleName());
        }
        // not from InfluxDB or the network: a fault of this program, which a retry would only repeat
        return new Classification(Kind.PERMANENT_REQUEST, error.getClass().getSimpleName());
    }

    static Classification byStatus(int status) {
        if (status == 429) return new Classification(Kind.TRANSIENT, "HTTP 429 too many requests");
        if (status >= 500) return new Classification(Kind.TRANSIENT, "HTTP " + status + " server error");
        if (status == 400 || status == 413) {
            // a bad or too large body: smaller requests find the rows at fault
            return new Classification(Kind.PERMANENT_ROWS, "HTTP " + status);
        }
        if (status == 401 || status == 403) {
            return new Classification(Kind.PERMANENT_REQUEST, "HTTP " + status + " not authorized", FIX_AUTH);
        }
        if (status == 404) return new Classification(Kind.PERMANENT_REQUEST, "HTTP 404 not found");
        if (status >= 400) return new Classification(Kind.PERMANENT_REQUEST, "HTTP " + status);
        return new Classification(Kind.TRANSIENT, "HTTP " + status);
    }
}
