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
 * @param brokerBacklog messages the broker holds beyond its retained ones, as its {@code $SYS} topics last said; -1
 *                      when not sampled or not known yet
 * @param brokerStoredBytes payload bytes of the broker's whole store; -1 when not known
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
        boolean connected,
        long brokerBacklog,
        long brokerStoredBytes) {

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
                "%s received=%d forwarded=%d rejected=%d in-flight=%d redelivered=%d kafka-errors=%d reconnects=%d%s",
                connected ? "connected" : "DISCONNECTED",
                received,
                forwarded,
                rejectedTotal(),
                inFlight,
                redelivered,
                kafkaErrors,
                reconnects,
                brokerBacklog < 0 ? "" : " broker-backlog=" + brokerBacklog);
    }
}
