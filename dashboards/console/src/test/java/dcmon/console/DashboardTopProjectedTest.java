package dcmon.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The overview's {@code topProjected}: latest unit rows only, above 100 %, highest first, at most ten, scoped. */
class DashboardTopProjectedTest extends DashboardTestBase {
    static final String XIANGYANG = "420600";
    static final String WUHAN_HIGH = "91420100MA4K0010XX";
    static final String WUHAN_FELL = "91420100MA4K0011XX";
    static final String WUHAN_AT_CAP = "91420100MA4K0012XX";

    static String xiangyang(int n) {
        return String.format("91420600MA4K%04dXX", n);
    }

    @BeforeAll
    static void writeMoreUnits() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(unit(WUHAN_HIGH, WUHAN, "thousand", 97.0, 130.0, day(2026, 11, 30)));
        // its latest row is below the cap: the earlier overrun does not count
        lines.add(unit(WUHAN_FELL, WUHAN, "hundred", 90.0, 200.0, day(2026, 11, 29)));
        lines.add(unit(WUHAN_FELL, WUHAN, "hundred", 91.0, 95.0, day(2026, 11, 30)));
        lines.add(unit(WUHAN_AT_CAP, WUHAN, "hundred", 92.0, 100.0, day(2026, 11, 30)));
        // a product row far above its target is not a unit row
        lines.add("enterprise_progress,enterprise=" + WUHAN_AT_CAP + ",product=steel,year=2026 projected_pct=300.0 "
                + day(2026, 11, 30));
        // another year
        lines.add(unit(xiangyang(99), XIANGYANG, "thousand", 99.0, 400.0, day(2025, 12, 30))
                .replace("year=2026", "year=2025"));
        for (int n = 1; n <= 10; n++) {
            lines.add(unit(xiangyang(n), XIANGYANG, "hundred", 80.0 + n, 100.0 + n, day(2026, 11, 30)));
        }
        write(String.join("\n", lines));
    }

    private static String unit(String code, String city, String tier, double completion, double projected, long time) {
        return "enterprise_progress,city=" + city + ",enterprise=" + code + ",industry=3011,tier=" + tier
                + ",year=2026 completion_pct=" + completion + ",projected_pct=" + projected + " " + time;
    }

    private static List<String> top(JsonNode overview) {
        List<String> out = new ArrayList<>();
        overview.get("topProjected")
                .forEach(u -> out.add(u.get("code").asText() + " "
                        + u.get("city").asText() + " "
                        + u.get("tier").asText() + " " + u.get("projected_pct").asDouble() + " "
                        + u.get("completion_pct").asDouble()));
        return out;
    }

    @Test
    void provinceSeesTheTenHighestOverrunsOfTheLatestRows() throws Exception {
        JsonNode o = ApiClient.loggedIn(port, "prov", PASSWORD)
                .get("/api/overview" + Y)
                .json();
        assertThat(top(o))
                .containsExactly(
                        WUHAN_HIGH + " 420100 thousand 130.0 97.0",
                        YICHANG_UNIT + " 420500 thousand 115.0 105.0",
                        xiangyang(10) + " 420600 hundred 110.0 90.0",
                        xiangyang(9) + " 420600 hundred 109.0 89.0",
                        xiangyang(8) + " 420600 hundred 108.0 88.0",
                        xiangyang(7) + " 420600 hundred 107.0 87.0",
                        xiangyang(6) + " 420600 hundred 106.0 86.0",
                        xiangyang(5) + " 420600 hundred 105.0 85.0",
                        xiangyang(4) + " 420600 hundred 104.0 84.0",
                        xiangyang(3) + " 420600 hundred 103.0 83.0");
        assertThat(o.get("topProjected").get(0).toString())
                .isEqualTo("{\"code\":\"" + WUHAN_HIGH
                        + "\",\"city\":\"420100\",\"tier\":\"thousand\",\"projected_pct\":130.0,"
                        + "\"completion_pct\":97.0,\"name\":null,\"industry\":null,\"city_name\":\"武汉市\"}");
    }

    @Test
    void cityUserSeesOnlyItsDivisionsUnits() throws Exception {
        JsonNode o = ApiClient.loggedIn(port, "wuhan", PASSWORD)
                .get("/api/overview" + Y)
                .json();
        assertThat(top(o)).containsExactly(WUHAN_HIGH + " 420100 thousand 130.0 97.0");
    }

    @Test
    void anotherYearHasItsOwnRows() throws Exception {
        JsonNode o = ApiClient.loggedIn(port, "prov", PASSWORD)
                .get("/api/overview?year=2025")
                .json();
        assertThat(top(o)).containsExactly(xiangyang(99) + " 420600 thousand 400.0 99.0");
    }
}
