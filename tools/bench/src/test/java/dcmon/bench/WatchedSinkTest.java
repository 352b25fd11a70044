package dcmon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.influx.SeriesPoint;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

class WatchedSinkTest {
    private static final long YEAR = 1_767_196_800_000L; // 2026-01-01T00:00+08:00

    private static SeriesPoint region(String level, String region, String period, long time, double tce) {
        return SeriesPoint.builder("region_usage")
                .tag("level", level)
                .tag("region", region)
                .tag("period", period)
                .field("tce", tce)
                .timeMillis(time)
                .build();
    }

    @Test
    void keepsTheLastProvinceYearRowOfTheWatchedProvinceAndYearOnly() throws Exception {
        WatchedSink.reset(0);
        SinkWriter<SeriesPoint> w = new WatchedSink(new DiscardingSink<>(), "420000", YEAR).createWriter(null);
        w.write(region("province", "420000", "year", YEAR, 10.5), null);
        w.write(region("province", "420000", "year", YEAR, 12.25), null);
        w.write(region("province", "420000", "month", YEAR, 99), null);
        w.write(region("city", "420100", "year", YEAR, 98), null);
        w.write(region("province", "430000", "year", YEAR, 97), null);
        w.write(region("province", "420000", "year", YEAR - 1, 96), null);
        assertThat(WatchedSink.PROVINCE_YEAR_TCE.get()).isEqualTo(12.25);
    }

    @Test
    void theClockEndsAtTheLastRowOrEndOfInputOfAnyWriterPublishedOnFlush() throws Exception {
        WatchedSink.reset(0);
        WatchedSink sink = new WatchedSink(new DiscardingSink<>(), "420000", YEAR);
        SinkWriter<SeriesPoint> a = sink.createWriter(null);
        SinkWriter<SeriesPoint> b = sink.createWriter(null);
        List<Long> bounds = new ArrayList<>();
        bounds.add(System.nanoTime());
        a.write(region("city", "420100", "day", YEAR, 1), null);
        bounds.add(System.nanoTime());
        assertThat(WatchedSink.LAST.get()).as("not before a flush").isZero();
        b.flush(false); // b took no row: adds nothing
        assertThat(WatchedSink.LAST.get()).isZero();
        a.flush(false);
        assertThat(WatchedSink.LAST.get()).isBetween(bounds.get(0), bounds.get(1));
        long beforeEnd = System.nanoTime();
        b.flush(true);
        assertThat(WatchedSink.LAST.get()).isGreaterThanOrEqualTo(beforeEnd);
    }
}
