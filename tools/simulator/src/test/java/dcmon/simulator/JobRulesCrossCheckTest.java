package dcmon.simulator;

import static dcmon.simulator.Fixtures.*;
import static dcmon.simulator.SimulatorRunTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.Topics;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.convert.EnergyConversion;
import dcmon.core.convert.Footprint;
import dcmon.core.reading.AcceptedReadings;
import dcmon.core.reading.MessageValidator;
import dcmon.core.reading.RejectReason;
import dcmon.core.reading.Rejection;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Point;
import dcmon.core.registry.Role;
import dcmon.core.series.InsertResult;
import dcmon.core.series.PointSeries;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An independent check of the ground truth: every generated message, in publish order, goes through what the
 * bridge and the job do to it — the size limit, {@link MessageValidator}, one {@link PointSeries} per point and
 * {@link EnergyConversion} per bucket, as the monitoring job's usage function does, without Flink — and the
 * per-enterprise Shanghai-day totals and the rejections must come out as the simulator says.
 */
class JobRulesCrossCheckTest {

    /** The job's default hot window. */
    static final long HOT_WINDOW_MS = 72 * 3_600_000L;

    /** The job's rules applied to what reaches it, in arrival order. */
    static final class Job {
        final MessageValidator validator = new MessageValidator(
                REGISTRY, MessageValidator.DEFAULT_LATENESS, MessageValidator.DEFAULT_FUTURE_ALLOWANCE);
        final EnergyConversion conversion = new EnergyConversion(REFERENCE);
        final Map<String, PointSeries> series = new HashMap<>();
        /** enterprise → day → tce, tce_equal_value, tce_policy, tco2 */
        final Map<String, TreeMap<LocalDate, double[]>> days = new TreeMap<>();
        /** enterprise → day → product → output */
        final Map<String, TreeMap<LocalDate, TreeMap<String, Double>>> outputs = new TreeMap<>();
        /** enterprise → point → day → amount */
        final Map<String, TreeMap<String, TreeMap<LocalDate, Double>>> points = new TreeMap<>();

        final Map<String, String> rejections = new TreeMap<>();
        long duplicates;
        /** readings placed before a newer reading of their point (reordered, uploaded after a gap) */
        long outOfOrder;

        long resets;
        long rollovers;

        void receive(OutgoingMessage m, long receivedAt) {
            if (!m.isReadings()) return; // the bridge subscribes to readings topics only
            if (m.payload().length > Topics.MAX_PAYLOAD_BYTES) { // the bridge's size limit
                rejections.put(
                        RejectReason.OVERSIZED.code() + ":" + MessageValidator.sha256(m.payload()),
                        RejectReason.OVERSIZED.code());
                return;
            }
            MessageValidator.Result r = validator.validate(m.topic(), m.payload(), receivedAt);
            for (Rejection x : r.rejections()) reject(x);
            AcceptedReadings a = r.accepted();
            if (a == null) return;
            Enterprise e = REGISTRY.enterprise(a.enterprise);
            for (int i = 0; i < a.size(); i++) {
                Point p = e.point(a.points[i]);
                PointSeries s = series.computeIfAbsent(a.enterprise + '\u0000' + p.id(), k -> new PointSeries());
                if (a.ts[i] < s.lastTs()) outOfOrder++;
                InsertResult result = s.insert(
                        a.ts[i],
                        a.values[i],
                        p,
                        HOT_WINDOW_MS,
                        (bucket, amount, estimated) -> count(e, p, bucket, amount));
                if (result == InsertResult.ACCEPTED_RESET) resets++;
                if (result == InsertResult.ACCEPTED_ROLLOVER) rollovers++;
                if (result == InsertResult.DUPLICATE) {
                    duplicates++;
                } else if (!result.accepted()) {
                    reject(new Rejection(
                            result.rejectReason(),
                            null,
                            m.topic(),
                            a.enterprise,
                            a.gateway,
                            a.seq,
                            a.index[i],
                            a.points[i],
                            a.ts[i],
                            a.values[i],
                            receivedAt,
                            null));
                }
            }
        }

        private void reject(Rejection x) {
            String before = rejections.put(x.id(), x.reason().code());
            assertThat(before).as("rejection %s seen twice", x.id()).isNull();
        }

