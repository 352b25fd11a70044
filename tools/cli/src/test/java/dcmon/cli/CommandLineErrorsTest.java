package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input to the command line: bad registry files and bad option values for every subcommand give a clear
 * error that names the file, line and field or the option, with exit code 2 (usage) or 1, and never a stack
 * trace. Runs {@link Dcmon#commandLine()} as {@code ./dcmon} does; only inputs refused before any server is
 * contacted.
 */
class CommandLineErrorsTest {
    static final Path HOME = Path.of(System.getProperty("dcmon.home", "../.."));
    static final String REFERENCE = HOME.resolve("config/reference").toString();
    /** A stack trace line, or the JVM's report of an uncaught exception. */
    static final Pattern TRACE = Pattern.compile("(?m)^\\s+at [\\w.$/]+\\(|Exception in thread|^Caused by: ");

    @TempDir
    static Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            var cmd = Dcmon.commandLine();
            cmd.setOut(new PrintWriter(System.out, true));
            cmd.setErr(new PrintWriter(System.err, true));
            int code = cmd.execute(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void anUnexpectedFailureIsOneLineWithItsCausesAndNoTrace() {
        var cmd = Dcmon.commandLine();
        java.io.StringWriter err = new java.io.StringWriter();
        cmd.setErr(new PrintWriter(err, true));
        var parsed = cmd.parseArgs();
        int code = Dcmon.explain(
                new IllegalStateException(
                        "cannot start the bridge", new java.net.ConnectException("Connection refused")),
                cmd,
                parsed);
        assertThat(code).isEqualTo(1);
        assertThat(err.toString())
                .isEqualTo("dcmon: failed: cannot start the bridge: Connection refused\n(DCMON_TRACE=1 shows where)\n");
    }

    // ------------------------------------------------------------------ registry files

    static final String GOOD = """
            enterprises:
              - code: 91430111MA4L41YT1U
                name: 武汉示例钢铁有限公司
                city: "420100"
                industry: C31
                baseline: { year: 2015, consumption_tce: 3450000 }
                products: [ { id: crude-steel, unit: t, baseline_kgce_per_unit: 560 } ]
                gateways: [ { id: GW01 } ]
                points:
                  - { id: E-MAIN-01, gateway: GW01, energy: electricity, unit: kWh, role: input, max_rate_per_hour: 200000 }
            """;

    /** A registry directory holding {@code r.yaml} with these contents (and {@code s.yaml} when given). */
    static String registry(String name, String r, String s) {
        try {
            Path d = Files.createDirectories(dir.resolve("registry-" + name));
            Files.writeString(d.resolve("r.yaml"), r);
            if (s != null) Files.writeString(d.resolve("s.yaml"), s);
            return d.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String registryBytes(String name, byte[] r) {
        try {
            Path d = Files.createDirectories(dir.resolve("registry-" + name));
            Files.write(d.resolve("r.yaml"), r);
            return d.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> badRegistries() {
        String bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
                + "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                + "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                + "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
                + "f: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
        return Stream.of(
                Arguments.of(
                        "broken YAML",
                        registry(
                                "broken", GOOD.replace("consumption_tce: 3450000 }", "consumption_tce: 3450000"), null),
                        "r\\.yaml:\\d+: .*YAML syntax error"),
                Arguments.of(
                        "wrong type",
                        registry("type", GOOD.replace("year: 2015", "year: twenty"), null),
                        "r\\.yaml:6: enterprises\\[0\\]\\.baseline\\.year: "),
                Arguments.of(
                        "list where a mapping belongs",
                        registry(
                                "list",
                                GOOD.replace("baseline: { year: 2015, consumption_tce: 3450000 }", "baseline: [2015]"),
                                null),
                        "r\\.yaml:6: enterprises\\[0\\]\\.baseline: "),
                Arguments.of(
                        "missing field",
                        registry("missing", GOOD.replace("    name: 武汉示例钢铁有限公司\n", ""), null),
                        "r\\.yaml:\\d+: enterprises\\[0\\]\\.name: "),
                Arguments.of(
                        "wrong check character",
                        registry("check", GOOD.replace("91430111MA4L41YT1U", "91430111MA4L41YT1W"), null),
                        "r\\.yaml:2: enterprises\\[0\\]\\.code: .*check character"),
                Arguments.of(
                        "duplicate point id",
                        registry(
                                "dup-point",
                                GOOD
                                        + "      - { id: E-MAIN-01, gateway: GW01, energy: electricity, unit: kWh, role: input,"
                                        + " max_rate_per_hour: 1 }\n",
                                null),
                        "r\\.yaml:11: enterprises\\[0\\]\\.points\\[1\\]\\.id: .*E-MAIN-01"),
                Arguments.of(
                        "duplicate enterprise in two files",
                        registry("dup-enterprise", GOOD, GOOD),
                        "[rs]\\.yaml:2: enterprises\\[0\\]\\.code: .*91430111MA4L41YT1U"),
                Arguments.of(
                        "duplicate YAML key",
                        registry(
                                "dup-key",
                                GOOD.replace("    city: \"420100\"\n", "    city: \"420100\"\n    city: \"420200\"\n"),
                                null),
                        "r\\.yaml:\\d+: .*city"),
                Arguments.of(
                        "unknown field",
                        registry(
                                "unknown",
                                GOOD.replace("    industry: C31\n", "    industry: C31\n    owner: 某某\n"),
                                null),
                        "r\\.yaml:6: enterprises\\[0\\]\\.owner: "),
                Arguments.of(
                        "negative number",
                        registry("negative", GOOD.replace("consumption_tce: 3450000", "consumption_tce: -5"), null),
                        "r\\.yaml:6: enterprises\\[0\\]\\.baseline\\.consumption_tce: "),
                Arguments.of(
                        "point on an undeclared gateway",
                        registry("gateway", GOOD.replace("gateway: GW01, energy", "gateway: GW09, energy"), null),
                        "r\\.yaml:10: enterprises\\[0\\]\\.points\\[0\\]\\.gateway: "),
                Arguments.of(
                        "not UTF-8",
                        registryBytes("latin1", GOOD.getBytes(StandardCharsets.UTF_16LE)),
                        "r\\.yaml:\\d+: .*"),
                Arguments.of("empty file", registry("empty", "", null), "r\\.yaml:\\d+: .*empty"),
                Arguments.of("alias bomb", registry("bomb", bomb, null), "r\\.yaml:\\d+: "),
                Arguments.of(
                        "deep nesting",
                        registry("deep", "enterprises: " + "[".repeat(5_000) + "]".repeat(5_000) + "\n", null),
                        "r\\.yaml:\\d+: "));
    }

    @ParameterizedTest(name = "registry check: {0}")
    @MethodSource("badRegistries")
    void aBadRegistryNamesFileLineAndField(String what, String registryDir, String expected) {
        Run r = assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () -> run(
                        "registry",
                        "check",
                        registryDir,
                        "--reference",
                        REFERENCE,
                        "--targets",
                        dir.resolve("none").toString(),
                        "--alerts",
                        dir.resolve("none.yaml").toString()));
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).as(what).containsPattern(Pattern.compile(expected));
        assertThat(r.err()).as(what).doesNotContainPattern(TRACE);
    }

    // ------------------------------------------------------------------ options

    static Stream<Arguments> badOptions() {
        String badRegistry = registry("for-commands", GOOD.replace("year: 2015", "year: twenty"), null);
        List<Arguments> cases = new ArrayList<>(List.of(
                bad(2, "frobnicate", "frobnicate"),
                bad(2, "--lateness", "job", "--lateness", "abc"),
                bad(2, "--hot-window must be at least PT24H (24 h), was PT12H", "job", "--hot-window", "PT12H"),
                bad(
                        2,
                        "--checkpoint-interval must be at least PT1S, was PT0.5S",
                        "job",
                        "--checkpoint-interval",
                        "PT0.5S"),
                bad(2, "--checkpoint-interval", "job", "--checkpoint-interval", "ten"),
                bad(2, "parallelism", "job", "--parallelism", "0"),
                bad(2, "influx-batch-size", "job", "--influx-batch-size", "0"),
                bad(2, "--state-backend must be one of hashmap, rocksdb, was 'tape'", "job", "--state-backend", "tape"),
                bad(2, "--influx-on-permanent-error", "job", "--influx-on-permanent-error", "shrug"),
                bad(2, "--point-rollup-interval", "job", "--point-rollup-interval", "5 minutes"),
                bad(
                        1,
                        "r.yaml:6: enterprises[0].baseline.year",
                        "job",
                        "--registry",
                        badRegistry,
                        "--reference",
                        REFERENCE),
                bad(2, "--max-in-flight", "bridge", "--max-in-flight", "many"),
                bad(2, "--max-in-flight must be 1..65535, was 0", "bridge", "--max-in-flight", "0"),
                bad(2, "--mode must be history or live, not 'sideways'", "simulate", "--mode", "sideways"),
                bad(2, "dcmon simulate: --faults: unknown fault 'gremlins'", "simulate", "--faults", "gremlins"),
                bad(2, "--from: 'yesterday' is not an ISO-8601 time", "simulate", "--from", "yesterday"),
                bad(2, "dcmon simulate: --scenario: unknown scenario 'volcano'", "simulate", "--scenario", "volcano:X"),
                bad(2, "--rate", "simulate", "--rate", "fast"),
                bad(
                        1,
                        "r.yaml:6: enterprises[0].baseline.year",
                        "simulate",
                        "--registry",
                        badRegistry,
                        "--reference",
                        REFERENCE),
                bad(2, "--month", "export"),
                bad(1, "bad month '2026-13': use YYYY-MM", "export", "--month", "2026-13"),
                bad(1, "bad month 'November': use YYYY-MM", "export", "--month", "November"),
                bad(2, "--http-port", "console", "--http-port", "eighty"),
                bad(2, "--mqtt-port", "demo", "--mqtt-port", "abc"),
                bad(2, "--days", "demo", "--days", "two"),
                bad(
                        1,
                        "nothing.csv",
                        "gateway",
                        "send",
                        dir.resolve("nothing.csv").toString(),
                        "--dry-run"),
                bad(2, "--enterprise", "gateway", "probe"),
                bad(2, "--role", "users", "add", "alice"),
                bad(2, "--out", "registry", "import", dir.resolve("units.xlsx").toString()),
                bad(
                        2,
                        "dcmon chaos: --faults: unknown fault 'gremlins'; known: all, bridge-kill,",
                        "chaos",
                        "--faults",
                        "gremlins"),
                bad(2, "--rate must be in (0, 2000], was 0.0", "chaos", "--rate", "0"),
                bad(2, "--bridges must be at least 2 for bridge-kill", "chaos", "--bridges", "1"),
                bad(2, "--outage must be a positive duration, was PT0S", "chaos", "--outage", "PT0S"),
                bad(2, "--influx-disk-mb must be at least 16, was 8", "chaos", "--influx-disk-mb", "8"),
                bad(
                        2,
                        "--dir " + dir + " is not empty and not a chaos run's directory",
                        "chaos",
                        "--dir",
                        dir.toString())));
        return cases.stream();
    }

    static Arguments bad(int code, String mentions, String... args) {
        return Arguments.of(String.join(" ", args), code, mentions, args);
    }

    @ParameterizedTest(name = "dcmon {0}")
    @MethodSource("badOptions")
    void aBadOptionValueNamesTheOption(String line, int code, String mentions, String[] args) {
        Run r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run(args));
        assertThat(r.code()).as(r.err()).isEqualTo(code);
        assertThat(r.err()).as(line).contains(mentions);
        assertThat(r.err()).as(line).doesNotContainPattern(TRACE);
    }
}
