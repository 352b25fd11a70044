package dcmon.bench;

import dcmon.core.calendar.Period;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.convert.EnergyConversion;
import dcmon.core.reading.AcceptedReadings;
import dcmon.core.reading.MessageValidator;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Point;
import dcmon.core.series.InsertResult;
import dcmon.core.series.PointSeries;
import dcmon.core.usage.PeriodTotals;
import dcmon.core.usage.UsageKeys;
import dcmon.core.usage.UsageTotals;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The job's per-reading work as a plain single-threaded loop, no framework: parse, validate, counter → delta
 * and apportionment in one {@link PointSeries} per point, conversion into the enterprise's totals per 15 min,
 * day, month and year. It is the yardstick the job is compared with ({@code bare_ratio}), and its state is
 * the state the job keeps for the same input.
 */
public final class BareLoop {
    /** What one enterprise keeps: the job's two keyed map states. */
    public static final class EnterpriseState {
        public final Map<String, PointSeries> series = new HashMap<>();
        public final Map<Long, UsageTotals> totals = new HashMap<>();
        final PeriodTotals periodTotals = new PeriodTotals(totals);
    }

    private final SyntheticRegistry synthetic;
    private final MessageValidator validator;
    private final EnergyConversion conversion;
    private final Map<String, EnterpriseState> state = new HashMap<>();
    private long readings;
    private long counted;
    private long rejected;

    public BareLoop(SyntheticRegistry synthetic) {
        this.synthetic = synthetic;
        this.validator = new MessageValidator(
                synthetic.registry(), MessageValidator.DEFAULT_LATENESS, MessageValidator.DEFAULT_FUTURE_ALLOWANCE);
        this.conversion = new EnergyConversion(synthetic.reference());
    }

    public void accept(SyntheticMessage m) {
        readings += m.readings();
        MessageValidator.Result result = validator.validate(m.mqttTopic(), m.payload(), m.receivedAt());
        rejected += result.rejections().size();
        AcceptedReadings a = result.accepted();
        if (a == null) return;
        Enterprise enterprise = synthetic.registry().enterprise(a.enterprise);
        EnterpriseState st = state.computeIfAbsent(a.enterprise, k -> new EnterpriseState());
        for (int i = 0; i < a.size(); i++) {
            Point point = enterprise.point(a.points[i]);
            PointSeries s = st.series.computeIfAbsent(point.id(), k -> new PointSeries());
            InsertResult r = s.insert(
                    a.ts[i],
                    a.values[i],
                    point,
                    (bucket, amount, estimated) ->
                            st.periodTotals.addBucketShare(conversion, point, bucket, amount, estimated));
            if (r.accepted()) counted++;
            else if (r.rejectReason() != null) rejected++;
        }
    }

    /**
     * Runs {@code messages} messages of the synthetic traffic; generating them is not timed, and the first
     * {@code untimed} are a warm-up: processed, but neither timed nor counted in the rate.
     */
    public static Result run(SyntheticRegistry synthetic, long start, long messages, long untimed) {
        BareLoop loop = new BareLoop(synthetic);
        SyntheticTraffic traffic = new SyntheticTraffic(synthetic, start, messages);
        SyntheticMessage[] batch = new SyntheticMessage[1024];
        for (long i = 0; i < untimed && traffic.hasNext(); i++) loop.accept(traffic.next());
        long warmupReadings = loop.readings;
        long nanos = 0;
        while (traffic.hasNext()) {
            int n = 0;
            while (n < batch.length && traffic.hasNext()) batch[n++] = traffic.next();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) loop.accept(batch[i]);
            nanos += System.nanoTime() - t0;
        }
        return new Result(loop, loop.readings - warmupReadings, Duration.ofNanos(nanos));
    }

    /** A finished run: the loop with its state, the readings timed and the time spent on them. */
    public record Result(BareLoop loop, long timedReadings, Duration elapsed) {
        public double readingsPerSecond() {
            return timedReadings / (elapsed.toNanos() / 1e9);
        }
    }

    public long readings() {
        return readings;
    }

    public long counted() {
        return counted;
    }

    public long rejected() {
        return rejected;
    }

    public Map<String, EnterpriseState> state() {
        return state;
    }

    /** Province total of the year of {@code t}, in tce: what the job's province year row must show. */
    public double provinceYearTce(long t) {
        long key = UsageKeys.key(Period.YEAR, ShanghaiCalendar.yearStart(t));
        double sum = 0;
        for (EnterpriseState s : state.values()) {
            UsageTotals u = s.totals.get(key);
            if (u != null) sum += u.tce;
        }
        return sum;
    }
}
