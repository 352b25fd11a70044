package dcmon.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A run held between two ticks hands over the truth of exactly what it handed out, and goes on unchanged. */
class SimulatorPauseTest {
    @Test
    void aPausedRunsTruthCoversEveryMessageSoFarAndThePauseChangesNothing() throws Exception {
        List<OutgoingMessage> sent = new CopyOnWriteArrayList<>();
        Simulator simulator = new Simulator(Fixtures.history("none", 3).build());
        CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(() -> {
            try {
                return simulator.generate(sent::add);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (sent.size() < 2_000) Thread.sleep(1);

        GroundTruth paused = simulator.pause(Duration.ofSeconds(30));
        int atPause = sent.size();
        Thread.sleep(300);
        assertThat(sent).as("nothing is handed out while paused").hasSize(atPause);
        long readings = sent.stream()
                .filter(m -> m.kind() != OutgoingMessage.Kind.STATUS)
                .count();
        long statuses = atPause - readings;
        assertThat(paused.published().messages()).isEqualTo(readings);
        assertThat(paused.published().statusMessages()).isEqualTo(statuses);
        assertThat(readings).isLessThan(Fixtures.run("none", 3).summary().messages());

        simulator.resume();
        RunSummary whole = run.get();
        Fixtures.Run unpaused = Fixtures.run("none", 3);
        assertThat(sent).hasSize(unpaused.messages().size());
        assertThat(whole.groundTruth().enterprises().keySet())
                .isEqualTo(unpaused.truth().enterprises().keySet());
        unpaused.truth().enterprises().forEach((code, e) -> {
            e.days()
                    .forEach((day, t) -> assertThat(
                                    whole.groundTruth().day(code, day).tce())
                            .as(code + " " + day)
                            .isCloseTo(t.tce(), org.assertj.core.data.Percentage.withPercentage(1e-7)));
        });
    }

    @Test
    void pausingAFinishedRunReturnsNull() throws Exception {
        Simulator simulator = new Simulator(Fixtures.history("none", 3).build());
        simulator.generate(m -> {});
        assertThat(simulator.pause(Duration.ofSeconds(1))).isNull();
    }
}
