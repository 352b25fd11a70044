package dcmon.bench;

import dcmon.core.calendar.ShanghaiCalendar;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench job}: the monitoring job over pre-filled Kafka into a real InfluxDB (or no sink), compared with
 * the bare loop on the same input in the same process. The bare loop's state is the job's state for that
 * input, so it also gives the state size; its province total must equal the one the job wrote, the job must
 * have read every pre-filled record, and its rate cannot exceed the parallelism times the bare loop's.
 */
final class JobMode implements BenchMode {
    @Override
    public BenchResult run(BenchCommand bench) throws Exception {
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
            JobRun.Settings settings = bench.jobSettings();
            JobRun.Result job = JobRun.run(
                    synthetic,
                    bench.registryProvider(),
                    start,
                    messages,
                    warmup(bench, synthetic, start),
                    settings,
                    work,
                    out);
            double rate = job.readingsPerSecond();
            return new BenchResult("job")
                    .put("readings_per_s", rate, 0)
                    .put("bare_ratio", bareRate / rate, 2)
                    .put("state_bytes_per_point", (double) state.total() / synthetic.points(), 1)
                    .put("readings", job.readings() + bench.warmupRounds * (long) synthetic.points())
                    .put("timed_readings", job.readings())
                    .put("elapsed_s", job.elapsed().toNanos() / 1e9, 3)
                    .put("wall_s", job.wall().toNanos() / 1e9, 3)
                    .put("bare_readings_per_s", bareRate, 0)
                    .put("parallelism", settings.parallelism())
                    .put("sink", settings.influx() ? "influx" : "discard")
                    .check(
                            "province_tce_check",
                            sameTotal(job.provinceYearTce(), expectedTce),
                            "the province's year total the job wrote is " + job.provinceYearTce()
                                    + " tce; the bare loop's is " + expectedTce)
                    .check(
                            "readings_check",
                            job.messagesRead() == job.messagesWritten(),
                            "the job read " + job.messagesRead() + " of the " + job.messagesWritten()
                                    + " records pre-filled into Kafka")
                    .check(
                            "rate_check",
                            rate <= settings.parallelism() * bareRate,
                            impossibleRate(rate, settings.parallelism(), bareRate))
                    .put("enterprises", synthetic.enterprises())
                    .put("points", synthetic.points())
                    .put("collector", BenchCommand.collector())
                    .put("warmup_rounds", bench.warmupRounds)
                    .put("state_backend", bench.stateBackend().flinkName());
        } finally {
            bench.cleanWorkDir(work);
        }
    }

    /** The timed rounds are the records received from the first round after the warm-up on. */
    private static JobRun.Warmup warmup(BenchCommand bench, SyntheticRegistry synthetic, long start) {
        if (bench.warmupRounds == 0) return JobRun.Warmup.NONE;
        return new JobRun.Warmup(
                ShanghaiCalendar.quarterStart(start)
                        + bench.warmupRounds * ShanghaiCalendar.QUARTER_MS
                        + SyntheticTraffic.RECEIVE_DELAY_MS,
                (long) bench.warmupRounds * synthetic.points());
    }

    /**
     * Why a job rate above {@code parallelism} × the bare loop's cannot be right: the job does the bare loop's work
     * and more (Kafka, JSON, serialization, checkpoints) on at most {@code parallelism} threads.
     */
    static String impossibleRate(double rate, int parallelism, double bareRate) {
        return String.format(
                Locale.ROOT,
                "impossible: the job's %.0f readings/s exceed parallelism %d × the bare loop's %.0f readings/s = %.0f;"
                        + " the measurement is wrong",
                rate,
                parallelism,
                bareRate,
                parallelism * bareRate);
    }

    /** Equal to a relative 1e-9: the job and the bare loop add the same amounts, maybe in another order. */
    static boolean sameTotal(double got, double want) {
        return Math.abs(got - want) <= 1e-9 * Math.abs(want);
    }

    @Override
    public List<String> spread() {
        return List.of("readings_per_s", "bare_ratio");
    }
}
