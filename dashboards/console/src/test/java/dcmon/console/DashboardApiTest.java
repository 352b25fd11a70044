package dcmon.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dashboards' API against a real influxd and PostgreSQL: exact values of known rows and role scoping. */
class DashboardApiTest extends DashboardTestBase {
    @Test
    void provinceOverviewHasTheLatestRowOfEveryRegionWithColoursAlertsAndTheDailyTrend() throws Exception {
        JsonNode o = ApiClient.loggedIn(port, "prov", PASSWORD)
                .get("/api/overview" + Y)
                .json();
        assertThat(o.get("year").asText()).isEqualTo("2026");
        JsonNode province = o.get("province");
        assertThat(province.get("region").asText()).isEqualTo("420000");
        assertThat(province.get("date").asText()).isEqualTo("2026-11-30");
        assertThat(province.get("completion_pct").asDouble()).isEqualTo(88.0);
        assertThat(province.get("time_pct").asDouble()).isEqualTo(91.0);
        assertThat(province.get("projected_pct").asDouble()).isEqualTo(96.5);
        assertThat(province.get("colour").asText()).isEqualTo("yellow");
        assertThat(o.get("tiers")).hasSize(1);
        assertThat(o.get("tiers").get(0).get("region").asText()).isEqualTo("thousand");
        assertThat(o.get("tiers").get(0).get("colour").asText()).isEqualTo("green");
        JsonNode cities = o.get("cities");
        assertThat(cities).hasSize(2);
        assertThat(cities.get(0).get("region").asText()).isEqualTo(WUHAN);
        assertThat(cities.get(0).get("completion_pct").asDouble()).isEqualTo(70.0);
        assertThat(cities.get(0).get("colour").asText()).isEqualTo("green");
        assertThat(cities.get(1).get("region").asText()).isEqualTo(YICHANG);
        // 101 % of its cap, projected at 111 %: regions have region.projection (warning ≥ 100 %), no breach rule
        assertThat(cities.get(1).get("colour").asText()).isEqualTo("yellow");
        assertThat(o.get("daily")).hasSize(2);
        assertThat(o.get("daily").get(0).get("date").asText()).isEqualTo("2026-11-29");
        assertThat(o.get("daily").get(0).get("tce").asDouble()).isEqualTo(1500.5);
        assertThat(o.get("daily").get(1).get("tce").asDouble()).isEqualTo(1600.0);
        assertThat(o.get("alerts").toString()).isEqualTo("{\"info\":0,\"watch\":0,\"warning\":2,\"breach\":1}");
        assertThat(o.get("topProjected").toString())
                .isEqualTo("[{\"code\":\"" + YICHANG_UNIT
                        + "\",\"city\":\"420500\",\"tier\":\"thousand\",\"projected_pct\":115.0,"
                        + "\"completion_pct\":105.0,\"name\":null,\"industry\":null,\"city_name\":\"宜昌市\"}]");
    }

