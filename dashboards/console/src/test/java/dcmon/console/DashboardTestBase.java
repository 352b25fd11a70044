package dcmon.console;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.console.alerts.AlertEventParser;
import dcmon.console.alerts.AlertStore;
import dcmon.console.auth.Role;
import dcmon.console.auth.Users;
import dcmon.console.dashboard.Colours;
import dcmon.console.dashboard.ProgressReader;
import dcmon.console.dashboard.RejectionWindow;
import dcmon.console.http.ConsoleApp;
import dcmon.console.names.Names;
import dcmon.core.alert.AlertConfigLoader;
import dcmon.core.reference.ReferenceData;
import dcmon.core.reference.ReferenceLoader;
import dcmon.core.registry.RegistryLoader;
import dcmon.stack.InfluxdServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A real influxd with known progress and usage rows, a real PostgreSQL with one account per role and three alerts,
 * and the console reading both.
 */
abstract class DashboardTestBase extends PostgresTestBase {
    static final String PASSWORD = "correct horse battery";
    static final String WUHAN = "420100";
    static final String YICHANG = "420500";
    static final String UNIT = "91420100MA4K0000XX";
    static final String OTHER_UNIT = "91420100MA4K0001XX";
    static final String YICHANG_UNIT = "91420500MA4K0002XX";
    static final String MISSING_UNIT = "91420100MA4K9999XX";
    static final String Y = "?year=2026";
    /** The repository's alert rules, whose thresholds colour progress. */
    static final Path HOME = Path.of(System.getProperty("dcmon.home", "../.."));

    static final Path ALERTS = HOME.resolve("config/alerts.yaml");
    /** Units of the sample registry, with their names, in Wuhan and Yichang; InfluxDB has no rows of them. */
    static final String HUBEI_WUHAN = "91420112MA4ALXWN9U";

    static final String HUBEI_YICHANG = "91420503MA4LDQXDFX";

    static InfluxdServer influxd;
    static ProgressReader progress;
    /** The live rejections the gateways page shows, filled by the tests instead of a consumer. */
    static final RejectionWindow rejections = new RejectionWindow();

    static ConsoleApp app;
    static int port;

