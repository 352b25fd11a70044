package dcmon.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosReportTest {
    private static ChaosReport.Check check(
            String name, boolean exact, double seconds, long lost, long twice, long repeated) {
        return new ChaosReport.Check(
                name, "what it did", exact, seconds, lost, twice, 3, repeated, 100, exact ? "" : "not exact");
    }

    @Test
    void theResultLineSumsWhatEachCheckFoundAndCountsFaultsWithoutTheBaseline() {
        ChaosReport report = new ChaosReport(List.of(
                check(ChaosReport.BASELINE, true, 12.34, 0, 0, 0),
                check("job-kill", true, 15.06, 0, 0, 0),
                check("mosquitto-kill", false, 300.0, 98, 0, 0),
                check("kafka-kill", false, 20.0, 2, 1, 1)));

        assertThat(report.resultLine())
                .isEqualTo("RESULT mode=chaos faults=3 lost=100 double_counted=2 max_recovery_s=300.0");
        assertThat(report.ok()).isFalse();
    }

    @Test
    void aRunWhereEveryCheckIsExactIsOk() {
        ChaosReport report = new ChaosReport(
                List.of(check(ChaosReport.BASELINE, true, 12.0, 0, 0, 0), check("bridge-kill", true, 16.25, 0, 0, 0)));

        assertThat(report.resultLine())
                .isEqualTo("RESULT mode=chaos faults=1 lost=0 double_counted=0 max_recovery_s=16.3");
        assertThat(report.ok()).isTrue();
    }

    @Test
    void aRepeatedAlertOrAFaultThatWentWrongFailsAnExactCheck() {
        assertThat(check("job-kill", true, 1, 0, 0, 1).ok()).isFalse();
        ChaosReport.Check c = check("postgres-kill", true, 1, 0, 0, 0)
                .with(
                        List.of("console health 503 after 3.6 s"),
                        List.of("console health answered 200, not 503, for 60 s"));
        assertThat(c.ok()).isFalse();
        assertThat(c.description()).isEqualTo("what it did (console health 503 after 3.6 s)");
        assertThat(c.line())
                .startsWith("postgres-kill        FAILED  recovered in 1.0 s  lost=0 double_counted=0")
                .endsWith("— console health answered 200, not 503, for 60 s");
    }

    @Test
    void faultsAreAllInTheirOrderOrTheNamedOnesInTheOrderGiven() {
        assertThat(Fault.parseList("all")).containsExactly(Fault.values());
        assertThat(Fault.parseList("all").get(0)).isEqualTo(Fault.BRIDGE_KILL);
        assertThat(Fault.parseList(" kafka-kill, job-kill")).containsExactly(Fault.KAFKA_KILL, Fault.JOB_KILL);
        assertThatThrownBy(() -> Fault.parseList("job-kill,gremlins"))
                .hasMessageStartingWith("unknown fault 'gremlins'; known: all, bridge-kill, job-kill,");
        assertThatThrownBy(() -> Fault.parseList("job-kill,job-kill")).hasMessage("fault 'job-kill' named twice");
    }
}
