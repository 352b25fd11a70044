package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.cli.chaos.ChaosReport;
import dcmon.cli.chaos.ChaosRun;
import dcmon.cli.chaos.ChaosSettings;
import dcmon.cli.chaos.Fault;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short profile of {@code ./dcmon chaos}: the real stack (Mosquitto, influxd, Kafka, two bridges and the job, each
 * a process of its own) under a small steady load, and the first faults — a bridge, the job, influxd and Mosquitto
 * killed with SIGKILL and started again, the link between the bridges and Kafka cut and restored. After each, every
 * total in InfluxDB equals the ground truth of everything published so far and no alert event repeats.
 */
class ChaosTest {
    @TempDir
    Path dir;

    @Test
    void afterEveryFaultNothingIsLostAndNothingCountedTwice() throws Exception {
        List<Fault> faults = List.of(
                Fault.BRIDGE_KILL, Fault.JOB_KILL, Fault.INFLUXD_KILL, Fault.MOSQUITTO_KILL, Fault.BRIDGE_KAFKA_CUT);
        ChaosSettings settings = new ChaosSettings(
                dir,
                EndToEnd.REGISTRY,
                EndToEnd.REFERENCE,
                EndToEnd.TARGETS,
                EndToEnd.ALERTS,
                faults,
                2,
                40,
                3,
                5,
                Duration.ofSeconds(3),
                Duration.ofSeconds(2),
                Duration.ofMinutes(2),
                64);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        ChaosReport report = new ChaosRun(settings, new PrintStream(new TeeStream(out, System.out), true)).run();
        String text = printed.toString(StandardCharsets.UTF_8);

        assertThat(report.checks())
                .extracting(ChaosReport.Check::name)
                .containsExactly(
                        "baseline", "bridge-kill", "job-kill", "influxd-kill", "mosquitto-kill", "bridge-kafka-cut");
        assertThat(report.checks()).allSatisfy(c -> {
            assertThat(c.exact()).as(c.name() + ": " + c.problem()).isTrue();
            assertThat(c.lost()).as(c.name()).isZero();
            assertThat(c.doubleCounted()).as(c.name()).isZero();
            assertThat(c.repeatedAlerts()).as(c.name()).isZero();
        });
        // the load went on through the faults: every check saw more messages than the one before
        assertThat(report.checks())
                .extracting(ChaosReport.Check::published)
                .isSorted()
                .doesNotHaveDuplicates();
        assertThat(report.faults()).isEqualTo(5);
        assertThat(text)
                .containsPattern("(?m)^RESULT mode=chaos faults=5 lost=0 double_counted=0 max_recovery_s=\\d+\\.\\d$");
        assertThat(text.lines().filter(l -> l.contains(" exact ")).count()).isEqualTo(6);
    }

    /** Writes to two streams: the test reads what the run printed, the build log shows it. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
