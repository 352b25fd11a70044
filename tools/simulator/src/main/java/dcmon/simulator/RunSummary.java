package dcmon.simulator;

import java.time.Duration;
import java.util.Map;

/**
 * What a simulator run did.
 *
 * @param messages       messages published on readings topics (duplicates and garbage included)
 * @param readings       reading objects in them (garbage messages count 0)
 * @param duplicates     re-published copies among the messages
 * @param statusMessages retained status messages
 * @param faults         faults injected, by command-line name
 * @param elapsed        wall-clock time of the run
 * @param groundTruth    the expected results of the job for everything published
 */
public record RunSummary(
        long messages,
        long readings,
        long duplicates,
        long statusMessages,
        Map<String, Integer> faults,
        Duration elapsed,
        GroundTruth groundTruth) {
    public RunSummary {
        faults = Map.copyOf(faults);
    }

    @Override
    public String toString() {
        return messages + " messages, " + readings + " readings (" + duplicates + " duplicates), " + statusMessages
                + " status messages, faults " + faults + ", in " + elapsed.toMillis() + " ms";
    }
}
