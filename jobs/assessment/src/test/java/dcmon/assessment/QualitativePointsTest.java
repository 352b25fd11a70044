package dcmon.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reviewers' points: read with or without a BOM; every mistake named with file, line and column. */
class QualitativePointsTest {
    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("points.csv"), text);
    }

    @Test
    void readsPointsWithABomAndColumnsInAnyOrder() throws Exception {
        Path f = file("\uFEFFpoints,credit_code\r\n46,CODE-A1\r\n\r\n0,CODE-B2\r\n50,CODE-D4");
        assertThat(QualitativePoints.read(f, ScorecardBuilderTest.REGISTRY, 50))
                .isEqualTo(Map.of("CODE-A1", 46.0, "CODE-B2", 0.0, "CODE-D4", 50.0));
    }

    @Test
    void namesTheLineOfEveryMistake() throws Exception {
        Path f = file("credit_code,points\nCODE-A1,-1\n,3\nCODE-B2,many\nCODE-D4,50.5");
        assertThatThrownBy(() -> QualitativePoints.read(f, ScorecardBuilderTest.REGISTRY, 50))
                .isInstanceOf(ExportException.class)
                .hasMessage("qualitative points rejected:\n"
                        + f + ":2: points: must be a number from 0 to 50, found '-1'\n"
                        + f + ":3: credit_code: must not be empty\n"
                        + f + ":4: points: must be a number from 0 to 50, found 'many'\n"
                        + f + ":5: points: must be a number from 0 to 50, found '50.5'");
    }

    @Test
    void rejectsWrongHeadingsAndAMissingFile() throws Exception {
        Path f = file("code,score\nCODE-A1,3\n");
        assertThatThrownBy(() -> QualitativePoints.read(f, ScorecardBuilderTest.REGISTRY, 50))
                .hasMessage(f + ":1: the headings must be credit_code,points, found code,score");
        Path missing = dir.resolve("none.csv");
        assertThatThrownBy(() -> QualitativePoints.read(missing, ScorecardBuilderTest.REGISTRY, 50))
                .hasMessage("qualitative points file not found: " + missing);
    }
}
