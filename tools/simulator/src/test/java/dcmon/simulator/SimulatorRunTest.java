package dcmon.simulator;

import static dcmon.simulator.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dcmon.core.Topics;
import dcmon.core.reading.MessageValidator;
import dcmon.core.reading.RejectReason;
import dcmon.core.registry.Enterprise;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Runs generated without a broker: determinism, fault injection and the ground truth's own consistency. */
class SimulatorRunTest {

    @Test
    void theSameOptionsGiveTheSameBytesAndGroundTruthAndAnotherSeedDoesNot() {
        Run first = run("all", 1);
        Run again = generate("all", 1);
        assertThat(again.messages()).hasSameSizeAs(first.messages());
        for (int i = 0; i < first.messages().size(); i++) {
            OutgoingMessage a = first.messages().get(i);
            OutgoingMessage b = again.messages().get(i);
            assertThat(b.topic()).as("topic of message %d", i).isEqualTo(a.topic());
            assertThat(b.payload()).as("payload of message %d", i).isEqualTo(a.payload());
            assertThat(b.retained()).isEqualTo(a.retained());
            assertThat(b.kind()).isEqualTo(a.kind());
        }
        assertThat(new String(again.truth().toJson()))
                .isEqualTo(new String(first.truth().toJson()));

        Run other = generate("all", 2);
        assertThat(live(other)).isNotEqualTo(live(first));
        // every gateway's very first readings differ: registers start from seeded values
        assertThat(other.truth().enterprises().keySet())
                .isEqualTo(first.truth().enterprises().keySet());
        assertThat(new String(other.truth().toJson()))
                .isNotEqualTo(new String(first.truth().toJson()));
        long samePayloads = 0;
        List<String> firstLive = live(first);
        List<String> otherLive = live(other);
        for (int i = 0; i < Math.min(firstLive.size(), otherLive.size()); i++)
            if (firstLive.get(i).equals(otherLive.get(i))) samePayloads++;
        assertThat(samePayloads)
                .as("identical live payloads at the same position")
                .isLessThan(firstLive.size() / 100);
    }

    private static List<String> live(Run r) {
        return r.messages().stream()
                .filter(m -> m.kind() == OutgoingMessage.Kind.LIVE)
                .map(m -> new String(m.payload()))
                .toList();
    }

    @Test
    void allFaultsAreInjectedAndEachExpectedRejectionHasItsFaultsReason() {
        Run run = run("all", 1);
        GroundTruth truth = run.truth();
        Faults all = Faults.all();

        // every fault, as often as asked for over the window
        Map<String, Integer> asked = new TreeMap<>();
        for (FaultKind k : FaultKind.values())
            asked.put(k.cliName(), all.amount(k).count());
        assertThat(truth.faultCounts()).isEqualTo(asked);
        assertThat(run.summary().faults()).isEqualTo(asked);
        assertThat(truth.faults()).isEqualTo(all.toString());

        // exactly one message is above 256 KiB: the oversized fault
        List<OutgoingMessage> big = run.messages().stream()
                .filter(m -> m.payload().length > Topics.MAX_PAYLOAD_BYTES)
                .toList();
        assertThat(big).singleElement().satisfies(m -> assertThat(m.kind()).isEqualTo(OutgoingMessage.Kind.GARBAGE));

        // expected rejections: as many per reason as the faults mapping to that reason were injected
        Map<String, Integer> expectedPerReason = new TreeMap<>();
        for (FaultKind k : FaultKind.values()) {
            if (k.reason() != null)
                expectedPerReason.merge(k.reason().code(), truth.faultCounts().get(k.cliName()), Integer::sum);
        }
        Map<String, Integer> perReason = new TreeMap<>();
        truth.rejections().forEach((id, reason) -> {
            assertThat(id).startsWith(reason + ":");
            assertThat(RejectReason.ofCode(reason)).as(reason).isNotNull();
            perReason.merge(reason, 1, Integer::sum);
        });
        assertThat(perReason).isEqualTo(expectedPerReason);

        // each injected reading fault has its own rejection, found by enterprise, gateway, point and ts
        int readingFaults = 0;
        for (GroundTruth.InjectedFault f : truth.injected()) {
            FaultKind k = FaultKind.ofCliName(f.fault());
            if (k.reason() == null || k.messageLevel()) continue;
            long ts = f.ts() == null
                    ? Long.MIN_VALUE
                    : OffsetDateTime.parse(f.ts()).toInstant().toEpochMilli();
            String prefix =
                    k.reason().code() + ":" + f.enterprise() + ":" + f.gateway() + ":" + f.point() + ":" + ts + ":";
            List<String> ids = truth.rejections().keySet().stream()
                    .filter(id -> id.startsWith(prefix))
                    .toList();
            assertThat(ids).as("rejection of %s", f).hasSize(1);
            assertThat(truth.rejections().get(ids.get(0))).isEqualTo(k.reason().code());
            readingFaults++;
        }
        // each garbage message is expected as a message-level rejection, by its payload hash
        int garbage = 0;
        for (OutgoingMessage m : run.messages()) {
            if (m.kind() != OutgoingMessage.Kind.GARBAGE) continue;
            String sha = MessageValidator.sha256(m.payload());
            List<String> ids = truth.rejections().keySet().stream()
                    .filter(id -> id.endsWith(":" + sha))
                    .toList();
            assertThat(ids).as("rejection of garbage on %s", m.topic()).hasSize(1);
            garbage++;
        }
        int messageFaults = Arrays.stream(FaultKind.values())
                .filter(FaultKind::messageLevel)
                .mapToInt(k -> truth.faultCounts().get(k.cliName()))
                .sum();
        assertThat(garbage).isEqualTo(messageFaults);
        assertThat(readingFaults + garbage).isEqualTo(truth.rejections().size());
    }

