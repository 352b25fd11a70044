package dcmon.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

/** The HTTP API against a real PostgreSQL: roles, scoping, review workflow, sessions, CSRF, throttling. */
class ConsoleApiTest extends PostgresTestBase {
    static final String PASSWORD = "correct horse battery";
    static final String WUHAN = "420100";
    static final String YICHANG = "420500";
    static final String UNIT = "91420100MA4K0000XX";
    static final String OTHER_UNIT = "91420100MA4K0001XX";
    static final String WUHAN_UNIT_ALERT = Alerts.id(1);
    static final String WUHAN_OTHER_UNIT_ALERT = Alerts.id(2);
    static final String YICHANG_ALERT = Alerts.id(3);
    static final String MISSING = Alerts.id(99);

    private static ConsoleApp app;
    private static int port;

    @BeforeAll
    static void startApp() throws Exception {
        Users users = new Users(db);
        users.add("test", "prov", Role.PROVINCE, null, null, PASSWORD);
        users.add("test", "wuhan", Role.CITY, WUHAN, null, PASSWORD);
        users.add("test", "unit", Role.ENTERPRISE, WUHAN, UNIT, PASSWORD);
        users.add("test", "admin", Role.ADMIN, null, null, PASSWORD);
        users.add("test", "victim", Role.PROVINCE, null, null, PASSWORD);
        List<AlertEvent> events = new ArrayList<>();
        events.add(AlertEventParser.parse(
                Alerts.event(WUHAN_UNIT_ALERT, 1, "raised", WUHAN, UNIT).toString()));
        events.add(AlertEventParser.parse(Alerts.event(WUHAN_OTHER_UNIT_ALERT, 1, "raised", WUHAN, OTHER_UNIT)
                .put("severity", "breach")
                .put("colour", "red")
                .toString()));
        events.add(AlertEventParser.parse(
                Alerts.event(YICHANG_ALERT, 1, "raised", YICHANG, null).toString()));
        new AlertStore(db).store(events);
        app = ConsoleApp.start(db, ConsoleSettings.defaults(), "127.0.0.1", 0);
        port = app.port();
    }

    @AfterAll
    static void stopApp() {
        if (app != null) app.close();
    }

