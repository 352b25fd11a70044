package dcmon.console.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dcmon.console.auth.Role;
import dcmon.console.auth.Scope;
import dcmon.console.auth.User;
import dcmon.console.dashboard.ActiveAlerts;
import dcmon.console.dashboard.ProgressReader;
import dcmon.console.dashboard.RejectionWindow;
import dcmon.console.names.Names;
import dcmon.core.alert.AlertLifecycle;
import dcmon.core.reading.Fix;
import dcmon.core.reading.RejectReason;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Gateway;
import dcmon.core.registry.Point;
import dcmon.influx.InfluxQuery;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A unit's gateways and points for its integrator: each gateway's connection ({@code gateway_status}), each point's
 * last quarter hour and its readings of the last 24 hours ({@code point_usage}), the daily {@code data_quality} rows
 * of the last days, and the rejections by reason with the fix for each reason: those of the last 24 hours read from
 * {@code dcmon.readings.rejected} ({@code live}, when the console consumes Kafka) and those of yesterday and today
 * as the job judged them in {@code data_quality}. Scoped like the unit's own page; out of scope is answered like a
 * nonexistent code.
 *
 * <p>The gateways and points listed are those InfluxDB has rows for; when the unit is in the registry, its
 * registered gateways and points that never reported are listed after them ({@code reported: false}).
 */
