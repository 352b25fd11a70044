package dcmon.bench;

import dcmon.core.calendar.Period;
import dcmon.core.registry.Point;
import dcmon.influx.HttpInfluxWriteClient;
import dcmon.influx.InfluxQuery;
import dcmon.influx.InfluxSinkOptions;
import dcmon.influx.LineBatch;
import dcmon.influx.LineProtocol;
import dcmon.influx.SeriesPoint;
import dcmon.monitoring.UsagePoints;
import dcmon.stack.InfluxdServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code bench influx}: how many quarter-hour {@code point_usage} rows the local influxd takes per second on this
 * machine when nothing else runs — the ceiling under the job's and the whole flow's rates, since every reading is
 * one such row. The rows are the job's own ({@link UsagePoints#pointUsage}), rendered to line protocol before the
 * clock starts and written in batches of {@code --batch-size} rows (the sink's by default) by {@code --parallelism} writers, as many as the job's
 * sink instances.
 */
final class InfluxMode implements BenchMode {
    @Override
    public BenchResult run(BenchCommand bench) throws Exception {
        SyntheticRegistry synthetic = bench.synthetic();
        PrintWriter out = bench.out();
        long start = SyntheticTraffic.DEFAULT_START;
        List<Round> rounds = new ArrayList<>();
        int batchSize = bench.batchSize != null ? bench.batchSize : InfluxSinkOptions.DEFAULT_BATCH_SIZE;
        for (int r = 0; r < bench.rounds; r++) rounds.add(render(synthetic, start + r * 900_000L, batchSize));
        Path work = bench.workDir();
        try (InfluxdServer influxd = InfluxdServer.start(work.resolve("influxd"), 0)) {
            InfluxSinkOptions options =
                    InfluxSinkOptions.builder(influxd.url()).database("bench").build();
            try (HttpInfluxWriteClient setup = HttpInfluxWriteClient.connect(options)) {
                setup.createDatabase(options.database());
            }
            ComponentUsage usage = new ComponentUsage("-", "-");
            long rows = 0, fields = 0;
            long t0 = System.nanoTime();
            long cpu0 = usage.cpu().get("influxd");
            for (int r = 0; r < rounds.size(); r++) {
                long r0 = System.nanoTime();
                long n = write(rounds.get(r).batches(), options, bench.parallelism);
                double secs = (System.nanoTime() - r0) / 1e9;
                out.printf(
                        "round %d (%s series): %d rows in %.1f s, %.0f rows/s%n",
                        r + 1, r == 0 ? "new" : "existing", n, secs, n / secs);
                out.flush();
                rows += n;
                fields += rounds.get(r).fieldValues();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            double cpu = (usage.cpu().get("influxd") - cpu0) / 1e9 / secs;
            long stored;
            try (InfluxQuery query = InfluxQuery.connect(options)) {
                List<Map<String, Object>> count = query.query("SELECT count(amount) FROM point_usage");
                stored = count.isEmpty() ? 0 : ((Number) count.get(0).get("count")).longValue();
            }
            return new BenchResult("influx")
                    .put("rows_per_s", rows / secs, 0)
                    .put("field_values_per_s", fields / secs, 0)
                    .put("rows", rows)
                    .put("stored", stored)
                    .check(
                            "stored_check",
                            stored == rows,
                            "InfluxDB holds " + stored + " of the " + rows + " rows written")
                    .put("elapsed_s", secs, 3)
                    .put("writers", bench.parallelism)
                    .put("batch_size", batchSize)
                    .put("influxd_cpu_cores", cpu, 2);
        } finally {
            bench.cleanWorkDir(work);
        }
    }

    @Override
    public List<String> spread() {
        return List.of("rows_per_s");
    }

    /** One quarter hour of every point as line protocol, and how many field values it holds. */
    private record Round(List<LineBatch> batches, long fieldValues) {}

    /** One quarter hour of every point, as the job writes it, in batches of {@code batchSize} rows. */
    private static Round render(SyntheticRegistry synthetic, long quarter, int batchSize) {
        List<LineBatch> batches = new ArrayList<>();
        long fieldValues = 0;
        StringBuilder lines = new StringBuilder();
        int n = 0;
        for (SyntheticRegistry.GatewayPlan g : synthetic.gateways()) {
            for (int i = 0; i < g.points().length; i++) {
                Point p = g.points()[i];
                double amount = g.perQuarter()[i];
                SeriesPoint row = UsagePoints.pointUsage(
                        g.enterprise(), p, Period.QUARTER, quarter, amount, amount * 1.229e-4, amount * 5.8e-4, false);
                LineProtocol.append(lines, row);
                fieldValues += row.fieldCount();
                if (++n == batchSize) {
                    batches.add(new LineBatch("bench", null, n, lines.toString()));
                    lines.setLength(0);
                    n = 0;
                }
            }
        }
        if (n > 0) batches.add(new LineBatch("bench", null, n, lines.toString()));
        return new Round(batches, fieldValues);
    }

    /** Writes the batches with {@code writers} threads, each on a connection of its own; returns the rows written. */
    private static long write(List<LineBatch> batches, InfluxSinkOptions options, int writers) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            Thread t = new Thread(
                    () -> {
                        try (HttpInfluxWriteClient client = HttpInfluxWriteClient.connect(options)) {
                            for (int i = next.getAndIncrement();
                                    i < batches.size() && failure.get() == null;
                                    i = next.getAndIncrement()) {
                                client.write(batches.get(i));
                            }
                        } catch (Exception e) {
                            failure.compareAndSet(null, e);
                        }
                    },
                    "bench-influx-writer-" + w);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) t.join();
        if (failure.get() != null) throw failure.get();
        return batches.stream().mapToLong(LineBatch::points).sum();
    }
}
