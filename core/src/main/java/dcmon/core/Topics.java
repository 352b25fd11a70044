package dcmon.core;

/** Names fixed by the version-1 contracts (docs/design.md, *Contracts*). */
public final class Topics {
    private Topics() {}

    public static final String READINGS_RAW = "dcmon.readings.raw";
    public static final String READINGS_REJECTED = "dcmon.readings.rejected";
    public static final String ALERTS = "dcmon.alerts";
    public static final String MONTHLY = "dcmon.monthly";
    /** Review actions of the console (JSON, schema dcmon.alert-review/1), keyed by alert id. */
    public static final String ALERT_REVIEWS = "dcmon.alert-reviews";
    /** 报备 windows of the console, each state of a window (JSON, schema dcmon.maintenance/1), keyed by window id. */
    public static final String MAINTENANCE = "dcmon.maintenance";
    /** Gateways' status messages (birth, Last Will), carried by the bridge as they arrived. */
    public static final String GATEWAY_STATUS = "dcmon.gateway.status";
    /**
     * The MQTT broker's backlog as the bridges sample it from its {@code $SYS} topics (JSON, schema
     * dcmon.broker/1, keyed by the broker's name).
     */
    public static final String BROKER_STATUS = "dcmon.broker.status";
    /** Rows InfluxDB refused for good, when the sink sets them aside (JSON, schema dcmon.sink.dead-letter/1). */
    public static final String SINK_DEAD_LETTER = "dcmon.sink.dead-letter";
    /**
     * Reviewers' qualitative scorecard points entered in the console, compacted, keyed {@code <year>/<credit code>}
     * (JSON, schema dcmon.qualitative/1; an empty value removes them). Read by the scorecard export.
     */
    public static final String SCORECARD_QUALITATIVE = "dcmon.scorecard.qualitative";

    /** Kafka header: the MQTT topic the payload arrived on (UTF-8). */
    public static final String HEADER_MQTT_TOPIC = "mqtt-topic";
    /** Kafka header: when the bridge received the payload, epoch milliseconds as decimal ASCII. */
    public static final String HEADER_RECEIVED_AT = "received-at";

    /** MQTT topic filter the bridge subscribes to (as a shared subscription). */
    public static final String MQTT_READINGS_FILTER = "dcmon/v1/+/+/readings";
    /** MQTT topic filter of the gateways' status topics (retained; the Last Will publishes offline). */
    public static final String MQTT_STATUS_FILTER = "dcmon/v1/+/+/status";
    /** Mosquitto's count of the messages it holds: queued or in flight for any client, and the retained ones. */
    public static final String SYS_STORED_MESSAGES = "$SYS/broker/store/messages/count";
    /** Mosquitto's bytes of those messages' payloads. */
    public static final String SYS_STORED_BYTES = "$SYS/broker/store/messages/bytes";
    /** Mosquitto's count of retained messages (its own $SYS topics, the gateways' status), part of the store. */
    public static final String SYS_RETAINED_MESSAGES = "$SYS/broker/retained messages/count";
    /** Shared subscription group of the bridge instances. */
    public static final String MQTT_SHARE_GROUP = "dcmon";

    /** Largest payload accepted, 256 KiB. */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    public static String readingsTopic(String enterprise, String gateway) {
        return "dcmon/v1/" + enterprise + "/" + gateway + "/readings";
    }

    public static String statusTopic(String enterprise, String gateway) {
        return "dcmon/v1/" + enterprise + "/" + gateway + "/status";
    }
}
