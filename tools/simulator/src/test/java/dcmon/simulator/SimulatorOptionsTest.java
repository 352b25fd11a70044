package dcmon.simulator;

import static dcmon.simulator.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SimulatorOptionsTest {

    @Test
    void aValidHistoryRun() throws Exception {
        SimulatorOptions o = history("dup,gap", 7).build();
        assertThat(o.from()).isEqualTo(FROM);
        assertThat(o.to()).isEqualTo(TO);
        assertThat(o.cadenceMinutes()).isEqualTo(15);
        assertThat(o.faults()).isEqualTo(Faults.parse("dup,gap"));
        assertThat(o.seed()).isEqualTo(7);
        assertThat(o.lateness()).isEqualTo(Duration.ofDays(35));
        assertThat(o.registry().size()).isEqualTo(67);
        for (int cadence : new int[] {1, 5, 15})
            assertThat(history("none", 1).cadenceMinutes(cadence).build().cadenceMinutes())
                    .isEqualTo(cadence);
    }

    @Test
    void cadenceIsOneFiveOrFifteenMinutes() {
        for (int cadence : new int[] {0, 2, 10, 30, 60, -15}) {
            assertThatThrownBy(() -> history("none", 1).cadenceMinutes(cadence).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cadence must be 1, 5 or 15 minutes, not " + cadence);
        }
    }

    @Test
    void historyNeedsAnEnd() {
        assertThatThrownBy(() -> history("none", 1).to((Instant) null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("to is required in HISTORY mode");
        // LIVE runs until stopped
        assertThat(catchNothing(() ->
                        history("none", 1).mode(Mode.LIVE).to((Instant) null).build()))
                .isTrue();
    }

    @Test
    void toMayNotBeBeforeFrom() {
        Instant to = FROM.minusSeconds(1);
        assertThatThrownBy(() -> history("none", 1).to(to).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("to 2026-11-16T15:59:59Z is before from 2026-11-16T16:00:00Z");
    }

    @Test
    void historyPublishesOnlyThePast() {
        Instant to = NOW.plusSeconds(60);
        assertThatThrownBy(() -> history("none", 1).to(to).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "to 2026-11-20T06:01:00Z is after now 2026-11-20T06:00:00Z: HISTORY publishes only past ticks (use LIVE)");
        assertThat(catchNothing(() -> history("none", 1).to(NOW).build())).isTrue();
    }

    @Test
    void fromMayNotBeBeyondTheLateness() {
        // 35 days before now plus an hour of margin: 2026-10-16T07:00Z
        Instant tooOld = at("2026-10-16T14:59:00+08:00");
        assertThatThrownBy(() -> history("none", 1).from(tooOld).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "from 2026-10-16T06:59:00Z is beyond the job's lateness of PT840H (earliest accepted: 2026-10-16T07:00:00Z);"
                                + " raise lateness to match the job's setting");
        assertThat(catchNothing(() ->
                        history("none", 1).from(at("2026-10-16T15:00:00+08:00")).build()))
                .isTrue();
        // with the job's lateness raised, the same window is fine
        assertThat(catchNothing(
                        () -> history("none", 1).from(tooOld).lateness("40d").build()))
                .isTrue();
    }

    @Test
    void stringFormsOfTimesAndDurations() throws Exception {
        SimulatorOptions o = history("none", 1)
                .from("2026-11-17T00:00")
                .to("2026-11-18T16:00:00Z")
                .lateness("P40D")
                .build();
        assertThat(o.from()).isEqualTo(FROM); // a local time is Shanghai time
        assertThat(o.to()).isEqualTo(at("2026-11-19T00:00:00+08:00"));
        assertThat(o.lateness()).isEqualTo(Duration.ofDays(40));
        assertThat(history("none", 1)
                        .lateness("36h")
                        .mode(Mode.LIVE)
                        .from(NOW.minusSeconds(3600))
                        .to((Instant) null)
                        .build()
                        .lateness())
                .isEqualTo(Duration.ofHours(36));
        assertThatThrownBy(() -> history("none", 1).from("yesterday"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("from: 'yesterday' is not an ISO-8601 time");
        assertThatThrownBy(() -> history("none", 1).lateness("35w"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'35w' is not a duration such as 35d, 36h or P35D");
        assertThatThrownBy(() -> history("none", 1).mode("replay"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mode must be history or live, not 'replay'");
    }

    private interface Build {
        Object run() throws Exception;
    }

    private static boolean catchNothing(Build b) {
        try {
            return b.run() != null;
        } catch (Exception e) {
            throw new AssertionError("expected valid options, got: " + e.getMessage(), e);
        }
    }
}
