package dcmon.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dcmon.core.config.ConfigException;
import dcmon.core.reference.RepoConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation of alerts.yaml: errors name file, line and field. */
class AlertConfigLoaderTest {
    @TempDir
    Path dir;

    /** The real file with one replacement; returns the errors and the 1-based line of the replacement. */
    private List<String> errors(String from, String to) throws IOException {
        String yaml = Files.readString(RepoConfig.configDir().resolve("alerts.yaml"));
        assertThat(yaml).contains(from);
        Files.writeString(dir.resolve("alerts.yaml"), yaml.replaceFirst(java.util.regex.Pattern.quote(from), to));
        ConfigException e =
                catchThrowableOfType(ConfigException.class, () -> AlertConfigLoader.load(dir.resolve("alerts.yaml")));
        assertThat(e).as("expected the alerts file to be rejected").isNotNull();
        return e.errors().stream()
                .map(x -> "alerts.yaml:" + x.line() + ": " + x.field() + ": " + x.message())
                .toList();
    }

    private static int lineOf(String text) throws IOException {
        List<String> lines = Files.readAllLines(RepoConfig.configDir().resolve("alerts.yaml"));
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i + 1;
        throw new AssertionError(text);
    }

    @Test
    void thresholdsMustGrowWorseWithSeverity() throws IOException {
        int line = lineOf("thresholds: { watch: 5, warning: 10 }");
        assertThat(errors("thresholds: { watch: 5, warning: 10 }", "thresholds: { watch: 10, warning: 5 }"))
                .containsExactly("alerts.yaml:" + line + ": rules.total.pace.thresholds.warning: the warning"
                        + " threshold must be above the watch threshold 10, found 5");
        int completeness = lineOf("thresholds: { warning: 90 }");
        assertThat(errors("thresholds: { warning: 90 }", "thresholds: { watch: 80, warning: 90 }"))
                .containsExactly("alerts.yaml:" + completeness + ": rules.data.completeness.thresholds.warning: the"
                        + " warning threshold must be below the watch threshold 80, found 90");
    }

    @Test
    void rejectsUnknownSeveritiesComparisonsRulesAndPlaceholders() throws IOException {
        int line = lineOf("thresholds: { watch: 5, warning: 10 }");
        assertThat(errors("thresholds: { watch: 5, warning: 10 }", "thresholds: { watch: 5, alarm: 10 }"))
                .containsExactly("alerts.yaml:" + line + ": rules.total.pace.thresholds.alarm: unknown field 'alarm'"
                        + " in the thresholds; allowed: info, watch, warning, breach");
        int compare = lineOf("compare: ge");
        assertThat(errors("compare: ge", "compare: above"))
                .containsExactly("alerts.yaml:" + compare
                        + ": rules.total.pace.compare: unknown compare 'above'; allowed: ge, gt, le, lt");
        int rule = lineOf("  total.pace:");
        assertThat(errors("  total.pace:", "  total.speed:"))
                .containsExactly(
                        "alerts.yaml:" + rule
                                + ": rules.total.speed: unknown field 'total.speed' in the rules; allowed: "
                                + String.join(", ", RuleIds.ALL),
                        "alerts.yaml:" + rule + ": rules.total.pace: required field 'total.pace' is missing");
        int message = lineOf("Total consumption ahead of time by {value}");
        assertThat(errors("ahead of time by {value} pp", "ahead of time by {valeu} pp"))
                .hasSize(1)
                .allMatch(e -> e.startsWith("alerts.yaml:" + message + ": rules.total.pace.message_en: unknown"
                        + " placeholder {valeu}; allowed: cap_basis, cap_tce,"));
    }
}
