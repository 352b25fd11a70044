package dcmon.monitoring;

import static dcmon.monitoring.TestRegistry.*;
import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.reading.AcceptedReadings;
import dcmon.core.reading.Rejection;
import dcmon.core.series.PointSeries;
import dcmon.core.usage.TotalsRetention;
import dcmon.influx.SeriesPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The state a point costs in steady state (docs/design.md, *Late data*): 40 days of quarter-hour register readings
 * counted as the job counts them, with the daily prune at 01:00, and the point's two parts measured in the bytes
 * {@link PointSeriesSerializer} writes for a checkpoint (heap) or a RocksDB value, just before each prune, where it
 * is largest.
 */
class PointStateSizeTest {
    private static final long LATENESS_MS = Duration.ofDays(35).toMillis();
    private static final long Q = ShanghaiCalendar.QUARTER_MS;
    /** The goal: at most 2 KB per point at a 15-minute cadence with the 35-day lateness. */
    private static final int GOAL_BYTES = 2048;

    private static final UsageOutputs DISCARD = new UsageOutputs() {
        @Override
        public void rejected(Rejection r) {}

        @Override
        public void regionDelta(RegionDelta d) {}
    };

    /** Bytes of the point's state (recent and older part) after each day, just before that day's prune. */
    private static List<Integer> bytesPerDay(long hotWindowMs, int days, boolean outages) throws Exception {
        EnterpriseCounter counter = new EnterpriseCounter(TestRegistry.provider(), LATENESS_MS, 0, hotWindowMs);
        EnterpriseState state = InMemoryStateMap.enterpriseState();
        Random random = new Random(5);
        long t0 = at("2026-10-01T00:00:00+08:00");
        double register = 123_456.789;
        List<Integer> sizes = new ArrayList<>();
        long nextPrune = TotalsRetention.nextPruneTime(t0);
        for (int i = 0; i < days * 96; i++) {
            long t = t0 + i * Q;
            if (t >= nextPrune) {
                sizes.add(bytes(state));
                counter.prune(STEEL, nextPrune, state);
                nextPrune += ShanghaiCalendar.DAY_MS;
            }
            // 100 to 300 kWh a quarter hour, to the watt-hour, as a meter reports it
            register = Math.round((register + 100 + 200 * random.nextDouble()) * 1000) / 1000.0;
            // an outage of two hours every fifth day: a recorded gap, kept for its lateness
            if (outages && i % 480 >= 200 && i % 480 < 208) continue;
            AcceptedReadings msg = new AcceptedReadings(
                    STEEL,
                    "GW01",
                    t + 30_000,
                    i,
                    new int[] {0},
                    new String[] {"E-MAIN-01"},
                    new long[] {t},
                    new double[] {register});
            counter.count(msg, state, new ArrayList<SeriesPoint>(), DISCARD);
        }
        return sizes;
    }

    private static int bytes(EnterpriseState state) throws Exception {
        int n = 0;
        for (PointSeries s : new PointSeries[] {
            state.series().get("E-MAIN-01"), state.olderSeries().get("E-MAIN-01")
        }) {
            if (s == null) continue;
            DataOutputSerializer out = new DataOutputSerializer(4096);
            PointSeriesSerializer.INSTANCE.serialize(s, out);
            n += out.length();
        }
        return n;
    }

    @Test
    void aPointAtAFifteenMinuteCadenceStaysWithinTwoKilobytesInSteadyState() throws Exception {
        List<Integer> sizes = bytesPerDay(MonitoringOptions.DEFAULT_HOT_WINDOW.toMillis(), 40, false);
        List<Integer> steady = sizes.subList(36, sizes.size());
        System.out.println("state per point, 72 h hot window, bytes before each daily prune: " + sizes);
        assertThat(steady).allSatisfy(b -> assertThat(b).isLessThanOrEqualTo(GOAL_BYTES));
        // what the whole lateness window costs in the same format, for comparison
        List<Integer> whole = bytesPerDay(LATENESS_MS, 40, false);
        System.out.println("state per point, hot window = lateness: " + whole.get(whole.size() - 1));
        assertThat(whole.get(whole.size() - 1)).isGreaterThan(5 * steady.get(steady.size() - 1));
    }

    @Test
    void outagesKeepTheirGapsForTheLateness() throws Exception {
        List<Integer> sizes = bytesPerDay(MonitoringOptions.DEFAULT_HOT_WINDOW.toMillis(), 40, true);
        List<Integer> without = bytesPerDay(MonitoringOptions.DEFAULT_HOT_WINDOW.toMillis(), 40, false);
        System.out.println("state per point with a two-hour outage every fifth day: " + sizes);
        // seven gaps within the lateness, each its two readings and its nine estimated quarter hours: ~120 bytes each
        int last = sizes.size() - 1;
        assertThat(sizes.get(last) - without.get(last)).isBetween(7 * 80, 7 * 160);
    }
}
