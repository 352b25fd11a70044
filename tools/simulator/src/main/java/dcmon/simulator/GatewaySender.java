package dcmon.simulator;

import dcmon.core.Topics;
import dcmon.core.reading.Fix;
import dcmon.core.reading.RejectReason;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Point;
import dcmon.core.registry.Registry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Publishes readings from a file the way a gateway would: on its own readings topic, in {@code dcmon.readings/1}
 * messages of at most {@code batch} readings, in file order per gateway, at QoS 1 with the broker's acknowledgement
 * awaited before it returns.
 */
public final class GatewaySender {
    private GatewaySender() {}

    /** How many readings and messages went to one gateway's topic. */
    public record Sent(String enterprise, String gateway, int readings, int messages) {}

    /**
     * Why each reading would be rejected by the job for its registry (unknown unit, gateway or point, or a point of
     * another gateway), with the fix in both languages; empty when every reading fits the registry.
     */
    public static List<String> registryProblems(List<ReadingFile.Entry> entries, Registry registry) {
        List<String> problems = new ArrayList<>();
        for (ReadingFile.Entry r : entries) {
            RejectReason reason = registryReason(r, registry);
            if (reason == null) continue;
            Fix fix = Fix.of(reason, registry, r.enterprise(), r.gateway(), r.point());
            problems.add(r.where() + ": " + reason.code() + ": " + fix.en() + "\n    " + fix.zh());
        }
        return problems;
    }

    static RejectReason registryReason(ReadingFile.Entry r, Registry registry) {
        Enterprise e = registry.enterprise(r.enterprise());
        if (e == null) return RejectReason.UNKNOWN_ENTERPRISE;
        if (!e.hasGateway(r.gateway())) return RejectReason.UNKNOWN_GATEWAY;
        Point p = e.point(r.point());
        if (p == null) return RejectReason.UNKNOWN_POINT;
        return p.gateway().equals(r.gateway()) ? null : RejectReason.GATEWAY_MISMATCH;
    }

    /** Groups readings by gateway topic, in the order each gateway first appears and file order within it. */
    static Map<String, List<ReadingFile.Entry>> byTopic(List<ReadingFile.Entry> entries) {
        Map<String, List<ReadingFile.Entry>> topics = new LinkedHashMap<>();
        for (ReadingFile.Entry r : entries) {
            topics.computeIfAbsent(Topics.readingsTopic(r.enterprise(), r.gateway()), t -> new ArrayList<>())
                    .add(r);
        }
        return topics;
    }

    /** The messages for one gateway's readings: {@code batch} readings each, numbered from {@code seq}. */
    static List<byte[]> messages(List<ReadingFile.Entry> readings, int batch, long seq) {
        List<byte[]> out = new ArrayList<>();
        for (int from = 0; from < readings.size(); from += batch) {
            List<ReadingFile.Entry> part = readings.subList(from, Math.min(readings.size(), from + batch));
            List<Payloads.Reading> wire = new ArrayList<>(part.size());
            for (ReadingFile.Entry r : part) wire.add(new Payloads.Reading(r.point(), r.ts(), r.value(), r.quality()));
            out.add(Payloads.readings(part.get(0).gateway(), seq++, wire));
        }
        return out;
    }

    /** Publishes every reading and waits until the broker acknowledged each message. */
    public static List<Sent> publish(MqttPublisher mqtt, List<ReadingFile.Entry> entries, int batch, long seqStart)
            throws MqttException, InterruptedException {
        if (batch < 1) throw new IllegalArgumentException("batch must be at least 1, was " + batch);
        List<Sent> sent = new ArrayList<>();
        long seq = seqStart;
        for (Map.Entry<String, List<ReadingFile.Entry>> t : byTopic(entries).entrySet()) {
            List<byte[]> messages = messages(t.getValue(), batch, seq);
            for (byte[] m : messages) {
                if (m.length > Topics.MAX_PAYLOAD_BYTES) {
                    throw new IllegalArgumentException("a message of " + batch + " readings exceeds "
                            + Topics.MAX_PAYLOAD_BYTES + " bytes: use a smaller --batch");
                }
                mqtt.publish(t.getKey(), m, false);
            }
            seq += messages.size();
            ReadingFile.Entry first = t.getValue().get(0);
            sent.add(new Sent(first.enterprise(), first.gateway(), t.getValue().size(), messages.size()));
        }
        mqtt.flush(60_000);
        return sent;
    }
}
