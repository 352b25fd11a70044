package dcmon.core.reading;

import dcmon.core.Topics;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Gateway;
import dcmon.core.registry.Point;
import dcmon.core.registry.Registry;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A one-line fix for a rejected reading, in Chinese and English, for the engineer integrating a gateway: it names
 * what is wrong with this reading and what to change, using the registry to list what would have been accepted.
 */
public record Fix(String zh, String en) {
    /** At most this many registered ids are listed in a hint. */
    static final int LISTED = 12;

    /**
     * @param registry   the registry the job checks against (may be null: the hint then lists nothing)
     * @param enterprise the enterprise of the topic
     * @param gateway    the gateway of the topic
     * @param point      the reading's point id, or null for a whole message
     */
    public static Fix of(RejectReason reason, Registry registry, String enterprise, String gateway, String point) {
        Enterprise e = registry == null || enterprise == null ? null : registry.enterprise(enterprise);
        return switch (reason) {
            case OVERSIZED ->
                new Fix(
                        "报文超过 " + Topics.MAX_PAYLOAD_BYTES / 1024 + " KiB：把读数分成多条报文发送",
                        "payload over " + Topics.MAX_PAYLOAD_BYTES / 1024
                                + " KiB: split the readings over several messages");
            case BAD_TOPIC ->
                new Fix(
                        "主题应为 dcmon/v1/{统一社会信用代码}/{网关}/readings",
                        "publish to dcmon/v1/{credit code}/{gateway}/readings");
            case MALFORMED_JSON ->
                new Fix(
                        "报文不是合法 JSON：检查引号、逗号和括号，编码用 UTF-8",
                        "payload is not JSON: check quotes, commas and brackets, and use UTF-8");
            case WRONG_SCHEMA ->
                new Fix(
                        "报文须含 \"schema\":\"dcmon.readings/1\"、gateway、seq 和 readings 数组",
                        "payload needs \"schema\":\"dcmon.readings/1\", gateway, seq and a readings array");
            case UNKNOWN_ENTERPRISE ->
                new Fix(
                        "企业 " + enterprise + " 未登记：检查主题中的统一社会信用代码，或请省级平台登记该单位",
                        "unit " + enterprise
                                + " is not registered: check the credit code in the topic, or have the unit"
                                + " registered");
            case UNKNOWN_GATEWAY ->
                new Fix(
                        "网关 " + gateway + " 未登记于该单位；已登记：" + gateways(e),
                        "gateway " + gateway + " is not registered for this unit; registered: " + gateways(e));
            case GATEWAY_MISMATCH -> gatewayMismatch(e, gateway, point);
            case ENTERPRISE_MISMATCH ->
                new Fix(
                        "测点 " + point + " 属于其他单位：主题中的企业代码与测点不符",
                        "point " + point + " belongs to another unit: the topic's credit code does not match");
            case UNKNOWN_POINT ->
                new Fix(
                        "测点 " + point + " 未登记于该单位；已登记：" + points(e, gateway),
                        "point " + point + " is not registered for this unit; registered: " + points(e, gateway));
            case BAD_TIMESTAMP ->
                new Fix(
                        "ts 须为带时区偏移的 ISO-8601 时间，如 2026-11-24T10:15:00+08:00",
                        "ts must be ISO-8601 with its offset, e.g. 2026-11-24T10:15:00+08:00");
            case FUTURE_TIMESTAMP ->
                new Fix(
                        "时间戳晚于接收时间：校准网关时钟（NTP）并确认时区为 +08:00",
                        "timestamp is ahead of receipt: set the gateway's clock (NTP) and check its offset is +08:00");
            case TOO_LATE ->
                new Fix(
                        "数据迟到超过允许期限：该时段请按报备流程补录",
                        "older than the lateness limit: report this period by hand through the filing (报备) process");
            case BAD_VALUE ->
                new Fix(
                        "value 须为有限数值（不能为空、字符串、NaN 或 Infinity）",
                        "value must be a finite number (not empty, text, NaN or Infinity)");
            case NEGATIVE_VALUE ->
                new Fix("读数不能为负：检查表计方向和量程设置", "value must not be negative: check the meter's direction and scaling");
            case NEGATIVE_STEP ->
                new Fix(
                        "累计值倒退：检查是否换表、清零或倍率变更，换表须报备",
                        "register went backwards: check for a meter change, reset or new multiplier; report a meter change");
            case SUSPECT_STEP ->
                new Fix(
                        "增量超过该测点合理最大速率：核对倍率与单位，或修正登记的 max_rate_per_hour",
                        "step above the point's plausible rate: check multiplier and unit, or the registered"
                                + " max_rate_per_hour");
            case CONFLICT ->
                new Fix(
                        "同一时刻已有不同读数：不要以新值重发已发送的时刻，先到者有效",
                        "another value was already counted for this time: do not resend a time with a new value; the first"
                                + " stands");
            case LATE_COVERED ->
                new Fix(
                        "读数早于该测点最新读数超过热窗口（默认 72 小时），且该时段已由前后读数计量：无需重发；只有断线缺口内的读数才会补入",
                        "more than the hot window (72 h by default) behind the point's newest reading, into a stretch already counted"
                                + " from the readings around it: no need to resend; only readings into an outage's gap"
                                + " are still taken");
        };
    }

    private static Fix gatewayMismatch(Enterprise e, String gateway, String point) {
        Point p = e == null || point == null ? null : e.point(point);
        if (p == null) {
            return new Fix(
                    "报文中的 gateway 与主题中的网关 " + gateway + " 不一致",
                    "the payload's gateway differs from the topic's gateway " + gateway);
        }
        return new Fix(
                "测点 " + point + " 登记在网关 " + p.gateway() + " 下，不属于 " + gateway + "：改用该网关的主题发送",
                "point " + point + " is registered under gateway " + p.gateway() + ", not " + gateway
                        + ": publish it on that gateway's topic");
    }

    private static String gateways(Enterprise e) {
        return e == null ? "—" : list(e.gateways().stream().map(Gateway::id).toList());
    }

    /** The gateway's own points first: those are the ones a mistyped id most likely meant. */
    private static String points(Enterprise e, String gateway) {
        if (e == null) return "—";
        List<String> own = e.points().stream()
                .filter(p -> p.gateway().equals(gateway))
                .map(Point::id)
                .toList();
        return list(own.isEmpty() ? e.points().stream().map(Point::id).toList() : own);
    }

    private static String list(List<String> ids) {
        if (ids.isEmpty()) return "—";
        String shown = ids.stream().limit(LISTED).collect(Collectors.joining(", "));
        return ids.size() > LISTED ? shown + " … (" + ids.size() + ")" : shown;
    }
}
