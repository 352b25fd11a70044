package dcmon.core.reading;

import java.util.List;

/**
 * A parsed readings payload. Readings keep whatever could be read of them; the validator decides.
 *
 * @param schema  the payload's schema field
 * @param gateway the payload's gateway field
 * @param seq     the gateway's message sequence number, -1 when absent
 */
public record GatewayMessage(String schema, String gateway, long seq, List<RawReading> readings) {
    public static final String SCHEMA = "dcmon.readings/1";
}
