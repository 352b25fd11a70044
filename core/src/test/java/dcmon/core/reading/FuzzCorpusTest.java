package dcmon.core.reading;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.Topics;
import dcmon.core.registry.Registry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hostile-input corpus ({@link FuzzCorpus}) through the bridge's size and topic checks and the job's
 * validation, as the job runs them: nothing throws, every bad case gets exactly its reason as many times as it
 * has bad parts, good cases and good readings among bad ones are accepted, and every rejection can be written
 * to the rejected topic.
 */
class FuzzCorpusTest {
    private static Registry registry;
    private static List<FuzzCorpus.Case> corpus;

    @BeforeAll
    static void load() throws Exception {
        registry = FuzzCorpus.sampleRegistry();
        if (Boolean.getBoolean(FuzzCorpus.REGENERATE)) {
            // after a change to the generator or the sample registry: -Ddcmon.fuzz.regenerate=true
            Path file = Path.of("src/test/resources" + FuzzCorpus.RESOURCE);
            FuzzCorpus.write(FuzzCorpus.generate(registry, FuzzCorpus.SEED), file);
            try (var in = Files.newInputStream(file)) {
                corpus = FuzzCorpus.read(in);
            }
            return;
        }
        corpus = FuzzCorpus.stored();
    }

    @Test
    void theStoredCorpusIsWhatTheSeededGeneratorMakes() {
        List<FuzzCorpus.Case> fresh = FuzzCorpus.generate(registry, FuzzCorpus.SEED);
        assertThat(corpus).hasSameSizeAs(fresh);
        for (int i = 0; i < fresh.size(); i++) {
            FuzzCorpus.Case a = corpus.get(i);
            FuzzCorpus.Case b = fresh.get(i);
            assertThat(a.payload()).as("case %d payload", i).isEqualTo(b.payload());
            assertThat(new Object[] {
                        a.kind(), a.topic(), a.receivedAt(), a.reason(), a.rejections(), a.accepted(), a.anyTime()
                    })
                    .as("case %d", i)
                    .isEqualTo(new Object[] {
                        b.kind(), b.topic(), b.receivedAt(), b.reason(), b.rejections(), b.accepted(), b.anyTime()
                    });
        }
    }

    @Test
    void coversEveryKindOfHostileInputAndEveryValidationReason() {
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(10_000);
        Map<String, Integer> byReason = new TreeMap<>();
        for (FuzzCorpus.Case c : corpus) byReason.merge(c.reason(), 1, Integer::sum);
        assertThat(byReason.keySet())
                .containsExactlyInAnyOrder(
                        "accepted",
                        "oversized",
                        "bad_topic",
                        "malformed_json",
                        "wrong_schema",
                        "unknown_enterprise",
                        "unknown_gateway",
                        "gateway_mismatch",
                        "enterprise_mismatch",
                        "unknown_point",
                        "bad_timestamp",
                        "bad_value",
                        "negative_value",
                        "future_timestamp",
                        "too_late");
        assertThat(corpus.stream().map(FuzzCorpus.Case::kind).distinct())
                .contains(
                        "random-bytes",
                        "truncated",
                        "nested-extra",
                        "nested-reading",
                        "huge-number",
                        "huge-seq",
                        "nan-literal",
                        "nan-string",
                        "wrong-type",
                        "huge-array-numbers",
                        "oversized",
                        "offset-dst",
                        "unicode-topic-enterprise",
                        "topic-gateway-differs",
                        "bad-topic",
                        "credit-code",
                        "mixed");
        // enough of the bad cases can be published on a live stack whatever the date
        assertThat(corpus.stream().filter(c -> c.anyTime() && !c.reason().equals(FuzzCorpus.ACCEPTED)))
                .hasSizeGreaterThan(6_000);
    }

    @Test
    void everyCaseGetsExactlyItsReasonAndNothingThrows() {
        MessageValidator validator = new MessageValidator(
                registry, MessageValidator.DEFAULT_LATENESS, MessageValidator.DEFAULT_FUTURE_ALLOWANCE);
        List<String> wrong = new ArrayList<>();
        Map<String, String> firstByKind = new TreeMap<>();
        for (FuzzCorpus.Case c : corpus) {
            String got;
            try {
                got = outcome(validator, c);
            } catch (RuntimeException e) {
                got = "threw " + e;
            }
            String want = expected(c);
            if (got.equals(want)) continue;
            wrong.add("case " + c.id() + " (" + c.kind() + "): want " + want + ", got " + got);
            firstByKind.putIfAbsent(c.kind(), wrong.get(wrong.size() - 1));
        }
        assertThat(wrong.size())
                .as("cases with another outcome; the first of each kind:\n" + String.join("\n", firstByKind.values()))
                .isZero();
    }

    /** The bridge's checks (a readings topic, the size limit), then validation; rejections as the job writes them. */
    static String outcome(MessageValidator validator, FuzzCorpus.Case c) {
        if (MqttTopic.parseReadings(c.topic()) == null) return "bad_topic x1, accepted 0";
        if (c.payload().length > Topics.MAX_PAYLOAD_BYTES) return "oversized x1, accepted 0";
        MessageValidator.Result r = validator.validate(c.topic(), c.payload(), c.receivedAt());
        Map<String, Integer> reasons = new TreeMap<>();
        for (Rejection x : r.rejections()) {
            x.toJson(); // what the rejected-topic sink does with it
            x.id();
            reasons.merge(x.reason().code(), 1, Integer::sum);
        }
        int accepted = r.accepted() == null ? 0 : r.accepted().size();
        if (reasons.isEmpty()) return "accepted, accepted " + accepted;
        if (reasons.size() > 1) return reasons + ", accepted " + accepted;
        var only = reasons.entrySet().iterator().next();
        return only.getKey() + " x" + only.getValue() + ", accepted " + accepted;
    }

    private static String expected(FuzzCorpus.Case c) {
        return c.reason().equals(FuzzCorpus.ACCEPTED)
                ? "accepted, accepted " + c.accepted()
                : c.reason() + " x" + c.rejections() + ", accepted " + c.accepted();
    }

    @Test
    void theGeneratorIsDeterministicForAnySeed() {
        List<FuzzCorpus.Case> a = FuzzCorpus.generate(registry, 7);
        List<FuzzCorpus.Case> b = FuzzCorpus.generate(registry, 7);
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++)
            assertThat(Arrays.equals(a.get(i).payload(), b.get(i).payload())).isTrue();
    }
}