final class GatewayRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayRoutes.class);
    private static final Pattern CODE = Pattern.compile("[0-9A-Za-z_-]{1,64}");
    private static final Pattern DAYS = Pattern.compile("\\d{1,2}");
    /** Days of data-quality rows by default, and at most. */
    static final int DEFAULT_DAYS = 7;

    static final int MAX_DAYS = 31;
    /** Counts: written as JSON integers. */
    private static final List<String> QUALITY_COUNTS =
            List.of("expected", "covered", "received", "rejected", "rejected_messages");

    private static final List<String> QUALITY_FIELDS;

    static {
        List<String> fields = new ArrayList<>(QUALITY_COUNTS);
        fields.add(2, "completeness_pct");
        for (RejectReason reason : RejectReason.values()) fields.add("rejected_" + reason.code());
        QUALITY_FIELDS = List.copyOf(fields);
    }

    private final ProgressReader influx;
    private final RejectionWindow window;
    private final ActiveAlerts alerts;
    private final Supplier<Names> names;
    private final Guard guard;

    /**
     * @param influx null when the console runs without InfluxDB: then {@code 503 no_influx}
     * @param window the rejections of the last 24 hours read from Kafka, or null when the console does not consume
     */
    GatewayRoutes(
            ProgressReader influx, RejectionWindow window, ActiveAlerts alerts, Supplier<Names> names, Guard guard) {
        this.influx = influx;
        this.window = window;
        this.alerts = alerts;
        this.names = names;
        this.guard = guard;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/enterprises/{code}/gateways", this::gateways);
    }

    private void gateways(Context ctx) {
        User user =
                guard.session(ctx, Role.PROVINCE, Role.CITY, Role.ENTERPRISE).user();
        String code = ctx.pathParam("code");
        if (!CODE.matcher(code).matches()) throw ApiException.notFound();
        if (user.role() == Role.ENTERPRISE && !code.equals(user.enterprise())) throw ApiException.notFound();
        int days = days(ctx);
        if (influx == null) {
            throw new ApiException(503, "no_influx", "the console runs without InfluxDB: no gateways to show");
        }
        LocalDate today = LocalDate.now(ProgressReader.SHANGHAI);
        String year = String.valueOf(today.getYear());
        List<Map<String, Object>> progress = query(() -> influx.latestEnterprises(year, Map.of("enterprise", code)));
        String city = progress.isEmpty()
                ? query(() -> influx.usageCity(code)).orElse(null)
                : (String) progress.get(0).get("city");
        List<Map<String, Object>> gateways = query(() -> influx.gatewayStatus(code));
        if (city == null) {
            city = gateways.stream()
                    .max(Comparator.comparingLong(GatewayRoutes::time))
                    .map(r -> (String) r.get("city"))
                    .orElse(null);
        }
        Names known = names.get();
        Enterprise registered = known.unit(code);
        if (city == null && registered != null) city = registered.city();
        boolean isKnown = !progress.isEmpty() || city != null || !gateways.isEmpty();
        long alertCount = alerts.enterpriseCounts(Scope.of(user), code)[0];
        if (!DashboardRoutes.unitInScope(user, isKnown, city, alertCount)) throw ApiException.notFound();

        ObjectNode body = Json.object().put("code", code).put("city", city);
        body.put("registry", registered != null);
        if (registered != null) {
            body.put("name", registered.name()).put("city_name", known.divisionName(city));
        }
        ArrayNode gatewayArray = body.putArray("gateways");
        for (Map<String, Object> row : gateways) {
            ObjectNode node = Json.object().put("gateway", (String) row.get("gateway"));
            node.put("time", iso(time(row)));
            for (String field : List.of(
                    "city",
                    "tier",
                    "connection",
                    "online",
                    "silent",
                    "alert",
                    "cause",
                    "connection_since",
                    "last_data",
                    "last_data_age_s")) {
                put(node, field, row.get(field), field.equals("last_data_age_s"));
            }
            gatewayArray.add(node);
        }
        if (registered != null) addRegisteredGateways(gatewayArray, registered);

        Instant since = Instant.now().minus(Duration.ofHours(24));
        ArrayNode points = body.putArray("points");
        for (Map<String, Object> row : query(() -> influx.points(code, since))) {
            ObjectNode node = Json.object().put("point", (String) row.get("point"));
            put(node, "energy", row.get("energy"), false);
            node.put("time", iso(time(row)));
            put(node, "amount", row.get("amount"), false);
            node.put("readings_24h", row.get("readings") instanceof Number n ? n.longValue() : 0L);
            node.put("amount_24h", row.get("amount_sum") instanceof Number n ? n.doubleValue() : 0.0);
            points.add(node);
        }
        if (registered != null) addRegisteredPoints(points, registered);

        LocalDate yesterday = today.minusDays(1);
        LocalDate from = today.minusDays(Math.max(days, 2) - 1L);
        List<Map<String, Object>> quality = new ArrayList<>(query(() -> influx.quality(code, from, QUALITY_FIELDS)));
        ArrayNode qualityArray = Json.MAPPER.createArrayNode();
        Map<RejectReason, Long> byReason = new LinkedHashMap<>();
        Map<RejectReason, String> reasonGateway = new LinkedHashMap<>();
        long received = 0;
        long rejected = 0;
        long rejectedMessages = 0;
        quality.sort(Comparator.comparingLong(GatewayRoutes::time)
                .reversed()
                .thenComparing(r -> String.valueOf(r.get("gateway"))));
        for (Map<String, Object> row : quality) {
            LocalDate date = date(row);
            String gateway = (String) row.get("gateway");
            if (!date.isBefore(today.minusDays(days - 1L))) {
                ObjectNode node = Json.object().put("date", date.toString()).put("gateway", gateway);
                for (String field : QUALITY_FIELDS) put(node, field, row.get(field), !field.endsWith("_pct"));
                qualityArray.add(node);
            }
            if (date.isBefore(yesterday)) continue;
            received += count(row, "received");
            rejected += count(row, "rejected");
            rejectedMessages += count(row, "rejected_messages");
            for (RejectReason reason : RejectReason.values()) {
                long c = count(row, "rejected_" + reason.code());
                if (c == 0) continue;
                byReason.merge(reason, c, Long::sum);
                reasonGateway.merge(reason, gateway == null ? "" : gateway, (a, b) -> a.equals(b) ? a : "");
            }
        }
        body.put("days", days);
        body.set("quality", qualityArray);

        ObjectNode rejections = body.putObject("rejections");
        rejections.putArray("days").add(yesterday.toString()).add(today.toString());
        rejections.put("received", received).put("rejected", rejected).put("rejected_messages", rejectedMessages);
        rejections.set("reasons", reasons(code, byReason, reasonGateway));
        if (window == null) {
            body.putNull("live");
        } else {
            Map<RejectReason, Long> liveByReason = new LinkedHashMap<>();
            Map<RejectReason, String> liveGateway = new LinkedHashMap<>();
            long total = 0;
            for (var gateway : window.of(code).entrySet()) {
                for (var reason : gateway.getValue().entrySet()) {
                    total += reason.getValue();
                    liveByReason.merge(reason.getKey(), reason.getValue(), Long::sum);
                    liveGateway.merge(reason.getKey(), gateway.getKey(), (a, b) -> a.equals(b) ? a : "");
                }
            }
            ObjectNode live = body.putObject("live");
            live.put("since", iso(window.since())).put("rejected", total);
            live.set("reasons", reasons(code, liveByReason, liveGateway));
        }
        Json.send(ctx, 200, body);
    }

    /**
     * Marks each listed gateway {@code registered} or not and {@code reported}, and lists the unit's registered
     * gateways without a status row after them, in registry order: those the integrator has still to connect.
     */
    static void addRegisteredGateways(ArrayNode listed, Enterprise unit) {
        Set<String> seen = new HashSet<>();
        for (JsonNode node : listed) {
            String id = node.get("gateway").asText();
            seen.add(id);
            ((ObjectNode) node).put("registered", unit.hasGateway(id)).put("reported", true);
        }
        for (Gateway g : unit.gateways()) {
            if (seen.contains(g.id())) continue;
            listed.addObject().put("gateway", g.id()).put("registered", true).put("reported", false);
        }
    }

    /**
     * Adds each listed point's registered gateway and unit, marks it {@code registered} or not and {@code reported},
     * and lists the registered points without a quarter-hour row after them, in registry order.
     */
    static void addRegisteredPoints(ArrayNode listed, Enterprise unit) {
        Set<String> seen = new HashSet<>();
        for (JsonNode node : listed) {
            String id = node.get("point").asText();
            seen.add(id);
            Point p = unit.point(id);
            ObjectNode point = (ObjectNode) node;
            if (p != null) point.put("gateway", p.gateway()).put("unit", p.unit());
            point.put("registered", p != null).put("reported", true);
        }
        for (Point p : unit.points()) {
            if (seen.contains(p.id())) continue;
            ObjectNode point = listed.addObject().put("point", p.id());
            if (p.energy() != null) point.put("energy", p.energy());
            if (p.product() != null) point.put("product", p.product());
            point.put("gateway", p.gateway()).put("unit", p.unit());
            point.put("readings_24h", 0L).put("amount_24h", 0.0);
            point.put("registered", true).put("reported", false);
        }
    }

    /** Reasons by count, each with its description and its fix. */
    private static ArrayNode reasons(
            String code, Map<RejectReason, Long> byReason, Map<RejectReason, String> reasonGateway) {
        ArrayNode reasons = Json.MAPPER.createArrayNode();
        byReason.entrySet().stream()
                .sorted(Map.Entry.<RejectReason, Long>comparingByValue()
                        .reversed()
                        .thenComparing(e -> e.getKey().code()))
                .forEach(e -> {
                    RejectReason reason = e.getKey();
                    String gateway = reasonGateway.get(reason);
                    Fix fix = generic(Fix.of(reason, null, code, gateway.isEmpty() ? null : gateway, null));
                    reasons.add(Json.object()
                            .put("reason", reason.code())
                            .put("count", e.getValue())
                            .put("description_zh", reason.descriptionZh())
                            .put("fix_zh", fix.zh())
                            .put("fix_en", fix.en()));
                });
        return reasons;
    }

    /**
     * A fix without the reading it was written for: counts have no point id (nor a gateway when several had the
     * reason), and the console has no registry to list what is registered.
     */
    static Fix generic(Fix fix) {
        return new Fix(
                fix.zh().replaceAll("(测点|网关) null ?", "$1").replaceAll("；已登记：—", ""),
                fix.en()
                        .replaceAll("\\b(point|gateway) null\\b", "$1")
                        .replace("; registered: —", "")
                        .replaceAll("^point ", "a point ")
                        .replaceAll("^gateway is", "the gateway is"));
    }

    private static int days(Context ctx) {
        String value = ctx.queryParam("days");
        if (value == null || value.isBlank()) return DEFAULT_DAYS;
        if (!DAYS.matcher(value.strip()).matches()) throw ApiException.badRequest("days must be 1 to " + MAX_DAYS);
        int days = Integer.parseInt(value.strip());
        if (days < 1 || days > MAX_DAYS) throw ApiException.badRequest("days must be 1 to " + MAX_DAYS);
        return days;
    }

    private static void put(ObjectNode node, String field, Object value, boolean integer) {
        if (value instanceof Number n) {
            if (integer) node.put(field, n.longValue());
            else node.put(field, n.doubleValue());
        } else if (value instanceof Boolean b) {
            node.put(field, b);
        } else if (value != null) {
            node.put(field, value.toString());
        }
    }

    private static long count(Map<String, Object> row, String field) {
        return row.get(field) instanceof Number n ? n.longValue() : 0L;
    }

    private static long time(Map<String, Object> row) {
        return ((Number) row.get(InfluxQuery.TIME)).longValue();
    }

    private static LocalDate date(Map<String, Object> row) {
        return Instant.ofEpochMilli(time(row)).atZone(ProgressReader.SHANGHAI).toLocalDate();
    }

    private static String iso(long millis) {
        return AlertLifecycle.time(millis);
    }

    private static <T> T query(Supplier<T> query) {
        try {
            return query.get();
        } catch (RuntimeException e) {
            LOG.warn("InfluxDB query failed: {}", e.getMessage());
            throw new ApiException(503, "influx_unavailable", "gateway data is unavailable");
        }
    }
}
