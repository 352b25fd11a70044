package dcmon.cluster;

/** A cluster command that cannot be done, with a message for the operator (no stack trace needed). */
public final class ClusterException extends RuntimeException {
    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