    @Test
    void rowsAndAlertsCarryTheRegistrysNamesOfUnitsAndDivisions() throws Exception {
        // a unit of the sample registry, with a row of another year so that the other tests' 2026 rows stay as they are
        write("enterprise_progress,city=420100,enterprise=" + HUBEI_WUHAN + ",industry=C31,tier=hundred,year=2024"
                + " completion_pct=99.0,time_pct=99.7,projected_pct=101.5 " + day(2024, 12, 30) + "\n"
                + "region_progress,level=city,region=420100,year=2024 completion_pct=90.0,projected_pct=91.0 "
                + day(2024, 12, 30));
        ApiClient prov = ApiClient.loggedIn(port, "prov", PASSWORD);
        JsonNode o = prov.get("/api/overview?year=2024").json();
        assertThat(o.get("topProjected").toString())
                .isEqualTo("[{\"code\":\"" + HUBEI_WUHAN + "\",\"city\":\"420100\",\"tier\":\"hundred\","
                        + "\"projected_pct\":101.5,\"completion_pct\":99.0,\"name\":\"武汉楚钢钢铁有限公司\","
                        + "\"industry\":\"C31\",\"city_name\":\"武汉市\"}]");
        assertThat(o.get("cities").get(0).get("name").asText()).isEqualTo("武汉市");

        JsonNode list = prov.get("/api/enterprises?year=2024&q=楚钢").json();
        assertThat(list.get("total").asInt()).isEqualTo(1);
        JsonNode row = list.get("items").get(0);
        assertThat(row.get("enterprise").asText()).isEqualTo(HUBEI_WUHAN);
        assertThat(row.get("name").asText()).isEqualTo("武汉楚钢钢铁有限公司");
        assertThat(row.get("city_name").asText()).isEqualTo("武汉市");

        JsonNode unit =
                prov.get("/api/enterprises/" + HUBEI_WUHAN + "?year=2024").json();
        assertThat(unit.get("name").asText()).isEqualTo("武汉楚钢钢铁有限公司");
        assertThat(unit.get("industry").asText()).isEqualTo("C31");
        assertThat(unit.get("city_name").asText()).isEqualTo("武汉市");
        assertThat(unit.get("progress").get("name").asText()).isEqualTo("武汉楚钢钢铁有限公司");

        // known to the registry only: found, in its division, by name; another division's office still gets 404
        JsonNode yichang = prov.get("/api/enterprises/" + HUBEI_YICHANG + Y).json();
        assertThat(yichang.get("name").asText()).isEqualTo("宜昌峡江磷化工集团有限公司");
        assertThat(yichang.get("city").asText()).isEqualTo("420500");
        assertThat(yichang.get("city_name").asText()).isEqualTo("宜昌市");
        assertThat(yichang.get("progress").isNull()).isTrue();
        assertThat(ApiClient.loggedIn(port, "wuhan", PASSWORD)
                        .get("/api/enterprises/" + HUBEI_YICHANG + Y)
                        .status())
                .isEqualTo(404);

        JsonNode region = prov.get("/api/regions/city/420500" + Y).json();
        assertThat(region.get("name").asText()).isEqualTo("宜昌市");
        assertThat(prov.get("/api/regions/province/420000" + Y)
                        .json()
                        .get("name")
                        .asText())
                .isEqualTo("湖北省");
        assertThat(prov.get("/api/regions/tier/thousand" + Y).json().get("name").isNull())
                .isTrue();
    }

    @Test
    void alertsCarryTheNamesOfTheirSubjectAndDivision() throws Exception {
        ApiClient prov = ApiClient.loggedIn(port, "prov", PASSWORD);
        JsonNode cityAlert = prov.get("/api/alerts/" + Alerts.id(3)).json();
        assertThat(cityAlert.get("name").asText()).isEqualTo("宜昌市");
        assertThat(cityAlert.get("enterprise_name").isNull()).isTrue();
        assertThat(cityAlert.get("city_name").asText()).isEqualTo("宜昌市");
        // a unit the registry does not know keeps its code only
        JsonNode unitAlert = prov.get("/api/alerts/" + Alerts.id(1)).json();
        assertThat(unitAlert.get("name").isNull()).isTrue();
        assertThat(unitAlert.get("city_name").asText()).isEqualTo("武汉市");
        // times as read in the province
        assertThat(unitAlert.get("first_seen").asText()).isEqualTo("2026-11-24T10:15+08:00");
        JsonNode list = prov.get("/api/alerts?city=420500").json();
        assertThat(list.get("items").get(0).get("name").asText()).isEqualTo("宜昌市");
    }

    @Test
    void cityOverviewHasOnlyItsOwnCity() throws Exception {
        JsonNode o = ApiClient.loggedIn(port, "wuhan", PASSWORD)
                .get("/api/overview" + Y)
                .json();
        assertThat(o.get("province").isNull()).isTrue();
        assertThat(o.get("tiers")).isEmpty();
        assertThat(o.get("cities")).hasSize(1);
        assertThat(o.get("cities").get(0).get("region").asText()).isEqualTo(WUHAN);
        assertThat(o.get("daily")).hasSize(1);
        assertThat(o.get("daily").get(0).get("tce").asDouble()).isEqualTo(600.0);
        assertThat(o.get("alerts").toString()).isEqualTo("{\"info\":0,\"watch\":0,\"warning\":1,\"breach\":1}");
        assertThat(o.get("topProjected")).isEmpty(); // its units project 99.2 % and 44 %
    }

