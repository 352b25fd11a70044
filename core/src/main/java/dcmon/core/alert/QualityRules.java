package dcmon.core.alert;

import dcmon.core.targets.Subject;
import java.util.Map;

/**
 * Observations for the data-quality rules, from facts the job counts. Periods are days ({@code 2026-11-24})
 * unless said otherwise.
 */
public final class QualityRules {
    private QualityRules() {}

    /** {@code gateway.offline}: hours since the gateway's last message. */
    public static Observation gatewayOffline(Subject gateway, String name, String day, double hoursSilent) {
        return new Observation(RuleIds.GATEWAY_OFFLINE, gateway, name, day, hoursSilent, Map.of());
    }

    /** {@code data.completeness}: readings received as a share of those expected for the point's day, percent. */
    public static Observation completeness(Subject point, String name, String day, long received, long expected) {
        Double pct = expected <= 0 ? null : 100.0 * received / expected;
        return new Observation(
                RuleIds.DATA_COMPLETENESS,
                point,
                name,
                day,
                pct,
                Map.of("received", (double) received, "expected", (double) expected));
    }

    /**
     * {@code point.stuck}: hours the cumulative register has not changed; it only counts while the unit's
     * other inputs move (a whole unit at rest is not a stuck meter).
     */
    public static Observation pointStuck(
            Subject point, String name, String day, double hoursUnchanged, boolean otherInputsMoving) {
        return new Observation(
                RuleIds.POINT_STUCK, point, name, day, otherInputsMoving ? hoursUnchanged : 0.0, Map.of());
    }

    /**
     * A count of events in the period: {@code counter.reset}, {@code reading.suspect}, {@code reading.conflict},
     * {@code reading.unknown_point}.
     */
    public static Observation count(String rule, Subject subject, String name, String period, long count) {
        return new Observation(rule, subject, name, period, (double) count, Map.of());
    }

    /** {@code reading.rejected_rate}: rejected readings as a share of all received in the period, percent. */
    public static Observation rejectedRate(Subject subject, String name, String period, long rejected, long total) {
        Double pct = total <= 0 ? null : 100.0 * rejected / total;
        return new Observation(
                RuleIds.READING_REJECTED_RATE,
                subject,
                name,
                period,
                pct,
                Map.of("rejected", (double) rejected, "received", (double) total));
    }

    /**
     * {@code broker.backlog}: messages the MQTT broker holds in memory beyond its retained ones (queued for a
     * disconnected or slow bridge, or in flight to one); its stored bytes, in MB, go along as {@code stored_mb}.
     */
    public static Observation brokerBacklog(Subject broker, String day, long backlogMessages, long storedBytes) {
        return new Observation(
                RuleIds.BROKER_BACKLOG,
                broker,
                broker.code(),
                day,
                (double) backlogMessages,
                Map.of("stored_mb", storedBytes / 1e6));
    }
}
