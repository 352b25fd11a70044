package dcmon.console.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dcmon.console.auth.Role;
import dcmon.console.auth.Scope;
import dcmon.console.auth.User;
import dcmon.console.dashboard.ActiveAlerts;
import dcmon.console.dashboard.ProgressReader;
import dcmon.console.maintenance.MaintenanceWindows;
import dcmon.console.maintenance.MaintenanceWindows.NewWindow;
import dcmon.console.maintenance.MaintenanceWindows.Window;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 报备 register's API: list, enter and cancel a unit's planned outage or meter maintenance windows. Scoped like
 * the alerts: the province every unit, a city office its division's units, a unit its own; an admin nothing. A unit
 * that is unknown or outside the caller's scope is answered 404 alike.
 */
final class MaintenanceRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceRoutes.class);
    private static final Pattern CODE = Pattern.compile("[0-9A-Za-z_-]{1,64}");
    private static final Pattern GATEWAY = Pattern.compile("[0-9A-Za-z_.-]{1,64}");
    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");
    /** The longest window: a planned overhaul of a quarter; anything longer is more likely a typing error. */
    static final Duration MAX_WINDOW = Duration.ofDays(92);
    /** The most windows one list answers. */
    static final int MAX_LIST = 500;

    private final MaintenanceWindows windows;
    private final ProgressReader progress;
    private final ActiveAlerts alerts;
    private final Guard guard;

    /** @param progress null without InfluxDB: units are then known by their alerts only */
    MaintenanceRoutes(MaintenanceWindows windows, ProgressReader progress, ActiveAlerts alerts, Guard guard) {
        this.windows = windows;
        this.progress = progress;
        this.alerts = alerts;
        this.guard = guard;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/maintenance", this::list);
        routes.post("/api/maintenance", this::add);
        routes.get("/api/maintenance/{id}", this::detail);
        routes.post("/api/maintenance/{id}/cancel", this::cancel);
    }

    private User user(Context ctx) {
        return guard.session(ctx, Role.PROVINCE, Role.CITY, Role.ENTERPRISE).user();
    }

    private void list(Context ctx) {
        User user = user(ctx);
        String enterprise = param(ctx, "enterprise");
        if (enterprise != null && !CODE.matcher(enterprise).matches()) {
            throw ApiException.badRequest("enterprise: a credit code of letters and digits");
        }
        String cancelled = param(ctx, "cancelled");
        if (cancelled != null && !cancelled.equals("true") && !cancelled.equals("false")) {
            throw ApiException.badRequest("cancelled: true or false");
        }
        boolean includeCancelled = "true".equals(cancelled);
        List<Window> found = windows.list(Scope.of(user), enterprise, includeCancelled, MAX_LIST);
        ArrayNode items = Json.MAPPER.createArrayNode();
        found.forEach(w -> items.add(json(w)));
        Json.send(ctx, 200, Json.object().put("total", found.size()).set("items", items));
    }

    private void detail(Context ctx) {
        User user = user(ctx);
        long id = id(ctx);
        Json.send(ctx, 200, json(windows.find(Scope.of(user), id).orElseThrow(ApiException::notFound)));
    }

    private void add(Context ctx) {
        User user = user(ctx);
        ObjectNode body = Json.body(ctx);
        String enterprise = required(body, "enterprise");
        if (!CODE.matcher(enterprise).matches()) {
            throw ApiException.badRequest("enterprise: a credit code of letters and digits");
        }
        String gateway = Json.text(body, "gateway");
        gateway = gateway == null || gateway.isBlank() ? null : gateway.strip();
        if (gateway != null && !GATEWAY.matcher(gateway).matches()) {
            throw ApiException.badRequest("gateway: up to 64 letters, digits, '.', '_' or '-'");
        }
        Instant from = time(required(body, "from"), "from");
        Instant to = time(required(body, "to"), "to");
        if (!to.isAfter(from)) throw ApiException.badRequest("to must be after from");
        if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
            throw ApiException.badRequest("a window may last at most " + MAX_WINDOW.toDays() + " days");
        }
        String reason = required(body, "reason").strip();
        if (reason.length() > MaintenanceWindows.MAX_REASON) {
            throw ApiException.badRequest("reason longer than " + MaintenanceWindows.MAX_REASON + " characters");
        }
        String city = unitCity(user, enterprise);
        Window w = windows.add(user.name(), new NewWindow(enterprise, city, gateway, from, to, reason));
        Json.send(ctx, 201, json(w));
    }

    private void cancel(Context ctx) {
        User user = user(ctx);
        long id = id(ctx);
        // the reason is optional, and so is a body that would only carry it
        String reason = ctx.body().isBlank() ? null : Json.text(Json.body(ctx), "reason");
        reason = reason == null || reason.isBlank() ? null : reason.strip();
        if (reason != null && reason.length() > MaintenanceWindows.MAX_REASON) {
            throw ApiException.badRequest("reason longer than " + MaintenanceWindows.MAX_REASON + " characters");
        }
        Scope scope = Scope.of(user);
        Window existing = windows.find(scope, id).orElseThrow(ApiException::notFound);
        if (!existing.open()) throw new ApiException(409, "conflict", "window " + id + " is already cancelled");
        Window w = windows.cancel(scope, id, user.name(), reason)
                .orElseThrow(() -> new ApiException(409, "conflict", "window " + id + " is already cancelled"));
        Json.send(ctx, 200, json(w));
    }

    /**
     * The division of a unit the caller may enter windows for; 404 when the unit is unknown or outside the scope. A
     * unit is known by its latest progress row, usage or gateway status in InfluxDB, else by its alerts. A unit's
     * own account may enter windows for it even before anything is known of it (its division then from the
     * account, possibly none).
     */
    private String unitCity(User user, String enterprise) {
        if (user.role() == Role.ENTERPRISE && !enterprise.equals(user.enterprise())) throw ApiException.notFound();
        Optional<String> city = influxCity(enterprise);
        if (city.isEmpty()) {
            city = Optional.ofNullable(alerts.enterpriseCity(new Scope("TRUE", List.of()), enterprise));
        }
        return switch (user.role()) {
            case PROVINCE -> city.orElseThrow(ApiException::notFound);
            case CITY -> city.filter(user.city()::equals).orElseThrow(ApiException::notFound);
            case ENTERPRISE -> city.orElse(user.city());
            case ADMIN -> throw ApiException.notFound();
        };
    }

    private Optional<String> influxCity(String enterprise) {
        if (progress == null) return Optional.empty();
        try {
            String year = String.valueOf(LocalDate.now(ProgressReader.SHANGHAI).getYear());
            List<Map<String, Object>> rows = progress.latestEnterprises(year, Map.of("enterprise", enterprise));
            if (!rows.isEmpty() && rows.get(0).get("city") != null)
                return Optional.of((String) rows.get(0).get("city"));
            Optional<String> usage = progress.usageCity(enterprise);
            if (usage.isPresent()) return usage;
            return progress.gatewayStatus(enterprise).stream()
                    .filter(r -> r.get("city") != null)
                    .max(Comparator.comparingLong(r -> ((Number) r.get("time")).longValue()))
                    .map(r -> (String) r.get("city"));
        } catch (RuntimeException e) {
            LOG.warn("InfluxDB query failed: {}", e.getMessage());
            throw new ApiException(503, "influx_unavailable", "the unit cannot be looked up now");
        }
    }

    static ObjectNode json(Window w) {
        ObjectNode node = Json.object()
                .put("id", w.id())
                .put("enterprise", w.enterprise())
                .put("city", w.city())
                .put("gateway", w.gateway())
                .put("from", shanghai(w.starts()))
                .put("to", shanghai(w.ends()))
                .put("reason", w.reason())
                .put("created_by", w.createdBy())
                .put("created_at", shanghai(w.createdAt()))
                .put("state", w.open() ? "open" : "cancelled")
                .put("cancelled_by", w.cancelledBy())
                .put("cancelled_at", w.cancelledAt() == null ? null : shanghai(w.cancelledAt()))
                .put("cancel_reason", w.cancelReason());
        node.put("suppressed", w.suppressed());
        return node;
    }

    private static String shanghai(Instant t) {
        return OffsetDateTime.ofInstant(t, ProgressReader.SHANGHAI).toString();
    }

    /**
     * An ISO 8601 time; without an offset it is Asia/Shanghai time (what the page's date-time field sends).
     */
    static Instant time(String text, String field) {
        String value = text.strip();
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(value)
                        .atZone(ProgressReader.SHANGHAI)
                        .toInstant();
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest(
                        field + ": not an ISO 8601 time such as 2026-11-24T09:00+08:00 (was '" + clip(value) + "')");
            }
        }
    }

    private static String clip(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }

    private static String required(ObjectNode body, String field) {
        String value = Json.text(body, field);
        if (value == null || value.isBlank()) throw ApiException.badRequest(field + " is required");
        return value;
    }

    private static long id(Context ctx) {
        String id = ctx.pathParam("id");
        if (!ID.matcher(id).matches()) throw ApiException.notFound();
        return Long.parseLong(id);
    }

    private static String param(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
