package dcmon.monitoring;

import dcmon.core.series.PointSeries;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import static dcmon.monitoring.TestRegistry.*;
import static org.assertj.core.api.Assertions.assertThat;

class PointSeriesSerializerTest {
    private static final PointSeriesSerializer S = PointSeriesSerializer.INSTANCE;

    private static PointSeries roundTrip(PointSeries s) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        S.serialize(s, out);
        return S.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    private static void assertSame(PointSeries a, PointSeries b) {
        assertThat(b.size).isEqualTo(a.size);
        assertThat(Arrays.copyOf(b.ts, b.size)).isEqualTo(Arrays.copyOf(a.ts, a.size));
        assertThat(Arrays.copyOf(b.values, b.size)).isEqualTo(Arrays.copyOf(a.values, a.size));
        assertThat(b.floor).isEqualTo(a.floor);
        assertThat(b.lastSeen).isEqualTo(a.lastSeen);
        assertThat(b.interval).isEqualTo(a.interval);
        assertThat(Arrays.copyOf(b.quarterStart, b.quarters)).isEqualTo(Arrays.copyOf(a.quarterStart, a.quarters));
        assertThat(Arrays.copyOf(b.quarterAmount, b.quarters)).isEqualTo(Arrays.copyOf(a.quarterAmount, a.quarters));
        assertThat(Arrays.copyOf(b.quarterEstimated, b.quarters)).isEqualTo(Arrays.copyOf(a.quarterEstimated, a.quarters));
        assertThat(Arrays.copyOf(b.monthStart, b.months)).isEqualTo(Arrays.copyOf(a.monthStart, a.months));
        assertThat(Arrays.copyOf(b.monthAmount, b.months)).isEqualTo(Arrays.copyOf(a.monthAmount, a.months));
        assertThat(Arrays.copyOf(b.yearStart, b.years)).isEqualTo(Arrays.copyOf(a.yearStart, a.years));
        assertThat(Arrays.copyOf(b.yearAmount, b.years)).isEqualTo(Arrays.copyOf(a.yearAmount, a.years));
    }

    @Test
    void emptySeriesRoundTrips() throws Exception {
        assertSame(new PointSeries(), roundTrip(new PointSeries()));
    }

    @Test
    void readingsOffTheQuarterGridGapsLateReadingsAndPruningRoundTripAndKeepCounting() throws Exception {
        PointSeries s = new PointSeries();
        s.insert(at("2026-12-31T23:00:00+08:00"), 1000, ELEC, (b, a, e) -> {});
        s.insert(at("2026-12-31T23:45:00+08:00"), 1500, ELEC, (b, a, e) -> {});
        s.insert(at("2027-01-01T02:07:13+08:00"), 2600, ELEC, (b, a, e) -> {}); // across the year end, estimated
        s.insert(at("2026-12-31T23:15:00+08:00"), 1200, ELEC, (b, a, e) -> {}); // late: re-splits
        PointSeries back = roundTrip(s);
        assertSame(s, back);
        assertThat(roundTrip(S.copy(s))).satisfies(c -> assertSame(s, c));

        // both go on identically
        s.insert(at("2027-01-01T02:15:00+08:00"), 2700, ELEC, (b, a, e) -> {});
        back.insert(at("2027-01-01T02:15:00+08:00"), 2700, ELEC, (b, a, e) -> {});
        assertSame(s, back);
        s.prune(at("2027-02-20T00:00:00+08:00"));
        assertSame(s, roundTrip(s));
    }

    @Test
    void intervalSeriesRoundTrips() throws Exception {
        PointSeries s = new PointSeries();
        s.insert(at("2026-11-24T10:00:00+08:00"), 40, COKE, (b, a, e) -> {});
        s.insert(at("2026-11-24T11:00:00+08:00"), 60, COKE, (b, a, e) -> {});
        assertSame(s, roundTrip(s));
    }

    @Test
    void aCheckpointStreamGetsTheSameBytesAsAMemoryBufferSeriesAfterSeries() throws Exception {
        PointSeries small = new PointSeries();
        small.insert(at("2026-11-24T10:00:00+08:00"), 40, COKE, (b, a, e) -> {});
        PointSeries large = new PointSeries();
        double v = 1000;
        // 35 days of quarter hours: larger than the scratch buffer starts, and larger than it keeps
        for (int i = 0; i < 3360 * 20; i++, v += 12.5) large.insert(at("2026-10-01T00:00:00+08:00") + i * 900_000L, v, ELEC, (b, a, e) -> {});

        DataOutputSerializer memory = new DataOutputSerializer(256);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputViewStreamWrapper stream = new DataOutputViewStreamWrapper(bytes);
        for (PointSeries s : new PointSeries[] {large, small, large, new PointSeries(), small}) {
            S.serialize(s, memory);
            S.serialize(s, stream);
        }
        assertThat(bytes.toByteArray()).isEqualTo(memory.getCopyOfBuffer());

        DataInputDeserializer in = new DataInputDeserializer(bytes.toByteArray());
        for (PointSeries s : new PointSeries[] {large, small, large, new PointSeries(), small}) assertSame(s, S.deserialize(in));
        assertThat(in.available()).isZero();
    }
}
