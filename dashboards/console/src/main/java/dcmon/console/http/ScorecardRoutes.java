package dcmon.console.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dcmon.console.auth.Role;
import dcmon.console.auth.User;
import dcmon.console.dashboard.ProgressReader;
import dcmon.console.names.Names;
import dcmon.console.scorecard.PointsPublisher;
import dcmon.console.scorecard.QualitativeStore;
import dcmon.console.scorecard.QualitativeStore.Change;
import dcmon.console.scorecard.QualitativeStore.Points;
import dcmon.core.registry.Enterprise;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scorecard page's API: reviewers' qualitative (measures) points per unit and year. The province enters,
 * corrects and removes them; a city office reads its division's; a unit and an admin are refused. Every change is
 * kept in the append-only trail and published to Kafka, where the scorecard export reads it, before it is committed.
 */
final class ScorecardRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ScorecardRoutes.class);
    private static final Pattern YEAR = Pattern.compile("[0-9]{4}");
    private static final Pattern CODE = Pattern.compile("[0-9A-Za-z_-]{1,64}");

    private final QualitativeStore store;
    private final PointsPublisher publisher;
    private final double max;
    private final Supplier<Names> names;
    private final Guard guard;

    /**
     * @param publisher null without Kafka: points are then read-only
     * @param max the most points a unit may get (the scoring rules' measures points)
     */
    ScorecardRoutes(QualitativeStore store, PointsPublisher publisher, double max, Supplier<Names> names, Guard guard) {
        this.store = store;
        this.publisher = publisher;
        this.max = max;
        this.names = names;
        this.guard = guard;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/scorecard/points", this::list);
        routes.put("/api/scorecard/points/{year}/{code}", this::set);
        routes.delete("/api/scorecard/points/{year}/{code}", this::remove);
        routes.get("/api/scorecard/points/{year}/{code}/changes", this::changes);
    }

    private void list(Context ctx) {
        User user = guard.session(ctx, Role.PROVINCE, Role.CITY).user();
        String yearText = ctx.queryParam("year");
        int year = year(yearText == null || yearText.isBlank() ? thisYear() + "" : yearText.strip());
        Names n = names.get();
        Map<String, Points> entered = new TreeMap<>();
        for (Points p : store.list(year)) entered.put(p.enterprise(), p);
        ArrayNode items = Json.MAPPER.createArrayNode();
        List<Enterprise> units = n.units().stream()
                .filter(e -> user.role() == Role.PROVINCE || e.city().equals(user.city()))
                .sorted(Comparator.comparing(Enterprise::city).thenComparing(Enterprise::code))
                .toList();
        for (Enterprise e : units) {
            ObjectNode item = Json.object()
                    .put("enterprise", e.code())
                    .put("name", e.name())
                    .put("city", e.city())
                    .put("city_name", n.divisionName(e.city()))
                    .put("tier", e.tier() == null ? null : e.tier().code());
            points(item, entered.remove(e.code()));
            items.add(item);
        }
        // points of units no longer in the registry stay visible to the province, so they can be removed
        if (user.role() == Role.PROVINCE) {
            for (Points p : entered.values()) {
                items.add(points(Json.object().put("enterprise", p.enterprise()).putNull("name"), p));
            }
        }
        ObjectNode body = Json.object()
                .put("year", year)
                .put("max", max)
                .put("editable", user.role() == Role.PROVINCE && publisher != null);
        body.set("items", items);
        Json.send(ctx, 200, body);
    }

    private static ObjectNode points(ObjectNode item, Points p) {
        if (p == null) {
            item.putNull("points").putNull("comment").putNull("updated_by").putNull("updated_at");
        } else {
            item.put("points", p.points())
                    .put("comment", p.comment())
                    .put("updated_by", p.updatedBy())
                    .put("updated_at", shanghai(p.at()));
        }
        return item;
    }

    private void set(Context ctx) {
        User user = guard.session(ctx, Role.PROVINCE).user();
        int year = year(ctx.pathParam("year"));
        String code = unit(ctx.pathParam("code"));
        ObjectNode body = Json.body(ctx);
        JsonNode value = body.get("points");
        if (value == null || value.isNull()) throw ApiException.badRequest("points is required");
        if (!value.isNumber() || !Double.isFinite(value.asDouble()) || value.asDouble() < 0 || value.asDouble() > max) {
            throw ApiException.badRequest("points: must be a number from 0 to " + plain(max) + ", was " + value);
        }
        String comment = comment(body);
        QualitativeStore.Result r = change(year, code, value.asDouble(), comment, user);
        Json.send(
                ctx,
                200,
                points(
                        Json.object().put("year", year).put("enterprise", code),
                        r.points().orElseThrow()));
    }

    private void remove(Context ctx) {
        User user = guard.session(ctx, Role.PROVINCE).user();
        int year = year(ctx.pathParam("year"));
        String code = ctx.pathParam("code");
        if (!CODE.matcher(code).matches()) throw ApiException.notFound();
        String comment = ctx.body().isBlank() ? null : comment(Json.body(ctx));
        QualitativeStore.Result r = change(year, code, null, comment, user);
        if (!r.changed()) throw ApiException.notFound();
        Json.send(
                ctx,
                200,
                Json.object().put("year", year).put("enterprise", code).put("removed", true));
    }

    private QualitativeStore.Result change(int year, String code, Double points, String comment, User user) {
        if (publisher == null) {
            throw new ApiException(
                    503,
                    "no_kafka",
                    "points are published to Kafka for the export; the console" + " runs without Kafka");
        }
        try {
            return store.set(year, code, points, comment, user.name(), publisher::publish);
        } catch (IllegalStateException e) {
            LOG.warn("points of {} for {} not published, nothing stored: {}", code, year, e.getMessage());
            throw new ApiException(503, "kafka_unavailable", "Kafka did not take the points; nothing was stored");
        }
    }

    private void changes(Context ctx) {
        User user = guard.session(ctx, Role.PROVINCE, Role.CITY).user();
        int year = year(ctx.pathParam("year"));
        String code = ctx.pathParam("code");
        if (!CODE.matcher(code).matches()) throw ApiException.notFound();
        Enterprise e = names.get().unit(code);
        if (user.role() == Role.CITY && (e == null || !e.city().equals(user.city()))) throw ApiException.notFound();
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (Change c : store.changes(year, code)) {
            ObjectNode item = Json.object()
                    .put("id", c.id())
                    .put("old_points", c.oldPoints())
                    .put("new_points", c.newPoints())
                    .put("comment", c.comment())
                    .put("actor", c.actor())
                    .put("at", shanghai(c.at()));
            items.add(item);
        }
        ObjectNode body = Json.object().put("year", year).put("enterprise", code);
        body.set("items", items);
        Json.send(ctx, 200, body);
    }

    /** A registered unit's code; an unknown one is 404 like everything not found. */
    private String unit(String code) {
        if (!CODE.matcher(code).matches() || names.get().unit(code) == null) throw ApiException.notFound();
        return code;
    }

    /** A year from 2000 to this one (Asia/Shanghai): points are for a year being or already assessed. */
    private static int year(String text) {
        if (!YEAR.matcher(text).matches() || Integer.parseInt(text) < 2000 || Integer.parseInt(text) > thisYear()) {
            throw ApiException.badRequest("year: YYYY from 2000 to " + thisYear() + ", was '" + clip(text) + "'");
        }
        return Integer.parseInt(text);
    }

    private static String comment(ObjectNode body) {
        String comment = Json.text(body, "comment");
        if (comment == null || comment.isBlank()) return null;
        comment = comment.strip();
        if (comment.length() > QualitativeStore.MAX_COMMENT) {
            throw ApiException.badRequest("comment longer than " + QualitativeStore.MAX_COMMENT + " characters");
        }
        return comment;
    }

    private static int thisYear() {
        return LocalDate.now(ProgressReader.SHANGHAI).getYear();
    }

    private static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static String clip(String value) {
        return value.length() > 20 ? value.substring(0, 20) + "…" : value;
    }

    private static String shanghai(Instant t) {
        return OffsetDateTime.ofInstant(t, ProgressReader.SHANGHAI).toString();
    }
}