        private void count(Enterprise e, Point p, long bucket, double amount) {
            LocalDate day = ShanghaiCalendar.date(bucket);
            Footprint f = conversion.convert(p, amount, ShanghaiCalendar.year(bucket));
            double[] t = days.computeIfAbsent(e.code(), k -> new TreeMap<>()).computeIfAbsent(day, k -> new double[4]);
            t[0] += f.tce();
            t[1] += f.tceEqualValue();
            t[2] += f.tcePolicy();
            t[3] += f.tco2();
            if (p.role() == Role.PRODUCT || p.role() == Role.WORKLOAD) {
                outputs.computeIfAbsent(e.code(), k -> new TreeMap<>())
                        .computeIfAbsent(day, k -> new TreeMap<>())
                        .merge(p.product() != null ? p.product() : p.id(), amount, Double::sum);
            }
            points.computeIfAbsent(e.code(), k -> new TreeMap<>())
                    .computeIfAbsent(p.id(), k -> new TreeMap<>())
                    .merge(day, amount, Double::sum);
        }
    }

    @ParameterizedTest(name = "faults={0} seed={1} cadence={2} from {3} to {4}")
    @CsvSource({
        "all, 1, 15, 2026-11-17T00:00:00+08:00, 2026-11-19T00:00:00+08:00",
        "none, 1, 15, 2026-11-17T00:00:00+08:00, 2026-11-19T00:00:00+08:00",
        "'dup=6,reorder=4,gap=3,conflict=5,spike=4,negative-step=4,reset=3,rollover=3', 11, 15, 2026-11-17T00:00:00+08:00, 2026-11-19T00:00:00+08:00",
        // five-minute cadence across a Shanghai month end, starting off the quarter hour
        "all, 5, 5, 2026-10-31T07:05:00+08:00, 2026-11-01T18:00:00+08:00"
    })
    void theJobsRulesGiveTheGroundTruth(String faults, long seed, int cadence, String from, String to) {
        Run run = run(faults, seed, cadence, at(from), at(to));
        GroundTruth truth = run.truth();
        Job job = new Job();
        for (OutgoingMessage m : run.messages()) job.receive(m, NOW.toEpochMilli());

        assertThat(job.rejections).isEqualTo(truth.rejections());
        if (faults.equals("all")) {
            assertThat(truth.rejections().values())
                    .as("re-sends from beyond the hot window")
                    .contains(RejectReason.LATE_COVERED.code());
        }
        assertThat(job.duplicates)
                .as("readings counted once although delivered again")
                .isEqualTo(run.messages().stream()
                        .filter(m -> m.kind() == OutgoingMessage.Kind.DUPLICATE)
                        .mapToLong(OutgoingMessage::readings)
                        .sum());

        // the faults really exercised the rules: resets, wraps and readings arriving out of event-time order
        Map<String, Integer> injected = truth.faultCounts();
        assertThat(job.resets).isEqualTo(injected.getOrDefault("reset", 0).longValue());
        assertThat(job.rollovers).isEqualTo(injected.getOrDefault("rollover", 0).longValue());
        if (injected.containsKey("gap") || injected.containsKey("reorder")) {
            assertThat(job.outOfOrder).isPositive();
        } else {
            assertThat(job.outOfOrder).isZero();
        }

        assertThat(job.days.keySet()).isEqualTo(truth.enterprises().keySet());
        truth.enterprises().forEach((code, e) -> {
            TreeMap<LocalDate, double[]> days = job.days.get(code);
            assertThat(days.keySet()).as(code).isEqualTo(e.days().keySet());
            e.days().forEach((day, t) -> {
                double[] actual = days.get(day);
                assertClose(actual[0], t.tce(), code + " " + day + " tce");
                assertClose(actual[1], t.tceEqualValue(), code + " " + day + " tce_equal_value");
                assertClose(actual[2], t.tcePolicy(), code + " " + day + " tce_policy");
                assertClose(actual[3], t.tco2(), code + " " + day + " tco2");
                Map<String, Double> out =
                        job.outputs.getOrDefault(code, new TreeMap<>()).getOrDefault(day, new TreeMap<>());
                assertThat(out.keySet())
                        .as(code + " " + day + " outputs")
                        .isEqualTo(t.outputs().keySet());
                t.outputs().forEach((product, v) -> assertClose(out.get(product), v, code + " " + day + " " + product));
            });
            assertThat(job.points.get(code).keySet())
                    .as(code + " points")
                    .isEqualTo(e.points().keySet());
            e.points().forEach((point, byDay) -> {
                assertThat(job.points.get(code).get(point).keySet())
                        .as(code + " " + point)
                        .isEqualTo(byDay.keySet());
                byDay.forEach((day, v) ->
                        assertClose(job.points.get(code).get(point).get(day), v, code + " " + point + " " + day));
            });
        });
    }
}
