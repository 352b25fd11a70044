package dcmon.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dcmon.console.alerts.AlertEvent;
import dcmon.console.alerts.AlertEventParser;
import dcmon.console.alerts.AlertStore;
import dcmon.console.db.Database;
import dcmon.console.maintenance.MaintenanceWindows;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Gateway;
import dcmon.core.registry.IntensityTarget;
import dcmon.core.registry.Point;
import dcmon.core.registry.Product;
import dcmon.core.registry.Registry;
import dcmon.core.registry.YearTarget;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures the screenshots show: for every registered unit a progress row of the current year as the job would
 * write it (a fixed spread around its cap, so that a few units are yellow or red), its products, its last 30 days
 * and its months; the regions summed from them; one unit's gateways, points and data quality with one gateway
 * never reporting; alerts for the units ahead of their cap, one with a history of events; and a 报备 window that
 * suppresses a completeness alert. The same registry and day give the same figures.
 */
final class ScreenshotData {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MINUTE = 60_000L;

    private final String province;
    private final LocalDate asOf;
    private final int year;
    private final double timePct;
    private final Map<String, Unit> units = new LinkedHashMap<>();

    /** A unit's figures for the year. */
    record Unit(Enterprise e, double cap, double ytd, double completionPct, double projectedPct) {
        String tier() {
            return e.tier().code();
        }
    }

    /** @param province the GB/T 2260 code of the province the registry covers */
    ScreenshotData(Registry registry, String province, LocalDate today) {
        this.province = province;
        this.asOf = today.minusDays(1);
        this.year = asOf.getYear();
        this.timePct = 100.0 * asOf.getDayOfYear() / asOf.lengthOfYear();
        for (Enterprise e : registry.enterprises()) {
            YearTarget target = e.target(year);
            double cap =
                    target != null ? target.totalCap().basic() : e.baseline().consumptionTce();
            double projected = 80.0 + spread(e.code()) * 30.0; // 80 % to 110 % of the cap
            double completion = projected * timePct / 100.0;
            units.put(e.code(), new Unit(e, cap, cap * completion / 100.0, completion, projected));
        }
    }

    /** A fixed number in [0, 1) per code: the same unit always lands at the same place. */
    private static double spread(String code) {
        return Math.floorMod(code.hashCode() * 2654435761L, 1000L) / 1000.0;
    }

    /** The unit with the highest projection: its page, gateways and alert are the ones shown. */
    Unit featured() {
        return units.values().stream()
                .filter(u -> u.e().gateways().size() >= 2)
                .max(Comparator.comparingDouble(Unit::projectedPct))
                .orElseThrow(() -> new IllegalStateException("the registry has no unit with two gateways"));
    }

    /** Progress, usage, gateway status, point usage and data quality in InfluxDB's line protocol. */
    List<String> influxLines(Instant now) {
        List<String> lines = new ArrayList<>();
        long asOfMs = startOfDay(asOf);
        Map<String, double[]> cities = new TreeMap<>();
        Map<String, double[]> tiers = new TreeMap<>();
        double[] province = new double[3];
        for (Unit u : units.values()) {
            Enterprise e = u.e();
            String tags =
                    "city=" + e.city() + ",enterprise=" + e.code() + ",industry=" + e.industry() + ",tier=" + u.tier();
            double projectedTce = u.cap() * u.projectedPct() / 100.0;
            lines.add("enterprise_progress," + tags + ",year=" + year + " completion_pct=" + r(u.completionPct())
                    + ",time_pct=" + r(timePct) + ",pace_gap_pp=" + r(u.completionPct() - timePct) + ",ytd_tce="
                    + r(u.ytd()) + ",cap_tce=" + r(u.cap()) + ",projected_tce=" + r(projectedTce)
                    + ",projected_pct=" + r(u.projectedPct()) + " " + asOfMs);
            YearTarget target = e.target(year);
            for (Product p : e.products()) {
                double targetKgce = target == null ? p.baselineKgcePerUnit() : intensity(target, p);
                double actual = targetKgce * (0.96 + spread(e.code() + p.id()) * 0.08);
                lines.add("enterprise_progress,enterprise=" + e.code() + ",product=" + p.id() + ",year=" + year
                        + " ytd_output=" + r(u.ytd() * 1000.0 / actual) + ",ytd_kgce_per_unit=" + r(actual)
                        + ",target_kgce_per_unit=" + r(targetKgce) + ",target_gap_pct="
                        + r(100.0 * (actual - targetKgce) / targetKgce) + " " + asOfMs);
            }
            double perDay = u.ytd() / asOf.getDayOfYear();
            String usageTags = tags + ",period=";
            for (int d = 0; d < 30; d++) {
                LocalDate day = asOf.minusDays(d);
                if (day.getYear() != year) break;
                lines.add("enterprise_usage," + usageTags + "day tce=" + r(perDay * wave(day)) + " " + startOfDay(day));
            }
            for (int m = 1; m <= asOf.getMonthValue(); m++) {
                LocalDate first = LocalDate.of(year, m, 1);
                int days = m == asOf.getMonthValue() ? asOf.getDayOfMonth() : first.lengthOfMonth();
                lines.add("enterprise_usage," + usageTags + "month tce=" + r(perDay * days) + " " + startOfDay(first));
            }
            add(cities.computeIfAbsent(e.city(), c -> new double[3]), u, projectedTce);
            add(tiers.computeIfAbsent(u.tier(), c -> new double[3]), u, projectedTce);
            add(province, u, projectedTce);
        }
        cities.forEach((code, sum) -> regionLines(lines, "city", code, sum, asOfMs));
        tiers.forEach((code, sum) -> regionLines(lines, "tier", code, sum, asOfMs));
        regionLines(lines, "province", this.province, province, asOfMs);
        gatewayLines(lines, featured(), now);
        return lines;
    }

