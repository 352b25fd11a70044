package dcmon.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcmon.core.Topics;
import dcmon.core.reading.AcceptedReadings;
import dcmon.core.reading.MessageValidator;
import dcmon.core.reading.Rejection;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * The hostile-input corpus (core's {@code fuzz/corpus.jsonl.gz}) through the job's validation operator and the
 * rejected topic's serializer, one message after the other on one instance as the job runs them: the operator
 * never throws, each message leaves exactly its expected rejections and accepted readings.
 */
class ValidateFunctionCorpusTest {
    static final Path HOME = Path.of(System.getProperty("dcmon.home", "../.."));

    @Test
    void everyCorpusMessageLeavesTheOperatorWithItsExpectedOutcome() throws Exception {
        RegistryDirectory registry = new RegistryDirectory(
                HOME.resolve("config/samples/hubei"), HOME.resolve("config/reference"), Long.MAX_VALUE);
        registry.loadOrThrow();
        RejectionSerializer serializer = new RejectionSerializer(Topics.READINGS_REJECTED);
        List<String> wrong = new ArrayList<>();
        int cases = 0;
        try (OneInputStreamOperatorTestHarness<RawMessage, AcceptedReadings> harness =
                        ProcessFunctionTestHarnesses.forProcessFunction(new ValidateFunction(
                                registry,
                                MessageValidator.DEFAULT_LATENESS,
                                MessageValidator.DEFAULT_FUTURE_ALLOWANCE));
                BufferedReader in = new BufferedReader(new InputStreamReader(
                        new GZIPInputStream(
                                Files.newInputStream(HOME.resolve("core/src/test/resources/fuzz/corpus.jsonl.gz"))),
                        StandardCharsets.UTF_8))) {
            ObjectMapper json = new ObjectMapper();
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode c = json.readTree(line);
                if (c.get("reason").asText().equals("oversized")) continue; // the bridge's, never on the raw topic
                cases++;
                byte[] payload = Base64.getDecoder().decode(c.get("payload").asText());
                long at = c.get("received_at").asLong();
                harness.processElement(
                        new StreamRecord<>(new RawMessage(c.get("topic").asText(), payload, at), at));
                String got = outcome(harness, serializer);
                String want = c.get("reason").asText().equals("accepted")
                        ? "{} " + c.get("accepted").asInt()
                        : "{" + c.get("reason").asText() + "="
                                + c.get("rejections").asInt() + "} "
                                + c.get("accepted").asInt();
                if (!got.equals(want)) wrong.add("case " + c.get("case").asInt() + ": want " + want + ", got " + got);
            }
        }
        assertThat(cases).isGreaterThan(10_000);
        assertThat(wrong).isEmpty();
    }

    /** The rejections (serialized as the sink does) and accepted readings of the last message; clears both. */
    private static String outcome(
            OneInputStreamOperatorTestHarness<RawMessage, AcceptedReadings> harness, RejectionSerializer serializer) {
        Map<String, Integer> reasons = new TreeMap<>();
        var side = harness.getSideOutput(Outputs.REJECTED);
        if (side != null) {
            for (StreamRecord<Rejection> r : side) {
                serializer.serialize(r.getValue(), null, r.getTimestamp());
                reasons.merge(r.getValue().reason().code(), 1, Integer::sum);
            }
            side.clear();
        }
        int accepted = harness.extractOutputValues().stream()
                .mapToInt(AcceptedReadings::size)
                .sum();
        harness.getOutput().clear();
        return reasons + " " + accepted;
    }
}
