package dcmon.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dcmon.assessment.AssessmentBuilder;
import dcmon.assessment.ExportWriter;
import dcmon.assessment.Lang;
import dcmon.assessment.MonthData;
import dcmon.assessment.Scope;
import dcmon.console.auth.Role;
import dcmon.console.auth.Users;
import dcmon.console.http.ConsoleApp;
import dcmon.core.alert.Colour;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.reference.ReferenceData;
import dcmon.core.reference.ReferenceLoader;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Registry;
import dcmon.core.registry.RegistryLoader;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exports page's API over a revision written by the assessment module from the sample registry: the province
 * gets the files as written, a city office its division's rows, a unit its own; paths outside are refused.
 */
class ExportApiTest extends PostgresTestBase {
    private static final String PASSWORD = "correct horse battery";
    private static final String YICHANG = "420500";
    private static final YearMonth MARCH = YearMonth.of(2026, 3);
    private static final String BASE = "/api/exports/monthly/2026-03/r1/";

    @TempDir
    static Path tmp;

    private static Path exports;
    private static Path revision;
    private static ConsoleApp app;
    private static int port;
    private static Enterprise unit;
    private static List<Enterprise> units;

    @BeforeAll
    static void start() throws Exception {
        exports = tmp.resolve("exports");
        revision = exports.resolve("monthly/2026-03/r1");
        units = writeMarch(revision);
        unit = units.stream().filter(e -> e.city().equals(YICHANG)).findFirst().orElseThrow();
        // beside the revision, not in its manifest; and a revision linked from outside
        Files.writeString(revision.resolve("secret.txt"), "not an export file");
        Path outside = tmp.resolve("outside/r1");
        Files.createDirectories(outside);
        for (String f : List.of("manifest.json", "units.csv")) Files.copy(revision.resolve(f), outside.resolve(f));
        Files.createDirectories(exports.resolve("monthly/2026-04"));
        Files.createSymbolicLink(exports.resolve("monthly/2026-04/r1"), outside);

        Users users = new Users(db);
        users.add("test", "prov", Role.PROVINCE, null, null, PASSWORD);
        users.add("test", "yichang", Role.CITY, YICHANG, null, PASSWORD);
        users.add("test", "unit", Role.ENTERPRISE, YICHANG, unit.code(), PASSWORD);
        users.add("test", "admin", Role.ADMIN, null, null, PASSWORD);
        app = ConsoleApp.start(db, ConsoleSettings.defaults().withExports(exports), "127.0.0.1", 0);
        port = app.port();
    }

    /**
     * Writes March 2026 of the sample registry into {@code revision} as the exporter would: every unit used 10 tce,
     * one alert on the first Yichang unit and one on a unit elsewhere.
     *
     * @return the registry's units
     */
    static List<Enterprise> writeMarch(Path revision) throws Exception {
        Path home = Path.of(System.getProperty("dcmon.home", "../.."));
        ReferenceData reference = ReferenceLoader.load(home.resolve("config/reference"));
        Registry registry = RegistryLoader.load(home.resolve("config/samples/hubei"), reference);
        List<Enterprise> units = List.copyOf(registry.enterprises());
        Enterprise unit =
                units.stream().filter(e -> e.city().equals(YICHANG)).findFirst().orElseThrow();
        long march = ShanghaiCalendar.startOf(LocalDate.of(2026, 3, 1));
        Map<String, Map<Long, Map<String, Object>>> months = new HashMap<>();
        for (Enterprise e : units) months.put(e.code(), Map.of(march, row(march, "tce", 10.0)));
        Enterprise elsewhere = units.stream()
                .filter(e -> !e.city().equals(YICHANG))
                .findFirst()
                .orElseThrow();
        List<Map<String, Object>> alerts = List.of(
                row(
                        march + 1,
                        "id",
                        "a-yichang",
                        "seq",
                        1.0,
                        "state",
                        "active",
                        "severity",
                        "watch",
                        "enterprise",
                        unit.code()),
                row(
                        march + 2,
                        "id",
                        "a-elsewhere",
                        "seq",
                        1.0,
                        "state",
                        "active",
                        "severity",
                        "watch",
                        "enterprise",
                        elsewhere.code()));
        MonthData data = new MonthData(months, Map.of(), Map.of(), Map.of(), alerts);
        ExportWriter.write(
                new AssessmentBuilder(registry, reference.divisions(), reference.province(), s -> Colour.YELLOW)
                        .build(MARCH, Scope.PROVINCE, Lang.ZH, data, Instant.parse("2026-04-05T00:00:00Z")),
                revision);
        return units;
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
    }

