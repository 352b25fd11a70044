package dcmon.influx;

import java.time.Instant;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's own serializer contract checks: round trips, copies, snapshots, duplication. */
class SeriesPointSerializerTest extends SerializerTestBase<SeriesPoint> {

    private static final long QUARTER = Instant.parse("2026-11-24T02:15:00Z").toEpochMilli();

    @Override
    protected TypeSerializer<SeriesPoint> createSerializer() {
        return SeriesPointSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<SeriesPoint> getTypeClass() {
        return SeriesPoint.class;
    }

    @Override
    protected SeriesPoint[] getTestData() {
        return new SeriesPoint[] {
            SeriesPoint.builder("point_usage")
                    .tag("enterprise", "91420100MA4K0000XX")
                    .tag("point", "E-MAIN-01")
                    .tag("energy", "electricity")
                    .tag("period", "15m")
                    .field("amount", 1234.5)
                    .field("tce", 0.15172005)
                    .field("tco2", 0.7)
                    .field("estimated", true)
                    .timeMillis(QUARTER)
                    .build(),
            SeriesPoint.builder("alerts")
                    .tag("rule", "offline")
                    .field("count", Long.MIN_VALUE)
                    .field("message", "网关离线 " + "x".repeat(70_000))
                    .timeMillis(-1L)
                    .build(),
            SeriesPoint.builder("m").field("x", -0.0).timeMillis(Long.MAX_VALUE).build(),
        };
    }
}
