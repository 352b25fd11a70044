package dcmon.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.reference.RepoConfig;
import dcmon.core.targets.Subject;
import dcmon.core.targets.SubjectLevel;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each rule's default thresholds from config/alerts.yaml. */
class AlertRulesTest {
    static AlertConfig config;

    @BeforeAll
    static void load() throws Exception {
        config = AlertConfigLoader.load(RepoConfig.configDir().resolve("alerts.yaml"));
    }

    @Test
    void everyRuleIsConfigured() {
        assertThat(config.rules().keySet()).containsExactlyElementsOf(RuleIds.ALL);
        assertThat(config.colour(Severity.INFO)).isEqualTo(Colour.GREEN);
        assertThat(config.colour(Severity.WATCH)).isEqualTo(Colour.YELLOW);
        assertThat(config.colour(Severity.WARNING)).isEqualTo(Colour.YELLOW);
        assertThat(config.colour(Severity.BREACH)).isEqualTo(Colour.RED);
        assertThat(config.severityLabels().get(Severity.BREACH)).isEqualTo(new AlertConfig.Label("超标", "breach"));
    }

    @ParameterizedTest(name = "{0} at {1} → {2}")
    @CsvSource({
        "total.pace, 4.99, none",
        "total.pace, 5, watch",
        "total.pace, 9.99, watch",
        "total.pace, 10, warning",
        "total.projection, 94.9, none",
        "total.projection, 95, watch",
        "total.projection, 100, warning",
        "total.breach, 100, none",
        "total.breach, 100.01, breach",
        "intensity.target, 0, none",
        "intensity.target, 0.1, warning",
        "intensity.target, 10, warning",
        "intensity.target, 10.01, breach",
        "co2.projection, 95, watch",
        "co2.projection, 100, warning",
        "co2.breach, 100.5, breach",
        "co2.intensity, 5, warning",
        "co2.intensity, 11, breach",
        "region.projection, 96, watch",
        "region.projection, 101, warning",
        "region.intensity, -2, none",
        "region.intensity, 12, breach",
        "gateway.offline, 0.99, none",
        "gateway.offline, 1, warning",
        "data.completeness, 90, none",
        "data.completeness, 89.9, warning",
        "point.stuck, 23.9, none",
        "point.stuck, 24, warning",
        "counter.reset, 0, none",
        "counter.reset, 1, info",
        "reading.suspect, 1, watch",
        "reading.conflict, 2, watch",
        "reading.unknown_point, 1, watch",
        "reading.rejected_rate, 4.9, none",
        "reading.rejected_rate, 5, watch",
        "reading.rejected_rate, 20, warning",
        "broker.backlog, 19999, none",
        "broker.backlog, 20000, watch",
        "broker.backlog, 100000, warning"
    })
    void thresholds(String rule, double value, String expected) {
        Evaluation e = RuleEvaluator.evaluate(config.rule(rule), value);
        assertThat(e == null ? "none" : e.severity().code()).isEqualTo(expected);
    }

    @Test
    void theEvidenceNamesTheThresholdReached() {
        assertThat(RuleEvaluator.evaluate(config.rule(RuleIds.TOTAL_PACE), 12.5))
                .isEqualTo(new Evaluation(Severity.WARNING, 10));
    }

    @Test
    void aStuckRegisterOnlyCountsWhileTheUnitsOtherInputsMove() {
        Subject point = new Subject(SubjectLevel.POINT, "X/E-01", "X", "420100", null, null, "E-01");
        Observation resting = QualityRules.pointStuck(point, "E-01", "2026-11-24", 30, false);
        Observation stuck = QualityRules.pointStuck(point, "E-01", "2026-11-24", 30, true);
        assertThat(RuleEvaluator.evaluate(config.rule(RuleIds.POINT_STUCK), resting.value()))
                .isNull();
        assertThat(RuleEvaluator.evaluate(config.rule(RuleIds.POINT_STUCK), stuck.value())
                        .severity())
                .isEqualTo(Severity.WARNING);
        assertThat(QualityRules.completeness(point, "E-01", "2026-11-24", 85, 96)
                        .value())
                .isEqualTo(100.0 * 85 / 96);
        assertThat(QualityRules.rejectedRate(point, "E-01", "2026-11-24", 0, 0).value())
                .isNull();
        assertThat(QualityRules.completeness(point, "E-01", "2026-11-24", 85, 96)
                        .context())
                .isEqualTo(Map.of("received", 85.0, "expected", 96.0));
    }

    @Test
    void aBrokerBacklogIsRaisedWithItsMessagesAndClearedOnlyPastTheMargin() {
        Subject broker = Subject.broker("mqtt-1");
        AlertLifecycle.Transition raised = AlertLifecycle.step(
                null, QualityRules.brokerBacklog(broker, "2026-12-03", 23_456, 48_500_000), config, 0L);
        AlertEvent e = raised.event();
        assertThat(e.rule()).isEqualTo("broker.backlog");
        assertThat(e.subject().key()).isEqualTo("broker:mqtt-1");
        assertThat(e.severity()).isEqualTo(Severity.WATCH);
        assertThat(e.messageZh()).isEqualTo("MQTT 服务器 mqtt-1 积压 23456 条消息未转发（约 48.5 MB 内存，阈值 20000 条），请检查桥接程序与 Kafka");
        assertThat(e.messageEn())
                .isEqualTo("MQTT broker mqtt-1 holds 23456 messages not yet forwarded (about 48.5 MB of memory;"
                        + " threshold 20000); check the bridges and Kafka");
        // 15,000 is below the threshold but not past it by the clear margin of 5,000: still held
        AlertLifecycle.Transition held = AlertLifecycle.step(
                raised.next(), QualityRules.brokerBacklog(broker, "2026-12-03", 15_000, 30_000_000), config, 1L);
        assertThat(held.event()).isNull();
        AlertLifecycle.Transition cleared = AlertLifecycle.step(
                held.next(), QualityRules.brokerBacklog(broker, "2026-12-03", 14_999, 30_000_000), config, 2L);
        assertThat(cleared.event().event()).isEqualTo(AlertEvent.Type.CLEARED);
        assertThat(cleared.event().id()).isEqualTo(e.id());
    }
}
