package dcmon.bridge;

import dcmon.core.reading.RejectReason;
import java.util.Map;

/**
 * A snapshot of one bridge instance's counters since it was created.
 *
 * @param received      messages the broker delivered, redeliveries included
 * @param redelivered   of those, marked as redelivery (DUP) by the broker
 * @param forwarded     payloads Kafka acknowledged on the raw topic
 * @param rejected      rejections Kafka acknowledged on the rejected topic, by reason
 * @param acknowledged  MQTT acknowledgements sent (each after Kafka acknowledged the record)
 * @param inFlight      messages received and not yet acknowledged on the current connection
 * @param peakInFlight  the highest {@code inFlight} seen; never above the configured receive maximum
 * @param kafkaErrors   records Kafka did not acknowledge (left unacknowledged on MQTT, redelivered)
 * @param reconnects    connections re-established after an MQTT or Kafka failure
 * @param connected     whether the bridge is connected and subscribed right now
 */
public record BridgeMetrics(
        long received,
        long redelivered,
        long forwarded,
        Map<RejectReason, Long> rejected,
        long acknowledged,
        int inFlight,
        int peakInFlight,
        long kafkaErrors,
        long reconnects,
        boolean connected) {

    public BridgeMetrics {
        rejected = Map.copyOf(rejected);
    }

    public long rejected(RejectReason reason) {
        return rejected.getOrDefault(reason, 0L);
    }

    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    /** One line for a status display. */
    public String summary() {
        return String.format(
                "%s received=%d forwarded=%d rejected=%d in-flight=%d redelivered=%d kafka-errors=%d reconnects=%d",
                connected ? "connected" : "DISCONNECTED",
                received,
                forwarded,
                rejectedTotal(),
                inFlight,
                redelivered,
                kafkaErrors,
                reconnects);
    }
}
