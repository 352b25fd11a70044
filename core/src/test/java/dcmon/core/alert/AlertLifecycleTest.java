package dcmon.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcmon.core.reference.RepoConfig;
import dcmon.core.targets.Subject;
import dcmon.core.targets.SubjectLevel;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AlertLifecycleTest {
    static AlertConfig config;
    static final Subject STEEL = new Subject(
            SubjectLevel.ENTERPRISE, "91430111MA4L41YT1U", "91430111MA4L41YT1U", "420100", "hundred", null, null);
    static final long T0 =
            OffsetDateTime.parse("2026-11-24T10:15:00+08:00").toInstant().toEpochMilli();
    static final long MINUTE = 60_000;

    @BeforeAll
    static void load() throws Exception {
        config = AlertConfigLoader.load(RepoConfig.configDir().resolve("alerts.yaml"));
    }

    static Observation pace(Double value) {
        return new Observation(RuleIds.TOTAL_PACE, STEEL, "武汉示例钢铁", "2026", value, Map.of());
    }

    /** Feeds the values a minute apart; returns "event:severity" per event (or "-" for none). */
    static List<String> run(AlertTracker tracker, String rule, double... values) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            Observation o = new Observation(rule, STEEL, "武汉示例钢铁", "2026", values[i], Map.of());
            Optional<AlertEvent> e = tracker.observe(o, T0 + i * MINUTE);
            out.add(e.map(x -> x.event().code() + ":" + x.severity().code() + "#" + x.seq())
                    .orElse("-"));
        }
        return out;
    }

    @Test
    void theIdIsTheFirst16BytesOfSha256OverRuleSubjectAndPeriod() {
        assertThat(AlertIds.id("total.pace", STEEL, "2026")).isEqualTo("d241bdb3e3cbd389bb1384bc0a883531");
        assertThat(AlertIds.id("total.pace", STEEL, "2027"))
                .hasSize(32)
                .isNotEqualTo(AlertIds.id("total.pace", STEEL, "2026"));
    }

    @Test
    void raisesWithTheExampleMessages() {
        AlertEvent e = new AlertTracker(config).observe(pace(12.5), T0).orElseThrow();
        assertThat(e.id()).isEqualTo("d241bdb3e3cbd389bb1384bc0a883531");
        assertThat(e.seq()).isEqualTo(1);
        assertThat(e.event()).isEqualTo(AlertEvent.Type.RAISED);
        assertThat(e.severity()).isEqualTo(Severity.WARNING);
        assertThat(e.colour()).isEqualTo(Colour.YELLOW);
        assertThat(e.state()).isEqualTo(AlertEvent.State.ACTIVE);
        assertThat(e.firstSeen()).isEqualTo("2026-11-24T10:15:00+08:00");
        assertThat(e.lastChanged()).isEqualTo("2026-11-24T10:15:00+08:00");
        assertThat(e.evidence())
                .containsEntry("value", 12.5)
                .containsEntry("threshold", 10.0)
                .containsEntry("unit", "pp")
                .containsEntry("period", "2026");
        assertThat(e.messageZh()).isEqualTo("武汉示例钢铁 2026 年能耗总量进度超前时间进度 12.5 个百分点（阈值 10）");
        assertThat(e.messageEn()).isEqualTo("Total consumption ahead of time by 12.5 pp (threshold 10)");
    }

    @Test
    void aValueHoveringAtAThresholdDoesNotFlap() {
        // warning at 10, clear margin 1: once raised, 9.5 keeps the warning; moves below the update step send nothing
        assertThat(run(new AlertTracker(config), RuleIds.TOTAL_PACE, 9.9, 10.1, 9.9, 10.0, 9.5, 10.2, 9.3))
                .containsExactly("raised:watch#1", "updated:warning#2", "-", "-", "-", "-", "-");
    }

    @Test
    void severityFallsAndTheAlertClearsOnlyPastTheLowerThresholdsByTheMargin() {
        // watch at 5 and warning at 10, margin 1: warning holds down to 9, watch down to 4; 4.5 does not raise again
        assertThat(run(new AlertTracker(config), RuleIds.TOTAL_PACE, 11, 8.9, 8.2, 4.0, 3.9, 4.5, 5.0))
                .containsExactly(
                        "raised:warning#1",
                        "updated:watch#2",
                        "-",
                        "updated:watch#3",
                        "cleared:watch#4",
                        "-",
                        "raised:watch#5");
    }

    @Test
    void updatesWhenTheValueMovesByTheStep() {
        assertThat(run(new AlertTracker(config), RuleIds.TOTAL_PACE, 5.0, 5.5, 6.0, 6.9, 7.0))
                .containsExactly("raised:watch#1", "-", "updated:watch#2", "-", "updated:watch#3");
    }

    @Test
    void clearingCanRequireAMinimumDuration() {
        RuleConfig pace = config.rule(RuleIds.TOTAL_PACE);
        RuleConfig slow = new RuleConfig(
                pace.id(),
                pace.labelZh(),
                pace.labelEn(),
                pace.unit(),
                pace.compare(),
                pace.thresholds(),
                0,
                3 * MINUTE,
                pace.updateStep(),
                pace.messageZh(),
                pace.messageEn());
        Map<String, RuleConfig> rules = new java.util.LinkedHashMap<>(config.rules());
        rules.put(RuleIds.TOTAL_PACE, slow);
        AlertConfig c = new AlertConfig(
                rules,
                config.colours(),
                config.severityLabels(),
                config.colourLabels(),
                config.clearedZh(),
                config.clearedEn());
        // below 5 for two minutes, back up, then below for three minutes
        assertThat(run(new AlertTracker(c), RuleIds.TOTAL_PACE, 6, 4, 4, 6, 4, 4, 4, 4))
                .containsExactly("raised:watch#1", "-", "-", "-", "-", "-", "-", "cleared:watch#2");
    }

    @Test
    void anUnmeasurableValueClearsAndTheClearedEventKeepsItsSeverity() {
        AlertTracker tracker = new AlertTracker(config);
        tracker.observe(pace(12.0), T0);
        AlertEvent cleared = tracker.observe(pace(null), T0 + MINUTE).orElseThrow();
        assertThat(cleared.event()).isEqualTo(AlertEvent.Type.CLEARED);
        assertThat(cleared.state()).isEqualTo(AlertEvent.State.CLEARED);
        assertThat(cleared.severity()).isEqualTo(Severity.WARNING);
        assertThat(cleared.firstSeen()).isEqualTo("2026-11-24T10:15:00+08:00");
        assertThat(cleared.lastChanged()).isEqualTo("2026-11-24T10:16:00+08:00");
        assertThat(cleared.messageEn())
                .isEqualTo("Total consumption ahead of time cleared for 武汉示例钢铁 2026" + " (now —, threshold 10)");
    }

    @Test
    void replayingTheSameObservationsGivesTheSameEvents() {
        double[] values = {6, 11, 3, 7};
        assertThat(run(new AlertTracker(config), RuleIds.TOTAL_PACE, values))
                .isEqualTo(run(new AlertTracker(config), RuleIds.TOTAL_PACE, values));
    }

    @Test
    void theEventJsonHasTheSharedShapeAndReadsBack() throws Exception {
        AlertEvent e = new AlertTracker(config)
                .observe(
                        new Observation(
                                RuleIds.TOTAL_PACE, STEEL, "武汉示例钢铁", "2026", 12.5, Map.of("cap_tce", 3_300_000.0)),
                        T0)
                .orElseThrow();
        String json = AlertJson.write(e);
        JsonNode n = new ObjectMapper().readTree(json);
        assertThat(n.fieldNames())
                .toIterable()
                .containsExactly(
                        "schema",
                        "id",
                        "seq",
                        "event",
                        "rule",
                        "subject",
                        "period",
                        "severity",
                        "colour",
                        "state",
                        "first_seen",
                        "last_changed",
                        "evidence",
                        "message_zh",
                        "message_en");
        assertThat(n.get("schema").asText()).isEqualTo("dcmon.alert/1");
        assertThat(n.get("event").asText()).isEqualTo("raised");
        assertThat(n.get("subject").toString())
                .isEqualTo("{\"level\":\"enterprise\",\"code\":\"91430111MA4L41YT1U\","
                        + "\"enterprise\":\"91430111MA4L41YT1U\",\"city\":\"420100\",\"tier\":\"hundred\",\"gateway\":null,"
                        + "\"point\":null}");
        assertThat(n.get("evidence").toString())
                .isEqualTo("{\"value\":12.5,\"threshold\":10.0,\"unit\":\"pp\","
                        + "\"period\":\"2026\",\"cap_tce\":3300000.0}");
        assertThat(AlertJson.read(json)).isEqualTo(e);
    }
}
