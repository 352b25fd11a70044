package dcmon.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dcmon.console.dashboard.ProgressReader;
import dcmon.core.alert.AlertLifecycle;
import dcmon.core.reading.RejectReason;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A unit's gateways and points against a real influxd and PostgreSQL: known {@code gateway_status},
 * {@code point_usage} and {@code data_quality} rows give exact JSON, and the endpoint is scoped like the unit's page.
 */
class GatewayApiTest extends DashboardTestBase {
    /** A unit InfluxDB knows only from its gateway's status, in Wuhan. */
    static final String NEW_UNIT = "91420100MA4K0003XX";

    static final String GW = "/gateways";
    static final long MINUTE = 60_000L;
    /** The start of the current quarter hour. */
    static long quarter;

    static LocalDate today;

    @BeforeAll
    static void writeGatewayRows() throws Exception {
        quarter = Instant.now().truncatedTo(ChronoUnit.MINUTES).toEpochMilli() / (15 * MINUTE) * (15 * MINUTE);
        today = LocalDate.now(ProgressReader.SHANGHAI);
        List<String> lines = new ArrayList<>();
        String unit = "enterprise=" + UNIT;
        String gw01 = "gateway_status,city=420100," + unit + ",gateway=GW01,tier=thousand ";
        lines.add(gw01 + "connection=\"online\",online=true,silent=false,alert=false,"
                + "connection_since=\"2026-12-01T08:00:00+08:00\",last_data=\"2026-12-01T09:00:00+08:00\","
                + "last_data_age_s=60i " + (quarter - 180 * MINUTE));
        lines.add(gw01 + "connection=\"offline\",online=false,silent=false,alert=true,cause=\"lost\","
                + "connection_since=\"2026-12-01T10:00:00+08:00\",last_data=\"2026-12-01T09:48:00+08:00\","
                + "last_data_age_s=720i " + (quarter - 60 * MINUTE));
        lines.add("gateway_status,city=420100," + unit + ",gateway=GW02,tier=thousand"
                + " connection=\"unknown\",online=false,silent=false,alert=false " + (quarter - 180 * MINUTE));
        lines.add("gateway_status,city=420500,enterprise=" + YICHANG_UNIT + ",gateway=GW09,tier=thousand"
                + " connection=\"online\",online=true,silent=false,alert=false " + (quarter - 60 * MINUTE));
        lines.add("gateway_status,city=420100,enterprise=" + NEW_UNIT + ",gateway=GW01,tier=ten-thousand"
                + " connection=\"online\",online=true,silent=true,alert=false,cause=\"silent\" "
                + (quarter - 60 * MINUTE));
        // a unit of the sample registry: one registered gateway and point report, one gateway is not registered
        String hubei = "gateway_status,city=420100,enterprise=" + HUBEI_WUHAN + ",tier=hundred,gateway=";
        lines.add(hubei + "GW02 connection=\"online\",online=true,silent=false,alert=false " + (quarter - 60 * MINUTE));
        lines.add(hubei + "GW99 connection=\"online\",online=true,silent=false,alert=false " + (quarter - 60 * MINUTE));
        lines.add("point_usage,enterprise=" + HUBEI_WUHAN + ",energy=electricity,period=15m,point=E-MAIN-01 amount=2.5 "
                + (quarter - 30 * MINUTE));
        String main = "point_usage," + unit + ",energy=electricity,period=15m,point=E-MAIN-01 ";
        lines.add(main + "amount=10.5,tce=1.0 " + (quarter - 60 * MINUTE));
        lines.add(main + "amount=11.0,tce=1.0 " + (quarter - 45 * MINUTE));
        lines.add(main + "amount=12.25,tce=1.0 " + (quarter - 30 * MINUTE));
        lines.add(main + "amount=99.0,tce=9.0 " + (quarter - 30 * 60 * MINUTE));
        lines.add("point_usage," + unit + ",energy=electricity,period=day,point=E-MAIN-01 amount=500.0 "
                + (quarter - 30 * MINUTE));
        lines.add("point_usage," + unit + ",energy=water,period=15m,point=W-01 amount=3.0 "
                + (quarter - 2 * 24 * 60 * MINUTE));
        lines.add("point_usage,enterprise=" + OTHER_UNIT + ",energy=electricity,period=15m,point=X-01 amount=1.0 "
                + (quarter - 30 * MINUTE));
        String q1 = "data_quality,city=420100," + unit + ",gateway=GW01,period=day,tier=thousand ";
        String q2 = "data_quality,city=420100," + unit + ",gateway=GW02,period=day,tier=thousand ";
        lines.add(q1 + "expected=96i,covered=90i,completeness_pct=93.75,received=100i,rejected=5i,"
                + "rejected_messages=1i,rejected_unknown_point=3i,rejected_bad_value=2i " + start(today.minusDays(1)));
        lines.add(q2 + "expected=96i,covered=96i,completeness_pct=100.0,received=96i,rejected=1i,"
                + "rejected_messages=0i,rejected_unknown_point=1i " + start(today.minusDays(1)));
        lines.add(q1 + "expected=96i,covered=48i,completeness_pct=50.0,received=48i,rejected=0i,rejected_messages=0i "
                + start(today.minusDays(3)));
        lines.add(q1 + "expected=96i,covered=0i,completeness_pct=0.0,received=0i,rejected=7i,rejected_messages=0i,"
                + "rejected_conflict=7i " + start(today.minusDays(10)));
        write(String.join("\n", lines));
        long now = System.currentTimeMillis();
        long hour = 3_600_000L;
        rejections.add("r1", UNIT, "GW01", RejectReason.UNKNOWN_POINT, now - hour);
        rejections.add("r1", UNIT, "GW01", RejectReason.UNKNOWN_POINT, now - hour / 2); // a replay: counted once
        rejections.add("r2", UNIT, "GW01", RejectReason.UNKNOWN_POINT, now - 2 * hour);
        rejections.add("r3", UNIT, "GW02", RejectReason.CONFLICT, now - 3 * hour);
        rejections.add("r4", UNIT, "GW01", RejectReason.CONFLICT, now - 26 * hour); // before the window
        rejections.add("r5", OTHER_UNIT, "GW01", RejectReason.BAD_VALUE, now);
    }