    @Test
    void enterpriseListIsScopedAndFiltered() throws Exception {
        ApiClient prov = ApiClient.loggedIn(port, "prov", PASSWORD);
        JsonNode all = prov.get("/api/enterprises" + Y).json();
        assertThat(codes(all)).containsExactly(UNIT, OTHER_UNIT, YICHANG_UNIT);
        JsonNode unit = all.get("items").get(0);
        assertThat(unit.get("date").asText()).isEqualTo("2026-11-30");
        assertThat(unit.get("completion_pct").asDouble()).isEqualTo(91.5);
        assertThat(unit.get("ytd_tce").asDouble()).isEqualTo(109800.0);
        assertThat(unit.get("projection_method").asText()).isEqualTo("recent-rate");
        assertThat(unit.get("colour").asText()).isEqualTo("yellow"); // projected 99.2 % ≥ 95 %
        assertThat(all.get("items").get(1).get("colour").asText()).isEqualTo("red"); // its active total.breach
        assertThat(all.get("items").get(2).get("colour").asText()).isEqualTo("red"); // 105 % of its cap
        assertThat(codes(prov.get("/api/enterprises" + Y + "&city=" + YICHANG).json()))
                .containsExactly(YICHANG_UNIT);
        assertThat(codes(prov.get("/api/enterprises" + Y + "&tier=thousand").json()))
                .containsExactly(UNIT, YICHANG_UNIT);
        assertThat(codes(prov.get("/api/enterprises" + Y + "&q=k0001").json())).containsExactly(OTHER_UNIT);
        assertThat(codes(prov.get("/api/enterprises?year=2025").json())).isEmpty();
        assertThat(prov.get("/api/enterprises?year=26").status()).isEqualTo(400);

        ApiClient city = ApiClient.loggedIn(port, "wuhan", PASSWORD);
        assertThat(codes(city.get("/api/enterprises" + Y).json())).containsExactly(UNIT, OTHER_UNIT);
        assertThat(codes(city.get("/api/enterprises" + Y + "&city=" + YICHANG).json()))
                .isEmpty();
        ApiClient own = ApiClient.loggedIn(port, "unit", PASSWORD);
        assertThat(codes(own.get("/api/enterprises" + Y).json())).containsExactly(UNIT);
        assertThat(ApiClient.loggedIn(port, "admin", PASSWORD)
                        .get("/api/enterprises" + Y)
                        .status())
                .isEqualTo(403);
    }

    @Test
    void enterpriseDetailHasProgressProductsThirtyDaysAndMonths() throws Exception {
        JsonNode d = ApiClient.loggedIn(port, "prov", PASSWORD)
                .get("/api/enterprises/" + UNIT + Y)
                .json();
        assertThat(d.get("code").asText()).isEqualTo(UNIT);
        assertThat(d.get("city").asText()).isEqualTo(WUHAN);
        assertThat(d.get("colour").asText()).isEqualTo("yellow");
        assertThat(d.get("alerts").asLong()).isEqualTo(1);
        assertThat(d.get("active").asLong()).isEqualTo(1);
        JsonNode p = d.get("progress");
        assertThat(p.get("completion_pct").asDouble()).isEqualTo(91.5);
        assertThat(p.get("time_pct").asDouble()).isEqualTo(91.0);
        assertThat(p.get("pace_gap_pp").asDouble()).isEqualTo(0.5);
        assertThat(p.get("projected_pct").asDouble()).isEqualTo(99.2);
        assertThat(p.get("cap_tce").asDouble()).isEqualTo(120000.0);
        assertThat(p.get("months_measured").asDouble()).isEqualTo(11.0);
        assertThat(p.has("product")).isFalse();
        assertThat(d.get("products")).hasSize(1);
        JsonNode cement = d.get("products").get(0);
        assertThat(cement.get("product").asText()).isEqualTo("cement");
        assertThat(cement.get("ytd_kgce_per_unit").asDouble()).isEqualTo(98.5);
        assertThat(cement.get("target_gap_pct").asDouble()).isEqualTo(-1.5);
        JsonNode days = d.get("days");
        assertThat(days).hasSize(30);
        assertThat(days.get(0).toString()).isEqualTo("{\"date\":\"2026-11-01\",\"tce\":10.0,\"tco2\":25.0}");
        assertThat(days.get(29).toString()).isEqualTo("{\"date\":\"2026-11-30\",\"tce\":300.0,\"tco2\":750.0}");
        assertThat(d.get("months").toString())
                .isEqualTo("[{\"month\":\"2026-10\",\"tce\":9000.0},{\"month\":\"2026-11\",\"tce\":4650.0}]");
    }