    @Test
    void provinceSeesEveryAlertAndFilters() throws Exception {
        ApiClient prov = ApiClient.loggedIn(port, "prov", PASSWORD);
        JsonNode all = prov.get("/api/alerts").json();
        assertThat(all.get("total").asLong()).isEqualTo(3);
        JsonNode breaches = prov.get("/api/alerts?severity=breach").json();
        assertThat(breaches.get("total").asLong()).isEqualTo(1);
        assertThat(breaches.get("items").get(0).get("id").asText()).isEqualTo(WUHAN_OTHER_UNIT_ALERT);
        assertThat(prov.get("/api/alerts?city=" + YICHANG + "&limit=1&offset=0")
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(1);
        assertThat(prov.get("/api/alerts?limit=1").json().get("items")).hasSize(1);
        assertThat(prov.get("/api/alerts?limit=100000").status()).isEqualTo(400);
        JsonNode detail = prov.get("/api/alerts/" + YICHANG_ALERT).json();
        assertThat(detail.get("events")).hasSize(1);
        assertThat(detail.get("evidence").get("unit").asText()).isEqualTo("pp");
    }

    @Test
    void cityUserGetsTheSame404ForAnotherCitysAlertAndForANonexistentOne() throws Exception {
        ApiClient city = ApiClient.loggedIn(port, "wuhan", PASSWORD);
        assertThat(city.get("/api/alerts").json().get("total").asLong()).isEqualTo(2);
        assertThat(city.get("/api/alerts?city=" + YICHANG).json().get("total").asLong())
                .isZero();
        assertThat(city.get("/api/alerts/" + WUHAN_UNIT_ALERT).status()).isEqualTo(200);
        ApiClient.Response other = city.get("/api/alerts/" + YICHANG_ALERT);
        ApiClient.Response missing = city.get("/api/alerts/" + MISSING);
        assertThat(other.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(other.body()).isEqualTo(missing.body());
        // reviewing out of scope is answered the same way, and leaves no trace
        long before = count("SELECT count(*) FROM reviews WHERE alert_id = ?", YICHANG_ALERT);
        ApiClient.Response review =
                city.post("/api/alerts/" + YICHANG_ALERT + "/reviews", "{\"action\":\"acknowledge\"}");
        assertThat(review.status()).isEqualTo(404);
        assertThat(review.body()).isEqualTo(missing.body());
        assertThat(count("SELECT count(*) FROM reviews WHERE alert_id = ?", YICHANG_ALERT))
                .isEqualTo(before);
        assertThat(city.get("/api/enterprises/" + UNIT).status()).isEqualTo(200);
    }

    @Test
    void enterpriseUserSeesOnlyItsUnitAndCannotReview() throws Exception {
        ApiClient unit = ApiClient.loggedIn(port, "unit", PASSWORD);
        JsonNode list = unit.get("/api/alerts").json();
        assertThat(list.get("total").asLong()).isEqualTo(1);
        assertThat(list.get("items").get(0).get("id").asText()).isEqualTo(WUHAN_UNIT_ALERT);
        assertThat(unit.get("/api/alerts/" + WUHAN_OTHER_UNIT_ALERT).status()).isEqualTo(404);
        ApiClient.Response otherUnit = unit.get("/api/enterprises/" + OTHER_UNIT);
        ApiClient.Response noUnit = unit.get("/api/enterprises/91420100MA4K9999XX");
        assertThat(otherUnit.status()).isEqualTo(404);
        assertThat(otherUnit.body()).isEqualTo(noUnit.body());
        assertThat(unit.get("/api/enterprises/" + UNIT).json().get("alerts").asLong())
                .isEqualTo(1);
        ApiClient.Response review =
                unit.post("/api/alerts/" + WUHAN_UNIT_ALERT + "/reviews", "{\"action\":\"acknowledge\"}");
        assertThat(review.status()).isEqualTo(403);
        assertThat(unit.get("/api/users").status()).isEqualTo(403);
    }

    @Test
    void adminManagesUsersButSeesNoAlerts() throws Exception {
        ApiClient admin = ApiClient.loggedIn(port, "admin", PASSWORD);
        assertThat(admin.get("/api/alerts").status()).isEqualTo(403);
        assertThat(admin.get("/api/alerts/" + WUHAN_UNIT_ALERT).status()).isEqualTo(403);
        ApiClient.Response added = admin.post(
                "/api/users",
                "{\"name\":\"yichang\",\"role\":\"city\"," + "\"city\":\"" + YICHANG
                        + "\",\"password\":\"another long one\"}");
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.body()).doesNotContain("password").doesNotContain("argon");
        ApiClient.Response list = admin.get("/api/users");
        assertThat(list.body()).doesNotContain("password").doesNotContain("$argon2");
        assertThat(admin.post(
                                "/api/users",
                                "{\"name\":\"nocity\",\"role\":\"city\"," + "\"password\":\"another long one\"}")
                        .status())
                .isEqualTo(400);
        assertThat(admin.post("/api/users", "{\"name\":\"short\",\"role\":\"province\"," + "\"password\":\"short\"}")
                        .status())
                .isEqualTo(400);
        ApiClient yichang = ApiClient.loggedIn(port, "yichang", "another long one");
        assertThat(yichang.get("/api/alerts").json().get("total").asLong()).isEqualTo(1);
        assertThat(admin.post("/api/users/yichang/disable", "{}").status()).isEqualTo(204);
        assertThat(yichang.get("/api/alerts").status()).isEqualTo(401); // its session ended
        assertThat(new ApiClient(port).login("yichang", "another long one").status())
                .isEqualTo(401);
        assertThat(count("SELECT count(*) FROM user_audit WHERE target = 'yichang'"))
                .isEqualTo(2);
        assertThat(string("SELECT actor FROM user_audit WHERE target = 'yichang' AND action = 'disable'"))
                .isEqualTo("admin");
        assertThat(ApiClient.loggedIn(port, "prov", PASSWORD).get("/api/users").status())
                .isEqualTo(403);
    }

    @Test
    void reviewWorkflowIsAuditedAndFollowsItsTransitions() throws Exception {
        ApiClient city = ApiClient.loggedIn(port, "wuhan", PASSWORD);
        String path = "/api/alerts/" + WUHAN_OTHER_UNIT_ALERT + "/reviews";
        assertThat(city.post(path, "{\"action\":\"reopen\"}").status()).isEqualTo(409);
        assertThat(city.post(path, "{\"action\":\"acknowledge\",\"comment\":\"查看中\"}")
                        .json()
                        .get("review_status")
                        .asText())
                .isEqualTo("acknowledged");
        assertThat(city.post(path, "{\"action\":\"acknowledge\"}").status()).isEqualTo(409);
        assertThat(city.post(path, "{\"action\":\"comment\"}").status()).isEqualTo(400);
        assertThat(city.post(path, "{\"action\":\"comment\",\"comment\":\"已联系企业\"}")
                        .status())
                .isEqualTo(200);
        assertThat(city.post(path, "{\"action\":\"resolve\"}")
                        .json()
                        .get("review_status")
                        .asText())
                .isEqualTo("resolved");
        assertThat(city.post(path, "{\"action\":\"approve\"}").status()).isEqualTo(400);
        ApiClient prov = ApiClient.loggedIn(port, "prov", PASSWORD);
        assertThat(prov.post(path, "{\"action\":\"reopen\"}")
                        .json()
                        .get("review_status")
                        .asText())
                .isEqualTo("new");
        assertThat(prov.post(path, "{\"action\":\"dismiss\"}")
                        .json()
                        .get("review_status")
                        .asText())
                .isEqualTo("dismissed");
        JsonNode detail = prov.get("/api/alerts/" + WUHAN_OTHER_UNIT_ALERT).json();
        assertThat(detail.get("review_status").asText()).isEqualTo("dismissed");
        assertThat(detail.get("reviewed_by").asText()).isEqualTo("prov");
        List<String> trail = new ArrayList<>();
        detail.get("reviews")
                .forEach(r -> trail.add(
                        r.get("actor").asText() + ":" + r.get("action").asText()));
        assertThat(trail)
                .containsExactly("wuhan:acknowledge", "wuhan:comment", "wuhan:resolve", "prov:reopen", "prov:dismiss");
        assertThat(detail.get("reviews").get(1).get("comment").asText()).isEqualTo("已联系企业");
        assertThat(prov.get("/api/alerts?review=dismissed").json().get("total").asLong())
                .isEqualTo(1);
    }

    @Test
    void stateChangingRequestsNeedTheSessionsCsrfToken() throws Exception {
        ApiClient prov = ApiClient.loggedIn(port, "prov", PASSWORD);
        String path = "/api/alerts/" + YICHANG_ALERT + "/reviews";
        String body = "{\"action\":\"comment\",\"comment\":\"x\"}";
        long before = count("SELECT count(*) FROM reviews WHERE alert_id = ?", YICHANG_ALERT);
        ApiClient.Response none = prov.send("POST", path, body, false);
        assertThat(none.status()).isEqualTo(403);
        assertThat(none.json().get("error").asText()).isEqualTo("csrf");
        String real = prov.csrf;
        prov.csrf = ApiClient.loggedIn(port, "prov", PASSWORD).csrf; // another session's token
        assertThat(prov.post(path, body).status()).isEqualTo(403);
        prov.csrf = real;
        assertThat(prov.post(path, body).status()).isEqualTo(200);
        assertThat(new ApiClient(port).post(path, body).status()).isEqualTo(401);
        assertThat(count("SELECT count(*) FROM reviews WHERE alert_id = ?", YICHANG_ALERT))
                .isEqualTo(before + 1);
    }

    @Test
    void sessionCookieIsHttpOnlyStrictAndLogoutEndsTheSession() throws Exception {
        ApiClient client = new ApiClient(port);
        ApiClient.Response login = client.login("prov", PASSWORD);
        String cookie = login.header("Set-Cookie").get(0);
        assertThat(cookie)
                .startsWith("dcmon_session=")
                .contains("; HttpOnly")
                .contains("; SameSite=Strict")
                .contains("; Path=/")
                .doesNotContain("Secure");
        assertThat(client.sessionCookie.substring("dcmon_session=".length())).hasSize(43); // 256 bits, base64url
        assertThat(login.body()).doesNotContain("password");
        assertThat(login.raw().headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(client.get("/api/me").json().get("user").get("role").asText())
                .isEqualTo("province");
        // logging in again replaces the session the client held
        String firstCookie = client.sessionCookie;
        assertThat(client.login("prov", PASSWORD).status()).isEqualTo(200);
        ApiClient stale = new ApiClient(port);
        stale.sessionCookie = firstCookie;
        assertThat(stale.get("/api/me").status()).isEqualTo(401);
        assertThat(client.post("/api/logout", "{}").status()).isEqualTo(204);
        assertThat(client.get("/api/me").status()).isEqualTo(401);
        assertThat(new ApiClient(port).get("/api/alerts").status()).isEqualTo(401);
    }

    @Test
    void secureCookiesWhenConfiguredForTls() throws Exception {
        try (ConsoleApp tls =
                ConsoleApp.start(db, ConsoleSettings.defaults().withSecureCookies(true), "127.0.0.1", 0)) {
            String cookie = new ApiClient(tls.port())
                    .login("prov", PASSWORD)
                    .header("Set-Cookie")
                    .get(0);
            assertThat(cookie).contains("; Secure").contains("; HttpOnly").contains("; SameSite=Strict");
        }
    }

    @Test
    void loginIsThrottledAfterFiveFailuresForThatAccountAndAddress() throws Exception {
        ApiClient client = new ApiClient(port);
        for (int i = 0; i < 5; i++) {
            assertThat(client.login("victim", "wrong password " + i).status()).isEqualTo(401);
        }
        ApiClient.Response refused = client.login("victim", PASSWORD);
        assertThat(refused.status()).isEqualTo(429);
        long retryAfter = Long.parseLong(refused.header("Retry-After").get(0));
        assertThat(retryAfter).isBetween(1L, 15 * 60L + 1);
        // other accounts from the same address are not affected
        assertThat(new ApiClient(port).login("prov", PASSWORD).status()).isEqualTo(200);
        // an unknown account fails like a wrong password
        ApiClient.Response unknown = new ApiClient(port).login("nobody", PASSWORD);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.body())
                .isEqualTo(new ApiClient(port).login("prov", "wrong password").body());
    }

    @Test
    void passwordsAreStoredAsArgon2idHashes() {
        assertThat(string("SELECT password_hash FROM users WHERE name = 'prov'"))
                .startsWith("$argon2id$")
                .doesNotContain(PASSWORD);
        assertThat(count("SELECT count(DISTINCT password_hash) FROM users WHERE name IN ('prov', 'wuhan')"))
                .isEqualTo(2); // salted
    }

    @Test
    void servesTheLoginPageAndScriptsFromTheApp() throws Exception {
        ApiClient anon = new ApiClient(port);
        ApiClient.Response page = anon.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("<html")
                .contains("app.js")
                .doesNotContain("http://")
                .doesNotContain("https://");
        assertThat(page.raw().headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(anon.get("/app.js").status()).isEqualTo(200);
        assertThat(anon.get("/app.css").status()).isEqualTo(200);
    }
}
