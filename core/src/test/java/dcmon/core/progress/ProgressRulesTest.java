package dcmon.core.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dcmon.core.alert.AlertConfig;
import dcmon.core.alert.AlertConfigLoader;
import dcmon.core.alert.AlertEvent;
import dcmon.core.alert.AlertTracker;
import dcmon.core.alert.Observation;
import dcmon.core.alert.ProgressRules;
import dcmon.core.alert.RuleIds;
import dcmon.core.reference.RepoConfig;
import dcmon.core.targets.RegionTargets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** From a unit's progress to its alerts. */
class ProgressRulesTest {
    @Test
    void aUnitAheadOfTimeRaisesThePaceWarningOnly() throws Exception {
        AlertConfig config = AlertConfigLoader.load(RepoConfig.configDir().resolve("alerts.yaml"));
        Progress p = ProgressCalculator.enterprise(
                ProgressCalculatorTest.steel(),
                RegionTargets.NONE,
                2026,
                ProgressCalculatorTest.JULY_1,
                ProgressCalculatorTest.measured(),
                ProgressCalculator.Recent.NONE,
                null);
        List<Observation> observations = ProgressRules.observe(p);
        assertThat(observations)
                .extracting(Observation::rule)
                .containsExactly(
                        RuleIds.TOTAL_PACE,
                        RuleIds.TOTAL_PROJECTION,
                        RuleIds.TOTAL_BREACH,
                        RuleIds.INTENSITY_TARGET,
                        RuleIds.CO2_PROJECTION,
                        RuleIds.CO2_BREACH,
                        RuleIds.CO2_INTENSITY);
        AlertTracker tracker = new AlertTracker(config);
        List<AlertEvent> events = observations.stream()
                .map(o -> tracker.observe(o, p.at()))
                .flatMap(Optional::stream)
                .toList();
        // pace 15.9 pp (warning); projected 132 % of the cap (warning); 65 % used (no breach); steel at 540 kgce
        // below its 545 target; CO₂ projected at 119 % of its cap
        assertThat(events)
                .extracting(AlertEvent::rule)
                .containsExactly(RuleIds.TOTAL_PACE, RuleIds.TOTAL_PROJECTION, RuleIds.CO2_PROJECTION);
        AlertEvent pace = events.get(0);
        assertThat((Double) pace.evidence().get("value")).isCloseTo(p.paceGapPp(), within(1e-12));
        assertThat(pace.evidence()).containsEntry("cap_tce", 3_300_000.0).containsEntry("cap_basis", "gbt2589");
        assertThat(pace.messageZh()).isEqualTo("武汉示例钢铁 2026 年能耗总量进度超前时间进度 15.87 个百分点（阈值 10）");
        Observation intensity = observations.get(3);
        assertThat(intensity.context()).containsEntry("product", "crude-steel");
        assertThat(intensity.value()).isCloseTo((540 / 545.0 - 1) * 100, within(1e-9));
    }
}
