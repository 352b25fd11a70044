package dcmon.bench;

import dcmon.core.calendar.ShanghaiCalendar;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code bench job}: the monitoring job over pre-filled Kafka into a real InfluxDB, compared with the bare
 * loop on the same input in the same process. The bare loop's state is the job's state for that input, so it
 * also gives the state size; its province total must equal the one the job wrote to InfluxDB.
 */
final class JobMode implements BenchMode {
    @Override
    public int run(BenchCommand bench) throws Exception {
        SyntheticRegistry synthetic = bench.synthetic();
        long messages = bench.messages(synthetic);
        PrintWriter out = bench.out();
        long start = SyntheticTraffic.startFor(synthetic, messages, System.currentTimeMillis());
        long warmupMessages = bench.warmupMessages(synthetic);
        BareLoop.Result bare = BareLoop.run(synthetic, start, messages, warmupMessages);
        double bareRate = bare.readingsPerSecond();
        StateSize.Bytes state = StateSize.of(bare.loop().state());
        double expectedTce = bare.loop().provinceYearTce(start);
        out.printf(
                "bare loop: %.0f readings/s; state %d bytes (series %d, totals %d)%n",
                bareRate, state.total(), state.series(), state.totals());
        out.flush();
        bare = null; // the job builds the same state again: let this copy go
        System.gc();

        Path work = bench.workDir();
        try {
            // the timed rounds are the records received from the first round after the warm-up on
            JobRun.Warmup warmup = bench.warmupRounds == 0
                    ? JobRun.Warmup.NONE
                    : new JobRun.Warmup(
                            start
                                    + bench.warmupRounds * ShanghaiCalendar.QUARTER_MS
                                    + SyntheticTraffic.RECEIVE_DELAY_MS,
                            (long) bench.warmupRounds * synthetic.points());
            JobRun.Result job = JobRun.run(
                    synthetic, bench.registryProvider(), start, messages, warmup, bench.jobSettings(), work, out);
            double rate = job.readingsPerSecond();
            String check = Double.isNaN(job.provinceYearTce())
                    ? "skipped"
                    : Math.abs(job.provinceYearTce() - expectedTce) <= 1e-9 * Math.abs(expectedTce)
                            ? "ok"
                            : "MISMATCH(" + job.provinceYearTce() + "!=" + expectedTce + ")";
            out.printf(
                    "RESULT mode=job readings_per_s=%.0f bare_ratio=%.2f state_bytes_per_point=%.1f readings=%d timed_readings=%d elapsed_s=%.3f wall_s=%.3f "
                            + "bare_readings_per_s=%.0f parallelism=%d sink=%s province_tce_check=%s enterprises=%d points=%d collector=%s warmup_rounds=%d state_backend=%s%n",
                    rate,
                    bareRate / rate,
                    (double) state.total() / synthetic.points(),
                    job.readings() + warmup.readings(),
                    job.readings(),
                    job.elapsed().toNanos() / 1e9,
                    job.wall().toNanos() / 1e9,
                    bareRate,
                    bench.jobSettings().parallelism(),
                    bench.jobSettings().influx() ? "influx" : "discard",
                    check,
                    synthetic.enterprises(),
                    synthetic.points(),
                    BenchCommand.collector(),
                    bench.warmupRounds,
                    bench.stateBackend().flinkName());
            out.flush();
            return check.startsWith("MISMATCH") ? 1 : 0;
        } finally {
            bench.cleanWorkDir(work);
        }
    }
}
