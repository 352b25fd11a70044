package dcmon.core.scorecard;

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

/** config/assessment/scorecard.yaml: the shipped file equals the template; errors name file, line and field. */
class ScoringRulesLoaderTest {
    @TempDir
    Path dir;

    private static Path shipped() {
        return RepoConfig.configDir().resolve("assessment/scorecard.yaml");
    }

    @Test
    void shippedFileIsTheCommonTemplate() throws ConfigException {
        assertThat(ScoringRulesLoader.load(shipped())).isEqualTo(ScoringRules.defaults());
    }

    private List<String> errors(String from, String to) throws IOException {
        String yaml = Files.readString(shipped());
        assertThat(yaml).contains(from);
        Path f = dir.resolve("scorecard.yaml");
        Files.writeString(f, yaml.replaceFirst(java.util.regex.Pattern.quote(from), to));
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ScoringRulesLoader.load(f));
        assertThat(e).as("expected the rules to be rejected").isNotNull();
        return e.errors().stream()
                .map(x -> "scorecard.yaml:" + x.line() + ": " + x.field() + ": " + x.message())
                .toList();
    }

    private static int lineOf(String text) throws IOException {
        List<String> lines = Files.readAllLines(shipped());
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i + 1;
        throw new AssertionError(text);
    }

    @Test
    void rejectsNegativePointsAndQuotedNumbers() throws IOException {
        int line = lineOf("both_met: 35");
        assertThat(errors("both_met: 35", "both_met: -35"))
                .containsExactly("scorecard.yaml:" + line
                        + ": targets.unit_consumption.both_met: must be 0 or greater, found -35");
        assertThat(errors("both_met: 35", "both_met: \"35\""))
                .containsExactly("scorecard.yaml:" + line + ": targets.unit_consumption.both_met: must be a decimal"
                        + " number, found the text \"35\" (write the number without quotes)");
    }

    @Test
    void rejectsBandsAndGradesOutOfOrder() throws IOException {
        int band = lineOf("below_pct: 20");
        assertThat(errors("below_pct: 20", "below_pct: 5"))
                .containsExactly("scorecard.yaml:" + band
                        + ": targets.total_control.over[1].below_pct: bands must rise: 5 is not above 10");
        int grade = lineOf("min_points: 80");
        assertThat(errors("min_points: 80", "min_points: 96"))
                .containsExactly("scorecard.yaml:" + grade + ": grades[1].min_points: grades must fall: 96 is not"
                        + " below 95");
    }

    @Test
    void rejectsMissingAndUnknownFields() throws IOException {
        int line = lineOf("over_cap: true");
        assertThat(errors("over_cap: true", "overcap: true"))
                .hasSize(2)
                .anySatisfy(e -> assertThat(e)
                        .isEqualTo("scorecard.yaml:" + line
                                + ": veto.overcap: unknown field 'overcap' in the veto; allowed:"
                                + " annual_target_missed, over_cap"));
        int last = lineOf("code: not_completed");
        assertThat(errors("en: not completed }", "en: not completed, min_points: 0 }"))
                .containsExactly("scorecard.yaml:" + last
                        + ": grades[3].min_points: the last grade takes every lower total: leave it out");
    }
}
