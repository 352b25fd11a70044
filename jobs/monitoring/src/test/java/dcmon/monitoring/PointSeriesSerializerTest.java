package dcmon.monitoring;

import static dcmon.monitoring.TestRegistry.*;
import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.series.PointSeries;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.junit.jupiter.api.Test;

class PointSeriesSerializerTest {
    private static final PointSeriesSerializer S = PointSeriesSerializer.INSTANCE;

    private static PointSeries roundTrip(PointSeries s) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        S.serialize(s, out);
        return S.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    private static void assertSame(PointSeries a, PointSeries b) {
        assertThat(b.size).isEqualTo(a.size);
        assertThat(Arrays.copyOf(b.readings, PointSeries.READING * b.size))
                .isEqualTo(Arrays.copyOf(a.readings, PointSeries.READING * a.size));
        assertThat(b.floor).isEqualTo(a.floor);
        assertThat(b.lastSeen).isEqualTo(a.lastSeen);
        assertThat(b.interval).isEqualTo(a.interval);
        assertThat(b.quarters).isEqualTo(a.quarters);
        assertThat(Arrays.copyOf(b.quarterData, PointSeries.ENTRY * b.quarters))
                .isEqualTo(Arrays.copyOf(a.quarterData, PointSeries.ENTRY * a.quarters));
        assertThat(b.days).isEqualTo(a.days);
        assertThat(b.months).isEqualTo(a.months);
        assertThat(b.years).isEqualTo(a.years);
        int ledgers = PointSeries.ENTRY * (a.days + a.months + a.years);
        assertThat(Arrays.copyOf(b.ledgers, ledgers)).isEqualTo(Arrays.copyOf(a.ledgers, ledgers));
        assertThat(b.coveredCount).isEqualTo(a.coveredCount);
        assertThat(Arrays.copyOf(b.covered, b.coveredCount)).isEqualTo(Arrays.copyOf(a.covered, a.coveredCount));
    }

    /** Readings off the grid, a late one, a gap across the year end: every group of the format has entries. */
    private static PointSeries acrossTheYearEnd() {
        PointSeries s = new PointSeries();
        s.insert(at("2026-12-31T23:00:00+08:00"), 1000, ELEC, (b, a, e) -> {});
        s.insert(at("2026-12-31T23:45:00+08:00"), 1500, ELEC, (b, a, e) -> {});
        s.insert(at("2027-01-01T02:07:13+08:00"), 2600, ELEC, (b, a, e) -> {}); // across the year end, estimated
        s.insert(at("2026-12-31T23:15:00+08:00"), 1200, ELEC, (b, a, e) -> {}); // late: re-splits
        return s;
    }

    /**
     * The bytes of a series as the first layout of {@link PointSeries} (eleven arrays) wrote them, taken from that
     * code (format 1): checkpoints written before the compact format still restore, with their day totals summed
     * from their quarter hours, and go on counting like a series that never was in a checkpoint.
     */
    @Test
    void checkpointsOfFormatOneStillRestore() throws Exception {
        PointSeries want = acrossTheYearEnd();
        PointSeries back =
                S.deserialize(new DataInputDeserializer(HexFormat.of().parseHex(GOLDEN)));
        assertThat(back.size).isEqualTo(want.size);
        assertThat(Arrays.copyOf(back.readings, 2 * back.size)).isEqualTo(Arrays.copyOf(want.readings, 2 * want.size));
        assertThat(back.floor).isEqualTo(want.floor);
        assertThat(back.lastSeen).isEqualTo(want.lastSeen);
        assertThat(Arrays.copyOf(back.quarterData, 3 * back.quarters))
                .isEqualTo(Arrays.copyOf(want.quarterData, 3 * want.quarters));
        assertThat(back.days).isEqualTo(2);
        for (long day : new long[] {at("2026-12-31T00:00:00+08:00"), at("2027-01-01T00:00:00+08:00")}) {
            assertThat(back.day(day)).isCloseTo(want.day(day), org.assertj.core.api.Assertions.within(1e-9));
            assertThat(back.dayIsEstimated(day)).isEqualTo(want.dayIsEstimated(day));
        }
        assertThat(back.month(at("2026-12-01T00:00:00+08:00"))).isEqualTo(want.month(at("2026-12-01T00:00:00+08:00")));
        assertThat(back.year(at("2027-01-01T00:00:00+08:00"))).isEqualTo(want.year(at("2027-01-01T00:00:00+08:00")));
        assertThat(back.insert(at("2027-01-01T02:15:00+08:00"), 2700, ELEC, (b, a, e) -> {}))
                .isEqualTo(want.insert(at("2027-01-01T02:15:00+08:00"), 2700, ELEC, (b, a, e) -> {}));
        assertThat(back.quarter(at("2027-01-01T02:00:00+08:00")))
                .isEqualTo(want.quarter(at("2027-01-01T02:00:00+08:00")));
        // written again, it is format 2
        DataOutputSerializer out = new DataOutputSerializer(256);
        S.serialize(back, out);
        assertThat(out.getCopyOfBuffer()[0]).isEqualTo((byte) PointSeriesSerializer.FORMAT_COMPACT);
    }