    @Test
    void publishedCountsMatchWhatWasPublished() {
        Run run = run("all", 1);
        GroundTruth.Published p = run.truth().published();
        List<OutgoingMessage> readings =
                run.messages().stream().filter(OutgoingMessage::isReadings).toList();
        List<OutgoingMessage> status =
                run.messages().stream().filter(m -> !m.isReadings()).toList();
        assertThat(p.messages()).isEqualTo(readings.size());
        assertThat(p.readings())
                .isEqualTo(
                        readings.stream().mapToLong(OutgoingMessage::readings).sum());
        assertThat(p.duplicates())
                .isEqualTo(3)
                .isEqualTo(readings.stream()
                        .filter(m -> m.kind() == OutgoingMessage.Kind.DUPLICATE)
                        .count());
        // an online and an offline status per gateway, and one of each around the gap
        int gateways = REGISTRY.enterprises().stream()
                .mapToInt(e -> e.gateways().size())
                .sum();
        assertThat(p.statusMessages()).isEqualTo(status.size()).isEqualTo(2L * gateways + 2);
        assertThat(status).allSatisfy(m -> {
            assertThat(m.retained()).isTrue();
            assertThat(m.topic()).endsWith("/status");
        });
        assertThat(readings).allSatisfy(m -> assertThat(m.retained()).isFalse());
        // a duplicate is the identical bytes of an earlier message on the same topic
        for (OutgoingMessage d : readings.stream()
                .filter(m -> m.kind() == OutgoingMessage.Kind.DUPLICATE)
                .toList()) {
            int at = readings.indexOf(d);
            assertThat(readings.subList(0, at)).anySatisfy(m -> {
                assertThat(m.topic()).isEqualTo(d.topic());
                assertThat(m.payload()).isEqualTo(d.payload());
            });
        }
    }

