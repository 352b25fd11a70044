package dcmon.bench;

import java.io.PrintWriter;

/** {@code bench bare}: the per-reading work in a plain single-threaded loop. */
final class BareMode implements BenchMode {
    @Override
    public int run(BenchCommand bench) throws Exception {
        SyntheticRegistry synthetic = bench.synthetic();
        long messages = bench.messages(synthetic);
        BareLoop.Result r = BareLoop.run(
                synthetic,
                SyntheticTraffic.startFor(synthetic, messages, System.currentTimeMillis()),
                messages,
                bench.warmupMessages(synthetic));
        StateSize.Bytes state = StateSize.of(r.loop().state());
        PrintWriter out = bench.out();
        out.printf(
                "RESULT mode=bare readings_per_s=%.0f readings=%d timed_readings=%d counted=%d rejected=%d elapsed_s=%.3f state_bytes_per_point=%.1f "
                        + "enterprises=%d points=%d warmup_rounds=%d%n",
                r.readingsPerSecond(),
                r.loop().readings(),
                r.timedReadings(),
                r.loop().counted(),
                r.loop().rejected(),
                r.elapsed().toNanos() / 1e9,
                (double) state.total() / synthetic.points(),
                synthetic.enterprises(),
                synthetic.points(),
                bench.warmupRounds);
        out.flush();
        return 0;
    }
}