    /** The bytes of format 2 for the same series: what checkpoints from now on hold, so they must restore as they are. */
    @Test
    void theCompactFormatIsTheOneCheckpointsAreWrittenIn() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        S.serialize(acrossTheYearEnd(), out);
        assertThat(HexFormat.of().formatHex(out.getCopyOfBuffer())).isEqualTo(GOLDEN_COMPACT);
        assertSame(
                acrossTheYearEnd(),
                S.deserialize(new DataInputDeserializer(HexFormat.of().parseHex(GOLDEN_COMPACT))));
    }

    private static final String GOLDEN_COMPACT =
            "0204d0e1c6d4d9680480c6ebc9d968a0f73601c0ee6d0188e888040100d00f9003d80498110d80c6ebc9d968a0f7360c"
                    + "80004062c00000000000024062c0000000000002405d014a40be166102405d014a40be166102405d014a40be16610240"
                    + "5d014a40be166102405d014a40be166102405d014a40be166102405d014a40be166102405d014a40be166102405d014a"
                    + "40be166102404be8c772a26d2002028090f0fad86880b8992901408340294817c2cc408ebfd6b7e83d3306120280f0f9"
                    + "d2c56880c894fd0901408340294817c2cc408ebfd6b7e83d3306120280d099d2ee6680d8c4bd7501408340294817c2cc"
                    + "408ebfd6b7e83d33061200";

    @Test
    void aFirstByteOfNoFormatFailsLoudly() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> S.deserialize(new DataInputDeserializer(new byte[] {7, 0, 0})))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("format byte 7");
    }

    private static final String GOLDEN =
            "8000000000000000000001a2cd48d868000400000001a2cc9d7180a0f736c0ee6d88e88804408f4000000000004092c0"
                    + "0000000000409770000000000040a45000000000000d01000001a2cc9d71800101010101010101010101014069000000"
                    + "0000004062c000000000004062c00000000000405d014a40be1661405d014a40be1661405d014a40be1661405d014a40"
                    + "be1661405d014a40be1661405d014a40be1661405d014a40be1661405d014a40be1661405d014a40be1661404be8c772"
                    + "a26d20000202020202020202020202020201000001a22d2f3c00a017408340294817c2cc408ebfd6b7e83d3306120201"
                    + "0000019b75233400e09102408340294817c2cc408ebfd6b7e83d330612";

    @Test
    void emptySeriesRoundTrips() throws Exception {
        assertSame(new PointSeries(), roundTrip(new PointSeries()));
    }

    @Test
    void readingsOffTheQuarterGridGapsLateReadingsAndPruningRoundTripAndKeepCounting() throws Exception {
        PointSeries s = acrossTheYearEnd();
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
        for (int i = 0; i < 3360 * 20; i++, v += 12.5)
            large.insert(at("2026-10-01T00:00:00+08:00") + i * 900_000L, v, ELEC, (b, a, e) -> {});

        DataOutputSerializer memory = new DataOutputSerializer(256);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputViewStreamWrapper stream = new DataOutputViewStreamWrapper(bytes);
        for (PointSeries s : new PointSeries[] {large, small, large, new PointSeries(), small}) {
            S.serialize(s, memory);
            S.serialize(s, stream);
        }
        assertThat(bytes.toByteArray()).isEqualTo(memory.getCopyOfBuffer());

        DataInputDeserializer in = new DataInputDeserializer(bytes.toByteArray());
        for (PointSeries s : new PointSeries[] {large, small, large, new PointSeries(), small})
            assertSame(s, S.deserialize(in));
        assertThat(in.available()).isZero();
    }
}
