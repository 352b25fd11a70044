package dcmon.assessment;

import static dcmon.assessment.AssessmentBuilderTest.DIVISIONS;
import static dcmon.assessment.AssessmentBuilderTest.MARCH;
import static dcmon.assessment.AssessmentBuilderTest.REGISTRY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dcmon.core.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Review states and 报备 windows from the console's topics, and how the tables show them. */
class ConsoleStateTest {
    static final Instant APRIL = Instant.parse("2026-04-05T00:00:00Z");

    static byte[] review(long id, String alert, String action, String status) {
        return ("{\"schema\":\"dcmon.alert-review/1\",\"id\":" + id + ",\"alert_id\":\"" + alert + "\",\"action\":\""
                        + action + "\",\"status\":\"" + status + "\",\"actor\":\"wuhan-office\",\"comment\":null,"
                        + "\"at\":\"2026-03-12T09:30:00+08:00\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] window(long id, String gateway, String starts, String ends, boolean cancelled) {
        return ("{\"schema\":\"dcmon.maintenance/1\",\"id\":" + id + ",\"enterprise\":\"CODE-A1\",\"city\":\"420500\","
                        + "\"gateway\":" + (gateway == null ? "null" : "\"" + gateway + "\"") + ",\"starts\":\""
                        + starts
                        + "\",\"ends\":\"" + ends + "\",\"reason\":\"停产检修\",\"created_by\":\"unit\","
                        + "\"created_at\":\"2026-03-01T09:00:00+08:00\",\"cancelled_by\":"
                        + (cancelled ? "\"prov\"" : "null") + ",\"cancelled_at\":"
                        + (cancelled ? "\"2026-03-02T09:00:00+08:00\"" : "null") + ",\"cancel_reason\":null}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theLatestReviewByIdWinsAndACancelledWindowStaysCancelled() throws IOException {
        ConsoleState s = ConsoleState.empty()
                .with(Topics.ALERT_REVIEWS, review(5, "y", "resolve", "resolved"))
                // an older action delivered again after a newer one changes nothing
                .with(Topics.ALERT_REVIEWS, review(4, "y", "acknowledge", "acknowledged"))
                .with(
                        Topics.MAINTENANCE,
                        window(1, "GW01", "2026-03-10T08:00:00+08:00", "2026-03-10T14:00:00+08:00", true))
                .with(
                        Topics.MAINTENANCE,
                        window(1, "GW01", "2026-03-10T08:00:00+08:00", "2026-03-10T14:00:00+08:00", false));
        assertThat(s.reviews().get("y").status()).isEqualTo("resolved");
        assertThat(s.windows().get(1L).cancelled()).isTrue();
        assertThatThrownBy(
                        () -> s.with(Topics.ALERT_REVIEWS, "{\"schema\":\"other/1\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class)
                .hasMessage("not dcmon.alert-review/1");
    }

    @Test
    void alertsShowTheirReviewStateAndGatewaysTheirWindows() throws IOException {
        ConsoleState s = ConsoleState.empty()
                .with(Topics.ALERT_REVIEWS, review(4, "y", "acknowledge", "acknowledged"))
                // a gateway's window, and a whole-unit window overlapping it by an hour: 7 hours in all
                .with(
                        Topics.MAINTENANCE,
                        window(1, "GW01", "2026-03-10T08:00:00+08:00", "2026-03-10T14:00:00+08:00", false))
                .with(
                        Topics.MAINTENANCE,
                        window(2, null, "2026-03-10T13:00:00+08:00", "2026-03-10T15:00:00+08:00", false))
                // cancelled, and another month: not shown
                .with(
                        Topics.MAINTENANCE,
                        window(3, "GW01", "2026-03-20T08:00:00+08:00", "2026-03-20T10:00:00+08:00", true))
                .with(
                        Topics.MAINTENANCE,
                        window(4, "GW01", "2026-04-02T08:00:00+08:00", "2026-04-02T10:00:00+08:00", false));
        Assessment a = build(s, Lang.ZH);
        Table alerts = a.table("alerts");
        List<Object> y = alerts.rows().stream()
                .map(Table.Row::cells)
                .filter(c -> "y".equals(c.get(alerts.column("alert_id"))))
                .findFirst()
                .orElseThrow();
        assertThat(y.get(alerts.column("review_status"))).isEqualTo("已确认");
        assertThat(y.get(alerts.column("reviewed_by"))).isEqualTo("wuhan-office");
        assertThat(y.get(alerts.column("reviewed_at"))).isEqualTo("2026-03-12 09:30:00");
        List<Object> z = alerts.rows().stream()
                .map(Table.Row::cells)
                .filter(c -> "z".equals(c.get(alerts.column("alert_id"))))
                .findFirst()
                .orElseThrow();
        assertThat(z.get(alerts.column("review_status"))).isEqualTo("待审核");
        assertThat(z.get(alerts.column("reviewed_by"))).isNull();

        Table q = a.table("data_quality");
        List<Object> a1 = q.rows().stream()
                .map(Table.Row::cells)
                .filter(c -> "CODE-A1".equals(c.get(q.column("credit_code"))))
                .findFirst()
                .orElseThrow();
        assertThat(a1.get(q.column("maintenance_windows")))
                .isEqualTo("03-10 08:00–03-10 14:00 停产检修；03-10 13:00–03-10 15:00 停产检修");
        assertThat(a1.get(q.column("maintenance_hours"))).isEqualTo(7.0);
        List<Object> total = q.rows().get(q.rows().size() - 1).cells();
        assertThat(total.get(q.column("maintenance_hours"))).isEqualTo(7.0);

        assertThat(build(s, Lang.EN).table("alerts").rows().stream()
                        .map(Table.Row::cells)
                        .filter(c -> "y".equals(c.get(alerts.column("alert_id"))))
                        .findFirst()
                        .orElseThrow()
                        .get(alerts.column("review_status")))
                .isEqualTo("acknowledged");
        // the topics not read: empty, not "new"
        Table unread = build(ConsoleState.NONE, Lang.ZH).table("alerts");
        assertThat(unread.rows()).allMatch(r -> r.cells().get(unread.column("review_status")) == null);
    }

    static Assessment build(ConsoleState s, Lang lang) {
        return new AssessmentBuilder(REGISTRY, DIVISIONS, "420000", MonthlyExport::defaultColour)
                .build(MARCH, Scope.PROVINCE, lang, AssessmentBuilderTest.data().withConsole(s), APRIL);
    }
}