    @BeforeAll
    static void startDashboards() throws Exception {
        influxd = InfluxdServer.start(pgDir.resolve("influxd"), 0);
        query("CREATE DATABASE dcmon");
        List<String> lines = new ArrayList<>();
        String unitTags = "city=420100,enterprise=" + UNIT + ",industry=3011,tier=thousand,year=2026";
        lines.add("enterprise_progress," + unitTags
                + " completion_pct=80.0,time_pct=90.7,pace_gap_pp=-10.7,ytd_tce=96000.0,cap_tce=120000.0 "
                + day(2026, 11, 29));
        lines.add("enterprise_progress," + unitTags
                + " completion_pct=91.5,time_pct=91.0,pace_gap_pp=0.5,ytd_tce=109800.0,cap_tce=120000.0,"
                + "projected_tce=119040.0,projected_pct=99.2,projection_method=\"recent-rate\",cap_basis=\"gbt2589\","
                + "months_measured=11i " + day(2026, 11, 30));
        lines.add("enterprise_progress,enterprise=" + UNIT + ",product=cement,year=2026"
                + " ytd_output=1100000.0,ytd_kgce_per_unit=98.5,target_kgce_per_unit=100.0,target_gap_pct=-1.5 "
                + day(2026, 11, 30));
        lines.add("enterprise_progress,city=420100,enterprise=" + OTHER_UNIT + ",industry=2511,tier=hundred,year=2026"
                + " completion_pct=40.0,time_pct=91.0,pace_gap_pp=-51.0,projected_pct=44.0 " + day(2026, 11, 30));
        lines.add("enterprise_progress,city=420500,enterprise=" + YICHANG_UNIT
                + ",industry=2614,tier=thousand,year=2026"
                + " completion_pct=105.0,time_pct=91.0,pace_gap_pp=14.0,projected_pct=115.0 " + day(2026, 11, 30));
        lines.add("region_progress,level=province,region=420000,year=2026"
                + " completion_pct=88.0,time_pct=91.0,pace_gap_pp=-3.0,projected_pct=96.5 " + day(2026, 11, 30));
        lines.add("region_progress,level=tier,region=thousand,year=2026"
                + " completion_pct=93.0,time_pct=91.0,pace_gap_pp=2.0,projected_pct=90.0 " + day(2026, 11, 30));
        lines.add("region_progress,level=city,region=420100,year=2026"
                + " completion_pct=70.0,time_pct=91.0,pace_gap_pp=-21.0,projected_pct=80.0 " + day(2026, 11, 30));
        lines.add("region_progress,level=city,region=420500,year=2026"
                + " completion_pct=101.0,time_pct=91.0,pace_gap_pp=10.0,projected_pct=111.0 " + day(2026, 11, 30));
        for (int d = 1; d <= 30; d++) {
            lines.add("enterprise_usage," + unitTags.replace(",year=2026", "") + ",period=day tce=" + (d * 10.0)
                    + ",tco2=" + (d * 25.0) + " " + day(2026, 11, d));
        }
        lines.add(
                "enterprise_usage," + unitTags.replace(",year=2026", "") + ",period=day tce=7.0 " + day(2026, 10, 31));
        lines.add("enterprise_usage," + unitTags.replace(",year=2026", "") + ",period=month tce=9000.0 "
                + day(2026, 10, 1));
        lines.add("enterprise_usage," + unitTags.replace(",year=2026", "") + ",period=month tce=4650.0 "
                + day(2026, 11, 1));
        lines.add("region_usage,level=province,region=420000,period=day tce=1500.5 " + day(2026, 11, 29));
        lines.add("region_usage,level=province,region=420000,period=day tce=1600.0 " + day(2026, 11, 30));
        lines.add("region_usage,level=city,region=420100,period=day tce=600.0 " + day(2026, 11, 30));
        write(String.join("\n", lines));

        Users users = new Users(db);
        users.add("test", "prov", Role.PROVINCE, null, null, PASSWORD);
        users.add("test", "wuhan", Role.CITY, WUHAN, null, PASSWORD);
        users.add("test", "unit", Role.ENTERPRISE, WUHAN, UNIT, PASSWORD);
        users.add("test", "admin", Role.ADMIN, null, null, PASSWORD);
        new AlertStore(db)
                .store(List.of(
                        AlertEventParser.parse(Alerts.event(Alerts.id(1), 1, "raised", WUHAN, UNIT)
                                .toString()),
                        AlertEventParser.parse(Alerts.event(Alerts.id(2), 1, "raised", WUHAN, OTHER_UNIT)
                                .put("rule", "total.breach")
                                .put("period", "2026")
                                .put("severity", "breach")
                                .put("colour", "red")
                                .toString()),
                        AlertEventParser.parse(Alerts.event(Alerts.id(3), 1, "raised", YICHANG, null)
                                .toString())));
        progress = ProgressReader.connect(influxd.url(), "dcmon");
        Names names = hubeiNames();
        app = ConsoleApp.start(
                db,
                null,
                progress,
                rejections,
                Colours.of(AlertConfigLoader.load(ALERTS)),
                () -> names,
                ConsoleSettings.defaults(),
                "127.0.0.1",
                0);
        port = app.port();
    }

    /** The names of the repository's sample registry of Hubei and of its divisions. */
    static Names hubeiNames() throws Exception {
        ReferenceData reference = ReferenceLoader.load(HOME.resolve("config/reference"));
        return Names.of(RegistryLoader.load(HOME.resolve("config/samples/hubei"), reference), reference.divisions());
    }

    @AfterAll
    static void stopDashboards() {
        if (app != null) app.close();
        if (progress != null) progress.close();
        if (influxd != null) influxd.close();
    }

    static long day(int year, int month, int day) {
        return LocalDate.of(year, month, day)
                .atStartOfDay(ProgressReader.SHANGHAI)
                .toInstant()
                .toEpochMilli();
    }

    private static void query(String q) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(influxd.url() + "/query"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static void write(String lines) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(influxd.url() + "/write?db=dcmon&precision=ms"))
                                .POST(HttpRequest.BodyPublishers.ofString(lines))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    }
}
