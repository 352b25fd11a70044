package dcmon.bench;

import dcmon.influx.InfluxSchema.Measurements;
import dcmon.influx.InfluxSchema.Tags;
import dcmon.influx.SeriesPoint;
import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * For {@code bench e2e --sink discard}: passes on only the rows of the latency probe's enterprise and the regional
 * roll-ups, and drops every other point and enterprise row after the job made it. InfluxDB then takes a few rows a
 * second instead of one or more per reading, which shows what the rest of the flow carries when InfluxDB is on
 * other hardware, while the probes still measure publish-to-visible latency and the province total still checks
 * that nothing acknowledged was lost.
 */
final class ProbeAndRegionRowsSink implements Sink<SeriesPoint> {
    private static final long serialVersionUID = 1L;

    private final Sink<SeriesPoint> delegate;
    private final String probeEnterprise;

    ProbeAndRegionRowsSink(Sink<SeriesPoint> delegate, String probeEnterprise) {
        this.delegate = delegate;
        this.probeEnterprise = probeEnterprise;
    }

    boolean keeps(SeriesPoint row) {
        if (row.measurement().equals(Measurements.REGION_USAGE)) return true;
        for (int i = 0; i < row.tagCount(); i++) {
            if (row.tagKey(i).equals(Tags.ENTERPRISE)) return row.tagValue(i).equals(probeEnterprise);
        }
        return false;
    }

    @Override
    public SinkWriter<SeriesPoint> createWriter(WriterInitContext context) throws IOException {
        return new ForwardingWriter<>(delegate.createWriter(context)) {
            @Override
            public void write(SeriesPoint row, Context ctx) throws IOException, InterruptedException {
                if (keeps(row)) super.write(row, ctx);
            }
        };
    }
}
