package dcmon.influx;

import java.io.IOException;

/** A request to InfluxDB that failed for good: refused with a permanent error, or out of retries. */
public final class InfluxRequestException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient InfluxErrorClassifier.Classification classification;
    private final int attempts;

    InfluxRequestException(
            String what, int attempts, InfluxErrorClassifier.Classification classification, RuntimeException cause) {
        super(what + " failed after " + attempts + " attempt(s): " + cause.getMessage(), cause);
        this.classification = classification;
        this.attempts = attempts;
    }

    public InfluxErrorClassifier.Classification classification() {
        return classification;
    }

    /** True when no retry can fix it. */
    public boolean permanent() {
        return classification.permanent();
    }

    public int attempts() {
        return attempts;
    }
}
