package dcmon.monitoring;

import dcmon.core.reading.AcceptedReadings;
import dcmon.core.reading.RejectReason;
import dcmon.core.reading.Rejection;

/**
 * What {@link DataQualityFunction} learns from one record: a message's accepted readings, or one rejection. A plain
 * Flink POJO so the union of both streams travels with the POJO serializer. The accepted readings' arrays are shared
 * with the message, not copied; nothing downstream changes them.
 */
public final class QualitySignal {
    /** The readings of one message that passed validation. */
    public static final byte ACCEPTED = 0;
    /** A rejection by validation: its readings never reached the accepted stream. */
    public static final byte REJECTED_AT_VALIDATION = 1;
    /** A rejection while counting: its reading was already received as accepted. */
    public static final byte REJECTED_WHILE_COUNTING = 2;

    public byte kind;
    public String enterprise;
    /** may be null for a rejection */
    public String gateway;

    public long receivedAt;

    /** accepted readings: point id, ts (epoch millis) and value per reading */
    public String[] points;

    public long[] ts;
    public double[] values;

    /** rejection: the reason's code */
    public String reason;
    /** rejection: the point, or null (message-level rejections, readings without a point) */
    public String point;
    /** rejection: true when a whole message was rejected rather than one reading */
    public boolean messageLevel;

    /** For serializers. */
    public QualitySignal() {}

    public static QualitySignal accepted(AcceptedReadings a) {
        QualitySignal s = new QualitySignal();
        s.kind = ACCEPTED;
        s.enterprise = a.enterprise;
        s.gateway = a.gateway;
        s.receivedAt = a.receivedAt;
        s.points = a.points;
        s.ts = a.ts;
        s.values = a.values;
        return s;
    }

    /**
     * @param atValidation true for validation's rejections, false for those of counting (whose readings were
     *     accepted by validation, so they are already among the received)
     * @return the signal, or null when the rejection names no enterprise (nothing to key it by)
     */
    public static QualitySignal rejected(Rejection r, boolean atValidation) {
        if (r.enterprise() == null || r.enterprise().isEmpty()) return null;
        QualitySignal s = new QualitySignal();
        s.kind = atValidation ? REJECTED_AT_VALIDATION : REJECTED_WHILE_COUNTING;
        s.enterprise = r.enterprise();
        s.gateway = r.gateway();
        s.receivedAt = r.receivedAt();
        s.reason = r.reason().code();
        s.point = r.point();
        s.messageLevel = r.index() < 0;
        return s;
    }

    public boolean isAccepted() {
        return kind == ACCEPTED;
    }

    /** The rejection's reason, or null for accepted readings. */
    public RejectReason rejectReason() {
        return reason == null ? null : RejectReason.ofCode(reason);
    }

    /** Number of accepted readings (0 for a rejection). */
    public int size() {
        return points == null ? 0 : points.length;
    }
}
