package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code registry check}: the registry, region targets and alert rules; warnings print without failing. */
class RegistryCommandTest {
    static final Path HOME = Path.of(System.getProperty("dcmon.home", "../.."));

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run check(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = new CommandLine(new RegistryCommand.Check()).execute(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void theSampleConfigurationPasses() {
        Run r = check(
                HOME.resolve("config/samples/hubei").toString(),
                "--reference",
                HOME.resolve("config/reference").toString(),
                "--targets",
                HOME.resolve("config/targets").toString(),
                "--alerts",
                HOME.resolve("config/alerts.yaml").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("67 enterprises")
                .contains("21 regions with targets")
                .contains("alerts.yaml")
                .doesNotContain("warning");
    }

    @Test
    void aTargetForAProductNoPointCountsIsPrintedAsAWarning() throws IOException {
        Files.writeString(dir.resolve("r.yaml"), """
                enterprises:
                  - code: 91430111MA4L41YT1U
                    name: 武汉示例钢铁有限公司
                    city: "420100"
                    industry: C31
                    baseline: { year: 2015, consumption_tce: 3450000 }
                    products: [ { id: crude-steel, unit: t, baseline_kgce_per_unit: 560 } ]
                    targets: [ { year: 2026, total_cap_tce: 3300000, intensity: [ { product: crude-steel, kgce_per_unit: 545 } ] } ]
                    gateways: [ { id: GW01 } ]
                    points:
                      - { id: E-MAIN-01, gateway: GW01, energy: electricity, unit: kWh, role: input, max_rate_per_hour: 200000 }
                """);
        Run r = check(
                dir.toString(),
                "--reference",
                HOME.resolve("config/reference").toString(),
                "--targets",
                dir.resolve("none").toString(),
                "--alerts",
                dir.resolve("none.yaml").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("warning: " + dir.resolve("r.yaml") + ":8: enterprises[0].targets[0]"
                        + ".intensity[0].product: no product or workload point counts 'crude-steel'")
                .contains("1 warning(s)");
    }

    @Test
    void aBadTargetsFileFailsTheCheck() throws IOException {
        Path targets = Files.createDirectories(dir.resolve("targets"));
        Files.writeString(targets.resolve("years.yaml"), "years:\n  2026: { cap_basis: net }\n");
        Run r = check(
                HOME.resolve("config/samples/hubei").toString(),
                "--reference",
                HOME.resolve("config/reference").toString(),
                "--targets",
                targets.toString(),
                "--alerts",
                dir.resolve("none.yaml").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err())
                .contains(targets.resolve("years.yaml") + ":2: years.2026.cap_basis: unknown cap_basis" + " 'net'")
                .contains("1 error(s)");
    }
}
