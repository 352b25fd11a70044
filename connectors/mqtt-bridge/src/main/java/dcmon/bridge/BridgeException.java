package dcmon.bridge;

/** The bridge could not start (or reach MQTT or Kafka); the message says which part and why. */
public class BridgeException extends RuntimeException {
    public BridgeException(String message, Throwable cause) {
        super(message, cause);
    }

    public BridgeException(String message) {
        super(message);
    }
}