    @Test
    void dayTotalsSumToMonthTotals() {
        Run acrossMonthEnd = run("all", 5, 5, at("2026-10-31T07:05:00+08:00"), at("2026-11-01T18:00:00+08:00"));
        assertThat(acrossMonthEnd.truth().enterprises().values())
                .allSatisfy(e -> assertThat(e.months().keySet())
                        .containsExactly(YearMonth.of(2026, 10), YearMonth.of(2026, 11)));
        for (GroundTruth truth : List.of(run("all", 1).truth(), run("none", 1).truth(), acrossMonthEnd.truth())) {
            assertThat(truth.enterprises()).isNotEmpty();
            truth.enterprises().forEach((code, e) -> {
                Map<YearMonth, double[]> sums = new HashMap<>();
                Map<YearMonth, Map<String, Double>> outputs = new HashMap<>();
                e.days().forEach((day, t) -> {
                    double[] s = sums.computeIfAbsent(YearMonth.from(day), m -> new double[4]);
                    s[0] += t.tce();
                    s[1] += t.tceEqualValue();
                    s[2] += t.tcePolicy();
                    s[3] += t.tco2();
                    t.outputs()
                            .forEach((k, v) -> outputs.computeIfAbsent(YearMonth.from(day), m -> new TreeMap<>())
                                    .merge(k, v, Double::sum));
                });
                assertThat(sums.keySet()).as(code).isEqualTo(e.months().keySet());
                e.months().forEach((month, t) -> {
                    double[] s = sums.get(month);
                    assertClose(s[0], t.tce(), code + " " + month + " tce");
                    assertClose(s[1], t.tceEqualValue(), code + " " + month + " tce_equal_value");
                    assertClose(s[2], t.tcePolicy(), code + " " + month + " tce_policy");
                    assertClose(s[3], t.tco2(), code + " " + month + " tco2");
                    assertThat(outputs.getOrDefault(month, Map.of()).keySet())
                            .isEqualTo(t.outputs().keySet());
                    t.outputs()
                            .forEach((k, v) -> assertClose(outputs.get(month).get(k), v, code + " " + month + " " + k));
                });
            });
        }
    }

    static void assertClose(double actual, double expected, String what) {
        assertThat(actual).as(what).isCloseTo(expected, within(1e-9 * Math.max(1.0, Math.abs(expected))));
    }

    @Test
    void withoutFaultsNothingIsRejectedAndEveryMessageIsValid() {
        Run run = run("none", 1);
        GroundTruth truth = run.truth();
        assertThat(truth.rejections()).isEmpty();
        assertThat(truth.faultCounts()).isEmpty();
        assertThat(truth.injected()).isEmpty();
        assertThat(truth.faults()).isEqualTo("none");

        MessageValidator validator = new MessageValidator(
                REGISTRY, MessageValidator.DEFAULT_LATENESS, MessageValidator.DEFAULT_FUTURE_ALLOWANCE);
        long readings = 0;
        for (OutgoingMessage m : run.messages()) {
            if (!m.isReadings()) continue;
            assertThat(m.kind()).isEqualTo(OutgoingMessage.Kind.LIVE);
            assertThat(m.payload().length).isLessThanOrEqualTo(Topics.MAX_PAYLOAD_BYTES);
            MessageValidator.Result r = validator.validate(m.topic(), m.payload(), NOW.toEpochMilli());
            assertThat(r.rejections()).as("rejections of %s", m.topic()).isEmpty();
            assertThat(r.accepted().size()).isEqualTo(m.readings());
            readings += m.readings();
        }
        assertThat(readings).isEqualTo(truth.published().readings()).isPositive();

        // every registered enterprise has both days of the window, and nothing outside it
        assertThat(truth.enterprises().keySet())
                .isEqualTo(REGISTRY.enterprises().stream().map(Enterprise::code).collect(Collectors.toSet()));
        truth.enterprises().forEach((code, e) -> {
            assertThat(e.days().keySet())
                    .as(code)
                    .containsExactly(LocalDate.parse("2026-11-17"), LocalDate.parse("2026-11-18"));
            assertThat(e.days().get(LocalDate.parse("2026-11-17")).tce())
                    .as(code)
                    .isNotZero();
        });
    }

    @Test
    void groundTruthJsonReadsBackEqual() {
        GroundTruth truth = run("all", 1).truth();
        GroundTruth back = GroundTruth.fromJson(truth.toJson());
        assertThat(new String(back.toJson())).isEqualTo(new String(truth.toJson()));
        assertThat(back.rejections()).isEqualTo(truth.rejections());
        assertThat(back.enterprises()).isEqualTo(truth.enterprises());
        SortedMap<String, Integer> counts = back.faultCounts();
        assertThat(counts).isEqualTo(truth.faultCounts());
        assertThat(back.from()).isEqualTo(FROM);
        assertThat(back.to()).isEqualTo(TO);
        assertThat(new ArrayList<>(back.injected())).isEqualTo(truth.injected());
    }
}
