package dcmon.core.reading;

/**
 * The enterprise and gateway named by a readings topic {@code dcmon/v1/{enterprise}/{gateway}/readings}.
 */
public record MqttTopic(String enterprise, String gateway) {
    private static final String PREFIX = "dcmon/v1/";
    private static final String SUFFIX = "/readings";

    /** @return the parsed topic, or null when it does not have the readings shape */
    public static MqttTopic parseReadings(String topic) {
        if (topic == null || !topic.startsWith(PREFIX) || !topic.endsWith(SUFFIX)) return null;
        String middle = topic.substring(PREFIX.length(), topic.length() - SUFFIX.length());
        int slash = middle.indexOf('/');
        if (slash <= 0 || slash == middle.length() - 1 || middle.indexOf('/', slash + 1) >= 0) return null;
        return new MqttTopic(middle.substring(0, slash), middle.substring(slash + 1));
    }
}
