package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dcmon.console.Console;
import dcmon.console.ConsoleSettings;
import dcmon.console.auth.Role;
import dcmon.console.auth.Users;
import dcmon.console.dashboard.Colours;
import dcmon.console.db.Database;
import dcmon.console.names.Names;
import dcmon.core.Topics;
import dcmon.core.reference.ReferenceData;
import dcmon.core.reference.ReferenceLoader;
import dcmon.core.registry.RegistryLoader;
import dcmon.stack.EmbeddedKafka;
import dcmon.stack.InfluxdServer;
import dcmon.stack.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
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
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Points entered through the console's API reach the next {@code export --year --scorecard} through Kafka and show in
 * its qualitative points, total and grade; a {@code --qualitative} file wins over them; Kafka not answering is one
 * line.
 */
class ScorecardPointsEndToEndTest {
    static final Path HOME = Path.of(System.getProperty("dcmon.home", "../.."));
    private static final String UNIT = "91420581MA46UG4644";
    private static final String PASSWORD = "correct horse battery";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private Run export(String... args) {
        List<String> all = new ArrayList<>(List.of(
                "export",
                "--year",
                "2026",
                "--scorecard",
                "--lang",
                "en",
                "--out",
                dir.resolve("scorecard").toString(),
                "--registry",
                HOME.resolve("config/samples/hubei").toString(),
                "--reference",
                HOME.resolve("config/reference").toString(),
                "--rules",
                HOME.resolve("config/assessment/scorecard.yaml").toString()));
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

    /** The unit's row of the written scorecard.csv, by heading. */
    private CSVRecord unitRow() throws Exception {
        String text = Files.readString(dir.resolve("scorecard/scorecard.csv")).substring(1);
        for (CSVRecord r : CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(text))) {
            if (r.get("credit_code").equals(UNIT)) return r;
        }
        throw new AssertionError("no row of " + UNIT);
    }

    private String scored() throws Exception {
        CSVRecord r = unitRow();
        return String.join(
                " ",
                r.get("quantitative_points"),
                r.get("qualitative_points"),
                r.get("total_points"),
                r.get("score_basis"),
                r.get("grade"),
                r.get("veto"));
    }

    @Test
    void pointsEnteredInTheConsoleAreTheNextScorecardsQualitativePoints() throws Exception {
        ReferenceData reference = ReferenceLoader.load(HOME.resolve("config/reference"));
        Names names =
                Names.of(RegistryLoader.load(HOME.resolve("config/samples/hubei"), reference), reference.divisions());
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
                InfluxdServer influxd = InfluxdServer.start(dir.resolve("influxd"), 0);
                PostgresServer postgres = PostgresServer.start(dir.resolve("pg"), 0)) {
            kafka.createTopics(1, Topics.ALERTS, Topics.READINGS_REJECTED);
            influx(influxd, "/query", "q=" + URLEncoder.encode("CREATE DATABASE dcmon", StandardCharsets.UTF_8));
            // 45 000.5 tce within a cap of 50 000: 15 points for the total, no product data (0 for the reduction)
            String tags = ",enterprise=" + UNIT + ",city=420500,tier=thousand,industry=C22";
            influx(
                    influxd,
                    "/write?db=dcmon&precision=ms",
                    "enterprise_usage" + tags + ",period=month tce=45000.5 1772294400000\n"
                            + "enterprise_progress" + tags + ",year=2026 ytd_tce=45000.5,ytd_cap_basis_tce=45000.5,"
                            + "cap_tce=50000 1772294400000");
            postgres.createDatabase("dcmon");
            Database db = Database.open(postgres.jdbcUrl("dcmon"), postgres.user(), postgres.password());
            new Users(db).add("test", "prov", Role.PROVINCE, null, null, PASSWORD);
            String kafkaAddress = kafka.bootstrapServers();
            String[] viaKafka = {"--influx", influxd.url(), "--kafka", kafkaAddress};

            // nothing entered yet: the quantitative part only, no grade
            Run before = export(viaKafka);
            assertThat(before.code()).as(before.err()).isZero();
            assertThat(before.out()).contains("quantitative part only");
            assertThat(scored()).isEqualTo("15  15 quantitative only  false");

            try (Console console = Console.start(
                    db,
                    kafkaAddress,
                    null,
                    null,
                    Colours.defaults(),
                    () -> names,
                    ConsoleSettings.defaults(),
                    "127.0.0.1",
                    0)) {
                String[] session = login(console.port());
                assertThat(put(console.port(), session, 48.5)).isEqualTo(200);
                Run after = export(viaKafka);
                assertThat(after.code()).as(after.err()).isZero();
                assertThat(after.out()).contains("with qualitative points");
                assertThat(scored()).isEqualTo("15 48.5 63.5 quantitative+qualitative basically_completed false");

                // a correction is what the next export uses
                assertThat(put(console.port(), session, 40)).isEqualTo(200);
                assertThat(export(viaKafka).code()).isZero();
                assertThat(scored()).isEqualTo("15 40 55 quantitative+qualitative not_completed false");
            }

            // a points file wins over the console's
            Path file = dir.resolve("points.csv");
            Files.writeString(file, "credit_code,points\n" + UNIT + ",50\n");
            assertThat(export("--influx", influxd.url(), "--kafka", kafkaAddress, "--qualitative", file.toString())
                            .code())
                    .isZero();
            assertThat(scored()).isEqualTo("15 50 65 quantitative+qualitative basically_completed false");

            // --kafka none: the quantitative part only; Kafka not answering: one line
            assertThat(export("--influx", influxd.url(), "--kafka", "none").code())
                    .isZero();
            assertThat(scored()).isEqualTo("15  15 quantitative only  false");
            Run down = export("--influx", influxd.url(), "--kafka", "127.0.0.1:1");
            assertThat(down.code()).isEqualTo(1);
            assertThat(down.err().strip().lines().toList())
                    .last()
                    .asString()
                    .startsWith("dcmon export: Kafka at 127.0.0.1:1 not reachable for the console's qualitative points")
                    .endsWith("give --kafka HOST:PORT, --qualitative FILE, or --kafka none for the quantitative part"
                            + " only");
            assertThat(down.err()).doesNotContain("\tat ");
        }
    }

    /** Logs in: the session cookie and the CSRF token. */
    private static String[] login(int port) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"name\":\"prov\",\"password\":\"" + PASSWORD + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        String csrf = new ObjectMapper().readTree(r.body()).get("csrf").asText();
        return new String[] {cookie.substring(0, cookie.indexOf(';')), csrf};
    }

    private static int put(int port, String[] session, double points) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/scorecard/points/2026/" + UNIT))
                        .header("Content-Type", "application/json")
                        .header("Cookie", session[0])
                        .header("X-CSRF-Token", session[1])
                        .PUT(HttpRequest.BodyPublishers.ofString(
                                new ObjectMapper().writeValueAsString(Map.of("points", points))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }

    private static void influx(InfluxdServer influxd, String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(influxd.url() + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    }
}
