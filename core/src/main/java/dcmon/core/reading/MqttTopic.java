package dcmon.core.reading;

/**
 * The enterprise and gateway named by a gateway topic: {@code dcmon/v1/{enterprise}/{gateway}/readings} or
 * {@code dcmon/v1/{enterprise}/{gateway}/status}.
 */
public record MqttTopic(String enterprise, String gateway) {
    private static final String PREFIX = "dcmon/v1/";
    private static final String READINGS = "/readings";
    private static final String STATUS = "/status";

    /** @return the parsed topic, or null when it does not have the readings shape */
    public static MqttTopic parseReadings(String topic) {
        return parse(topic, READINGS);
    }

    /** @return the parsed topic, or null when it does not have the status shape */
    public static MqttTopic parseStatus(String topic) {
        return parse(topic, STATUS);
    }

    private static MqttTopic parse(String topic, String suffix) {
        if (topic == null || !topic.startsWith(PREFIX) || !topic.endsWith(suffix)) return null;
        String middle = topic.substring(PREFIX.length(), topic.length() - suffix.length());
        int slash = middle.indexOf('/');
        if (slash <= 0 || slash == middle.length() - 1 || middle.indexOf('/', slash + 1) >= 0) return null;
        return new MqttTopic(middle.substring(0, slash), middle.substring(slash + 1));
    }
}