    private static Map<String, Object> row(long time, Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("time", time);
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private static List<String> lines(byte[] csv) {
        String text = new String(csv, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF");
        return Arrays.asList(text.substring(1).split("\r\n"));
    }

    private static Map<String, JsonNode> files(JsonNode list) {
        assertThat(list.get("months")).hasSize(1);
        JsonNode month = list.get("months").get(0);
        assertThat(month.get("month").asText()).isEqualTo("2026-03");
        assertThat(month.get("revisions")).hasSize(1);
        Map<String, JsonNode> out = new HashMap<>();
        month.get("revisions")
                .get(0)
                .get("files")
                .forEach(f -> out.put(f.get("name").asText(), f));
        return out;
    }

    @Test
    void theProvinceGetsTheFilesAsWrittenWithTheirChecksums() throws Exception {
        ApiClient prov = ApiClient.loggedIn(port, "prov", PASSWORD);
        ApiClient.Response r = prov.get("/api/exports");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("cut").isNull()).isTrue();
        JsonNode rev = r.json().get("months").get(0).get("revisions").get(0);
        assertThat(rev.get("revision").asInt()).isEqualTo(1);
        assertThat(rev.get("provisional").asBoolean()).isFalse();
        assertThat(rev.get("lang").asText()).isEqualTo("zh");
        Map<String, JsonNode> files = files(r.json());
        assertThat(files).containsKeys("assessment-2026-03-province.xlsx", "units.csv", "manifest.json");
        assertThat(files).doesNotContainKey("secret.txt");
        for (JsonNode f : files.values()) {
            byte[] onDisk = Files.readAllBytes(revision.resolve(f.get("name").asText()));
            assertThat(f.get("sha256").asText()).isEqualTo(ExportWriter.sha256(onDisk));
            assertThat(f.get("bytes").asLong()).isEqualTo(onDisk.length);
            HttpResponse<byte[]> d = prov.getBytes(f.get("url").asText());
            assertThat(d.statusCode()).isEqualTo(200);
            assertThat(d.body()).isEqualTo(onDisk);
        }
        HttpResponse<byte[]> xlsx = prov.getBytes(BASE + "assessment-2026-03-province.xlsx");
        assertThat(xlsx.headers().firstValue("Content-Type").orElseThrow())
                .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(xlsx.headers().firstValue("Content-Disposition").orElseThrow())
                .isEqualTo("attachment; filename=\"assessment-2026-03-province.xlsx\"");
    }

    @Test
    void aCityUserDownloadsOnlyItsDivisionsRows() throws Exception {
        ApiClient city = ApiClient.loggedIn(port, "yichang", PASSWORD);
        ApiClient.Response r = city.get("/api/exports");
        assertThat(r.json().get("cut").asText()).isEqualTo("city:420500");
        Map<String, JsonNode> files = files(r.json());
        assertThat(files).containsKeys("assessment-2026-03-city-420500.xlsx", "units.csv", "manifest.json");
        assertThat(files).doesNotContainKey("assessment-2026-03-province.xlsx");

        byte[] csv = city.getBytes(BASE + "units.csv").body();
        assertThat(ExportWriter.sha256(csv))
                .isEqualTo(files.get("units.csv").get("sha256").asText());
        List<String> province = lines(Files.readAllBytes(revision.resolve("units.csv")));
        List<String> expected = new ArrayList<>();
        expected.add(province.get(0));
        int cityColumn = Arrays.asList(province.get(0).split(",")).indexOf("市州代码");
        for (String line : province.subList(1, province.size())) {
            if (line.split(",")[cityColumn].equals(YICHANG)) expected.add(line);
        }
        long yichangUnits = units.stream().filter(e -> e.city().equals(YICHANG)).count();
        assertThat(expected).hasSize((int) yichangUnits + 1);
        assertThat(lines(csv)).isEqualTo(expected);
        assertThat(lines(city.getBytes(BASE + "alerts.csv").body()))
                .hasSize(2)
                .element(1)
                .asString()
                .contains(",a-yichang,");

        HttpResponse<byte[]> xlsx = city.getBytes(BASE + "assessment-2026-03-city-420500.xlsx");
        assertThat(xlsx.statusCode()).isEqualTo(200);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            XSSFSheet sheet = wb.getSheet("单位月度及累计");
            DataFormatter f = new DataFormatter();
            int cityCell = -1;
            for (int c = 0; c < sheet.getRow(1).getLastCellNum(); c++) {
                if (f.formatCellValue(sheet.getRow(1).getCell(c)).equals("市州代码")) cityCell = c;
            }
            assertThat(sheet.getLastRowNum()).isEqualTo(1 + (int) yichangUnits);
            for (int row = 2; row <= sheet.getLastRowNum(); row++) {
                assertThat(f.formatCellValue(sheet.getRow(row).getCell(cityCell)))
                        .isEqualTo(YICHANG);
            }
            assertThat(wb.getSheet("汇总-按梯队").getLastRowNum()).isEqualTo(1);
        }
        // the province's workbook is not the city's to take
        assertThat(city.getBytes(BASE + "assessment-2026-03-province.xlsx").statusCode())
                .isEqualTo(404);
    }

