package dcmon.console.http;

/** An API answer other than success: the status, a stable error code and a message for people. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The one answer for an id that does not exist and for one outside the caller's scope. */
    public static ApiException notFound() {
        return new ApiException(404, "not_found", "not found");
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    public static ApiException unauthenticated() {
        return new ApiException(401, "unauthenticated", "log in first");
    }
}
