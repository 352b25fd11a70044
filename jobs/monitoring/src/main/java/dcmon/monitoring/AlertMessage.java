package dcmon.monitoring;

import dcmon.core.alert.AlertEvent;
import dcmon.core.alert.AlertJson;
import dcmon.influx.InfluxSchema.Measurements;
import dcmon.influx.InfluxSchema.Tags;
import dcmon.influx.SeriesPoint;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

/**
 * An alert event on its way out of the job: its id (the Kafka key) and its {@code dcmon.alert/1} JSON. The event is
 * encoded where it happens, so that what travels between tasks is two plain fields rather than a record with a map of
 * evidence that Flink could only serialize generically.
 */
public final class AlertMessage {
    public String id;
    public int seq;
    public byte[] json;

    public AlertMessage() {}

    public AlertMessage(String id, int seq, byte[] json) {
        this.id = id;
        this.seq = seq;
        this.json = json;
    }

    public static AlertMessage of(AlertEvent e) {
        return new AlertMessage(e.id(), e.seq(), AlertJson.write(e).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The event's InfluxDB {@code alerts} row at the event's time. Rule and subject make the series, and one alert per
     * rule and subject changes at most once per instant, so no row overwrites another's. Tags: rule, severity, and
     * enterprise, city, tier (gateway, point) for a unit, {@code level} and {@code region} for a region, {@code level}
     * and {@code broker} for an MQTT broker.
     */
    public static SeriesPoint row(AlertEvent e) {
        SeriesPoint.Builder b = SeriesPoint.builder(Measurements.ALERTS)
                .tag(Tags.RULE, e.rule())
                .tag(Tags.SEVERITY, e.severity().code());
        var s = e.subject();
        switch (s.level()) {
            case CITY, TIER, PROVINCE -> b.tag(Tags.LEVEL, s.level().code()).tag(Tags.REGION, s.code());
            case BROKER -> b.tag(Tags.LEVEL, s.level().code()).tag(Tags.BROKER, s.code());
            default -> {
                b.tag(Tags.ENTERPRISE, s.enterprise());
                if (s.city() != null) b.tag(Tags.CITY, s.city());
                if (s.tier() != null) b.tag(Tags.TIER, s.tier());
                if (s.gateway() != null) b.tag(Tags.GATEWAY, s.gateway());
                if (s.point() != null) b.tag(Tags.POINT, s.point());
            }
        }
        Object value = e.evidence().get("value");
        Object threshold = e.evidence().get("threshold");
        b.field("id", e.id())
                .field("seq", (long) e.seq())
                .field("event", e.event().code())
                .field("state", e.state().code())
                .field("period", e.period())
                .field("message_zh", e.messageZh())
                .field("message_en", e.messageEn());
        if (value instanceof Number n) b.field("value", n.doubleValue());
        if (threshold instanceof Number n) b.field("threshold", n.doubleValue());
        return b.timeMillis(OffsetDateTime.parse(e.lastChanged()).toInstant().toEpochMilli())
                .build();
    }
}
