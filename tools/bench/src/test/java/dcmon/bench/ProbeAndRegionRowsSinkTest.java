package dcmon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.influx.SeriesPoint;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.junit.jupiter.api.Test;

class ProbeAndRegionRowsSinkTest {
    private static final String PROBE = "91420100PR0BE0001X";

    /** Collects what reaches it. */
    private static final class Collecting implements Sink<SeriesPoint> {
        static final List<String> WRITTEN = new ArrayList<>();
        static final List<Boolean> FLUSHED = new ArrayList<>();

        @Override
        public SinkWriter<SeriesPoint> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(SeriesPoint row, Context ctx) {
                    WRITTEN.add(row.measurement() + " " + row.tags());
                }

                @Override
                public void flush(boolean endOfInput) {
                    FLUSHED.add(endOfInput);
                }

                @Override
                public void close() {}
            };
        }
    }

    private static SeriesPoint row(String measurement, String tagKey, String tagValue) {
        return SeriesPoint.builder(measurement)
                .tag(tagKey, tagValue)
                .tag("period", "15m")
                .field("tce", 1.0)
                .timeMillis(0)
                .build();
    }

    @Test
    void passesOnOnlyTheProbesRowsAndTheRegionsAndEveryFlush() throws Exception {
        Collecting.WRITTEN.clear();
        Collecting.FLUSHED.clear();
        SinkWriter<SeriesPoint> w = new ProbeAndRegionRowsSink(new Collecting(), PROBE).createWriter(null);
        w.write(row("point_usage", "enterprise", "91420100MA4L41YT1U"), null);
        w.write(row("enterprise_usage", "enterprise", "91420100MA4L41YT1U"), null);
        w.write(row("point_usage", "enterprise", PROBE), null);
        w.write(row("enterprise_usage", "enterprise", PROBE), null);
        w.write(row("region_usage", "level", "province"), null);
        w.flush(false);
        w.flush(true);

        assertThat(Collecting.WRITTEN)
                .containsExactly(
                        "point_usage {enterprise=" + PROBE + ", period=15m}",
                        "enterprise_usage {enterprise=" + PROBE + ", period=15m}",
                        "region_usage {level=province, period=15m}");
        assertThat(Collecting.FLUSHED).containsExactly(false, true);
    }
}
