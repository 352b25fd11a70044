package dcmon.console.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.alert.AlertConfigLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColoursTest {
    private static final Path ALERTS =
            Path.of(System.getProperty("dcmon.home", "../..")).resolve("config/alerts.yaml");

    @Test
    void thresholdsOfTheRulesColourAUnitsProgress() throws Exception {
        Colours colours = Colours.of(AlertConfigLoader.load(ALERTS));
        assertThat(colours.ofEnterprise(Map.of("completion_pct", 91.5, "pace_gap_pp", 0.5, "projected_pct", 94.9)))
                .isEqualTo("green");
        assertThat(colours.ofEnterprise(Map.of("pace_gap_pp", 5.0))).isEqualTo("yellow");
        assertThat(colours.ofEnterprise(Map.of("projected_pct", 95.0))).isEqualTo("yellow");
        assertThat(colours.ofEnterprise(Map.of("co2_projected_pct", 120.0))).isEqualTo("yellow");
        assertThat(colours.ofEnterprise(Map.of("completion_pct", 100.0))).isEqualTo("green");
        assertThat(colours.ofEnterprise(Map.of("completion_pct", 100.1, "pace_gap_pp", 1.0)))
                .isEqualTo("red");
        assertThat(colours.ofEnterprise(Map.of("co2_completion_pct", 101.0))).isEqualTo("red");
        assertThat(colours.ofEnterprise(Map.of())).isEqualTo("green");
    }

    @Test
    void regionsHaveOnlyTheRegionProjectionRule() throws Exception {
        Colours colours = Colours.of(AlertConfigLoader.load(ALERTS));
        assertThat(colours.ofRegion(Map.of("completion_pct", 101.0, "projected_pct", 94.0)))
                .isEqualTo("green");
        assertThat(colours.ofRegion(Map.of("projected_pct", 100.0))).isEqualTo("yellow");
    }

    @Test
    void theBuiltInDefaultsAreThoseOfTheRepositorysRules() throws Exception {
        Colours config = Colours.of(AlertConfigLoader.load(ALERTS));
        Colours defaults = Colours.defaults();
        for (String field : new String[] {
            "completion_pct", "pace_gap_pp", "projected_pct", "co2_projected_pct", "co2_completion_pct"
        }) {
            for (double v = -5; v <= 125; v += 0.5) {
                Map<String, Object> row = Map.of(field, v);
                assertThat(defaults.ofEnterprise(row)).as(field + " " + v).isEqualTo(config.ofEnterprise(row));
                assertThat(defaults.ofRegion(row)).as(field + " " + v).isEqualTo(config.ofRegion(row));
            }
        }
    }

    @Test
    void worseOrdersGreenYellowRed() {
        assertThat(Colours.worse(null, "yellow")).isEqualTo("yellow");
        assertThat(Colours.worse("red", "yellow")).isEqualTo("red");
        assertThat(Colours.worse("green", null)).isEqualTo("green");
    }
}
