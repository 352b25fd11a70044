package dcmon.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dcmon.core.config.ConfigError;
import dcmon.core.config.ConfigException;
import dcmon.core.registry.CreditCode;
import dcmon.core.registry.Registry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry on disk: edits reach {@link RegistryDirectory#current()}; broken edits never replace a working version. */
class RegistryDirectoryTest {
    private static final Path REFERENCE =
            Path.of(System.getProperty("dcmon.home", "../..")).resolve("config/reference");
    private static final long CHECK_EVERY_MS = 20;
    private static final long WAIT_MS = 10_000;

    private static final String CEMENT = "91420202MA4BD3K2PM";
    /** A second, valid code computed with its check character. */
    private static final String GLASS = "91420100MA4K00001" + CreditCode.checkChar("91420100MA4K00001");

    // line numbers matter for the error assertions: the cement plant's code is on line 2, the glass plant's on line 14
    private static final String CEMENT_YAML = """
            enterprises:
              - code: %s
                name: 黄石华楚水泥有限公司
                city: "420200"
                tier: thousand
                industry: C30
                baseline: { year: 2015, consumption_tce: 1600000 }
                products: [ { id: clinker, unit: t, baseline_kgce_per_unit: 112 } ]
                targets:
                  - { year: 2026, total_cap_tce: 1576000, intensity: [ { product: clinker, kgce_per_unit: 105.8 } ] }
                gateways: [ { id: GW01 } ]
                points:
                  - { id: COAL-01, gateway: GW01, energy: raw-coal, unit: kg, role: input, kind: cumulative, rollover: 1000000000, max_rate_per_hour: 800000 }
            """.formatted(CEMENT);

    private static final String GLASS_YAML = """
              - code: %s
                name: 武汉示例玻璃有限公司
                city: "420100"
                tier: ten-thousand
                industry: C30
                baseline: { year: 2015, consumption_tce: 60000 }
                gateways: [ { id: GW01 } ]
                points:
                  - { id: GAS-01, gateway: GW01, energy: natural-gas, unit: m3, role: input, kind: cumulative, max_rate_per_hour: 5000 }
            """.formatted(GLASS);

    @TempDir
    Path dir;

    private Path units;
    private RegistryDirectory registry;

    @BeforeEach
    void load() throws Exception {
        units = dir.resolve("units.yaml");
        write(CEMENT_YAML);
        registry = new RegistryDirectory(dir, REFERENCE, CHECK_EVERY_MS);
        RegistryProvider.Snapshot first = registry.loadOrThrow();
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.registry().size()).isEqualTo(1);
        assertThat(registry.current()).isSameAs(first);
    }

    private void write(String yaml) throws IOException {
        Files.writeString(units, yaml, StandardCharsets.UTF_8);
    }

    /** Polls {@code current()} until the condition holds; fails after a bounded wait. */
    private RegistryProvider.Snapshot awaitSnapshot(Predicate<RegistryProvider.Snapshot> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
        while (System.nanoTime() < deadline) {
            RegistryProvider.Snapshot s = registry.current();
            if (condition.test(s)) return s;
            Thread.sleep(5);
        }
        return fail(
                "no registry snapshot matched within %d ms; now version %d",
                WAIT_MS, registry.current().version());
    }

    /** Waits for a rejected change to be reported, then checks it stays rejected over several more checks. */
    private ConfigException awaitError() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
        while (registry.lastError() == null && System.nanoTime() < deadline) {
            registry.current();
            Thread.sleep(5);
        }
        assertThat(registry.lastError()).as("a rejected change").isNotNull();
        return registry.lastError();
    }

    @Test
    void anAddedEnterpriseAppearsInTheNextVersion() throws Exception {
        write(CEMENT_YAML + GLASS_YAML);
        RegistryProvider.Snapshot s = awaitSnapshot(x -> x.version() == 2);
        assertThat(s.registry().size()).isEqualTo(2);
        assertThat(s.registry().enterprise(GLASS).name()).isEqualTo("武汉示例玻璃有限公司");
        assertThat(s.registry().enterprise(GLASS).point("GAS-01").energy()).isEqualTo("natural-gas");
        assertThat(s.registry().enterprise(CEMENT)).isNotNull();
        assertThat(registry.lastError()).isNull();
    }

    @Test
    void anAddedPointAndAChangedTargetAreTakenUp() throws Exception {
        write(
                CEMENT_YAML
                        + "      - { id: E-MAIN-01, gateway: GW01, energy: electricity, unit: kWh, role: input, kind: cumulative, max_rate_per_hour: 1200000 }\n");
        RegistryProvider.Snapshot two = awaitSnapshot(x -> x.version() == 2);
        assertThat(two.registry().enterprise(CEMENT).point("E-MAIN-01").maxRatePerHour())
                .isEqualTo(1_200_000);
        assertThat(two.registry().enterprise(CEMENT).point("COAL-01")).isNotNull();

        // the same number of bytes, and the old modification time put back: only the content tells
        FileTime mtime = Files.getLastModifiedTime(units);
        String edited = Files.readString(units).replace("total_cap_tce: 1576000", "total_cap_tce: 1500000");
        write(edited);
        Files.setLastModifiedTime(units, mtime);
        RegistryProvider.Snapshot three = awaitSnapshot(x -> x.version() == 3);
        assertThat(three.registry().enterprise(CEMENT).target(2026).totalCapTce())
                .isEqualTo(1_500_000.0);
        assertThat(two.registry().enterprise(CEMENT).target(2026).totalCapTce()).isEqualTo(1_576_000.0);
    }

    @Test
    void aBrokenEditKeepsThePreviousVersionAndNamesFileLineAndField() throws Exception {
        RegistryProvider.Snapshot one = registry.current();
        String badCode = GLASS.substring(0, 17) + (GLASS.charAt(17) == '0' ? '1' : '0');
        write(CEMENT_YAML + GLASS_YAML.replace(GLASS, badCode));

        ConfigException error = awaitError();
        assertThat(error.errors()).hasSize(1);
        ConfigError e = error.errors().get(0);
        assertThat(e.file()).isEqualTo(units.toAbsolutePath().toString());
        assertThat(e.line()).isEqualTo(14);
        assertThat(e.field()).isEqualTo("enterprises[1].code");
        assertThat(e.message()).startsWith("'" + badCode + "' fails the GB 32100 check");
        // still the version that worked, for every record, on every later check
        for (int i = 0; i < 5; i++) {
            Thread.sleep(CHECK_EVERY_MS + 5);
            assertThat(registry.current()).isSameAs(one);
        }

        // fixed: picked up as the next version, and the error is gone
        write(CEMENT_YAML + GLASS_YAML);
        RegistryProvider.Snapshot two = awaitSnapshot(x -> x.version() == 2);
        assertThat(two.registry().enterprise(GLASS)).isNotNull();
        assertThat(registry.lastError()).isNull();
    }

    @Test
    void aRegistryDirectoryRenamedAwayKeepsThePreviousVersionRunning() throws Exception {
        RegistryProvider.Snapshot one = registry.current();
        Path aside = dir.resolveSibling(dir.getFileName() + "-aside");
        Files.move(dir, aside);
        try {
            ConfigException error = awaitError();
            assertThat(error.errors()).extracting(ConfigError::message).contains("registry directory not found");
            assertThat(registry.current()).isSameAs(one);
        } finally {
            Files.move(aside, dir);
        }
        // back with another enterprise: the next version
        write(CEMENT_YAML + GLASS_YAML);
        assertThat(awaitSnapshot(x -> x.version() == 2).registry().size()).isEqualTo(2);
    }

    @Test
    void anInvalidRegistryFailsAtStart() throws Exception {
        write(CEMENT_YAML.replace("role: input", "role: inputs"));
        RegistryDirectory fresh = new RegistryDirectory(dir, REFERENCE, CHECK_EVERY_MS);
        assertThatThrownBy(fresh::loadOrThrow)
                .isInstanceOf(ConfigException.class)
                .satisfies(t -> assertThat(((ConfigException) t).errors())
                        .extracting(ConfigError::field)
                        .containsExactly("enterprises[0].points[0].role"));
        assertThatThrownBy(fresh::current)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("enterprises[0].points[0].role");
    }

    @Test
    void unchangedFilesKeepTheSameSnapshot() throws Exception {
        RegistryProvider.Snapshot one = registry.current();
        Files.setLastModifiedTime(
                units, FileTime.fromMillis(Files.getLastModifiedTime(units).toMillis() + 5_000));
        Thread.sleep(3 * CHECK_EVERY_MS);
        Registry same = registry.current().registry();
        assertThat(registry.current()).isSameAs(one);
        assertThat(same).isSameAs(one.registry());
    }
}
