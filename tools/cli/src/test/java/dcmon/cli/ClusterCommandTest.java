package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The cluster command's checks: bad options are usage errors naming the option, a job option the job would refuse
 * is refused before anything is submitted, and a missing cluster is a message, not a stack trace.
 */
class ClusterCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String err) {}

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Dcmon());
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), err.toString());
    }

    @Test
    void noTaskManagerOrSlotIsRefusedNamingTheOption() {
        Run tms = run("cluster", "up", "--dir", dir.toString(), "--taskmanagers", "0");
        assertThat(tms.code()).isEqualTo(2);
        assertThat(tms.err()).contains("--taskmanagers must be at least 1, was 0");
        Run slots = run("cluster", "up", "--dir", dir.toString(), "--slots", "0");
        assertThat(slots.code()).isEqualTo(2);
        assertThat(slots.err()).contains("--slots must be at least 1, was 0");
    }

    @Test
    void memoryThatIsNoSizeOrDoesNotAddUpIsRefusedBeforeAnyProcessStarts() {
        Run noSize = run("cluster", "up", "--dir", dir.toString(), "--managed-memory", "lots");
        assertThat(noSize.code()).isEqualTo(2);
        assertThat(noSize.err()).contains("--managed-memory lots: not a size such as 1280m or 2g");
        Run tooMuch = run(
                "cluster",
                "up",
                "--dir",
                dir.toString(),
                "--taskmanager-memory",
                "1g",
                "--managed-memory",
                "2g",
                "--rest-port",
                "0",
                "--rpc-port",
                "0");
        assertThat(tooMuch.code()).isEqualTo(1);
        assertThat(tooMuch.err()).startsWith("dcmon cluster up: the TaskManager's memory settings do not fit: ");
        assertThat(dir.resolve("jobmanager.pid")).doesNotExist();
    }

    @Test
    void aJobOptionTheJobWouldRefuseIsRefusedBeforeSubmittingNamingIt() {
        Run bad = run("cluster", "submit", "--dir", dir.toString(), "--", "--checkpoint-interval", "ten");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("job option: --checkpoint-interval ten: Text cannot be parsed to a Duration");
        Run missing = run("cluster", "submit", "--dir", dir.toString(), "--", "--kafka");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("job option: --kafka needs a value");
        Run noName = run("cluster", "submit", "--dir", dir.toString(), "--", "kafka", "x:1");
        assertThat(noName.code()).isEqualTo(2);
        assertThat(noName.err()).contains("job option: expected an option --name, found kafka");
    }

    @Test
    void commandsOnACLusterThatIsNotThereSaySoWithoutAStackTrace() {
        Run submit = run("cluster", "submit", "--dir", dir.toString());
        assertThat(submit.code()).isEqualTo(1);
        assertThat(submit.err())
                .isEqualTo("dcmon cluster submit: no cluster configured in " + dir.toAbsolutePath()
                        + ": start one with ./dcmon cluster up" + System.lineSeparator());
        Run stop = run("cluster", "stop", "--dir", dir.toString());
        assertThat(stop.code()).isEqualTo(1);
        assertThat(stop.err()).startsWith("dcmon cluster stop: no cluster configured in ");
        assertThat(run("cluster", "status", "--dir", dir.toString()).code()).isEqualTo(3);
        assertThat(run("cluster", "down", "--dir", dir.toString()).code()).isZero();
    }

    @Test
    void withoutAPortGivenFlinksUsualOneIsTakenOnlyWhenFree() throws Exception {
        try (java.net.ServerSocket busy =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int taken = busy.getLocalPort();
            assertThat(ClusterCommand.port(null, taken)).isNotEqualTo(taken).isPositive();
            assertThat(ClusterCommand.port(taken, 8081)).isEqualTo(taken); // given: exactly that one
        }
        int free = dcmon.cluster.ClusterSettings.freePort();
        assertThat(ClusterCommand.port(null, free)).isEqualTo(free);
        assertThat(ClusterCommand.port(0, 8081)).isPositive().isNotEqualTo(0);
    }

    @Test
    void theFilesTheTaskManagersReadAreMadeAbsoluteAndTheParallelismIsTheSubmissions() {
        List<String> args =
                ClusterJobArguments.of(List.of("--kafka", "k:9092", "--registry", "reg", "--parallelism", "7"), 3);
        Path cwd = Path.of("").toAbsolutePath();
        assertThat(args)
                .containsExactly(
                        "--kafka", "k:9092",
                        "--registry", cwd.resolve("reg").toString(),
                        "--parallelism", "3",
                        "--reference", cwd.resolve("config/reference").toString(),
                        "--targets", cwd.resolve("config/targets").toString(),
                        "--alerts", cwd.resolve("config/alerts.yaml").toString());
    }
}
