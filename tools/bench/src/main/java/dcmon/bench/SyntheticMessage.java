package dcmon.bench;

/**
 * One gateway message as the bridge puts it on {@code dcmon.readings.raw}.
 *
 * @param enterprise the Kafka key
 * @param mqttTopic  the {@code mqtt-topic} header
 * @param payload    the {@code dcmon.readings/1} JSON
 * @param receivedAt the {@code received-at} header, epoch millis
 * @param readings   readings in the payload
 */
public record SyntheticMessage(String enterprise, String mqttTopic, byte[] payload, long receivedAt, int readings) {}