    @Test
    void outOfScopeUnitsAreAnsweredLikeNonexistentOnes() throws Exception {
        ApiClient city = ApiClient.loggedIn(port, "wuhan", PASSWORD);
        assertThat(city.get("/api/enterprises/" + UNIT + Y).status()).isEqualTo(200);
        assertThat(city.get("/api/enterprises/" + OTHER_UNIT + Y).status()).isEqualTo(200);
        ApiClient.Response other = city.get("/api/enterprises/" + YICHANG_UNIT + Y);
        ApiClient.Response missing = city.get("/api/enterprises/" + MISSING_UNIT + Y);
        assertThat(other.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(other.body()).isEqualTo(missing.body());

        ApiClient own = ApiClient.loggedIn(port, "unit", PASSWORD);
        assertThat(own.get("/api/enterprises/" + UNIT + Y)
                        .json()
                        .get("progress")
                        .get("completion_pct")
                        .asDouble())
                .isEqualTo(91.5);
        ApiClient.Response neighbour = own.get("/api/enterprises/" + OTHER_UNIT + Y);
        assertThat(neighbour.status()).isEqualTo(404);
        assertThat(neighbour.body())
                .isEqualTo(own.get("/api/enterprises/" + MISSING_UNIT + Y).body());
        assertThat(ApiClient.loggedIn(port, "prov", PASSWORD)
                        .get("/api/enterprises/" + YICHANG_UNIT + Y)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void regionsAreScoped() throws Exception {
        ApiClient prov = ApiClient.loggedIn(port, "prov", PASSWORD);
        JsonNode yichang = prov.get("/api/regions/city/" + YICHANG + Y).json();
        assertThat(yichang.get("colour").asText()).isEqualTo("yellow");
        assertThat(yichang.get("progress").get("completion_pct").asDouble()).isEqualTo(101.0);
        JsonNode provinceRegion = prov.get("/api/regions/province/420000" + Y).json();
        assertThat(provinceRegion.get("days")).hasSize(2);
        assertThat(provinceRegion.get("days").get(1).get("tce").asDouble()).isEqualTo(1600.0);
        assertThat(prov.get("/api/regions/tier/thousand" + Y).status()).isEqualTo(200);
        assertThat(prov.get("/api/regions/county/420100" + Y).status()).isEqualTo(404);

        ApiClient city = ApiClient.loggedIn(port, "wuhan", PASSWORD);
        JsonNode wuhan = city.get("/api/regions/city/" + WUHAN + Y).json();
        assertThat(wuhan.get("progress").get("completion_pct").asDouble()).isEqualTo(70.0);
        assertThat(wuhan.get("days").get(0).get("tce").asDouble()).isEqualTo(600.0);
        ApiClient.Response other = city.get("/api/regions/city/" + YICHANG + Y);
        ApiClient.Response missing = city.get("/api/regions/city/429999" + Y);
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.body()).isEqualTo(missing.body());
        assertThat(city.get("/api/regions/province/420000" + Y).body()).isEqualTo(missing.body());
        assertThat(ApiClient.loggedIn(port, "unit", PASSWORD)
                        .get("/api/regions/city/" + WUHAN + Y)
                        .status())
                .isEqualTo(404);
        assertThat(ApiClient.loggedIn(port, "unit", PASSWORD)
                        .get("/api/overview" + Y)
                        .status())
                .isEqualTo(403);
        assertThat(ApiClient.loggedIn(port, "admin", PASSWORD)
                        .get("/api/overview" + Y)
                        .status())
                .isEqualTo(403);
    }

    @Test
    void chartsAndTheMapAreServedByTheConsole() throws Exception {
        ApiClient anyone = new ApiClient(port);
        assertThat(anyone.get("/webjars/echarts/5.3.1/dist/echarts.min.js").status())
                .isEqualTo(200);
        ApiClient.Response map = anyone.get("/vendor/hubei.json");
        assertThat(map.status()).isEqualTo(200);
        assertThat(map.json().get("features")).hasSize(17);
        assertThat(anyone.get("/dashboard.js").status()).isEqualTo(200);
    }

    private static List<String> codes(JsonNode list) {
        List<String> codes = new ArrayList<>();
        list.get("items").forEach(item -> codes.add(item.get("enterprise").asText()));
        assertThat(list.get("total").asInt()).isEqualTo(codes.size());
        return codes;
    }
}
