package dcmon.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dcmon.console.alerts.AlertEvent;
import dcmon.console.alerts.AlertEventParser;
import dcmon.console.alerts.AlertStore;
import dcmon.console.auth.Role;
import dcmon.console.auth.Users;
import dcmon.console.http.ConsoleApp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /api/alerts/reviews}: bulk acknowledge, scoped per id, audited per alert. */
class BulkReviewApiTest extends PostgresTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";
    private static final String WUHAN = "420100";
    private static final String YICHANG = "420500";
    private static final String UNIT = "91420100MA4K0000XX";
    private static final String PATH = "/api/alerts/reviews";

    private static ConsoleApp app;
    private static int port;

    @BeforeAll
    static void startApp() throws Exception {
        Users users = new Users(db);
        users.add("test", "prov", Role.PROVINCE, null, null, PASSWORD);
        users.add("test", "wuhan", Role.CITY, WUHAN, null, PASSWORD);
        users.add("test", "unit", Role.ENTERPRISE, WUHAN, UNIT, PASSWORD);
        users.add("test", "admin", Role.ADMIN, null, null, PASSWORD);
        List<AlertEvent> events = new ArrayList<>();
        for (int n = 1; n <= 20; n++) {
            String city = n % 2 == 0 ? YICHANG : WUHAN;
            events.add(AlertEventParser.parse(
                    Alerts.event(Alerts.id(n), 1, "raised", city, null).toString()));
        }
        new AlertStore(db).store(events);
        app = ConsoleApp.start(db, ConsoleSettings.defaults(), "127.0.0.1", 0);
        port = app.port();
    }

    @AfterAll
    static void stopApp() {
        if (app != null) app.close();
    }

    private static String body(String comment, String... ids) {
        ObjectNode body = JSON.createObjectNode().put("action", "acknowledge");
        var array = body.putArray("ids");
        for (String id : ids) array.add(id);
        if (comment != null) body.put("comment", comment);
        return body.toString();
    }

    private static List<String> results(JsonNode response) {
        List<String> out = new ArrayList<>();
        response.get("results")
                .forEach(r -> out.add(r.get("id").asText() + ":"
                        + r.get("result").asText() + ":"
                        + (r.has("review_status") ? r.get("review_status").asText() : "-")));
        return out;
    }

    private static long reviews(String id) {
        return count("SELECT count(*) FROM reviews WHERE alert_id = ?", id);
    }

    @Test
    void provinceAcknowledgesSeveralAndAnUnknownIdIsNotFound() throws Exception {
        ApiClient prov = ApiClient.loggedIn(port, "prov", PASSWORD);
        String unknown = Alerts.id(999);
        ApiClient.Response r = prov.post(PATH, body("批量确认", Alerts.id(1), Alerts.id(2), unknown));
        assertThat(r.status()).isEqualTo(200);
        assertThat(results(r.json()))
                .containsExactly(
                        Alerts.id(1) + ":acknowledged:acknowledged",
                        Alerts.id(2) + ":acknowledged:acknowledged",
                        unknown + ":not_found:-");
        for (String id : List.of(Alerts.id(1), Alerts.id(2))) {
            assertThat(reviews(id)).isEqualTo(1);
            assertThat(string("SELECT actor || ':' || action || ':' || comment FROM reviews WHERE alert_id = ?", id))
                    .isEqualTo("prov:acknowledge:批量确认");
            assertThat(string("SELECT review_status || ':' || reviewed_by FROM alerts WHERE id = ?", id))
                    .isEqualTo("acknowledged:prov");
        }
        assertThat(reviews(unknown)).isZero();
        // acknowledging again is a conflict per id, and writes nothing
        assertThat(results(prov.post(PATH, body(null, Alerts.id(1))).json()))
                .containsExactly(Alerts.id(1) + ":conflict:acknowledged");
        assertThat(reviews(Alerts.id(1))).isEqualTo(1);
    }

    @Test
    void cityUserGetsNotFoundForAnotherCitysAlertAndTheOthersAreAcknowledged() throws Exception {
        ApiClient city = ApiClient.loggedIn(port, "wuhan", PASSWORD);
        String yichang = Alerts.id(4);
        ApiClient.Response r = city.post(PATH, body(null, Alerts.id(3), yichang, Alerts.id(5), "not-an-id"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(results(r.json()))
                .containsExactly(
                        Alerts.id(3) + ":acknowledged:acknowledged",
                        yichang + ":not_found:-",
                        Alerts.id(5) + ":acknowledged:acknowledged",
                        "not-an-id:not_found:-");
        assertThat(reviews(yichang)).isZero();
        assertThat(string("SELECT review_status FROM alerts WHERE id = ?", yichang))
                .isEqualTo("new");
        assertThat(string("SELECT actor FROM reviews WHERE alert_id = ?", Alerts.id(3)))
                .isEqualTo("wuhan");
        // another city's id is answered exactly like a nonexistent one
        JsonNode other = city.post(PATH, body(null, Alerts.id(6))).json();
        JsonNode missing = city.post(PATH, body(null, Alerts.id(6000))).json();
        assertThat(other.get("results").get(0).size())
                .isEqualTo(missing.get("results").get(0).size());
        assertThat(other.get("results").get(0).get("result"))
                .isEqualTo(missing.get("results").get(0).get("result"));
    }

    @Test
    void enterpriseAndAdminAreRefused() throws Exception {
        for (String name : List.of("unit", "admin")) {
            ApiClient client = ApiClient.loggedIn(port, name, PASSWORD);
            assertThat(client.post(PATH, body(null, Alerts.id(7))).status()).isEqualTo(403);
        }
        assertThat(reviews(Alerts.id(7))).isZero();
    }

    @Test
    void csrfTokenIsRequired() throws Exception {
        ApiClient prov = ApiClient.loggedIn(port, "prov", PASSWORD);
        ApiClient.Response none = prov.send("POST", PATH, body(null, Alerts.id(9)), false);
        assertThat(none.status()).isEqualTo(403);
        assertThat(none.json().get("error").asText()).isEqualTo("csrf");
        assertThat(new ApiClient(port).post(PATH, body(null, Alerts.id(9))).status())
                .isEqualTo(401);
        assertThat(reviews(Alerts.id(9))).isZero();
    }

    @Test
    void moreThan200IdsAreRefusedAndNothingIsStored() throws Exception {
        ApiClient prov = ApiClient.loggedIn(port, "prov", PASSWORD);
        long before = count("SELECT count(*) FROM reviews");
        String[] ids = new String[201];
        for (int i = 0; i < ids.length; i++) ids[i] = Alerts.id(10 + i % 10);
        ApiClient.Response r = prov.post(PATH, body(null, ids));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).isEqualTo("bad_request");
        assertThat(count("SELECT count(*) FROM reviews")).isEqualTo(before);
        assertThat(count("SELECT count(*) FROM alerts WHERE review_status <> 'new' AND id >= ?", Alerts.id(10)))
                .isZero();
        assertThat(prov.post(PATH, "{\"action\":\"resolve\",\"ids\":[\"" + Alerts.id(10) + "\"]}")
                        .status())
                .isEqualTo(400);
        assertThat(prov.post(PATH, "{\"action\":\"acknowledge\",\"ids\":[]}").status())
                .isEqualTo(400);
        assertThat(count("SELECT count(*) FROM reviews")).isEqualTo(before);
    }
}
