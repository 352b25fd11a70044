package dcmon.influx;

import java.util.List;

/**
 * Names of the InfluxDB schema (measurements, tags and {@code period} values) shared by the jobs that
 * write and the dashboards and exports that read. The jobs choose what to write; the sink does not
 * look at these.
 */
public final class InfluxSchema {

    public static final String DATABASE = "dcmon";

    private InfluxSchema() {}

    public static final class Measurements {
        /** Per measurement point: amount, tce, tco2, estimated. */
        public static final String POINT_USAGE = "point_usage";
        /** Per enterprise: tce, tce_equal_value, tce_policy, tco2, output_&lt;product&gt;. */
        public static final String ENTERPRISE_USAGE = "enterprise_usage";
        /** Per city, tier or the province (tag {@code level}): the enterprise usage fields summed. */
        public static final String REGION_USAGE = "region_usage";
        /** Daily: year to date, cap, pace, projection, intensity per product. */
        public static final String ENTERPRISE_PROGRESS = "enterprise_progress";
        /** Daily per city, tier and the province (tags {@code level}, {@code region}): as enterprise progress. */
        public static final String REGION_PROGRESS = "region_progress";
        /** Per gateway, at each change: connection state and data freshness. */
        public static final String GATEWAY_STATUS = "gateway_status";
        /**
         * Per MQTT broker (tag {@code broker}), at each sample a bridge sends: its store as Mosquitto counts it
         * ({@code stored_messages}, {@code retained_messages}, {@code backlog_messages}, {@code stored_bytes}) and
         * the bridge that sampled it.
         */
        public static final String BROKER_STATUS = "broker_status";
        /** Daily per gateway: completeness, timeliness, offline minutes. */
        public static final String DATA_QUALITY = "data_quality";

        public static final String ALERTS = "alerts";
        public static final String ALERT_REVIEWS = "alert_reviews";

        public static final List<String> ALL = List.of(
                POINT_USAGE,
                ENTERPRISE_USAGE,
                REGION_USAGE,
                ENTERPRISE_PROGRESS,
                REGION_PROGRESS,
                GATEWAY_STATUS,
                BROKER_STATUS,
                DATA_QUALITY,
                ALERTS,
                ALERT_REVIEWS);

        private Measurements() {}
    }

    public static final class Tags {
        public static final String ENTERPRISE = "enterprise";
        public static final String POINT = "point";
        public static final String ENERGY = "energy";
        public static final String PERIOD = "period";
        public static final String CITY = "city";
        public static final String TIER = "tier";
        public static final String INDUSTRY = "industry";
        /** Of a region roll-up: {@code city}, {@code tier} or {@code province}. */
        public static final String LEVEL = "level";

        public static final String REGION = "region";
        /** The MQTT broker's name, in {@code broker_status} and in the {@code alerts} rows of {@code broker.backlog}. */
        public static final String BROKER = "broker";

        public static final String GATEWAY = "gateway";
        public static final String RULE = "rule";
        public static final String SEVERITY = "severity";

        private Tags() {}
    }

    /** Values of the {@code period} tag; a point's time is the start of its period in Asia/Shanghai. */
    public static final class Periods {
        public static final String QUARTER_HOUR = "15m";
        public static final String DAY = "day";
        public static final String MONTH = "month";
        public static final String YEAR = "year";

        public static final List<String> ALL = List.of(QUARTER_HOUR, DAY, MONTH, YEAR);

        private Periods() {}
    }
}
