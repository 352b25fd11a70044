package dcmon.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class SystemPackagesTest {

    @Test
    void findsDaemonsInSbinEvenWhenNotOnThePath() {
        assertThat(SystemPackages.locate("mosquitto"))
                .hasValueSatisfying(p -> assertThat(Files.isExecutable(p)).isTrue());
        assertThat(SystemPackages.ensure("mosquitto", "mosquitto"))
                .isEqualTo(SystemPackages.locate("mosquitto").get());
    }

    @Test
    void reportsAMissingProgramAsAbsent() {
        assertThat(SystemPackages.locate("dcmon-no-such-program")).isEmpty();
    }
}
