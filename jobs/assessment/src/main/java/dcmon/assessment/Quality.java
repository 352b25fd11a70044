package dcmon.assessment;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data quality of a month for its data-quality sheet (docs/exports.md, *数据质量*): per gateway, the job's
 * {@code data_quality} day rows summed over the month and the hours {@code gateway_status} shows it offline.
 *
 * @param gateways per {@code enterprise/gateway}; a gateway without rows is absent
 */
public record Quality(Map<String, GatewayQuality> gateways) {

    /** No quality read (the service without InfluxDB): the sheet lists the gateways with empty figures. */
    public static final Quality NONE = new Quality(Map.of());

    public Quality {
        gateways = Map.copyOf(gateways);
    }

    /** @return the gateway's figures, or null */
    public GatewayQuality of(String enterprise, String gateway) {
        return gateways.get(enterprise + "/" + gateway);
    }

    /**
     * One gateway's month.
     *
     * @param days             days judged (one {@code data_quality} row each)
     * @param expected         time slots expected over those days, summed over the gateway's points
     * @param covered          time slots with a reading
     * @param received         readings received
     * @param rejected         readings rejected
     * @param rejectedMessages messages rejected whole
     * @param rejectedByReason rejections by reason code, only reasons that occurred
     * @param offlineHours     hours offline or silent within the month (up to now for a month not over), or null
     *                         without any {@code gateway_status} row
     */
    public record GatewayQuality(
            String enterprise,
            String gateway,
            long days,
            long expected,
            long covered,
            long received,
            long rejected,
            long rejectedMessages,
            Map<String, Long> rejectedByReason,
            Double offlineHours) {

        public GatewayQuality {
            rejectedByReason = new TreeMap<>(rejectedByReason);
        }

        /** covered ÷ expected × 100, or null when nothing was expected */
        public Double completenessPct() {
            return expected == 0 ? null : 100.0 * covered / expected;
        }
    }

    /** covered ÷ expected × 100 over the unit's gateways, or null when nothing was expected. */
    public Double completenessPct(String enterprise, List<String> gateways) {
        long expected = 0, covered = 0;
        for (String g : gateways) {
            GatewayQuality q = of(enterprise, g);
            if (q == null) continue;
            expected += q.expected();
            covered += q.covered();
        }
        return expected == 0 ? null : 100.0 * covered / expected;
    }
}
