package dcmon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Runs the bench modes at toy size: they must finish and print their RESULT line with positive numbers. */
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

    private static double number(String output, String key) {
        Matcher m = Pattern.compile("\\b" + key + "=([0-9.]+)").matcher(output);
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
                        "collector=(G1|Parallel|Serial|ZGC|Shenandoah) warmup_rounds=1 state_backend=hashmap\\n");
        assertThat(number(out, "readings_per_s")).isPositive();
        assertThat(number(out, "bare_ratio")).isPositive();
        assertThat(number(out, "state_bytes_per_point")).isPositive();
        assertThat(number(out, "readings")).isEqualTo(600);
        assertThat(number(out, "timed_readings")).isEqualTo(400);
        assertThat(out).contains("province_tce_check=ok");
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
        assertThat(out).contains("province_tce_check=ok");
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
