package dcmon.simulator;

import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.convert.EnergyConversion;
import dcmon.core.convert.Footprint;
import dcmon.core.reading.Rejection;
import dcmon.core.registry.Point;
import dcmon.core.registry.Role;
import dcmon.core.series.CounterStep;
import dcmon.core.series.StepKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Accumulates the expected results by the job's rules, reading by reading in event-time order per point:
 * a cumulative point's first reading is an anchor, each later one is classified against the last accepted
 * one ({@link CounterStep#classify}); NORMAL, ROLLOVER and RESET steps count over [t1, t2), NEGATIVE and
 * SUSPECT ones are rejected and do not move the anchor. An interval amount counts over [ts, ts + period).
 * Amounts are apportioned linearly over 15-minute buckets; each closed bucket is converted per point, summed
 * per enterprise, then added to its Shanghai day and month.
 */
final class GroundTruthBuilder {
    /** Last accepted reading of a cumulative point. */
    record Anchor(long ts, double value) {}

    private static final class BucketAmount {
        final Point point;
        double amount;

        BucketAmount(Point point) {
            this.point = point;
        }
    }

    private static final class Acc {
        double tce, tceEqualValue, tcePolicy, tco2;
        final TreeMap<String, Double> outputs = new TreeMap<>();

        void add(Footprint f, Map<String, Double> out) {
            tce += f.tce();
            tceEqualValue += f.tceEqualValue();
            tcePolicy += f.tcePolicy();
            tco2 += f.tco2();
            out.forEach((k, v) -> outputs.merge(k, v, Double::sum));
        }

        GroundTruth.Totals totals() {
            return new GroundTruth.Totals(tce, tceEqualValue, tcePolicy, tco2, outputs);
        }
    }

    private final EnergyConversion conversion;
    private final Map<String, Anchor> anchors = new HashMap<>();
    /** enterprise → bucket start → point id → amount, for buckets still open */
    private final Map<String, TreeMap<Long, LinkedHashMap<String, BucketAmount>>> open = new LinkedHashMap<>();

    private final Map<String, TreeMap<LocalDate, Acc>> days = new HashMap<>();
    private final Map<String, TreeMap<YearMonth, Acc>> months = new HashMap<>();
    private final Map<String, TreeMap<String, TreeMap<LocalDate, Double>>> pointDays = new HashMap<>();
    private final Map<String, String> rejections = new LinkedHashMap<>();

    GroundTruthBuilder(EnergyConversion conversion) {
        this.conversion = conversion;
    }

    /** The last accepted reading of a cumulative point, or null before its first. */
    Anchor anchor(String enterprise, Point p) {
        return anchors.get(key(enterprise, p));
    }

    /**
     * Applies the counter rules to a reading of a cumulative point (readings of one point must come in
     * ascending ts). Counts the step when it is NORMAL, ROLLOVER or RESET.
     *
     * @return the step against the previous accepted reading, or null for the first reading (an anchor)
     */
    CounterStep cumulative(String enterprise, Point p, long ts, double value) {
        String key = key(enterprise, p);
        Anchor a = anchors.get(key);
        if (a == null) {
            anchors.put(key, new Anchor(ts, value));
            return null;
        }
        if (ts <= a.ts())
            throw new IllegalStateException(
                    "readings of " + key + " out of event-time order: " + ts + " after " + a.ts());
        CounterStep step = CounterStep.classify(a.ts(), a.value(), ts, value, p.rollover(), p.maxRatePerHour());
        if (step.kind() == StepKind.NORMAL || step.kind() == StepKind.ROLLOVER || step.kind() == StepKind.RESET) {
            spread(enterprise, p, a.ts(), ts, step.delta());
            anchors.put(key, new Anchor(ts, value));
        }
        return step;
    }

    /** Counts an interval point's amount over [ts, ts + period). */
    void interval(String enterprise, Point p, long ts, double amount) {
        spread(enterprise, p, ts, ts + p.periodMillis(), amount);
    }

    /** Records an expected rejection (its id and reason). */
    void reject(Rejection r) {
        rejections.put(r.id(), r.reason().code());
    }

    Map<String, String> rejections() {
        return rejections;
    }

    /** Linear apportionment over 15-minute buckets, the last bucket taking the remainder as the job does. */
    private void spread(String enterprise, Point p, long t1, long t2, double amount) {
        long first = ShanghaiCalendar.quarterStart(t1);
        long last = ShanghaiCalendar.quarterStart(t2 - 1);
        if (first == last) {
            add(enterprise, p, first, amount);
            return;
        }
        double span = t2 - t1;
        double given = 0;
        for (long b = first; b < last; b += ShanghaiCalendar.QUARTER_MS) {
            long overlap = Math.min(t2, b + ShanghaiCalendar.QUARTER_MS) - Math.max(t1, b);
            double share = amount * (overlap / span);
            given += share;
            add(enterprise, p, b, share);
        }
        add(enterprise, p, last, amount - given);
    }

    private void add(String enterprise, Point p, long bucket, double amount) {
        open.computeIfAbsent(enterprise, k -> new TreeMap<>())
                .computeIfAbsent(bucket, k -> new LinkedHashMap<>())
                .computeIfAbsent(p.id(), k -> new BucketAmount(p))
                .amount += amount;
    }

    /** Closes every bucket that starts before {@code horizon}: no later reading may add to them. */
    void closeBefore(long horizon) {
        for (Map.Entry<String, TreeMap<Long, LinkedHashMap<String, BucketAmount>>> e : open.entrySet()) {
            TreeMap<Long, LinkedHashMap<String, BucketAmount>> buckets = e.getValue();
            while (!buckets.isEmpty() && buckets.firstKey() < horizon) {
                Map.Entry<Long, LinkedHashMap<String, BucketAmount>> b = buckets.pollFirstEntry();
                close(e.getKey(), b.getKey(), b.getValue());
            }
        }
    }

    private void close(String enterprise, long bucket, LinkedHashMap<String, BucketAmount> amounts) {
        int year = ShanghaiCalendar.year(bucket);
        LocalDate date = ShanghaiCalendar.date(bucket);
        Footprint sum = Footprint.ZERO;
        Map<String, Double> outputs = new TreeMap<>();
        TreeMap<String, TreeMap<LocalDate, Double>> perPoint =
                pointDays.computeIfAbsent(enterprise, k -> new TreeMap<>());
        for (BucketAmount a : amounts.values()) {
            Point p = a.point;
            if (p.role().isEnergy()) sum = sum.plus(conversion.convert(p, a.amount, year));
            if (p.role() == Role.PRODUCT || p.role() == Role.WORKLOAD) {
                outputs.merge(p.product() != null ? p.product() : p.id(), a.amount, Double::sum);
            }
            perPoint.computeIfAbsent(p.id(), k -> new TreeMap<>()).merge(date, a.amount, Double::sum);
        }
        days.computeIfAbsent(enterprise, k -> new TreeMap<>())
                .computeIfAbsent(date, k -> new Acc())
                .add(sum, outputs);
        months.computeIfAbsent(enterprise, k -> new TreeMap<>())
                .computeIfAbsent(YearMonth.from(date), k -> new Acc())
                .add(sum, outputs);
    }

    /** Closes all buckets and returns the ground truth. */
    GroundTruth build(
            Instant from,
            Instant to,
            int cadenceMinutes,
            long seed,
            String faults,
            String scenarios,
            GroundTruth.Published published,
            Map<String, Integer> faultCounts,
            List<GroundTruth.InjectedFault> injected) {
        closeBefore(Long.MAX_VALUE);
        Map<String, GroundTruth.EnterpriseTruth> out = new TreeMap<>();
        for (String code : days.keySet()) {
            SortedMap<LocalDate, GroundTruth.Totals> d = new TreeMap<>();
            days.get(code).forEach((k, v) -> d.put(k, v.totals()));
            SortedMap<YearMonth, GroundTruth.Totals> m = new TreeMap<>();
            months.get(code).forEach((k, v) -> m.put(k, v.totals()));
            SortedMap<String, SortedMap<LocalDate, Double>> pts =
                    new TreeMap<>(pointDays.getOrDefault(code, new TreeMap<>()));
            out.put(code, new GroundTruth.EnterpriseTruth(d, m, pts));
        }
        return new GroundTruth(
                from,
                to,
                cadenceMinutes,
                seed,
                faults,
                scenarios,
                out,
                rejections,
                published,
                faultCounts,
                new ArrayList<>(injected));
    }

    private static String key(String enterprise, Point p) {
        return enterprise + '\u0000' + p.id();
    }
}
