package dcmon.bench;

import dcmon.core.Topics;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.registry.Baseline;
import dcmon.core.registry.CreditCode;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Gateway;
import dcmon.core.registry.Point;
import dcmon.core.registry.PointKind;
import dcmon.core.registry.Product;
import dcmon.core.registry.Registry;
import dcmon.core.registry.Role;
import dcmon.core.registry.Tier;
import dcmon.influx.InfluxQuery;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Latency from a gateway's publish to the value being visible in InfluxDB. A probe enterprise, added to the
 * registry, publishes one interval reading per probe, each for a quarter hour of its own; a poller watches
 * {@code point_usage} for the quarter to appear. Probe readings are a product output, so they add nothing to
 * the tce totals the bench checks.
 */
final class LatencyProbe {
    static final String GATEWAY = "PROBE";
    static final String POINT = "PROBE-01";
    private static final DateTimeFormatter TS =
            DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ShanghaiCalendar.OFFSET);

    /** A probe in flight: when it was published (nanoTime) and in which ramp step. */
    private record Sent(long publishedNanos, int step) {}

    final String enterprise;
    private final long firstTs;
    private final ConcurrentSkipListMap<Long, Sent> pending = new ConcurrentSkipListMap<>();
    /** latencies in ms per step */
    private final Map<Integer, List<Double>> latencies = new ConcurrentSkipListMap<>();

    private long next;

    LatencyProbe(long firstTs) {
        String first17 = "91420100PR0BE0001"; // an enterprise code no synthetic unit has
        this.enterprise = first17 + CreditCode.checkChar(first17);
        this.firstTs = ShanghaiCalendar.quarterStart(firstTs);
    }

    /** The registry with the probe enterprise added. */
    Registry withProbe(Registry registry) {
        List<Enterprise> all = new ArrayList<>(registry.enterprises());
        Point p = new Point(
                POINT,
                GATEWAY,
                null,
                null,
                "probe",
                PointKind.INTERVAL,
                0,
                Role.PRODUCT,
                "probe",
                1e9,
                Point.DEFAULT_PERIOD_MINUTES,
                false,
                null);
        all.add(new Enterprise(
                enterprise,
                "时延探针",
                "420100",
                Tier.TEN_THOUSAND,
                "C31",
                new Baseline(2015, 10_000),
                List.of(new Product("probe", "probe", 1.0)),
                List.of(),
                List.of(new Gateway(GATEWAY)),
                List.of(p)));
        return new Registry(all);
    }

    String topic() {
        return Topics.readingsTopic(enterprise, GATEWAY);
    }

    /** The next probe's payload; call {@link #sent} right before publishing it. */
    byte[] nextPayload() {
        long ts = firstTs + next * ShanghaiCalendar.QUARTER_MS;
        return ("{\"schema\":\"dcmon.readings/1\",\"gateway\":\"" + GATEWAY + "\",\"seq\":" + (next + 1)
                        + ",\"readings\":[{\"point\":\"" + POINT + "\",\"ts\":\"" + TS.format(Instant.ofEpochMilli(ts))
                        + "\",\"value\":1.0}]}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    void sent(int step) {
        pending.put(firstTs + next * ShanghaiCalendar.QUARTER_MS, new Sent(System.nanoTime(), step));
        next++;
    }

    /** Looks for probes that became visible since the last poll. */
    void poll(InfluxQuery influx) {
        if (pending.isEmpty()) return;
        long oldest = pending.firstKey();
        List<Map<String, Object>> rows = influx.query("SELECT amount FROM point_usage WHERE enterprise = '" + enterprise
                + "' AND period = '15m' AND time >= " + oldest + "ms");
        long now = System.nanoTime();
        for (Map<String, Object> row : rows) {
            Sent s = pending.remove(((Number) row.get(InfluxQuery.TIME)).longValue());
            if (s != null)
                latencies
                        .computeIfAbsent(s.step(), k -> Collections.synchronizedList(new ArrayList<>()))
                        .add((now - s.publishedNanos()) / 1e6);
        }
    }

    /** Probes not yet seen. */
    int pending() {
        return pending.size();
    }

    /** The q-quantile (0..1) of the latencies of a step in ms, NaN without probes. */
    double quantile(int step, double q) {
        List<Double> l = latencies.get(step);
        if (l == null || l.isEmpty()) return Double.NaN;
        List<Double> sorted;
        synchronized (l) {
            sorted = new ArrayList<>(l);
        }
        Collections.sort(sorted);
        return sorted.get(Math.max(0, (int) Math.ceil(q * sorted.size()) - 1));
    }

    int count(int step) {
        List<Double> l = latencies.get(step);
        return l == null ? 0 : l.size();
    }
}
