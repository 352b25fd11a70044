package dcmon.monitoring;

/**
 * One record of {@code dcmon.readings.raw}: a gateway's payload as the bridge received it.
 * Public fields and a no-arg constructor make it a Flink POJO.
 */
public final class RawMessage {
    public String mqttTopic;
    public byte[] payload;
    /** When the bridge received it, epoch millis: the record's event time. */
    public long receivedAt;

    public RawMessage() {}

    public RawMessage(String mqttTopic, byte[] payload, long receivedAt) {
        this.mqttTopic = mqttTopic;
        this.payload = payload;
        this.receivedAt = receivedAt;
    }
}
