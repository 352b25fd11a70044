package dcmon.assessment;

/** An export that cannot be made, with a message for the user (no stack trace needed). */
public final class ExportException extends Exception {
    public ExportException(String message) {
        super(message);
    }

    public ExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