    @Test
    void registeredGatewaysAndPointsThatNeverReportedAreListedAfterTheOthers() throws Exception {
        JsonNode r = ApiClient.loggedIn(port, "wuhan", PASSWORD)
                .get("/api/enterprises/" + HUBEI_WUHAN + GW)
                .json();
        assertThat(r.get("registry").asBoolean()).isTrue();
        assertThat(r.get("name").asText()).isEqualTo("武汉楚钢钢铁有限公司");
        assertThat(r.get("city_name").asText()).isEqualTo("武汉市");
        List<String> gateways = new ArrayList<>();
        for (JsonNode g : r.get("gateways")) {
            gateways.add(g.get("gateway").asText() + " registered=" + g.get("registered") + " reported="
                    + g.get("reported") + " connection=" + g.path("connection").asText("-"));
        }
        assertThat(gateways)
                .containsExactly(
                        "GW02 registered=true reported=true connection=online",
                        "GW99 registered=false reported=true connection=online",
                        "GW01 registered=true reported=false connection=-",
                        "GW03 registered=true reported=false connection=-");
        List<String> points = new ArrayList<>();
        for (JsonNode p : r.get("points")) {
            points.add(p.get("point").asText() + " " + p.get("gateway").asText() + " "
                    + p.get("unit").asText() + " " + p.get("readings_24h").asLong() + " reported=" + p.get("reported"));
        }
        assertThat(points)
                .containsExactly(
                        "E-MAIN-01 GW01 kWh 1 reported=true",
                        "COKE-01 GW01 kg 0 reported=false",
                        "COG-01 GW02 m3 0 reported=false",
                        "BFG-01 GW03 m3 0 reported=false",
                        "O2-01 GW02 m3 0 reported=false",
                        "PV-01 GW03 kWh 0 reported=false",
                        "STEEL-OUT GW01 t 0 reported=false");
        assertThat(r.get("points").get(6).get("product").asText()).isEqualTo("crude-steel");

        // registered but silent so far: still the unit's division only
        JsonNode yichang = ApiClient.loggedIn(port, "prov", PASSWORD)
                .get("/api/enterprises/" + HUBEI_YICHANG + GW)
                .json();
        assertThat(yichang.get("city").asText()).isEqualTo("420500");
        assertThat(yichang.get("gateways").get(0).get("reported").asBoolean()).isFalse();
        assertThat(ApiClient.loggedIn(port, "wuhan", PASSWORD)
                        .get("/api/enterprises/" + HUBEI_YICHANG + GW)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void gatewaysPointsQualityAndRejectionsOfKnownRows() throws Exception {
        ApiClient.Response r = ApiClient.loggedIn(port, "unit", PASSWORD).get("/api/enterprises/" + UNIT + GW);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String expected = """
                {"code":"%s","city":"420100","registry":false,"gateways":[\
                {"gateway":"GW01","time":"%s","city":"420100","tier":"thousand","connection":"offline",\
                "online":false,"silent":false,"alert":true,"cause":"lost",\
                "connection_since":"2026-12-01T10:00:00+08:00","last_data":"2026-12-01T09:48:00+08:00",\
                "last_data_age_s":720},\
                {"gateway":"GW02","time":"%s","city":"420100","tier":"thousand","connection":"unknown",\
                "online":false,"silent":false,"alert":false}],\
                "points":[\
                {"point":"E-MAIN-01","energy":"electricity","time":"%s","amount":12.25,"readings_24h":3,\
                "amount_24h":33.75},\
                {"point":"W-01","energy":"water","time":"%s","amount":3.0,"readings_24h":0,"amount_24h":0.0}],\
                "days":7,"quality":[\
                {"date":"%s","gateway":"GW01","expected":96,"covered":90,"completeness_pct":93.75,"received":100,\
                "rejected":5,"rejected_messages":1,"rejected_unknown_point":3,"rejected_bad_value":2},\
                {"date":"%s","gateway":"GW02","expected":96,"covered":96,"completeness_pct":100.0,"received":96,\
                "rejected":1,"rejected_messages":0,"rejected_unknown_point":1},\
                {"date":"%s","gateway":"GW01","expected":96,"covered":48,"completeness_pct":50.0,"received":48,\
                "rejected":0,"rejected_messages":0}],\
                "rejections":{"days":["%s","%s"],"received":196,"rejected":6,"rejected_messages":1,"reasons":[\
                {"reason":"unknown_point","count":4,"description_zh":"未登记的测点","fix_zh":"测点未登记于该单位",\
                "fix_en":"a point is not registered for this unit"},\
                {"reason":"bad_value","count":2,"description_zh":"读数缺失或不是有限数值",\
                "fix_zh":"value 须为有限数值（不能为空、字符串、NaN 或 Infinity）",\
                "fix_en":"value must be a finite number (not empty, text, NaN or Infinity)"}]},\
                "live":{"since":"%s","rejected":3,"reasons":[\
                {"reason":"unknown_point","count":2,"description_zh":"未登记的测点","fix_zh":"测点未登记于该单位",\
                "fix_en":"a point is not registered for this unit"},\
                {"reason":"conflict","count":1,"description_zh":"同一测点同一时刻出现不同读数，以先到者为准",\
                "fix_zh":"同一时刻已有不同读数：不要以新值重发已发送的时刻，先到者有效",\
                "fix_en":"another value was already counted for this time: do not resend a time with a new value;\
                 the first stands"}]}}""".formatted(
                        UNIT,
                        iso(quarter - 60 * MINUTE),
                        iso(quarter - 180 * MINUTE),
                        iso(quarter - 30 * MINUTE),
                        iso(quarter - 2 * 24 * 60 * MINUTE),
                        today.minusDays(1),
                        today.minusDays(1),
                        today.minusDays(3),
                        today.minusDays(1),
                        today,
                        iso(rejections.since()));
        assertThat(r.body()).isEqualTo(expected);
    }

    @Test
    void daysWidensTheQualityRowsButNotTheRejections() throws Exception {
        ApiClient prov = ApiClient.loggedIn(port, "prov", PASSWORD);
        JsonNode body = prov.get("/api/enterprises/" + UNIT + GW + "?days=14").json();
        assertThat(body.get("days").asInt()).isEqualTo(14);
        assertThat(body.get("quality")).hasSize(4);
        assertThat(body.get("quality").get(3).get("rejected_conflict").asLong()).isEqualTo(7);
        assertThat(body.get("rejections").get("rejected").asLong()).isEqualTo(6);
        JsonNode one = prov.get("/api/enterprises/" + UNIT + GW + "?days=1").json();
        assertThat(one.get("quality")).isEmpty();
        assertThat(one.get("rejections").get("received").asLong()).isEqualTo(196);
        assertThat(prov.get("/api/enterprises/" + UNIT + GW + "?days=0").status())
                .isEqualTo(400);
        assertThat(prov.get("/api/enterprises/" + UNIT + GW + "?days=x").status())
                .isEqualTo(400);
    }

    @Test
    void scopedLikeTheUnitsPage() throws Exception {
        ApiClient city = ApiClient.loggedIn(port, "wuhan", PASSWORD);
        assertThat(city.get("/api/enterprises/" + UNIT + GW).status()).isEqualTo(200);
        JsonNode fresh = city.get("/api/enterprises/" + NEW_UNIT + GW).json();
        assertThat(fresh.get("city").asText()).isEqualTo(WUHAN);
        assertThat(fresh.get("gateways").get(0).get("cause").asText()).isEqualTo("silent");
        assertThat(fresh.get("points")).isEmpty();
        ApiClient.Response other = city.get("/api/enterprises/" + YICHANG_UNIT + GW);
        ApiClient.Response missing = city.get("/api/enterprises/" + MISSING_UNIT + GW);
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.body()).isEqualTo(missing.body());

        ApiClient own = ApiClient.loggedIn(port, "unit", PASSWORD);
        ApiClient.Response neighbour = own.get("/api/enterprises/" + OTHER_UNIT + GW);
        assertThat(neighbour.status()).isEqualTo(404);
        assertThat(neighbour.body())
                .isEqualTo(own.get("/api/enterprises/" + MISSING_UNIT + GW).body());
        assertThat(own.get("/api/enterprises/" + YICHANG_UNIT + GW).body()).isEqualTo(neighbour.body());

        ApiClient prov = ApiClient.loggedIn(port, "prov", PASSWORD);
        JsonNode yichang = prov.get("/api/enterprises/" + YICHANG_UNIT + GW).json();
        assertThat(yichang.get("city").asText()).isEqualTo(YICHANG);
        assertThat(yichang.get("gateways").get(0).get("gateway").asText()).isEqualTo("GW09");
        assertThat(prov.get("/api/enterprises/" + MISSING_UNIT + GW).status()).isEqualTo(404);
        assertThat(prov.get("/api/enterprises/bad%20code" + GW).status()).isEqualTo(404);

        assertThat(ApiClient.loggedIn(port, "admin", PASSWORD)
                        .get("/api/enterprises/" + UNIT + GW)
                        .status())
                .isEqualTo(403);
    }

    private static long start(LocalDate day) {
        return day.atStartOfDay(ProgressReader.SHANGHAI).toInstant().toEpochMilli();
    }

    private static String iso(long millis) {
        return AlertLifecycle.time(millis);
    }
}
