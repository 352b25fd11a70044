package dcmon.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dcmon.console.alerts.AlertEventParser;
import dcmon.console.alerts.AlertStore;
import dcmon.console.auth.Role;
import dcmon.console.auth.Users;
import dcmon.console.db.DatabaseException;
import dcmon.console.http.ConsoleApp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The 报备 register ({@code /api/maintenance}) on a real PostgreSQL: role boundaries, CSRF, validation, and the
 * suppression of the gateway.offline and completeness alerts inside a window.
 */
class MaintenanceApiTest extends PostgresTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";
    private static final String WUHAN = "420100";
    private static final String YICHANG = "420500";
    /** Wuhan units, each used by one test so that the tests do not depend on each other's windows. */
    private static final String ROLES_UNIT = "91420100MA4K0000XX";

    private static final String SUPPRESS_UNIT = "91420100MA4K0001XX";
    private static final String LATE_UNIT = "91420100MA4K0002XX";
    private static final String YICHANG_UNIT = "91420500MA4K0000XX";
    private static final String PATH = "/api/maintenance";

    private static ConsoleApp app;
    private static int port;
    private static int nextId = 1;

    @BeforeAll
    static void startApp() throws Exception {
        Users users = new Users(db);
        users.add("test", "prov", Role.PROVINCE, null, null, PASSWORD);
        users.add("test", "wuhan", Role.CITY, WUHAN, null, PASSWORD);
        users.add("test", "yichang", Role.CITY, YICHANG, null, PASSWORD);
        users.add("test", "unit", Role.ENTERPRISE, WUHAN, ROLES_UNIT, PASSWORD);
        users.add("test", "admin", Role.ADMIN, null, null, PASSWORD);
        // the console knows a unit (without InfluxDB) by its alerts
        store(alert("total.pace", WUHAN, ROLES_UNIT, null, null, "2026", "2026-11-24T10:15:00+08:00"));
        store(alert("total.pace", YICHANG, YICHANG_UNIT, null, null, "2026", "2026-11-24T10:15:00+08:00"));
        app = ConsoleApp.start(db, ConsoleSettings.defaults(), "127.0.0.1", 0);
        port = app.port();
    }

    @AfterAll
    static void stopApp() {
        if (app != null) app.close();
    }

    /** An alert record of a unit, a gateway of it or a point of it; returns its id. */
    private static ObjectNode alert(
            String rule, String city, String enterprise, String gateway, String point, String period, String at) {
        ObjectNode node = Alerts.event(Alerts.id(nextId++), 1, "raised", city, enterprise);
        node.put("rule", rule).put("period", period).put("first_seen", at).put("last_changed", at);
        ObjectNode subject = (ObjectNode) node.get("subject");
        if (gateway != null)
            subject.put("level", "gateway")
                    .put("code", enterprise + "/" + gateway)
                    .put("gateway", gateway);
        if (point != null)
            subject.put("level", "point").put("code", enterprise + "/" + point).put("point", point);
        return node;
    }

    private static String store(ObjectNode alert) throws Exception {
        new AlertStore(db).store(List.of(AlertEventParser.parse(alert.toString())));
        return alert.get("id").asText();
    }

    private static String window(String enterprise, String gateway, String from, String to, String reason) {
        ObjectNode body = JSON.createObjectNode().put("enterprise", enterprise);
        if (gateway != null) body.put("gateway", gateway);
        if (from != null) body.put("from", from);
        if (to != null) body.put("to", to);
        if (reason != null) body.put("reason", reason);
        return body.toString();
    }

    private static long windows() {
        return count("SELECT count(*) FROM maintenance_windows");
    }

    private static String suppressedBy(String alertId) {
        return string("SELECT suppressed_by FROM alerts WHERE id = ?", alertId);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    @Test
    void unauthenticatedCallsGet401AndAMissingCsrfTokenIsRefused() throws Exception {
        ApiClient anonymous = new ApiClient(port);
        String body = window(ROLES_UNIT, null, "2026-11-24T09:00", "2026-11-24T15:00", "检修");
        assertThat(anonymous.get(PATH).status()).isEqualTo(401);
        assertThat(anonymous.post(PATH, body).status()).isEqualTo(401);

        long before = windows();
        ApiClient prov = ApiClient.loggedIn(port, "prov", PASSWORD);
        ApiClient.Response noCsrf = prov.send("POST", PATH, body, false);
        assertThat(noCsrf.status()).isEqualTo(403);
        assertThat(noCsrf.json().get("error").asText()).isEqualTo("csrf");
        assertThat(windows()).isEqualTo(before);
        assertThat(ApiClient.loggedIn(port, "admin", PASSWORD).get(PATH).status())
                .isEqualTo(403);
    }

    @Test
    void badInputIsRefusedWith400AndNothingIsStored() throws Exception {
        ApiClient prov = ApiClient.loggedIn(port, "prov", PASSWORD);
        long before = windows();
        String from = "2026-11-24T09:00:00+08:00";
        String to = "2026-11-24T15:00:00+08:00";
        assertBadRequest(prov, window(ROLES_UNIT, null, to, from, "检修"), "to must be after from");
        assertBadRequest(prov, window(ROLES_UNIT, null, from, from, "检修"), "to must be after from");
        assertBadRequest(
                prov, window(ROLES_UNIT, null, from, to, "x".repeat(501)), "reason longer than 500 characters");
        assertBadRequest(prov, window(ROLES_UNIT, null, from, to, "  "), "reason is required");
        assertBadRequest(prov, window(ROLES_UNIT, null, null, to, "检修"), "from is required");
        assertBadRequest(
                prov,
                window(ROLES_UNIT, null, "24.11.2026 09:00", to, "检修"),
                "from: not an ISO 8601 time such as 2026-11-24T09:00+08:00 (was '24.11.2026 09:00')");
        assertBadRequest(
                prov,
                window(ROLES_UNIT, null, "2026-01-01T00:00+08:00", "2026-04-03T00:01+08:00", "大修"),
                "a window may last at most 92 days");
        assertBadRequest(
                prov, window("no such unit!", null, from, to, "检修"), "enterprise: a credit code of letters and digits");
        assertBadRequest(
                prov, window(ROLES_UNIT, "gw 1", from, to, "检修"), "gateway: up to 64 letters, digits, '.', '_' or '-'");
        assertBadRequest(prov, "[1, 2]", "the body must be a JSON object");
        assertThat(prov.get(PATH + "?cancelled=yes").json().get("message").asText())
                .isEqualTo("cancelled: true or false");
        assertThat(prov.get(PATH + "?enterprise=a%20b").status()).isEqualTo(400);
        assertBadRequest(prov, "{not json", "the body is not JSON");
        // a well-formed code the console knows nothing of is not found, like one outside the caller's scope
        ApiClient.Response unknown = prov.post(PATH, window("91429999MA4K9999XX", null, from, to, "检修"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).isEqualTo("not_found");
        assertThat(windows()).isEqualTo(before);
    }

    private static void assertBadRequest(ApiClient client, String body, String message) throws Exception {
        ApiClient.Response r = client.post(PATH, body);
        assertThat(r.status()).as(body).isEqualTo(400);
        assertThat(r.json().get("error").asText()).isEqualTo("bad_request");
        assertThat(r.json().get("message").asText()).isEqualTo(message);
    }

    @Test
    void cityAndEnterpriseUsersEnterAndSeeOnlyTheirOwnUnitsWindows() throws Exception {
        ApiClient wuhan = ApiClient.loggedIn(port, "wuhan", PASSWORD);
        ApiClient yichang = ApiClient.loggedIn(port, "yichang", PASSWORD);
        ApiClient unit = ApiClient.loggedIn(port, "unit", PASSWORD);

        ApiClient.Response entered =
                wuhan.post(PATH, window(ROLES_UNIT, "gw1", "2026-11-24T09:00", "2026-11-24T15:00", "计量表检定"));
        assertThat(entered.status()).isEqualTo(201);
        JsonNode w = entered.json();
        String id = w.get("id").asText();
        assertThat(w.get("enterprise").asText()).isEqualTo(ROLES_UNIT);
        assertThat(w.get("city").asText()).isEqualTo(WUHAN);
        assertThat(w.get("gateway").asText()).isEqualTo("gw1");
        assertThat(w.get("from").asText()).isEqualTo("2026-11-24T09:00+08:00");
        assertThat(w.get("to").asText()).isEqualTo("2026-11-24T15:00+08:00");
        assertThat(w.get("reason").asText()).isEqualTo("计量表检定");
        assertThat(w.get("created_by").asText()).isEqualTo("wuhan");
        assertThat(w.get("state").asText()).isEqualTo("open");

        // another city: cannot enter for the unit, list, read or cancel its window
        long before = windows();
        ApiClient.Response foreign =
                yichang.post(PATH, window(ROLES_UNIT, null, "2026-11-25T09:00", "2026-11-25T15:00", "检修"));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(windows()).isEqualTo(before);
        assertThat(ids(yichang.get(PATH).json())).doesNotContain(id);
        assertThat(yichang.get(PATH + "/" + id).status()).isEqualTo(404);
        assertThat(yichang.get(PATH + "/" + id).body())
                .isEqualTo(yichang.get(PATH + "/999999").body());
        assertThat(yichang.post(PATH + "/" + id + "/cancel", "{}").status()).isEqualTo(404);
        assertThat(string("SELECT cancelled_at FROM maintenance_windows WHERE id = ?", Long.parseLong(id)))
                .isNull();

        // the unit sees its own window, enters one for itself, and nothing for another unit
        assertThat(ids(unit.get(PATH).json())).contains(id);
        ApiClient.Response own =
                unit.post(PATH, window(ROLES_UNIT, null, "2026-11-26T08:00", "2026-11-26T12:00", "停电检修"));
        assertThat(own.status()).isEqualTo(201);
        assertThat(own.json().get("created_by").asText()).isEqualTo("unit");
        assertThat(own.json().get("city").asText()).isEqualTo(WUHAN);
        before = windows();
        assertThat(unit.post(PATH, window(YICHANG_UNIT, null, "2026-11-26T08:00", "2026-11-26T12:00", "检修"))
                        .status())
                .isEqualTo(404);
        assertThat(windows()).isEqualTo(before);
        ApiClient.Response yichangOwn =
                yichang.post(PATH, window(YICHANG_UNIT, null, "2026-11-26T08:00", "2026-11-26T12:00", "检修"));
        assertThat(yichangOwn.status()).isEqualTo(201);
        assertThat(ids(unit.get(PATH).json()))
                .doesNotContain(yichangOwn.json().get("id").asText());
        assertThat(unit.get(PATH + "/" + yichangOwn.json().get("id").asText()).status())
                .isEqualTo(404);
        assertThat(ids(wuhan.get(PATH).json()))
                .contains(id)
                .doesNotContain(yichangOwn.json().get("id").asText());
    }

    @Test
    void aWindowSuppressesTheMatchingAlertsOnlyAndACancelUndoesItWithItsTrail() throws Exception {
        String gw1Offline = store(
                alert("gateway.offline", WUHAN, SUPPRESS_UNIT, "gw1", null, "2026-11-24", "2026-11-24T10:15:00+08:00"));
        String gw2Offline = store(
                alert("gateway.offline", WUHAN, SUPPRESS_UNIT, "gw2", null, "2026-11-24", "2026-11-24T10:15:00+08:00"));
        String gw1Later = store(
                alert("gateway.offline", WUHAN, SUPPRESS_UNIT, "gw1", null, "2026-11-24", "2026-11-24T16:00:00+08:00"));
        String completeness = store(alert(
                "data.completeness", WUHAN, SUPPRESS_UNIT, null, "e1", "2026-11-24", "2026-11-25T01:00:00+08:00"));
        String otherDay = store(alert(
                "data.completeness", WUHAN, SUPPRESS_UNIT, null, "e1", "2026-11-23", "2026-11-24T01:00:00+08:00"));
        String pace = store(alert("total.pace", WUHAN, SUPPRESS_UNIT, null, null, "2026", "2026-11-24T11:00:00+08:00"));
        ApiClient prov = ApiClient.loggedIn(port, "prov", PASSWORD);

        // a window of gateway gw1 suppresses its offline alert raised inside it, nothing else
        JsonNode gw = prov.post(PATH, window(SUPPRESS_UNIT, "gw1", "2026-11-24T09:00", "2026-11-24T15:00", "网关更换"))
                .json();
        String gwWindow = gw.get("id").asText();
        assertThat(gw.get("suppressed").asLong()).isEqualTo(1);
        assertThat(suppressedBy(gw1Offline)).isEqualTo(gwWindow);
        for (String id : List.of(gw2Offline, gw1Later, completeness, otherDay, pace)) {
            assertThat(suppressedBy(id)).as(id).isNull();
        }

        // a window of the whole unit also covers its points' completeness of the day it overlaps
        JsonNode unit = prov.post(PATH, window(SUPPRESS_UNIT, null, "2026-11-24T13:00", "2026-11-24T18:00", "全厂停电"))
                .json();
        String unitWindow = unit.get("id").asText();
        assertThat(suppressedBy(gw1Offline)).isEqualTo(gwWindow); // the first window keeps it
        assertThat(suppressedBy(gw1Later)).isEqualTo(unitWindow);
        assertThat(suppressedBy(completeness)).isEqualTo(unitWindow);
        for (String id : List.of(gw2Offline, otherDay, pace))
            assertThat(suppressedBy(id)).as(id).isNull();

        // the queue hides them unless asked; the detail names the window and its reason
        String query = "/api/alerts?enterprise=" + SUPPRESS_UNIT + "&limit=200";
        assertThat(ids(prov.get(query).json())).containsExactlyInAnyOrder(gw2Offline, otherDay, pace);
        assertThat(ids(prov.get(query + "&suppressed=show").json()))
                .containsExactlyInAnyOrder(gw1Offline, gw2Offline, gw1Later, completeness, otherDay, pace);
        assertThat(ids(prov.get(query + "&suppressed=only").json()))
                .containsExactlyInAnyOrder(gw1Offline, gw1Later, completeness);
        assertThat(prov.get(query + "&suppressed=maybe").json().get("message").asText())
                .isEqualTo("suppressed: hide, show or only");
        JsonNode detail = prov.get("/api/alerts/" + completeness).json();
        assertThat(detail.get("suppressed_by").asText()).isEqualTo(unitWindow);
        assertThat(detail.get("suppression").get("reason").asText()).isEqualTo("全厂停电");
        assertThat(detail.get("suppression").get("id").asText()).isEqualTo(unitWindow);
        assertThat(prov.get("/api/alerts/" + pace).json().get("suppression").isNull())
                .isTrue();
        // the unit's count of active alerts leaves them out too, as the queue does
        JsonNode unitCounts = prov.get("/api/enterprises/" + SUPPRESS_UNIT).json();
        assertThat(unitCounts.get("alerts").asLong()).isEqualTo(6);
        assertThat(unitCounts.get("active").asLong()).isEqualTo(3);

        // cancelling: the alerts are shown again, the window stays with who cancelled it and why
        ApiClient.Response cancelled = prov.post(PATH + "/" + unitWindow + "/cancel", "{\"reason\":\"停电改期\"}");
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("state").asText()).isEqualTo("cancelled");
        assertThat(cancelled.json().get("cancelled_by").asText()).isEqualTo("prov");
        assertThat(cancelled.json().get("cancel_reason").asText()).isEqualTo("停电改期");
        assertThat(cancelled.json().get("suppressed").asLong()).isZero();
        assertThat(suppressedBy(gw1Later)).isNull();
        assertThat(suppressedBy(completeness)).isNull();
        assertThat(suppressedBy(gw1Offline)).isEqualTo(gwWindow);
        assertThat(prov.post(PATH + "/" + unitWindow + "/cancel", "").status()).isEqualTo(409);
        assertThat(ids(prov.get(PATH + "?enterprise=" + SUPPRESS_UNIT).json())).containsExactly(gwWindow);
        assertThat(ids(prov.get(PATH + "?enterprise=" + SUPPRESS_UNIT + "&cancelled=true")
                        .json()))
                .containsExactlyInAnyOrder(gwWindow, unitWindow);
        // never a silent delete, nor a change of an entered window
        assertThatThrownBy(() -> db.withConnection(c ->
                        c.createStatement().executeUpdate("DELETE FROM maintenance_windows WHERE id = " + unitWindow)))
                .isInstanceOf(DatabaseException.class);
        assertThatThrownBy(() -> db.withConnection(c -> c.createStatement()
                        .executeUpdate("UPDATE maintenance_windows SET reason = 'x' WHERE id = " + gwWindow)))
                .isInstanceOf(DatabaseException.class);
    }

    @Test
    void theConsumerMarksAnAlertArrivingAfterItsWindowWasEntered() throws Exception {
        store(alert("total.pace", WUHAN, LATE_UNIT, null, null, "2026", "2026-11-20T10:00:00+08:00"));
        ApiClient wuhan = ApiClient.loggedIn(port, "wuhan", PASSWORD);
        String window = wuhan.post(
                        PATH, window(LATE_UNIT, null, "2026-11-27T22:00:00+08:00", "2026-11-28T06:00:00+08:00", "计划停产"))
                .json()
                .get("id")
                .asText();
        String inside = store(
                alert("gateway.offline", WUHAN, LATE_UNIT, "gw1", null, "2026-11-27", "2026-11-27T23:30:00+08:00"));
        String after = store(
                alert("gateway.offline", WUHAN, LATE_UNIT, "gw1", null, "2026-11-28", "2026-11-28T06:00:00+08:00"));
        String dayAfter = store(
                alert("data.completeness", WUHAN, LATE_UNIT, null, "e1", "2026-11-28", "2026-11-29T01:00:00+08:00"));
        String dayBefore = store(
                alert("data.completeness", WUHAN, LATE_UNIT, null, "e1", "2026-11-26", "2026-11-27T01:00:00+08:00"));
        assertThat(suppressedBy(inside)).isEqualTo(window);
        assertThat(suppressedBy(dayAfter)).isEqualTo(window); // 28 Nov 00:00–06:00 is inside
        assertThat(suppressedBy(after)).isNull(); // the window ends at 06:00, exclusive
        assertThat(suppressedBy(dayBefore)).isNull();
        // a later event of the alert keeps the mark; a replay of it changes nothing
        ObjectNode update =
                alert("gateway.offline", WUHAN, LATE_UNIT, "gw1", null, "2026-11-27", "2026-11-27T23:30:00+08:00");
        update.put("id", inside).put("seq", 2).put("event", "updated");
        store(update);
        store(update);
        assertThat(suppressedBy(inside)).isEqualTo(window);
        assertThat(count("SELECT count(*) FROM alert_events WHERE alert_id = ?", inside))
                .isEqualTo(2);
    }
}
