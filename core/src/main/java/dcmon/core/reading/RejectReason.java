package dcmon.core.reading;

/** Why a reading (or a whole message) was not counted. The codes are part of the rejected-topic contract. */
public enum RejectReason {
    OVERSIZED("oversized", "报文超过 256 KiB"),
    BAD_TOPIC("bad_topic", "MQTT 主题不符合 dcmon/v1/{企业}/{网关}/readings"),
    MALFORMED_JSON("malformed_json", "报文不是合法的 JSON"),
    WRONG_SCHEMA("wrong_schema", "报文 schema 不是 dcmon.readings/1 或缺少必填字段"),
    UNKNOWN_ENTERPRISE("unknown_enterprise", "未登记的企业"),
    UNKNOWN_GATEWAY("unknown_gateway", "企业下未登记该网关"),
    GATEWAY_MISMATCH("gateway_mismatch", "报文网关与主题网关不一致，或测点不属于该网关"),
    ENTERPRISE_MISMATCH("enterprise_mismatch", "测点属于其他企业（主题企业与报文不符）"),
    UNKNOWN_POINT("unknown_point", "未登记的测点"),
    BAD_TIMESTAMP("bad_timestamp", "时间戳缺失、无法解析或没有时区偏移"),
    FUTURE_TIMESTAMP("future_timestamp", "时间戳超前于接收时间"),
    TOO_LATE("too_late", "数据迟到超过允许期限"),
    BAD_VALUE("bad_value", "读数缺失或不是有限数值"),
    NEGATIVE_VALUE("negative_value", "读数为负"),
    NEGATIVE_STEP("negative_step", "累计值倒退（非翻转、非换表）"),
    SUSPECT_STEP("suspect_step", "增量超过测点合理最大速率，挂起待核"),
    CONFLICT("conflict", "同一测点同一时刻出现不同读数，以先到者为准"),
    LATE_COVERED("late_covered", "迟到读数早于热窗口，且所在时段已由前后读数计量（不在记录的缺口内）");

    private final String code;
    private final String descriptionZh;

    RejectReason(String code, String descriptionZh) {
        this.code = code;
        this.descriptionZh = descriptionZh;
    }

    /** Stable reason code written to the rejected topic and metrics. */
    public String code() {
        return code;
    }

    public String descriptionZh() {
        return descriptionZh;
    }

    public static RejectReason ofCode(String code) {
        for (RejectReason r : values()) if (r.code.equals(code)) return r;
        return null;
    }
}
