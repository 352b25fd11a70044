package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The job command's option checks: a bad value is a usage error naming the option, before anything starts. */
class JobCommandTest {
    private static String refused(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Dcmon());
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute(args)).as(err.toString()).isEqualTo(2);
        return err.toString();
    }

    @Test
    void aBatchOfNoRowsIsRefusedNamingTheOption() {
        assertThat(refused("job", "--influx-batch-size", "0"))
                .contains("--influx-batch-size must be at least 1, was 0");
    }

    @Test
    void anUnknownPermanentErrorModeIsRefusedNamingTheOption() {
        assertThat(refused("job", "--influx-on-permanent-error", "ignore"))
                .contains("--influx-on-permanent-error must be one of fail|dead-letter, was ignore");
    }

    @Test
    void noWriteLaneIsRefusedNamingTheOption() {
        assertThat(refused("job", "--influx-write-lanes", "0"))
                .contains("--influx-write-lanes must be at least 1, was 0");
    }

    @Test
    void aMonthCloseGraceOfFourWeeksIsRefusedNamingTheOption() {
        assertThat(refused("job", "--month-close-grace", "P28D"))
                .contains("--month-close-grace must be shorter than PT672H, was PT672H");
    }
}
