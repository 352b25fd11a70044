package dcmon.console.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dcmon.console.alerts.AlertFilter;
import dcmon.console.alerts.AlertQueries;
import dcmon.console.alerts.Reviews;
import dcmon.console.auth.Role;
import dcmon.console.auth.Scope;
import dcmon.console.auth.Sessions.Session;
import dcmon.console.names.Names;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Alerts within the caller's scope and their review. Out of scope is answered exactly like nonexistent. */
final class AlertRoutes {
    private static final Pattern ALERT_ID = Pattern.compile("[0-9a-f]{32}");
    /** The most ids one bulk review may name. */
    static final int MAX_BULK = 200;
    /** Query parameter → column. */
    private static final Map<String, String> FILTERS = Map.of(
            "state",
            "state",
            "severity",
            "severity",
            "rule",
            "rule",
            "city",
            "city",
            "enterprise",
            "enterprise",
            "review",
            "review_status",
            "level",
            "level",
            "colour",
            "colour",
            "period",
            "period");

    private final AlertQueries queries;
    private final Reviews reviews;
    private final Supplier<Names> names;
    private final Guard guard;

    AlertRoutes(AlertQueries queries, Reviews reviews, Supplier<Names> names, Guard guard) {
        this.queries = queries;
        this.reviews = reviews;
        this.names = names;
        this.guard = guard;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/alerts", this::list);
        routes.get("/api/alerts/{id}", this::detail);
        routes.post("/api/alerts/reviews", this::bulkReview);
        routes.post("/api/alerts/{id}/reviews", this::review);
    }

    private Session reader(Context ctx) {
        return guard.session(ctx, Role.PROVINCE, Role.CITY, Role.ENTERPRISE);
    }

    private void list(Context ctx) {
        Session session = reader(ctx);
        Map<String, String> equal = new LinkedHashMap<>();
        FILTERS.forEach((param, column) -> {
            String value = ctx.queryParam(param);
            if (value != null && !value.isBlank()) equal.put(column, value.strip());
        });
        AlertFilter filter;
        try {
            filter = new AlertFilter(
                    equal,
                    AlertFilter.Suppressed.parse(ctx.queryParam("suppressed")),
                    intParam(ctx, "limit", 50),
                    intParam(ctx, "offset", 0));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        ObjectNode page = queries.list(Scope.of(session.user()), filter);
        Names known = names.get();
        for (JsonNode item : page.get("items")) known.addAlert((ObjectNode) item);
        Json.send(ctx, 200, page);
    }

    private void detail(Context ctx) {
        Session session = reader(ctx);
        String id = ctx.pathParam("id");
        if (!ALERT_ID.matcher(id).matches()) throw ApiException.notFound();
        ObjectNode alert = queries.detail(Scope.of(session.user()), id).orElseThrow(ApiException::notFound);
        Json.send(ctx, 200, names.get().addAlert(alert));
    }

    private void review(Context ctx) {
        Session session = guard.session(ctx, Role.PROVINCE, Role.CITY);
        String id = ctx.pathParam("id");
        if (!ALERT_ID.matcher(id).matches()) throw ApiException.notFound();
        ObjectNode body = Json.body(ctx);
        String actionName = Json.text(body, "action");
        Reviews.Action action = Reviews.Action.parse(actionName == null ? "" : actionName)
                .orElseThrow(() -> ApiException.badRequest("action: acknowledge, resolve, dismiss, comment, reopen"));
        Reviews.Result result;
        try {
            result = reviews.apply(session.user(), id, action, Json.text(body, "comment"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        switch (result.outcome()) {
            case NOT_FOUND -> throw ApiException.notFound();
            case CONFLICT ->
                throw new ApiException(
                        409,
                        "conflict",
                        "cannot " + action.wire() + " an alert whose review status is " + result.status());
            default -> Json.send(ctx, 200, Json.object().put("id", id).put("review_status", result.status()));
        }
    }

    /**
     * Acknowledges several alerts, each exactly as the single-alert route would: an id out of scope, unknown or
     * malformed is reported {@code not_found} and nothing is written for it.
     */
    private void bulkReview(Context ctx) {
        Session session = guard.session(ctx, Role.PROVINCE, Role.CITY);
        ObjectNode body = Json.body(ctx);
        String actionName = Json.text(body, "action");
        if (!Reviews.Action.ACKNOWLEDGE.wire().equals(actionName)) {
            throw ApiException.badRequest("action: acknowledge");
        }
        JsonNode ids = body.get("ids");
        if (ids == null || !ids.isArray() || ids.isEmpty()) {
            throw ApiException.badRequest("ids must be a non-empty list");
        }
        if (ids.size() > MAX_BULK) throw ApiException.badRequest("at most " + MAX_BULK + " ids");
        for (JsonNode id : ids) if (!id.isTextual()) throw ApiException.badRequest("ids must be strings");
        String comment = Json.text(body, "comment");
        if (comment != null && comment.strip().length() > Reviews.MAX_COMMENT) {
            throw ApiException.badRequest("comment longer than " + Reviews.MAX_COMMENT + " characters");
        }
        ArrayNode results = Json.MAPPER.createArrayNode();
        for (JsonNode node : ids) {
            String id = node.asText();
            ObjectNode item = results.addObject().put("id", id);
            if (!ALERT_ID.matcher(id).matches()) {
                item.put("result", "not_found");
                continue;
            }
            Reviews.Result result = reviews.apply(session.user(), id, Reviews.Action.ACKNOWLEDGE, comment);
            switch (result.outcome()) {
                case NOT_FOUND -> item.put("result", "not_found");
                case CONFLICT -> item.put("result", "conflict").put("review_status", result.status());
                default -> item.put("result", "acknowledged").put("review_status", result.status());
            }
        }
        Json.send(ctx, 200, Json.object().put("action", actionName).set("results", results));
    }

    private static int intParam(Context ctx, String name, int fallback) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) return fallback;
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a number");
        }
    }
}
