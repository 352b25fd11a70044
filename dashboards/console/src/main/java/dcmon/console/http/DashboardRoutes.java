package dcmon.console.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dcmon.console.auth.Role;
import dcmon.console.auth.Scope;
import dcmon.console.auth.User;
import dcmon.console.dashboard.ActiveAlerts;
import dcmon.console.dashboard.Colours;
import dcmon.console.dashboard.ProgressReader;
import dcmon.console.names.Names;
import dcmon.core.registry.Enterprise;
import dcmon.influx.InfluxQuery;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboards' JSON: the overview of the province (or of a city for its office), units with their latest
 * progress, a unit's and a region's detail. Scope is applied on the server: a city office sees its division's units
 * and its own city, a unit only itself; anything else is answered like a nonexistent code.
 */
final class DashboardRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardRoutes.class);
    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final Pattern CODE = Pattern.compile("[0-9A-Za-z_-]{1,64}");
    private static final Set<String> LEVELS = Set.of("province", "tier", "city");
    /** Days of the daily chart of a unit or region. */
    static final int RECENT_DAYS = 30;
    /** Units in the overview's list of the highest projected overruns. */
    static final int TOP_PROJECTED = 10;

    private final ProgressReader progress;
    private final Colours thresholds;
    private final ActiveAlerts alerts;
    private final Supplier<Names> names;
    private final Guard guard;

    /**
     * @param progress null when the console runs without InfluxDB: then only alert counts are served
     * @param names the registry's names of units and divisions, added to every row
     */
    DashboardRoutes(
            ProgressReader progress, Colours thresholds, ActiveAlerts alerts, Supplier<Names> names, Guard guard) {
        this.progress = progress;
        this.thresholds = thresholds;
        this.alerts = alerts;
        this.names = names;
        this.guard = guard;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/overview", this::overview);
        routes.get("/api/enterprises", this::enterprises);
        routes.get("/api/enterprises/{code}", this::enterprise);
        routes.get("/api/regions/{level}/{code}", this::region);
    }

    private void overview(Context ctx) {
        User user = guard.session(ctx, Role.PROVINCE, Role.CITY).user();
        String year = year(ctx);
        requireInflux();
        Map<String, String> colours = alerts.targetColours(Scope.of(user), year);
        ObjectNode body = Json.object().put("year", year);
        List<Map<String, Object>> cities;
        List<Map<String, Object>> daily;
        int y = Integer.parseInt(year);
        LocalDate end = lastDay(y, null);
        if (user.role() == Role.PROVINCE) {
            List<Map<String, Object>> province =
                    influx(() -> progress.latestRegions(year, Map.of("level", "province")));
            body.set("province", province.isEmpty() ? null : region(province.get(0), colours));
            body.set("tiers", regions(influx(() -> progress.latestRegions(year, Map.of("level", "tier"))), colours));
            cities = influx(() -> progress.latestRegions(year, Map.of("level", "city")));
            daily = influx(() -> progress.days(
                    ProgressReader.REGION_USAGE, Map.of("level", "province"), LocalDate.of(y, 1, 1), end));
        } else {
            body.putNull("province");
            body.putArray("tiers");
            Map<String, String> own = Map.of("level", "city", "region", user.city());
            cities = influx(() -> progress.latestRegions(year, own));
            daily = influx(() -> progress.days(ProgressReader.REGION_USAGE, own, LocalDate.of(y, 1, 1), end));
        }
        body.set("cities", regions(cities, colours));
        body.set("daily", days(daily));
        Map<String, String> unitTags = user.role() == Role.PROVINCE ? Map.of() : Map.of("city", user.city());
        body.set("topProjected", topProjected(influx(() -> progress.latestEnterprises(year, unitTags)), names.get()));
        ObjectNode counts = body.putObject("alerts");
        alerts.countsBySeverity(Scope.of(user)).forEach(counts::put);
        Json.send(ctx, 200, body);
    }

    /**
     * The units whose latest row of the year projects more than 100 % of their cap, highest first (ties by code),
     * at most {@link #TOP_PROJECTED}.
     */
    static ArrayNode topProjected(List<Map<String, Object>> rows, Names names) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        rows.stream()
                .filter(row -> row.get("projected_pct") instanceof Number n && n.doubleValue() > 100.0)
                .sorted(Comparator.comparingDouble((Map<String, Object> row) -> -number(row, "projected_pct"))
                        .thenComparing(row -> String.valueOf(row.get("enterprise"))))
                .limit(TOP_PROJECTED)
                .forEach(row -> {
                    ObjectNode item = array.addObject()
                            .put("code", text(row, "enterprise"))
                            .put("city", text(row, "city"))
                            .put("tier", text(row, "tier"))
                            .put("projected_pct", number(row, "projected_pct"));
                    if (row.get("completion_pct") instanceof Number n) {
                        item.put("completion_pct", n.doubleValue());
                    } else {
                        item.putNull("completion_pct");
                    }
                    names.addUnit(item, "code");
                });
        return array;
    }

    private static String text(Map<String, Object> row, String tag) {
        Object value = row.get(tag);
        return value == null ? null : value.toString();
    }

    private static double number(Map<String, Object> row, String field) {
        return ((Number) row.get(field)).doubleValue();
    }

    private void enterprises(Context ctx) {
        User user =
                guard.session(ctx, Role.PROVINCE, Role.CITY, Role.ENTERPRISE).user();
        String year = year(ctx);
        requireInflux();
        Map<String, String> tags = new LinkedHashMap<>();
        String city = param(ctx, "city");
        String tier = param(ctx, "tier");
        String q = param(ctx, "q");
        if (city != null) tags.put("city", city);
        if (tier != null) tags.put("tier", tier);
        ObjectNode body = Json.object().put("year", year);
        ArrayNode items = Json.MAPPER.createArrayNode();
        boolean possible = true;
        switch (user.role()) {
            case CITY -> {
                possible = city == null || city.equals(user.city());
                tags.put("city", user.city());
            }
            case ENTERPRISE -> tags.put("enterprise", user.enterprise());
            default -> {}
        }
        if (possible) {
            Map<String, String> colours = alerts.targetColours(Scope.of(user), year);
            Names known = names.get();
            for (Map<String, Object> row : influx(() -> progress.latestEnterprises(year, tags))) {
                if (q != null && !matches(row, known.unitName(text(row, "enterprise")), q)) continue;
                items.add(enterprise(row, colours));
            }
        }
        body.put("total", items.size());
        body.set("items", items);
        Json.send(ctx, 200, body);
    }

    /** {@code q} in the credit code, the industry code or the registered name. */
    private static boolean matches(Map<String, Object> row, String name, String q) {
        String needle = q.toLowerCase(Locale.ROOT);
        if (name != null && name.toLowerCase(Locale.ROOT).contains(needle)) return true;
        for (String tag : List.of("enterprise", "industry")) {
            Object value = row.get(tag);
            if (value != null && value.toString().toLowerCase(Locale.ROOT).contains(needle)) return true;
        }
        return false;
    }

    /** A unit's latest progress, products, recent days and months, with its alert counts; 404 outside scope. */
    private void enterprise(Context ctx) {
        User user =
                guard.session(ctx, Role.PROVINCE, Role.CITY, Role.ENTERPRISE).user();
        String code = ctx.pathParam("code");
        String year = year(ctx);
        if (!CODE.matcher(code).matches()) throw ApiException.notFound();
        if (user.role() == Role.ENTERPRISE && !code.equals(user.enterprise())) throw ApiException.notFound();
        Scope scope = Scope.of(user);
        long[] counts = alerts.enterpriseCounts(scope, code);
        Map<String, Object> latest = null;
        String city = null;
        if (progress != null) {
            List<Map<String, Object>> rows = influx(() -> progress.latestEnterprises(year, Map.of("enterprise", code)));
            if (!rows.isEmpty()) {
                latest = rows.get(0);
                city = (String) latest.get("city");
            } else {
                city = influx(() -> progress.usageCity(code)).orElse(null);
            }
        }
        Names known = names.get();
        Enterprise registered = known.unit(code);
        if (city == null && registered != null) city = registered.city();
        boolean isKnown = latest != null || city != null;
        if (!unitInScope(user, isKnown, city, counts[0])) throw ApiException.notFound();
        ObjectNode body = Json.object().put("code", code).put("year", year);
        body.put("name", known.unitName(code));
        body.put("industry", registered == null ? null : registered.industry());
        body.put("city_name", known.divisionName(city));
        body.put("alerts", counts[0]).put("active", counts[1]);
        if (progress == null) {
            Json.send(ctx, 200, body);
            return;
        }
        Map<String, String> colours = alerts.targetColours(scope, year);
        body.put("city", city);
        body.set("progress", latest == null ? null : enterprise(latest, colours));
        body.put(
                "colour",
                latest == null
                        ? colours.getOrDefault("enterprise:" + code, Colours.GREEN)
                        : body.get("progress").get("colour").asText());
        body.set("products", products(influx(() -> progress.enterpriseProducts(year, code))));
        addUsage(body, ProgressReader.ENTERPRISE_USAGE, Map.of("enterprise", code), year, latest);
        Json.send(ctx, 200, body);
    }

    /**
     * Whether a unit is in the caller's scope (an enterprise user asking for another unit is refused before):
     * known to InfluxDB or with alerts; for a city office, in its division by the city InfluxDB names, else by its
     * alerts (whose count is already scoped).
     */
    static boolean unitInScope(User user, boolean known, String city, long alerts) {
        return switch (user.role()) {
            case PROVINCE, ENTERPRISE -> known || alerts > 0;
            case CITY -> (known && user.city().equals(city)) || (!known && alerts > 0);
            case ADMIN -> false;
        };
    }

    private void region(Context ctx) {
        User user =
                guard.session(ctx, Role.PROVINCE, Role.CITY, Role.ENTERPRISE).user();
        String level = ctx.pathParam("level");
        String code = ctx.pathParam("code");
        String year = year(ctx);
        if (!LEVELS.contains(level) || !CODE.matcher(code).matches()) throw ApiException.notFound();
        boolean inScope = switch (user.role()) {
            case PROVINCE -> true;
            case CITY -> level.equals("city") && code.equals(user.city());
            default -> false;
        };
        if (!inScope) throw ApiException.notFound();
        requireInflux();
        Map<String, String> tags = Map.of("level", level, "region", code);
        List<Map<String, Object>> rows = influx(() -> progress.latestRegions(year, tags));
        if (rows.isEmpty()) throw ApiException.notFound();
        Map<String, String> colours = alerts.targetColours(Scope.of(user), year);
        ObjectNode row = region(rows.get(0), colours);
        ObjectNode body = Json.object().put("level", level).put("code", code).put("year", year);
        names.get().addRegion(body, level, code);
        body.put("colour", row.get("colour").asText());
        body.set("progress", row);
        body.set("products", products(influx(() -> progress.regionProducts(year, level, code))));
        addUsage(body, ProgressReader.REGION_USAGE, tags, year, rows.get(0));
        Json.send(ctx, 200, body);
    }

    /** {@code days}: the 30 days up to the latest progress row's day (or today); {@code months}: the year's. */
    private void addUsage(
            ObjectNode body, String measurement, Map<String, String> tags, String year, Map<String, Object> latest) {
        int y = Integer.parseInt(year);
        LocalDate end = lastDay(y, latest);
        body.set("days", days(influx(() -> progress.days(measurement, tags, end.minusDays(RECENT_DAYS - 1L), end))));
        ArrayNode months = body.putArray("months");
        for (Map<String, Object> month : influx(() -> progress.months(measurement, tags, y))) {
            months.add(values(month, Json.object()));
        }
    }

    private static LocalDate lastDay(int year, Map<String, Object> latest) {
        if (latest != null) return date(latest);
        LocalDate today = LocalDate.now(ProgressReader.SHANGHAI);
        LocalDate yearEnd = LocalDate.of(year, 12, 31);
        return today.isAfter(yearEnd) ? yearEnd : today;
    }

    private static ArrayNode days(List<Map<String, Object>> rows) {
        ArrayNode days = Json.MAPPER.createArrayNode();
        for (Map<String, Object> row : rows) days.add(values(row, Json.object()));
        return days;
    }

    private ArrayNode regions(List<Map<String, Object>> rows, Map<String, String> colours) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (Map<String, Object> row : rows) array.add(region(row, colours));
        return array;
    }

    private ObjectNode region(Map<String, Object> row, Map<String, String> colours) {
        String key = row.get("level") + ":" + row.get("region");
        ObjectNode node = progressRow(row, Colours.worse(thresholds.ofRegion(row), colours.get(key)));
        return names.get().addRegion(node, text(row, "level"), text(row, "region"));
    }

    private ObjectNode enterprise(Map<String, Object> row, Map<String, String> colours) {
        String key = "enterprise:" + row.get("enterprise");
        ObjectNode node = progressRow(row, Colours.worse(thresholds.ofEnterprise(row), colours.get(key)));
        return names.get().addUnit(node, "enterprise");
    }

    private static ArrayNode products(List<Map<String, Object>> rows) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (Map<String, Object> row : rows) {
            ObjectNode node = Json.object().put("date", date(row).toString());
            array.add(values(row, node));
        }
        return array;
    }

    /** A progress row as JSON: its day, its tags and fields, and its colour. */
    private static ObjectNode progressRow(Map<String, Object> row, String colour) {
        ObjectNode node = Json.object().put("date", date(row).toString());
        values(row, node);
        node.put("colour", colour);
        return node;
    }

    private static ObjectNode values(Map<String, Object> row, ObjectNode node) {
        row.forEach((key, value) -> {
            if (key.equals(InfluxQuery.TIME)) return;
            if (value instanceof Number n) {
                node.put(key, n.doubleValue());
            } else if (value instanceof Boolean b) {
                node.put(key, b);
            } else if (value != null) {
                node.put(key, value.toString());
            }
        });
        return node;
    }

    private static LocalDate date(Map<String, Object> row) {
        return Instant.ofEpochMilli(((Number) row.get(InfluxQuery.TIME)).longValue())
                .atZone(ProgressReader.SHANGHAI)
                .toLocalDate();
    }

    private static String year(Context ctx) {
        String year = param(ctx, "year");
        if (year == null)
            return String.valueOf(LocalDate.now(ProgressReader.SHANGHAI).getYear());
        if (!YEAR.matcher(year).matches()) throw ApiException.badRequest("year must be four digits");
        return year;
    }

    private static String param(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private void requireInflux() {
        if (progress == null) {
            throw new ApiException(503, "no_influx", "the console runs without InfluxDB: no progress to show");
        }
    }

    private static <T> T influx(Supplier<T> query) {
        try {
            return query.get();
        } catch (RuntimeException e) {
            LOG.warn("InfluxDB query failed: {}", e.getMessage());
            throw new ApiException(503, "influx_unavailable", "progress data is unavailable");
        }
    }
}
