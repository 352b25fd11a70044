package dcmon.monitoring;

import dcmon.core.reading.AcceptedReadings;
import dcmon.core.reading.RejectReason;
import dcmon.core.reading.Rejection;

/**
 * What the gateway health function learns about one gateway from one record: that it sent data, or that its
 * connection went up or down. Public fields and a no-arg constructor make it a Flink POJO.
 *
 * <p>Data signals come from the readings (one per accepted message) and from rejections that name the
 * enterprise and gateway: a gateway that sends garbage is connected, not offline. Status signals come from
 * {@code dcmon.gateway.status} ({@link GatewayStatusDeserializer}).
 */
public final class GatewaySignal {
    /** What the record says about the gateway. */
    public enum Kind {
        /** It sent a message on its readings topic. */
        DATA,
        /** Its status topic says {@code online} (the birth message). */
        ONLINE,
        /** Its status topic says {@code offline}: the Last Will, or the gateway's own before a clean disconnect. */
        OFFLINE,
        /** A status record that could not be read; counted and otherwise ignored. */
        MALFORMED
    }

    /** No {@code since} in the status payload. */
    public static final long NO_SINCE = Long.MIN_VALUE;

    public String enterprise;
    public String gateway;
    public Kind kind;
    /** When the bridge received the record, epoch millis. */
    public long time;
    /** Readings in the message (accepted, or rejected at reading level), 0 for status signals. */
    public int readings;
    /** The status payload's {@code since}, epoch millis, or {@link #NO_SINCE}. */
    public long since = NO_SINCE;

    public GatewaySignal() {}

    public GatewaySignal(String enterprise, String gateway, Kind kind, long time, int readings, long since) {
        this.enterprise = enterprise;
        this.gateway = gateway;
        this.kind = kind;
        this.time = time;
        this.readings = readings;
        this.since = since;
    }

    /** One data signal per accepted message. */
    public static GatewaySignal data(AcceptedReadings a) {
        return new GatewaySignal(a.enterprise, a.gateway, Kind.DATA, a.receivedAt, a.size(), NO_SINCE);
    }

    /**
     * A data signal for a rejection that names a registered-looking enterprise and gateway, or null. Of the
     * reading-level rejections only the message's first reading (index 0) gives one, so a message whose readings are
     * all rejected makes one signal, not one per reading; rejections for unknown enterprises or gateways and bad topics
     * give none, since the health function would skip them anyway.
     */
    public static GatewaySignal data(Rejection r) {
        if (r.enterprise() == null || r.gateway() == null || r.index() > 0) return null;
        RejectReason reason = r.reason();
        if (reason == RejectReason.BAD_TOPIC
                || reason == RejectReason.UNKNOWN_ENTERPRISE
                || reason == RejectReason.UNKNOWN_GATEWAY) {
            return null;
        }
        return new GatewaySignal(r.enterprise(), r.gateway(), Kind.DATA, r.receivedAt(), 0, NO_SINCE);
    }

    public static GatewaySignal online(String enterprise, String gateway, long time, long since) {
        return new GatewaySignal(enterprise, gateway, Kind.ONLINE, time, 0, since);
    }

    public static GatewaySignal offline(String enterprise, String gateway, long time, long since) {
        return new GatewaySignal(enterprise, gateway, Kind.OFFLINE, time, 0, since);
    }

    public static GatewaySignal malformed(String enterprise, String gateway, long time) {
        return new GatewaySignal(enterprise, gateway, Kind.MALFORMED, time, 0, NO_SINCE);
    }

    /** The key of the gateway health function: {@code enterprise/gateway}. */
    public String key() {
        return key(enterprise, gateway);
    }

    public static String key(String enterprise, String gateway) {
        return enterprise + "/" + gateway;
    }

    @Override
    public String toString() {
        return "GatewaySignal[" + kind + " " + key() + " at " + time + ", readings=" + readings
                + (since == NO_SINCE ? "" : ", since=" + since) + "]";
    }
}
