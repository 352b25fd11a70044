package dcmon.simulator;

import dcmon.core.Topics;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Point;
import dcmon.core.registry.PointKind;
import java.util.ArrayList;
import java.util.List;

/** One simulated gateway: its points, registers, sequence number and what it holds back (gap, reorder). */
final class GatewayState {
    final Enterprise enterprise;
    final String id;
    final String topic;
    final String statusTopic;
    final List<Point> cumulative = new ArrayList<>();
    final List<Point> interval = new ArrayList<>();
    /** Typical rate per cumulative / interval point, cached (it depends on the whole enterprise). */
    double[] cumulativeTypical;

    double[] intervalTypical;
    /** True register value per cumulative point (the published value is this rounded to the meter's resolution). */
    double[] register;
    /** Points of the same enterprise reported by another gateway. */
    final List<Point> otherGatewayPoints = new ArrayList<>();
    /** Other gateways of the same enterprise. */
    final List<String> otherGateways = new ArrayList<>();
    /** Point ids only other enterprises have (for the spoof fault); filled by the generator. */
    List<String> foreignPointIds = List.of();

    long seq;

    /** Stuck-meter scenario: the index of the stuck cumulative point, or -1; from which tick or wall time. */
    int stuckIndex = -1;

    long stuckAt = Long.MAX_VALUE;
    long stuckWall = Long.MAX_VALUE;
    /** True once the stuck point repeats its register. */
    boolean stuck;
    /** Silent-gateway scenario: from which tick or wall time the gateway is silent. */
    long silentAt = Long.MAX_VALUE;

    long silentWall = Long.MAX_VALUE;
    /** True once its connection dropped: it publishes nothing more. */
    boolean silent;

    /** Readings held during a gap, one list per tick, uploaded after it. */
    final List<List<Payloads.Reading>> storeAndForward = new ArrayList<>();
    /** Messages held during a reorder window, released in reverse at its end. */
    final List<byte[]> held = new ArrayList<>();

    final List<Integer> heldReadings = new ArrayList<>();

    GatewayState(Enterprise enterprise, String id) {
        this.enterprise = enterprise;
        this.id = id;
        this.topic = Topics.readingsTopic(enterprise.code(), id);
        this.statusTopic = Topics.statusTopic(enterprise.code(), id);
        for (Point p : enterprise.points()) {
            if (!p.gateway().equals(id)) {
                otherGatewayPoints.add(p);
                continue;
            }
            if (p.kind() == PointKind.INTERVAL) interval.add(p);
            else cumulative.add(p);
        }
        enterprise.gateways().forEach(g -> {
            if (!g.id().equals(id)) otherGateways.add(g.id());
        });
    }

    String code() {
        return enterprise.code();
    }

    boolean hasPoints() {
        return !cumulative.isEmpty() || !interval.isEmpty();
    }

    /** Any point of this gateway, by index over cumulative then interval points. */
    Point point(int i) {
        return i < cumulative.size() ? cumulative.get(i) : interval.get(i - cumulative.size());
    }

    int pointCount() {
        return cumulative.size() + interval.size();
    }

    int[] rolloverPointIndexes() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < cumulative.size(); i++) {
            Point p = cumulative.get(i);
            if (p.rollover() > 0 && p.maxRatePerHour() > 0) out.add(i);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Whether this gateway can carry an order-independent fault. */
    boolean canCarry(FaultKind k) {
        return switch (k) {
            case SPOOF -> !foreignPointIds.isEmpty();
            case FOREIGN_GATEWAY_POINT -> !otherGatewayPoints.isEmpty();
            case LATE_COVERED -> !cumulative.isEmpty();
            default -> hasPoints();
        };
    }

    @Override
    public String toString() {
        return enterprise.code() + "/" + id;
    }
}
