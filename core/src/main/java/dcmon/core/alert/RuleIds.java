package dcmon.core.alert;

import java.util.List;

/** The stable rule ids. Every one has its defaults in {@code config/alerts.yaml}. */
public final class RuleIds {
    private RuleIds() {}

    public static final String TOTAL_PACE = "total.pace";
    public static final String TOTAL_PROJECTION = "total.projection";
    public static final String TOTAL_BREACH = "total.breach";
    public static final String INTENSITY_TARGET = "intensity.target";
    public static final String CO2_PROJECTION = "co2.projection";
    public static final String CO2_BREACH = "co2.breach";
    public static final String CO2_INTENSITY = "co2.intensity";
    public static final String REGION_PROJECTION = "region.projection";
    public static final String REGION_INTENSITY = "region.intensity";
    public static final String GATEWAY_OFFLINE = "gateway.offline";
    public static final String DATA_COMPLETENESS = "data.completeness";
    public static final String POINT_STUCK = "point.stuck";
    public static final String COUNTER_RESET = "counter.reset";
    public static final String READING_SUSPECT = "reading.suspect";
    public static final String READING_CONFLICT = "reading.conflict";
    public static final String READING_UNKNOWN_POINT = "reading.unknown_point";
    public static final String READING_REJECTED_RATE = "reading.rejected_rate";
    public static final String BROKER_BACKLOG = "broker.backlog";

    public static final List<String> ALL = List.of(
            TOTAL_PACE,
            TOTAL_PROJECTION,
            TOTAL_BREACH,
            INTENSITY_TARGET,
            CO2_PROJECTION,
            CO2_BREACH,
            CO2_INTENSITY,
            REGION_PROJECTION,
            REGION_INTENSITY,
            GATEWAY_OFFLINE,
            DATA_COMPLETENESS,
            POINT_STUCK,
            COUNTER_RESET,
            READING_SUSPECT,
            READING_CONFLICT,
            READING_UNKNOWN_POINT,
            READING_REJECTED_RATE,
            BROKER_BACKLOG);
}
