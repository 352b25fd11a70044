package dcmon.bench;

import java.util.List;

/** {@code bench bare}: the per-reading work in a plain single-threaded loop. */
final class BareMode implements BenchMode {
    @Override
    public BenchResult run(BenchCommand bench) throws Exception {
        SyntheticRegistry synthetic = bench.synthetic();
        long messages = bench.messages(synthetic);
        BareLoop.Result r = BareLoop.run(
                synthetic,
                SyntheticTraffic.startFor(synthetic, messages, System.currentTimeMillis()),
                messages,
                bench.warmupMessages(synthetic));
        StateSize.Bytes state = StateSize.of(r.loop().state());
        BareLoop loop = r.loop();
        // the synthetic traffic is all valid and in order: each reading must be counted once, none rejected
        boolean everyReading = loop.counted() == loop.readings() && loop.rejected() == 0;
        return new BenchResult("bare")
                .put("readings_per_s", r.readingsPerSecond(), 0)
                .put("readings", loop.readings())
                .put("timed_readings", r.timedReadings())
                .put("counted", loop.counted())
                .put("rejected", loop.rejected())
                .check(
                        "readings_check",
                        everyReading,
                        "the bare loop counted " + loop.counted() + " and rejected " + loop.rejected() + " of "
                                + loop.readings() + " valid readings")
                .put("elapsed_s", r.elapsed().toNanos() / 1e9, 3)
                .put("state_bytes_per_point", (double) state.total() / synthetic.points(), 1)
                .put("enterprises", synthetic.enterprises())
                .put("points", synthetic.points())
                .put("warmup_rounds", bench.warmupRounds);
    }

    @Override
    public List<String> spread() {
        return List.of("readings_per_s");
    }
}