    private static double intensity(YearTarget target, Product p) {
        for (IntensityTarget t : target.intensity()) if (t.product().equals(p.id())) return t.kgcePerUnit();
        return p.baselineKgcePerUnit();
    }

    /** A day's share of the average: weekdays above it, weekends below. */
    private static double wave(LocalDate day) {
        return switch (day.getDayOfWeek()) {
            case SATURDAY -> 0.86;
            case SUNDAY -> 0.82;
            default -> 1.0 + 0.06 * Math.sin(day.getDayOfYear());
        };
    }

    private static void add(double[] sum, Unit u, double projectedTce) {
        sum[0] += u.cap();
        sum[1] += u.ytd();
        sum[2] += projectedTce;
    }

    private void regionLines(List<String> lines, String level, String code, double[] sum, long asOfMs) {
        double completion = 100.0 * sum[1] / sum[0];
        String tags = "level=" + level + ",region=" + code;
        lines.add("region_progress," + tags + ",year=" + year + " completion_pct=" + r(completion) + ",time_pct="
                + r(timePct) + ",pace_gap_pp=" + r(completion - timePct) + ",ytd_tce=" + r(sum[1]) + ",cap_tce="
                + r(sum[0]) + ",projected_tce=" + r(sum[2]) + ",projected_pct=" + r(100.0 * sum[2] / sum[0]) + " "
                + asOfMs);
        double perDay = sum[1] / asOf.getDayOfYear();
        for (LocalDate day = LocalDate.of(year, 1, 1); !day.isAfter(asOf); day = day.plusDays(1)) {
            lines.add("region_usage," + tags + ",period=day tce=" + r(perDay * wave(day)) + ",tce_policy="
                    + r(perDay * wave(day) * 0.93) + " " + startOfDay(day));
        }
        for (int m = 1; m <= asOf.getMonthValue(); m++) {
            LocalDate first = LocalDate.of(year, m, 1);
            int days = m == asOf.getMonthValue() ? asOf.getDayOfMonth() : first.lengthOfMonth();
            lines.add("region_usage," + tags + ",period=month tce=" + r(perDay * days) + " " + startOfDay(first));
        }
    }

