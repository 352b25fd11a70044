package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.stack.InfluxdServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dcmon export}: files and checksums on success, a one-line message and no stack trace on a mistake. */
class ExportCommandTest {
    static final Path HOME = Path.of(System.getProperty("dcmon.home", "../.."));

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run export(String... args) {
        List<String> all = new ArrayList<>(List.of(
                "export",
                "--registry",
                HOME.resolve("config/samples/hubei").toString(),
                "--reference",
                HOME.resolve("config/reference").toString(),
                "--alerts",
                HOME.resolve("config/alerts.yaml").toString()));
        all.addAll(List.of(args));
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = new CommandLine(new Dcmon()).execute(all.toArray(String[]::new));
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void mistakesAreOneLineWithoutAStackTrace() throws IOException {
        Run badMonth = export("--month", "2026-13", "--out", dir.resolve("x").toString());
        assertThat(badMonth.code()).isEqualTo(1);
        assertThat(badMonth.err().strip()).endsWith("dcmon export: bad month '2026-13': use YYYY-MM, e.g. 2026-03");

        Run badScope = export("--month", "2026-03", "--scope", "city:420400");
        assertThat(badScope.code()).isEqualTo(1);
        assertThat(badScope.err()).contains("dcmon export: unknown division '420400'");

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run unreachable = export("--month", "2026-03", "--influx", "http://127.0.0.1:" + port);
        assertThat(unreachable.code()).isEqualTo(1);
        assertThat(unreachable.err())
                .contains("dcmon export: cannot reach InfluxDB at http://127.0.0.1:" + port)
                .doesNotContain("\tat ")
                .doesNotContain("Exception in");
        for (Run r : List.of(badMonth, badScope, unreachable))
            assertThat(r.err()).doesNotContain("\tat ");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void writesTheExportAndPrintsItsChecksums() throws Exception {
        try (InfluxdServer influxd = InfluxdServer.start(dir.resolve("influxd"), 0)) {
            post(influxd, "/query", "q=" + URLEncoder.encode("CREATE DATABASE dcmon", StandardCharsets.UTF_8));
            post(
                    influxd,
                    "/write?db=dcmon&precision=ms",
                    "enterprise_usage,enterprise=91420581MA46UG4644,city=420500,tier=thousand,industry=C22,period=month"
                            + " tce=45000.5 1772294400000");
            Path out = dir.resolve("exports");
            Run r = export(
                    "--month",
                    "2026-03",
                    "--influx",
                    influxd.url(),
                    "--kafka",
                    "off",
                    "--out",
                    out.toString(),
                    "--lang",
                    "en");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.err()).contains("export 2026-03 [").contains("done");
            assertThat(r.out())
                    .startsWith("2026-03 province, month over, no progress data: 12 files in " + out)
                    .contains("  manifest.json")
                    .contains("  assessment-2026-03-province-en.xlsx");
            assertThat(Files.readString(out.resolve("units.csv"))).contains("91420581MA46UG4644,", ",45000.5,");
        }
    }

    @Test
    void scorecardOptionMistakesAreOneLineWithoutAStackTrace() throws IOException {
        Run noYear = export("--scorecard");
        assertThat(noYear.code()).isEqualTo(2);
        assertThat(noYear.err().strip())
                .isEqualTo("dcmon export: --scorecard needs --year YYYY, e.g. --year 2026 --scorecard");
        Run withMonth = export("--scorecard", "--year", "2026", "--month", "2026-03");
        assertThat(withMonth.err().strip()).isEqualTo("dcmon export: --scorecard takes --year, not --month");
        Run yearAlone = export("--year", "2026");
        assertThat(yearAlone.err().strip())
                .isEqualTo("dcmon export: --year is for the scorecard: add --scorecard, or use --month YYYY-MM");
        Run nothing = export();
        assertThat(nothing.code()).isEqualTo(2);
        assertThat(nothing.err().strip()).isEqualTo("dcmon export: give --month YYYY-MM, or --year YYYY --scorecard");

        Path rules = HOME.resolve("config/assessment/scorecard.yaml");
        Run badYear = export("--year", "26", "--scorecard", "--rules", rules.toString());
        assertThat(badYear.code()).isEqualTo(1);
        assertThat(badYear.err().strip()).endsWith("dcmon export: bad year '26': use YYYY, e.g. 2026");
        Run future = export("--year", "2999", "--scorecard", "--rules", rules.toString());
        assertThat(future.err().strip()).endsWith("dcmon export: year 2999 has not begun (Asia/Shanghai)");

        Path points = dir.resolve("points.csv");
        Files.writeString(points, "credit_code,points\n91420581MA46UG4644,51\nNOPE,10\n91420581MA46UG4644,3\n");
        Run badPoints = export(
                "--year", "2026", "--scorecard", "--rules", rules.toString(), "--qualitative", points.toString());
        assertThat(badPoints.code()).isEqualTo(1);
        assertThat(badPoints.err().strip().lines().toList())
                .endsWith(
                        "dcmon export: qualitative points rejected:",
                        points + ":2: points: must be a number from 0 to 50, found '51'",
                        points + ":3: credit_code: unknown unit 'NOPE' (not in the registry)",
                        points + ":4: credit_code: '91420581MA46UG4644' already given on line 2");

        Path badRules = dir.resolve("rules.yaml");
        Files.writeString(badRules, Files.readString(rules).replace("both_met: 35", "both_met: -1"));
        Run rulesRejected = export("--year", "2026", "--scorecard", "--rules", badRules.toString());
        assertThat(rulesRejected.err())
                .contains(badRules + ":")
                .contains("targets.unit_consumption.both_met: must be 0 or greater, found -1");
        for (Run r : List.of(noYear, withMonth, yearAlone, badYear, future, badPoints, rulesRejected))
            assertThat(r.err()).doesNotContain("\tat ");
    }

    @Test
    void writesTheScorecardFromInfluxDb() throws Exception {
        try (InfluxdServer influxd = InfluxdServer.start(dir.resolve("influxd"), 0)) {
            post(influxd, "/query", "q=" + URLEncoder.encode("CREATE DATABASE dcmon", StandardCharsets.UTF_8));
            String tags = ",enterprise=91420581MA46UG4644,city=420500,tier=thousand,industry=C22";
            post(
                    influxd,
                    "/write?db=dcmon&precision=ms",
                    "enterprise_usage" + tags + ",period=month tce=45000.5 1772294400000\n"
                            + "enterprise_progress" + tags + ",year=2026 ytd_tce=45000.5,ytd_cap_basis_tce=45000.5,"
                            + "cap_tce=40000 1772294400000\n"
                            + "point_usage,enterprise=91420581MA46UG4644,point=COAL-01,energy=raw-coal,period=year"
                            + " amount=1000000,tce=714.3 1767196800000");
            Path points = dir.resolve("points.csv");
            Files.writeString(points, "\uFEFFcredit_code,points\n91420581MA46UG4644,48.5\n");
            Path out = dir.resolve("scorecard");
            Run r = export(
                    "--year",
                    "2026",
                    "--scorecard",
                    "--influx",
                    influxd.url(),
                    "--out",
                    out.toString(),
                    "--lang",
                    "en",
                    "--rules",
                    HOME.resolve("config/assessment/scorecard.yaml").toString(),
                    "--qualitative",
                    points.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("  scorecard-2026-province-en.xlsx").contains("with qualitative points");
            String row = Files.readString(out.resolve("scorecard.csv"))
                    .lines()
                    .filter(l -> l.startsWith("91420581MA46UG4644,"))
                    .findFirst()
                    .orElseThrow();
            // 45 000.5 against 40 000: 12.50125 % over, 5 points; vetoed for the cap
            assertThat(row)
                    .contains(
                            ",45000.5,",
                            ",40000,",
                            ",12.50125,5,",
                            ",48.5,",
                            ",not_completed,true,over the cap by 12.50%");
        }
    }

    private static void post(InfluxdServer influxd, String path, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(influxd.url() + path))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    }
}