    @Test
    void aUnitListsAndDownloadsOnlyItsOwnRows() throws Exception {
        ApiClient own = ApiClient.loggedIn(port, "unit", PASSWORD);
        ApiClient.Response r = own.get("/api/exports");
        assertThat(r.json().get("cut").asText()).isEqualTo("enterprise:" + unit.code());
        Map<String, JsonNode> files = files(r.json());
        assertThat(files).containsKey("assessment-2026-03-enterprise-" + unit.code() + ".xlsx");
        List<String> rows = lines(own.getBytes(BASE + "units.csv").body());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1)).startsWith(unit.code() + ",");
        assertThat(lines(own.getBytes(BASE + "summary_by_division.csv").body())).hasSize(1);
        assertThat(lines(own.getBytes(BASE + "alerts.csv").body()))
                .hasSize(2)
                .element(1)
                .asString()
                .contains(",a-yichang,");
    }

    @Test
    void pathsOutsideTheExportsDirectoryAndOtherRolesAreRefused() throws Exception {
        ApiClient prov = ApiClient.loggedIn(port, "prov", PASSWORD);
        for (String path : List.of(
                BASE + "secret.txt",
                BASE + "..%2F..%2F..%2F..%2Foutside%2Fr1%2Funits.csv",
                BASE + ".manifest.json",
                "/api/exports/monthly/2026-03/..%2F..%2F..%2Foutside%2Fr1/units.csv",
                "/api/exports/monthly/2026-04/r1/units.csv",
                "/api/exports/monthly/2026-3/r1/units.csv",
                "/api/exports/monthly/2026-03/r0/units.csv")) {
            HttpResponse<byte[]> d = prov.getBytes(path);
            assertThat(d.statusCode()).as(path).isIn(400, 404);
            assertThat(new String(d.body(), StandardCharsets.UTF_8))
                    .as(path)
                    .doesNotContain("not an export file", "CODE");
        }
        // the linked month is not listed
        assertThat(prov.get("/api/exports").json().get("months")).hasSize(1);
        assertThat(ApiClient.loggedIn(port, "admin", PASSWORD)
                        .get("/api/exports")
                        .status())
                .isEqualTo(403);
        assertThat(new ApiClient(port).get("/api/exports").status()).isEqualTo(401);
        assertThat(new ApiClient(port).getBytes(BASE + "units.csv").statusCode())
                .isEqualTo(401);
    }
}
