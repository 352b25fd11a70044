package dcmon.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcmon.influx.InfluxQuery;
import dcmon.stack.InfluxdServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana dashboards' structure, and every InfluxQL query in them (panels and template variables) run against a
 * real influxd holding a few known rows of each measurement: each must parse and return at least one series.
 */
class GrafanaDashboardsTest {
    static final Path DIR = Path.of(System.getProperty("dcmon.home", "../..")).resolve("dashboards/grafana");
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final String UNIT = "91420100MA4K0000XX";
    static final String CITY = "420100";
    static final String DATASOURCE_UID = "dcmon-influxdb";
    /** What Grafana puts in for its built-in variables and the dashboards' own, as the tests run the queries. */
    static final Map<String, String> BUILT_INS = Map.of("timeFilter", "time > now() - 30d", "__interval", "1h");

    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)}?");

    @TempDir
    static Path tmp;

    static InfluxdServer influxd;
    static InfluxQuery influx;
    /** Start of yesterday in Asia/Shanghai: the day rows' time. */
    static Instant day;

    static String year;

    @BeforeAll
    static void startInfluxd() throws Exception {
        influxd = InfluxdServer.start(tmp.resolve("influxd"), 0);
        influx = InfluxQuery.connect(influxd.url(), "dcmon");
        influx.query("CREATE DATABASE dcmon");
        LocalDate yesterday = LocalDate.now(SHANGHAI).minusDays(1);
        day = yesterday.atStartOfDay(SHANGHAI).toInstant();
        year = String.valueOf(yesterday.getYear());
        write(rows());
    }

    @AfterAll
    static void stopInfluxd() {
        if (influx != null) influx.close();
        if (influxd != null) influxd.close();
    }

    @Test
    void everyDashboardHasItsUidTitleAndPanelsWithDatasourceAndTargets() throws IOException {
        Map<String, JsonNode> dashboards = dashboards();
        assertThat(dashboards.keySet())
                .containsExactlyInAnyOrder(
                        "city.json",
                        "data-quality.json",
                        "enterprise-detail.json",
                        "pipeline-health.json",
                        "province-overview.json");
        Set<String> uids = new HashSet<>();
        for (Map.Entry<String, JsonNode> entry : dashboards.entrySet()) {
            String file = entry.getKey();
            JsonNode d = entry.getValue();
            assertThat(d.path("uid").asText()).as(file).matches("dcmon-[a-z-]+");
            assertThat(uids.add(d.path("uid").asText()))
                    .as(file + " uid unique")
                    .isTrue();
            assertThat(d.path("title").asText()).as(file).matches(".*\\p{IsHan}.*");
            assertThat(d.path("description").asText()).as(file).matches(".*[A-Za-z]{4,}.*");
            assertThat(d.path("schemaVersion").asInt()).as(file).isBetween(38, 41);
            assertThat(d.path("timezone").asText()).as(file).isEqualTo("Asia/Shanghai");
            assertThat(d.path("id").isMissingNode() || d.path("id").isNull())
                    .as(file + " has no database id")
                    .isTrue();
            Set<String> defined = new HashSet<>(BUILT_INS.keySet());
            JsonNode variables = d.path("templating").path("list");
            for (JsonNode variable : variables)
                defined.add(variable.path("name").asText());
            JsonNode datasourceVariable = variable(d, "datasource");
            assertThat(datasourceVariable.path("type").asText()).as(file).isEqualTo("datasource");
            assertThat(datasourceVariable.path("query").asText()).as(file).isEqualTo("influxdb");
            assertThat(datasourceVariable.path("current").path("value").asText())
                    .as(file)
                    .isEqualTo(DATASOURCE_UID);

            JsonNode panels = d.path("panels");
            assertThat(panels.isArray() && panels.size() > 0)
                    .as(file + " panels")
                    .isTrue();
            Set<Integer> ids = new HashSet<>();
            int queried = 0;
            for (JsonNode panel : panels) {
                String where = file + " panel " + panel.path("title").asText();
                assertThat(ids.add(panel.path("id").asInt()))
                        .as(where + " id unique")
                        .isTrue();
                assertThat(panel.path("title").asText()).as(where).matches(".*\\p{IsHan}.*");
                for (String key : List.of("h", "w", "x", "y")) {
                    assertThat(panel.path("gridPos").path(key).isInt())
                            .as(where + " gridPos." + key)
                            .isTrue();
                }
                assertThat(panel.path("gridPos").path("x").asInt()
                                + panel.path("gridPos").path("w").asInt())
                        .as(where)
                        .isLessThanOrEqualTo(24);
                if (panel.path("type").asText().equals("row")) continue;
                queried++;
                assertThat(panel.path("description").asText()).as(where).matches(".*[A-Za-z]{4,}.*");
                assertInfluxDatasource(panel.path("datasource"), where);
                JsonNode targets = panel.path("targets");
                assertThat(targets.isArray() && targets.size() > 0)
                        .as(where + " targets")
                        .isTrue();
                Set<String> refIds = new HashSet<>();
                for (JsonNode target : targets) {
                    assertThat(refIds.add(target.path("refId").asText()))
                            .as(where + " refId")
                            .isTrue();
                    assertInfluxDatasource(target.path("datasource"), where);
                    assertThat(target.path("rawQuery").asBoolean()).as(where).isTrue();
                    assertThat(target.path("resultFormat").asText()).as(where).isIn("time_series", "table");
                    String query = target.path("query").asText();
                    assertThat(query).as(where).startsWith("SELECT ");
                    Matcher m = VARIABLE.matcher(query);
                    while (m.find())
                        assertThat(defined).as(where + ": " + query).contains(m.group(1));
                }
            }
            assertThat(queried).as(file).isGreaterThan(5);
        }
    }

    @Test
    void provisioningNamesTheInfluxDatasourceTheDashboardsUseAndTheirFolder() throws IOException {
        Map<String, Object> datasources = yaml("provisioning/datasources/dcmon.yaml");
        assertThat(datasources.get("apiVersion")).isEqualTo(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> ds = ((List<Map<String, Object>>) datasources.get("datasources")).get(0);
        assertThat(ds)
                .containsEntry("type", "influxdb")
                .containsEntry("uid", DATASOURCE_UID)
                .containsEntry("access", "proxy")
                .containsEntry("url", "${DCMON_INFLUX_URL}");
        assertThat(ds.get("jsonData").toString()).contains("dbName=dcmon", "version=InfluxQL", "httpMode=POST");

        Map<String, Object> dashboards = yaml("provisioning/dashboards/dcmon.yaml");
        @SuppressWarnings("unchecked")
        Map<String, Object> provider = ((List<Map<String, Object>>) dashboards.get("providers")).get(0);
        assertThat(provider).containsEntry("type", "file").containsKey("folder");
        assertThat(provider.get("options").toString()).contains("path=");
    }

    @TestFactory
    Stream<DynamicTest> everyQueryParsesAndReturnsASeries() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : dashboards().entrySet()) {
            JsonNode d = entry.getValue();
            for (JsonNode variable : d.path("templating").path("list")) {
                if (!variable.path("type").asText().equals("query")) continue;
                String query = variable.path("query").asText();
                tests.add(DynamicTest.dynamicTest(
                        entry.getKey() + " variable " + variable.path("name").asText(),
                        () -> assertThat(run(query)).isNotEmpty()));
            }
            for (JsonNode panel : d.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    String name = entry.getKey() + " " + panel.path("title").asText() + " "
                            + target.path("refId").asText();
                    String query = target.path("query").asText();
                    tests.add(DynamicTest.dynamicTest(
                            name, () -> assertThat(run(query)).as(query).isNotEmpty()));
                }
            }
        }
        assertThat(tests).hasSizeGreaterThan(30);
        return tests.stream();
    }

    @Test
    void enterpriseAndYearVariablesOfferTheWrittenValues() throws IOException {
        assertThat(values(variable(dashboards().get("enterprise-detail.json"), "enterprise")))
                .containsExactly(UNIT);
        assertThat(values(variable(dashboards().get("province-overview.json"), "year")))
                .containsExactly(year);
    }

    @Test
    void cityVariableOffersTheDivisionsAndItsRankingListsItsUnits() throws IOException {
        assertThat(values(variable(dashboards().get("city.json"), "city"))).containsExactly(CITY, "420500");
        assertThat(values(variable(dashboards().get("city.json"), "tier"))).containsExactly("thousand");
        List<Map<String, Object>> rows = run(query("city.json", "单位进度排名"));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0))
                .containsEntry("enterprise", UNIT)
                .containsEntry("tier", "thousand")
                .containsEntry("预测占上限", 99.2);
    }

    @Test
    void pipelineHealthShowsEachGatewaysDataAgeAndTheAlertEventsByRule() throws IOException {
        List<Map<String, Object>> ages = run(query("pipeline-health.json", "网关数据时延"));
        assertThat(ages)
                .extracting(r -> r.get("gateway") + ":" + r.get("数据时延 age s"))
                .containsExactlyInAnyOrder("GW01:3600.0", "GW02:7200.0", "GW03:60.0");
        List<Map<String, Object>> events = run(query("pipeline-health.json", "预警事件（按规则）"));
        double total = events.stream()
                .mapToDouble(r -> ((Number) r.get("count")).doubleValue())
                .sum();
        assertThat(total).isEqualTo(5.0);
    }

    @Test
    void pipelineHealthShowsTheBrokersLargestBacklogPerInterval() throws IOException {
        List<Map<String, Object>> rows = run(query("pipeline-health.json", "MQTT 服务器积压消息"));
        assertThat(rows).extracting(r -> r.get("broker")).containsOnly("mqtt-1");
        assertThat(rows.stream()
                        .mapToDouble(r -> ((Number) r.get("积压 backlog")).doubleValue())
                        .max())
                .hasValue(25_000.0);
    }

    @Test
    void offlineGatewaysAreThoseWhoseLatestRowIsOfflineOrSilent() throws IOException {
        List<Map<String, Object>> rows = run(query("data-quality.json", "离线与无数据网关"));
        assertThat(rows).extracting(r -> r.get("gateway")).containsExactlyInAnyOrder("GW01", "GW02");
        assertThat(run(query("data-quality.json", "离线网关")).get(0)).containsEntry("离线 offline", 1.0);
    }

    @Test
    void quarterHoursAreSummedIntoShanghaiDays() throws IOException {
        String query = query("province-overview.json", "全省分时能耗（15 分钟汇总）")
                .replace("$__interval", "1d")
                .replace(
                        "$timeFilter",
                        "time >= " + day.toEpochMilli() + "ms AND time < "
                                + day.plus(1, ChronoUnit.DAYS).toEpochMilli() + "ms");
        List<Map<String, Object>> rows = influx.query(query);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("time", day.toEpochMilli()).containsEntry("综合能耗 tce", 3.5);
    }

    @Test
    void activeAlertsQueryHasEveryEventForTheTableToKeepTheLatestPerId() throws IOException {
        List<Map<String, Object>> rows = run(query("province-overview.json", "当前预警"));
        assertThat(rows).extracting(r -> r.get("id")).containsExactly("a1", "a2", "a1", "a2", "r1");
        assertThat(rows.get(2)).containsEntry("severity", "warning").containsEntry("state", "active");
        assertThat(rows.get(3)).containsEntry("state", "cleared");
    }

    // --------------------------------------------------------------------------------------------------------

    static List<Map<String, Object>> run(String grafanaQuery) {
        String query = grafanaQuery
                .replace("$timeFilter", BUILT_INS.get("timeFilter"))
                .replace("$__interval", BUILT_INS.get("__interval"))
                .replace("$enterprise", UNIT)
                .replace("$city", CITY)
                .replace("$tier", "thousand")
                .replace("$year", year);
        // a regex's end anchor ("/^thousand$/") is not a variable
        assertThat(query).as("unsubstituted variable").doesNotContainPattern("\\$\\{?\\w");
        return influx.query(query);
    }

    static String query(String file, String title) throws IOException {
        for (JsonNode panel : dashboards().get(file).path("panels")) {
            if (panel.path("title").asText().equals(title)) {
                return panel.path("targets").get(0).path("query").asText();
            }
        }
        throw new AssertionError("no panel " + title + " in " + file);
    }

    static JsonNode variable(JsonNode dashboard, String name) {
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("name").asText().equals(name)) return variable;
        }
        throw new AssertionError("no variable " + name);
    }

    static List<Object> values(JsonNode variable) {
        return run(variable.path("query").asText()).stream()
                .map(r -> r.get("value"))
                .toList();
    }

    static void assertInfluxDatasource(JsonNode datasource, String where) {
        assertThat(datasource.path("type").asText())
                .as(where + " datasource type")
                .isEqualTo("influxdb");
        assertThat(datasource.path("uid").asText())
                .as(where + " datasource uid")
                .isEqualTo("${datasource}");
    }

    static Map<String, JsonNode> dashboards() throws IOException {
        Map<String, JsonNode> dashboards = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(DIR.resolve("dashboards"))) {
            for (Path file : files.sorted().toList()) {
                dashboards.put(file.getFileName().toString(), JSON.readTree(file.toFile()));
            }
        }
        return dashboards;
    }

    static Map<String, Object> yaml(String file) throws IOException {
        try (InputStream in = Files.newInputStream(DIR.resolve(file))) {
            return new Yaml().load(in);
        }
    }

    /** A few rows of every measurement, as the monitoring job writes them (docs/design.md, InfluxDB schema). */
    static String rows() {
        long d = day.toEpochMilli();
        long before = day.minus(1, ChronoUnit.DAYS).toEpochMilli();
        long q1 = day.plus(10, ChronoUnit.HOURS).toEpochMilli();
        long q2 = q1 + 15 * 60_000;
        long recent = Instant.now().minus(1, ChronoUnit.HOURS).toEpochMilli();
        String unit = "enterprise=" + UNIT + ",city=420100,tier=thousand,industry=3011";
        List<String> lines = new ArrayList<>();
        for (long q : List.of(q1, q2)) {
            lines.add("point_usage,enterprise=" + UNIT + ",point=E-MAIN-01,energy=electricity,period=15m"
                    + " amount=1200.0,tce=0.1475,tco2=0.68,estimated=false " + q);
            lines.add("point_usage,enterprise=" + UNIT + ",point=COG-01,energy=coke_oven_gas,period=15m"
                    + " amount=3100.0,tce=1.6,tco2=3.3,estimated=true " + q);
            lines.add("enterprise_usage," + unit
                    + ",period=15m tce=1.75,tce_policy=1.7,tce_equal_value=2.1,tco2=4.0,estimated=false " + q);
            lines.add("region_usage,level=province,region=420000,period=15m tce=1.75,tce_policy=1.7,tco2=4.0 " + q);
        }
        lines.add("point_usage,enterprise=" + UNIT + ",point=E-MAIN-01,energy=electricity,period=day"
                + " amount=115200.0,tce=14.16,tco2=65.3,estimated=false " + d);
        for (long t : List.of(before, d)) {
            lines.add("enterprise_usage," + unit
                    + ",period=day tce=168.0,tce_policy=163.2,tce_equal_value=201.6,tco2=384.0,estimated=false " + t);
            lines.add("region_usage,level=province,region=420000,period=day tce=1500.5,tce_policy=1450.0,tco2=3400.0 "
                    + t);
            lines.add("region_usage,level=city,region=420100,period=day tce=600.0,tce_policy=580.0,tco2=1400.0 " + t);
            String progress = " completion_pct=91.5,time_pct=91.0,time_seasonal_pct=90.2,pace_gap_pp=0.5,"
                    + "ytd_tce=109800.0,cap_tce=120000.0,projected_tce=119040.0,projected_pct=99.2,"
                    + "projection_method=\"recent-rate\",cap_basis=\"gbt2589\",co2_completion_pct=88.0,"
                    + "months_measured=11i,estimated=false ";
            lines.add("enterprise_progress," + unit + ",year=" + year + progress + t);
            lines.add("region_progress,level=province,region=420000,year=" + year + progress + t);
            lines.add("region_progress,level=city,region=420100,year=" + year + progress + t);
            lines.add("region_progress,level=city,region=420500,year=" + year
                    + progress.replace("projected_pct=99.2", "projected_pct=111.0") + t);
            lines.add("region_progress,level=tier,region=thousand,year=" + year + progress + t);
        }
        String product = " ytd_output=1100000.0,ytd_kgce_per_unit=98.5,target_kgce_per_unit=100.0,"
                + "target_gap_pct=-1.5,energy_change_vs_base_tce=-1200.0 " + d;
        lines.add("enterprise_progress,enterprise=" + UNIT + ",product=cement,year=" + year + product);
        lines.add("region_progress,level=province,region=420000,product=cement,year=" + year + product);

        lines.add("data_quality," + unit.replace(",industry=3011", "") + ",gateway=GW01,period=day"
                + " expected=192i,covered=180i,completeness_pct=93.75,received=190i,rejected=3i,rejected_messages=0i,"
                + "rejected_conflict=2i,rejected_suspect_step=1i " + d);
        lines.add("data_quality," + unit.replace(",industry=3011", "") + ",gateway=GW02,period=day"
                + " expected=96i,covered=60i,completeness_pct=62.5,received=70i,rejected=1i,rejected_messages=1i,"
                + "rejected_unknown_point=1i " + d);

        String gateway = "gateway_status,enterprise=" + UNIT + ",city=420100,tier=thousand,gateway=";
        lines.add(gateway + "GW01 connection=\"online\",online=true,silent=false,alert=false,"
                + "connection_since=\"2026-01-01T00:00:00+08:00\" " + (recent - 3_600_000));
        lines.add(gateway + "GW01 connection=\"offline\",online=false,silent=false,alert=true,cause=\"lost\","
                + "connection_since=\"2026-01-02T00:00:00+08:00\",last_data=\"2026-01-02T00:00:00+08:00\","
                + "last_data_age_s=3600i " + recent);
        lines.add(gateway + "GW02 connection=\"online\",online=true,silent=true,alert=true,cause=\"silent\","
                + "last_data_age_s=7200i " + recent);
        lines.add(gateway + "GW03 connection=\"online\",online=true,silent=false,alert=false,last_data_age_s=60i "
                + recent);

        String broker = "broker_status,broker=mqtt-1 retained_messages=60i,stored_bytes=%di,bridge=\"dcmon-bridge-1\","
                + "stored_messages=%di,backlog_messages=%di ";
        lines.add(broker.formatted(20_000, 560, 500) + (recent - 20_000));
        lines.add(broker.formatted(3_000_000, 25_060, 25_000) + (recent - 10_000));
        lines.add(broker.formatted(10_000, 60, 0) + recent);

        String alert = "alerts,rule=total.pace,enterprise=" + UNIT + ",city=420100,tier=thousand,severity=";
        String fields = ",event=\"%s\",state=\"%s\",period=\"" + year + "\",value=%s,threshold=5.0,"
                + "message_zh=\"能耗总量进度超前时间进度\",message_en=\"total consumption ahead of time\" ";
        lines.add(alert + "watch id=\"a1\",seq=1i" + fields.formatted("raised", "active", "6.0") + (recent - 4000));
        lines.add("alerts,rule=gateway.offline,enterprise=" + UNIT
                + ",city=420100,tier=thousand,gateway=GW01,severity=warning id=\"a2\",seq=1i"
                + fields.formatted("raised", "active", "1.5") + (recent - 3000));
        lines.add(alert + "warning id=\"a1\",seq=2i" + fields.formatted("updated", "active", "11.0") + (recent - 2000));
        lines.add("alerts,rule=gateway.offline,enterprise=" + UNIT
                + ",city=420100,tier=thousand,gateway=GW01,severity=warning id=\"a2\",seq=2i"
                + fields.formatted("cleared", "cleared", "0.2") + (recent - 1000));
        lines.add("alerts,rule=region.projection,level=city,region=420500,severity=warning id=\"r1\",seq=1i"
                + fields.formatted("raised", "active", "111.0") + recent);
        return String.join("\n", lines);
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