    /**
     * The featured unit's first gateway online with fresh points, its second lost an hour ago (its points stale),
     * the rest never reporting; a week of daily data quality for the first two.
     */
    private void gatewayLines(List<String> lines, Unit u, Instant now) {
        Enterprise e = u.e();
        long quarter = now.toEpochMilli() / (15 * MINUTE) * (15 * MINUTE);
        String base = "city=" + e.city() + ",enterprise=" + e.code();
        List<Gateway> gateways = e.gateways();
        String online = gateways.get(0).id();
        String lost = gateways.get(1).id();
        lines.add("gateway_status," + base + ",gateway=" + online + ",tier=" + u.tier()
                + " connection=\"online\",online=true,silent=false,alert=false,connection_since=\""
                + iso(quarter - 26 * 60 * MINUTE) + "\",last_data=\"" + iso(now.toEpochMilli() - 2 * MINUTE)
                + "\",last_data_age_s=120i " + (quarter - 5 * MINUTE));
        lines.add("gateway_status," + base + ",gateway=" + lost + ",tier=" + u.tier()
                + " connection=\"offline\",online=false,silent=false,alert=true,cause=\"lost\",connection_since=\""
                + iso(quarter - 75 * MINUTE) + "\",last_data=\"" + iso(quarter - 80 * MINUTE)
                + "\",last_data_age_s=4800i " + (quarter - 5 * MINUTE));
        for (Point p : e.points()) {
            boolean fresh = p.gateway().equals(online);
            if (!fresh && !p.gateway().equals(lost)) continue;
            String energy = p.energy() != null ? p.energy() : p.product();
            double amount = p.maxRatePerHour() / 4.0 / 4.0;
            for (int q = fresh ? 1 : 6; q <= 96; q++) {
                lines.add("point_usage,enterprise=" + e.code() + ",energy=" + energy + ",period=15m,point=" + p.id()
                        + " amount=" + r(amount * (0.9 + 0.2 * spread(p.id() + q))) + " "
                        + (quarter - q * 15 * MINUTE));
            }
        }
        for (int d = 1; d <= 7; d++) {
            long day = startOfDay(asOf.plusDays(1).minusDays(d));
            int rejected = d == 1 ? 14 : d % 3;
            lines.add("data_quality," + base + ",gateway=" + online + ",period=day,tier=" + u.tier()
                    + " expected=96i,covered=" + (96 - d % 2) + "i,completeness_pct=" + r(100.0 * (96 - d % 2) / 96)
                    + ",received=" + (96 * 4 + rejected) + "i,rejected=" + rejected + "i,rejected_messages=0i,"
                    + "rejected_unknown_point=" + rejected + "i " + day);
            int covered = d == 1 ? 90 : 96;
            lines.add("data_quality," + base + ",gateway=" + lost + ",period=day,tier=" + u.tier()
                    + " expected=96i,covered=" + covered + "i,completeness_pct=" + r(100.0 * covered / 96)
                    + ",received=" + covered * 2 + "i,rejected=" + (d == 2 ? 3 : 0) + "i,rejected_messages=0i"
                    + (d == 2 ? ",rejected_bad_value=3i " : " ") + day);
        }
    }

    /**
     * Alerts: the units projected over their cap (total.projection, red over 105 %), ahead of time by more than 5
     * points (total.pace), the featured unit's lost gateway (gateway.offline) and a completeness alert of yesterday
     * under a 报备 window; the featured unit's projection alert with four events.
     */
    List<String> storeAlerts(Database db, Instant now) throws AlertEventParser.MalformedAlertException {
        List<AlertEvent> events = new ArrayList<>();
        Unit featured = featured();
        ZonedDateTime t0 = now.atZone(SHANGHAI).truncatedTo(ChronoUnit.HOURS).minusDays(6);
        List<String> ids = new ArrayList<>();
        int n = 0;
        for (Unit u : units.values()) {
            n++;
            if (u.projectedPct() > 100.0) {
                String id = id(n, 1);
                boolean red = u.projectedPct() > 105.0;
                int seqs = u == featured ? 4 : 1;
                for (int seq = 1; seq <= seqs; seq++) {
                    double value = u.projectedPct() - (seqs - seq) * 1.2;
                    events.add(parse(alert(
                            id,
                            seq,
                            seq == 1 ? "raised" : "updated",
                            "total.projection",
                            u,
                            null,
                            String.valueOf(year),
                            red && seq == seqs ? "breach" : "warning",
                            red && seq == seqs ? "red" : "yellow",
                            t0,
                            t0.plusDays(seq),
                            value,
                            100.0,
                            "%",
                            "预计年底用能量超出年度控制目标（" + r1(value) + "%）",
                            "projected year-end use above the yearly cap (" + r1(value) + " %)")));
                }
                if (u == featured) ids.add(0, id);
            }
            if (u.completionPct() - timePct > 5.0) {
                double gap = u.completionPct() - timePct;
                events.add(parse(alert(
                        id(n, 2),
                        1,
                        "raised",
                        "total.pace",
                        u,
                        null,
                        String.valueOf(year),
                        "watch",
                        "yellow",
                        t0.plusHours(n),
                        t0.plusHours(n),
                        gap,
                        5.0,
                        "pp",
                        "用能进度超出时间进度 " + r1(gap) + " 个百分点",
                        "energy use " + r1(gap) + " pp ahead of time")));
            }
        }
        ZonedDateTime lostAt = now.atZone(SHANGHAI).minusMinutes(75);
        String gateway = featured.e().gateways().get(1).id();
        events.add(parse(alert(
                id(0, 3),
                1,
                "raised",
                "gateway.offline",
                featured,
                gateway,
                lostAt.toLocalDate().toString(),
                "warning",
                "yellow",
                lostAt,
                lostAt,
                75.0,
                30.0,
                "min",
                "网关 " + gateway + " 连接丢失",
                "gateway " + gateway + " lost its connection")));
        LocalDate yesterday = asOf;
        ZonedDateTime judged = yesterday.plusDays(1).atTime(1, 5).atZone(SHANGHAI);
        Point point = featured.e().points().stream()
                .filter(p -> p.gateway().equals(gateway))
                .findFirst()
                .orElse(featured.e().points().get(0));
        events.add(parse(alert(
                id(0, 4),
                1,
                "raised",
                "data.completeness",
                featured,
                null,
                yesterday.toString(),
                "watch",
                "yellow",
                judged,
                judged,
                93.75,
                95.0,
                "%",
                "测点 " + point.id() + " 数据完整率 93.75%",
                "point " + point.id() + " completeness 93.75 %")));
        new AlertStore(db).store(events);
        ids.add(id(0, 4));
        new MaintenanceWindows(db)
                .add(
                        "city-" + featured.e().city(),
                        new MaintenanceWindows.NewWindow(
                                featured.e().code(),
                                featured.e().city(),
                                null,
                                yesterday.atTime(8, 0).atZone(SHANGHAI).toInstant(),
                                yesterday.atTime(12, 0).atZone(SHANGHAI).toInstant(),
                                "计量表检定（电能表周期检定）"));
        return ids;
    }

