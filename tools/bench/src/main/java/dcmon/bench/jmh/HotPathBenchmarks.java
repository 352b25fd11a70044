package dcmon.bench.jmh;

import dcmon.bench.ReferenceDirs;
import dcmon.bench.SyntheticMessage;
import dcmon.bench.SyntheticRegistry;
import dcmon.bench.SyntheticTraffic;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.convert.EnergyConversion;
import dcmon.core.reading.MessageValidator;
import dcmon.core.reading.PayloadParser;
import dcmon.core.reference.ReferenceLoader;
import dcmon.core.registry.Point;
import dcmon.core.registry.PointKind;
import dcmon.core.registry.Role;
import dcmon.core.series.Apportion;
import dcmon.core.series.PointSeries;
import dcmon.core.usage.PeriodTotals;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-reading hot path, stage by stage. Every score is per reading ({@code @OperationsPerInvocation}),
 * so the stages can be added up and compared with the bench loops; run with {@code -prof gc} for bytes
 * allocated per reading.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class HotPathBenchmarks {
    /** Readings per message, as in the synthetic traffic. */
    static final int READINGS = 50;
    /** Readings a point reports in a day. */
    static final int DAY = 96;

    private SyntheticMessage message;
    private final PayloadParser parser = new PayloadParser();
    private MessageValidator validator;
    private Point point;
    private EnergyConversion conversion;
    private final long start = SyntheticTraffic.DEFAULT_START;
    private final PeriodTotals totals = new PeriodTotals(new HashMap<>());

    @Setup
    public void setUp() throws Exception {
        SyntheticRegistry synthetic =
                SyntheticRegistry.build(ReferenceLoader.load(ReferenceDirs.defaultReference()), 10, 2000, READINGS, 1);
        message = new SyntheticTraffic(synthetic, start, 1).next();
        validator = new MessageValidator(
                synthetic.registry(), MessageValidator.DEFAULT_LATENESS, MessageValidator.DEFAULT_FUTURE_ALLOWANCE);
        conversion = new EnergyConversion(synthetic.reference());
        point = new Point(
                "E-MAIN-01",
                "GW1",
                "electricity",
                null,
                "kWh",
                PointKind.CUMULATIVE,
                1e12,
                Role.INPUT,
                null,
                1e6,
                15,
                false,
                null);
    }

    /** JSON → readings (Jackson streaming, timestamps, numbers). */
    @Benchmark
    @OperationsPerInvocation(READINGS)
    public Object parse() throws Exception {
        return parser.parse(message.payload());
    }

    /** Topic, parse and every validation rule against the registry. */
    @Benchmark
    @OperationsPerInvocation(READINGS)
    public Object validate() {
        return validator.validate(message.mqttTopic(), message.payload(), message.receivedAt());
    }

    /** Counter → delta: a day of quarter-hour register readings into a fresh series (steps, apportionment, ledgers). */
    @Benchmark
    @OperationsPerInvocation(DAY)
    public Object counterToDelta(Blackhole bh) {
        PointSeries s = new PointSeries();
        double v = 1000;
        for (int i = 0; i < DAY; i++, v += 12.5) {
            bh.consume(s.insert(
                    start + i * ShanghaiCalendar.QUARTER_MS,
                    v,
                    point,
                    (bucket, amount, estimated) -> bh.consume(amount)));
        }
        return s;
    }

    /** A delta over one bucket (the normal case). */
    @Benchmark
    public void apportionOneBucket(Blackhole bh) {
        Apportion.linear(
                start, start + ShanghaiCalendar.QUARTER_MS, 12.5, (bucket, amount, estimated) -> bh.consume(amount));
    }

    /** A delta over a two-hour gap: eight estimated buckets; per bucket. */
    @Benchmark
    @OperationsPerInvocation(8)
    public void apportionGap(Blackhole bh) {
        Apportion.linear(
                start, start + 8 * ShanghaiCalendar.QUARTER_MS, 100, (bucket, amount, estimated) -> bh.consume(amount));
    }

    /**
     * Aggregate update of one bucket change as the job makes it ({@link PeriodTotals#addBucketShare}): conversion to
     * tce/CO₂ and the enterprise totals of its four periods.
     */
    @Benchmark
    public Object aggregate() {
        totals.addBucketShare(conversion, point, start + 37 * ShanghaiCalendar.QUARTER_MS, 12.5, 0);
        return totals;
    }

    /** A point at steady state: 35 days of quarter-hour readings (the lateness window), as a checkpoint holds it. */
    @State(Scope.Thread)
    public static class SteadyPoint {
        static final int READINGS_HELD = 35 * DAY;
        final long start = SyntheticTraffic.DEFAULT_START;
        final Point point = new Point(
                "E-MAIN-01",
                "GW1",
                "electricity",
                null,
                "kWh",
                PointKind.CUMULATIVE,
                1e12,
                Role.INPUT,
                null,
                1e6,
                15,
                false,
                null);
        PointSeries held;
        long next;
        double nextValue;

        @Setup
        public void fill() {
            held = new PointSeries();
            double v = 1000;
            for (int i = 0; i < READINGS_HELD; i++, v += 12.5)
                held.insert(start + i * ShanghaiCalendar.QUARTER_MS, v, point, (b, a, e) -> {});
            next = start + READINGS_HELD * ShanghaiCalendar.QUARTER_MS;
            nextValue = v;
        }
    }

    /**
     * The first change of a point after a checkpoint at steady state, the usual case: heap state hands out a
     * sharing copy, and the next reading comes in order on the quarter-hour grid (it appends).
     */
    @Benchmark
    public Object firstInOrderReadingAfterCheckpoint(SteadyPoint p, Blackhole bh) {
        PointSeries live = p.held.sharingCopy();
        bh.consume(live.insert(p.next, p.nextValue, p.point, (b, a, e) -> bh.consume(a)));
        return live;
    }

    /** A point at steady state kept in two parts, as the job keeps it after its daily split. */
    @State(Scope.Thread)
    public static class SplitPoint extends SteadyPoint {
        PointSeries recent;
        PointSeries older;

        @Setup
        public void split() {
            fill(); // JMH may run this before the inherited set-up
            recent = held.sharingCopy();
            older = recent.splitOlder(ShanghaiCalendar.dayStart(next - ShanghaiCalendar.QUARTER_MS));
        }
    }

    /**
     * A reading ten days late, before the recent part: the job joins the two parts, places it, and splits them again
     * where they were (what a gap filled days later costs per reading, on top of reading both parts from state).
     */
    @Benchmark
    public Object readingBeforeTheRecentPart(SplitPoint p, Blackhole bh) {
        PointSeries whole = PointSeries.joined(p.older, p.recent);
        long late = p.next - 10 * DAY * ShanghaiCalendar.QUARTER_MS - 60_000;
        bh.consume(whole.insert(late, p.nextValue - 10 * DAY * 12.5 - 0.5, p.point, (b, a, e) -> bh.consume(a)));
        bh.consume(whole.splitOlder(p.recent.ts(0) + 1));
        return whole;
    }

    /** The same with a late reading off the grid, which changes buckets the checkpoint holds: the copy copies its arrays. */
    @Benchmark
    public Object firstLateReadingAfterCheckpoint(SteadyPoint p, Blackhole bh) {
        PointSeries live = p.held.sharingCopy();
        // between the readings of 2¾ and 2 quarter hours back: both steps stay plausible
        bh.consume(live.insert(
                p.next - 2 * ShanghaiCalendar.QUARTER_MS - 60_000,
                p.nextValue - 26,
                p.point,
                (b, a, e) -> bh.consume(a)));
        return live;
    }
}
