package dcmon.core.reading;

import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Point;
import dcmon.core.registry.Registry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Validates one gateway message against the registry (docs/design.md, *MQTT* and *Nothing lost silently*): everything is either accepted or
 * rejected with a reason, never dropped. Time checks use the bridge's receive time, not the wall clock, so a
 * replay of the same Kafka records gives the same decisions.
 */
public final class MessageValidator {
    /** Clock skew a gateway may have before its timestamps count as being in the future. */
    public static final Duration DEFAULT_FUTURE_ALLOWANCE = Duration.ofMinutes(10);

    public static final Duration DEFAULT_LATENESS = Duration.ofDays(35);

    private final Registry registry;
    private final Set<String> allPointIds = new HashSet<>();
    private final long latenessMs;
    private final long futureAllowanceMs;
    private final PayloadParser parser = new PayloadParser();

    public MessageValidator(Registry registry, Duration lateness, Duration futureAllowance) {
        this.registry = registry;
        this.latenessMs = lateness.toMillis();
        this.futureAllowanceMs = futureAllowance.toMillis();
        for (Enterprise e : registry.enterprises()) for (Point p : e.points()) allPointIds.add(p.id());
    }

    public Registry registry() {
        return registry;
    }

    /** Outcome: the accepted readings (null when none) and the rejections. */
    public record Result(AcceptedReadings accepted, List<Rejection> rejections) {}

    public Result validate(String mqttTopic, byte[] payload, long receivedAt) {
        List<Rejection> rejections = new ArrayList<>(0);
        MqttTopic topic = MqttTopic.parseReadings(mqttTopic);
        if (topic == null) {
            rejections.add(messageRejection(
                    RejectReason.BAD_TOPIC, "topic " + mqttTopic, mqttTopic, null, -1, payload, receivedAt));
            return new Result(null, rejections);
        }
        GatewayMessage msg;
        try {
            msg = parser.parse(payload);
        } catch (PayloadParser.PayloadException e) {
            rejections.add(messageRejection(e.reason(), e.getMessage(), mqttTopic, topic, -1, payload, receivedAt));
            return new Result(null, rejections);
        }
        Enterprise enterprise = registry.enterprise(topic.enterprise());
        RejectReason messageProblem = null;
        String detail = null;
        if (enterprise == null) {
            messageProblem = RejectReason.UNKNOWN_ENTERPRISE;
            detail = "enterprise " + topic.enterprise() + " is not registered";
        } else if (!msg.gateway().equals(topic.gateway())) {
            messageProblem = RejectReason.GATEWAY_MISMATCH;
            detail = "payload gateway " + msg.gateway() + " differs from topic gateway " + topic.gateway();
        } else if (!enterprise.hasGateway(topic.gateway())) {
            messageProblem = RejectReason.UNKNOWN_GATEWAY;
            detail = "gateway " + topic.gateway() + " is not registered for " + topic.enterprise();
        }
        if (messageProblem != null) {
            rejections.add(messageRejection(messageProblem, detail, mqttTopic, topic, msg.seq(), payload, receivedAt));
            return new Result(null, rejections);
        }

        int n = msg.readings().size();
        String[] points = new String[n];
        long[] ts = new long[n];
        int[] index = new int[n];
        double[] values = new double[n];
        int accepted = 0;
        String sha = null;
        for (int i = 0; i < n; i++) {
            RawReading r = msg.readings().get(i);
            RejectReason reason = check(enterprise, topic.gateway(), r, receivedAt);
            if (reason != null) {
                if (sha == null) sha = sha256(payload);
                rejections.add(new Rejection(
                        reason,
                        null,
                        mqttTopic,
                        topic.enterprise(),
                        topic.gateway(),
                        msg.seq(),
                        i,
                        r.point(),
                        r.ts(),
                        r.value(),
                        receivedAt,
                        sha));
                continue;
            }
            index[accepted] = i;
            points[accepted] = r.point();
            ts[accepted] = r.ts();
            values[accepted] = r.value();
            accepted++;
        }
        AcceptedReadings ok = accepted == 0
                ? null
                : new AcceptedReadings(
                        topic.enterprise(),
                        topic.gateway(),
                        receivedAt,
                        msg.seq(),
                        trim(index, accepted),
                        trim(points, accepted),
                        trim(ts, accepted),
                        trim(values, accepted));
        return new Result(ok, rejections);
    }

    private RejectReason check(Enterprise enterprise, String gateway, RawReading r, long receivedAt) {
        if (r.point() == null) return RejectReason.UNKNOWN_POINT;
        Point p = enterprise.point(r.point());
        if (p == null)
            return allPointIds.contains(r.point()) ? RejectReason.ENTERPRISE_MISMATCH : RejectReason.UNKNOWN_POINT;
        if (!p.gateway().equals(gateway)) return RejectReason.GATEWAY_MISMATCH;
        if (!r.hasTs()) return RejectReason.BAD_TIMESTAMP;
        if (Double.isNaN(r.value()) || Double.isInfinite(r.value())) return RejectReason.BAD_VALUE;
        if (r.value() < 0) return RejectReason.NEGATIVE_VALUE;
        if (r.ts() > receivedAt + futureAllowanceMs) return RejectReason.FUTURE_TIMESTAMP;
        if (r.ts() < receivedAt - latenessMs) return RejectReason.TOO_LATE;
        return null;
    }

    private static Rejection messageRejection(
            RejectReason reason,
            String detail,
            String mqttTopic,
            MqttTopic topic,
            long seq,
            byte[] payload,
            long receivedAt) {
        return new Rejection(
                reason,
                detail,
                mqttTopic,
                topic == null ? null : topic.enterprise(),
                topic == null ? null : topic.gateway(),
                seq,
                -1,
                null,
                RawReading.NO_TS,
                Double.NaN,
                receivedAt,
                sha256(payload));
    }

    public static String sha256(byte[] payload) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String[] trim(String[] a, int n) {
        return n == a.length ? a : java.util.Arrays.copyOf(a, n);
    }

    private static int[] trim(int[] a, int n) {
        return n == a.length ? a : java.util.Arrays.copyOf(a, n);
    }

    private static long[] trim(long[] a, int n) {
        return n == a.length ? a : java.util.Arrays.copyOf(a, n);
    }

    private static double[] trim(double[] a, int n) {
        return n == a.length ? a : java.util.Arrays.copyOf(a, n);
    }
}