    private static AlertEvent parse(ObjectNode node) throws AlertEventParser.MalformedAlertException {
        return AlertEventParser.parse(node.toString());
    }

    private static String id(int unit, int kind) {
        return String.format("%028x%04x", unit, kind);
    }

    private static ObjectNode alert(
            String id,
            long seq,
            String event,
            String rule,
            Unit u,
            String gateway,
            String period,
            String severity,
            String colour,
            ZonedDateTime firstSeen,
            ZonedDateTime lastChanged,
            double value,
            double threshold,
            String unit,
            String zh,
            String en) {
        ObjectNode node = JSON.createObjectNode();
        node.put("schema", AlertEventParser.SCHEMA)
                .put("id", id)
                .put("seq", seq)
                .put("event", event);
        node.put("rule", rule);
        ObjectNode subject = node.putObject("subject");
        subject.put("level", gateway == null ? "enterprise" : "gateway")
                .put("code", gateway == null ? u.e().code() : u.e().code() + "/" + gateway)
                .put("enterprise", u.e().code())
                .put("city", u.e().city())
                .put("tier", u.tier())
                .put("gateway", gateway)
                .putNull("point");
        node.put("period", period)
                .put("severity", severity)
                .put("colour", colour)
                .put("state", "active")
                .put("first_seen", firstSeen.toOffsetDateTime().toString())
                .put("last_changed", lastChanged.toOffsetDateTime().toString());
        node.putObject("evidence")
                .put("value", r(value))
                .put("threshold", threshold)
                .put("unit", unit);
        node.put("message_zh", zh).put("message_en", en);
        return node;
    }

    private static long startOfDay(LocalDate day) {
        return day.atStartOfDay(SHANGHAI).toInstant().toEpochMilli();
    }

    private static String iso(long millis) {
        return Instant.ofEpochMilli(millis).atZone(SHANGHAI).toOffsetDateTime().toString();
    }

    private static double r(double v) {
        return Math.round(v * 100.0) / 100.0;
    }

    private static String r1(double v) {
        return String.valueOf(Math.round(v * 10.0) / 10.0);
    }

    /** Writes the lines to InfluxDB (v1 API) in batches, creating the database first. */
    static void write(String influxUrl, String database, List<String> lines) throws IOException, InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        send(
                http,
                HttpRequest.newBuilder(URI.create(influxUrl + "/query"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "q=" + URLEncoder.encode("CREATE DATABASE " + database, StandardCharsets.UTF_8)))
                        .build());
        for (int from = 0; from < lines.size(); from += 5000) {
            String batch = String.join("\n", lines.subList(from, Math.min(lines.size(), from + 5000)));
            send(
                    http,
                    HttpRequest.newBuilder(URI.create(influxUrl + "/write?db=" + database + "&precision=ms"))
                            .POST(HttpRequest.BodyPublishers.ofString(batch))
                            .build());
        }
    }

    private static void send(HttpClient http, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("InfluxDB answered " + r.statusCode() + " to " + request.uri() + ": " + r.body());
        }
    }
}
