package dcmon.influx;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the sink does when InfluxDB refuses rows with an error no retry can fix (a field type conflict, a parse
 * error, a missing database, refused credentials); see {@link InfluxErrorClassifier}.
 */
public enum PermanentErrorMode {

    /**
     * The first permanent error fails the job, with a message saying what to fix. A restart replays the same rows
     * from the last checkpoint, so the job fails the same way until the cause is fixed.
     */
    FAIL("fail"),

    /**
     * The refused rows go to a {@link DeadLetters} sink (the monitoring job's is Kafka topic
     * {@code dcmon.sink.dead-letter}) and the job goes on with the other rows.
     */
    DEAD_LETTER("dead-letter");

    private final String option;

    PermanentErrorMode(String option) {
        this.option = option;
    }

    /** The value as written on a command line: {@code fail} or {@code dead-letter}. */
    public String option() {
        return option;
    }

    /** Reads {@code fail} or {@code dead-letter} (any case); anything else is an {@link IllegalArgumentException}. */
    public static PermanentErrorMode parse(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (PermanentErrorMode mode : values()) {
            if (mode.option.equals(wanted)) return mode;
        }
        throw new IllegalArgumentException("must be one of " + choices() + ", was " + value);
    }

    /** {@code fail|dead-letter}, for usage messages. */
    public static String choices() {
        return Arrays.stream(values()).map(PermanentErrorMode::option).collect(Collectors.joining("|"));
    }

    @Override
    public String toString() {
        return option;
    }
}
