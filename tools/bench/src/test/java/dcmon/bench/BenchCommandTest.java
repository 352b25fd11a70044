package dcmon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Runs every bench mode at toy size, in seconds, against real servers: each must finish, pass its own checks and
 * print its RESULT line, so that no option or mode can rot unnoticed.
 */
class BenchCommandTest {

    private static String run(String... args) {
        StringWriter text = new StringWriter();
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.setOut(new PrintWriter(text, true));
        int exit = cli.execute(args);
        assertThat(exit).as(text.toString()).isZero();
        return text.toString();
    }

    /** Runs a command line the bench must refuse: exit code 2, and what it printed on stderr. */
    private static String refused(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute(args)).as(err.toString()).isEqualTo(2);
        return err.toString();
    }

    /** A figure of the RESULT line (runs of a repeat print theirs before it). */
    private static double number(String output, String key) {
        String result = output.substring(output.indexOf("RESULT "));
        Matcher m = Pattern.compile("\\b" + key + "=([0-9.]+)").matcher(result);
        assertThat(m.find()).as("%s in %s", key, output).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void bareModePrintsItsResult() {
        String out =
                run("bare", "--enterprises", "20", "--points", "400", "--rounds", "3", "--readings-per-message", "10");
        assertThat(out).contains("RESULT mode=bare ");
        assertThat(number(out, "readings_per_s")).isPositive();
        assertThat(number(out, "readings")).isEqualTo(1200);
        assertThat(number(out, "counted")).isEqualTo(1200);
        assertThat(number(out, "rejected")).isZero();
        assertThat(number(out, "timed_readings")).isEqualTo(1200);
        assertThat(out).contains("readings_check=ok");
        // one run: its figure is its own min, median and max
        assertThat(number(out, "readings_per_s_min")).isEqualTo(number(out, "readings_per_s"));
        assertThat(number(out, "readings_per_s_max")).isEqualTo(number(out, "readings_per_s"));
        assertThat(number(out, "repeat")).isEqualTo(1);
    }

    @Test
    void aRepeatedRunPrintsEachRunAndTheSpreadInOneResultLine() {
        String out = run(
                "bare",
                "--enterprises",
                "20",
                "--points",
                "400",
                "--rounds",
                "3",
                "--readings-per-message",
                "10",
                "--repeat",
                "3");
        assertThat(out).contains("run 1 of 3: mode=bare ").contains("run 3 of 3: mode=bare ");
        assertThat(out.split("RESULT ", -1)).as("one RESULT line").hasSize(2);
        double min = number(out, "readings_per_s_min");
        double median = number(out, "readings_per_s_median");
        double max = number(out, "readings_per_s_max");
        assertThat(min).isPositive().isLessThanOrEqualTo(median);
        assertThat(median).isLessThanOrEqualTo(max).isEqualTo(number(out, "readings_per_s"));
        assertThat(number(out, "repeat")).isEqualTo(3);
        assertThat(number(out, "readings")).isEqualTo(1200);
        assertThat(out).contains("readings_check=ok");
    }

    @Test
    void aFailedCheckFailsTheRunAndSaysWhy() {
        // a mode whose second run finds a wrong total, as a job run that lost records would
        int[] runs = {0};
        BenchCommand.MODES.put("checked", new BenchMode() {
            @Override
            public BenchResult run(BenchCommand bench) {
                runs[0]++;
                return new BenchResult("checked")
                        .put("readings_per_s", 100 * runs[0], 0)
                        .check("province_tce_check", runs[0] != 2, "the total is 7.0 tce; it must be 8.0");
            }

            @Override
            public List<String> spread() {
                return List.of("readings_per_s");
            }
        });
        try {
            StringWriter text = new StringWriter();
            CommandLine cli = new CommandLine(new BenchCommand());
            cli.setOut(new PrintWriter(text, true));
            assertThat(cli.execute("checked", "--repeat", "3")).isEqualTo(1);
            assertThat(text.toString())
                    .contains("run 2 of 3: mode=checked readings_per_s=200 province_tce_check=FAIL\n")
                    .endsWith("FAIL: the total is 7.0 tce; it must be 8.0\n"
                            + "RESULT mode=checked readings_per_s=200 readings_per_s_min=100 readings_per_s_median=200"
                            + " readings_per_s_max=300 province_tce_check=FAIL repeat=3\n");
        } finally {
            BenchCommand.MODES.remove("checked");
        }
    }

    @Test
    void aRepeatBelowOneIsRejectedWithItsReason() {
        assertThat(refused("bare", "--repeat", "0")).contains("--repeat must be at least 1, was 0");
    }

    @Test
    void bareModeTimesOnlyTheRoundsAfterTheWarmUp() {
        String out = run(
                "bare",
                "--enterprises",
                "20",
                "--points",
                "400",
                "--rounds",
                "3",
                "--warmup-rounds",
                "1",
                "--readings-per-message",
                "10");
        assertThat(number(out, "readings")).isEqualTo(1200);
        assertThat(number(out, "timed_readings")).isEqualTo(800);
        assertThat(number(out, "counted")).isEqualTo(1200);
        assertThat(number(out, "warmup_rounds")).isEqualTo(1);
    }

    @Test
    void aWarmUpOfAllRoundsIsRejectedWithItsReason() {
        assertThat(refused("job", "--rounds", "3", "--warmup-rounds", "3"))
                .contains("--warmup-rounds must be 0..2 and needs --rounds, not --messages; was 3");
        assertThat(refused("bare", "--messages", "100", "--warmup-rounds", "1"))
                .contains("--warmup-rounds must be 0..3 and needs --rounds, not --messages; was 1");
    }

    @Test
    void jobModePrintsItsResultAndStoresTheSameProvinceTotal() {
        // with a warm-up round: processed and stored like the others, but neither timed nor counted in the rate
        String out = run(
                "job",
                "--enterprises",
                "10",
                "--points",
                "200",
                "--rounds",
                "3",
                "--warmup-rounds",
                "1",
                "--readings-per-message",
                "10",
                "--parallelism",
                "1",
                "--checkpoint-interval",
                "PT0.5S");
        assertThat(out).contains("RESULT mode=job ");
        assertThat(out)
                .containsPattern(
                        "collector=(G1|Parallel|Serial|ZGC|Shenandoah) warmup_rounds=1 state_backend=hashmap repeat=1\\n");
        assertThat(number(out, "readings_per_s")).isPositive();
        assertThat(number(out, "bare_ratio")).isPositive();
        assertThat(number(out, "state_bytes_per_point")).isPositive();
        assertThat(number(out, "readings")).isEqualTo(600);
        assertThat(number(out, "timed_readings")).isEqualTo(400);
        assertThat(out).contains("province_tce_check=ok readings_check=ok rate_check=ok");
    }

    @Test
    void jobModeWithoutInfluxDbChecksTheProvinceTotalOfItsRowsAndReadsEveryRecord() {
        // the discard sink too: the province row reaching the sink must hold the bare loop's total
        String out = run(
                "job",
                "--enterprises",
                "10",
                "--points",
                "200",
                "--rounds",
                "3",
                "--warmup-rounds",
                "1",
                "--readings-per-message",
                "10",
                "--parallelism",
                "2",
                "--checkpoint-interval",
                "PT0.5S",
                "--sink",
                "discard");
        assertThat(out).contains("sink=discard province_tce_check=ok readings_check=ok rate_check=ok");
        assertThat(number(out, "readings")).isEqualTo(600);
        assertThat(number(out, "timed_readings")).isEqualTo(400);
        assertThat(number(out, "readings_per_s")).isPositive();
        assertThat(number(out, "elapsed_s")).isPositive().isLessThan(number(out, "wall_s"));
    }

    @Test
    void jobModeWithRocksDbStoresTheSameProvinceTotal() {
        String out = run(
                "job",
                "--enterprises",
                "10",
                "--points",
                "200",
                "--rounds",
                "3",
                "--readings-per-message",
                "10",
                "--parallelism",
                "1",
                "--checkpoint-interval",
                "PT0.5S",
                "--state-backend",
                "rocksdb");
        assertThat(out).contains("state_backend=rocksdb");
        assertThat(number(out, "readings")).isEqualTo(600);
        assertThat(out).contains("province_tce_check=ok readings_check=ok rate_check=ok");
    }

    @Test
    void anUnknownStateBackendIsRejectedWithItsReason() {
        assertThat(refused("job", "--state-backend", "memory"))
                .contains("state-backend must be one of hashmap, rocksdb, was 'memory'");
    }

    @Test
    void e2eModeRampsThroughTheWholeStackAndLosesNothing() {
        String out = run(
                "e2e",
                "--enterprises",
                "10",
                "--points",
                "200",
                "--readings-per-message",
                "10",
                "--rates",
                "1000,2000",
                "--step",
                "PT3S",
                "--warmup",
                "PT2S",
                "--checkpoint-interval",
                "PT0.5S",
                "--bridges",
                "2",
                "--publishers",
                "2");
        assertThat(out)
                .containsPattern(
                        "warm-up: offered 1000 readings/s for PT2S; cpu % of a core: publishers=\\d+ .* jvm-other=\\d+");
        assertThat(out).contains("RESULT mode=e2e ");
        assertThat(number(out, "saturation_readings_per_s")).isPositive();
        assertThat(number(out, "acknowledged_messages")).isPositive();
        assertThat(number(out, "unseen_probes")).isZero();
        assertThat(out).contains("province_tce_check=ok");
    }

    @Test
    void e2eModeWithoutTheBulkRowsStillMeasuresLatencyAndLosesNothing() {
        String out = run(
                "e2e",
                "--enterprises",
                "10",
                "--points",
                "200",
                "--readings-per-message",
                "10",
                "--rates",
                "2000",
                "--step",
                "PT3S",
                "--warmup",
                "PT2S",
                "--checkpoint-interval",
                "PT0.5S",
                "--sink",
                "discard");
        assertThat(out).contains("InfluxDB takes only the probes' and the regions' rows");
        assertThat(number(out, "unseen_probes")).isZero();
        assertThat(out).contains("province_tce_check=ok").contains("sink=discard");
    }

    @Test
    void influxModeWritesEveryRowOfEveryRound() {
        String out = run(
                "influx", "--enterprises", "10", "--points", "200", "--rounds", "2", "--readings-per-message", "10");
        assertThat(out).contains("RESULT mode=influx ");
        assertThat(number(out, "rows")).isEqualTo(400);
        assertThat(number(out, "stored")).as("every row is in InfluxDB").isEqualTo(400);
        assertThat(out).contains("stored_check=ok");
        // point_usage rows carry amount, estimated, tce and tco2
        assertThat(number(out, "field_values_per_s"))
                .as("both rounded to whole numbers")
                .isCloseTo(4 * number(out, "rows_per_s"), org.assertj.core.api.Assertions.within(2.0));
        assertThat(number(out, "rows_per_s")).isPositive();
        assertThat(out).contains("round 1 (new series): 200 rows").contains("round 2 (existing series): 200 rows");
        assertThat(number(out, "batch_size")).isEqualTo(5000);
    }

    @Test
    void aBatchSizeBelowOneIsRejectedWithItsReason() {
        assertThat(refused("influx", "--batch-size", "0")).contains("--batch-size must be at least 1, was 0");
    }

    @Test
    void influxModeWritesInBatchesOfTheSizeAsked() {
        String out = run(
                "influx",
                "--enterprises",
                "10",
                "--points",
                "200",
                "--rounds",
                "1",
                "--readings-per-message",
                "10",
                "--batch-size",
                "7");
        assertThat(number(out, "batch_size")).isEqualTo(7);
        assertThat(number(out, "stored")).as("every row, the last batch short").isEqualTo(200);
    }
}
