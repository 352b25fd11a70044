package dcmon.monitoring;

import static dcmon.monitoring.TestRegistry.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dcmon.core.reading.AcceptedReadings;
import java.io.EOFException;
import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.testutils.DeeplyEqualsChecker;
import org.junit.jupiter.api.Test;

/** Flink's contract tests of a serializer, plus what this one promises: exact values, compact ASCII ids, any id. */
class AcceptedReadingsSerializerTest extends SerializerTestBase<AcceptedReadings> {

    AcceptedReadingsSerializerTest() {
        super(new DeeplyEqualsChecker()
                .withCustomCheck(
                        (a, b) -> a instanceof AcceptedReadings && b instanceof AcceptedReadings,
                        (a, b, checker) -> same((AcceptedReadings) a, (AcceptedReadings) b)));
    }

    private static boolean same(AcceptedReadings a, AcceptedReadings b) {
        return Objects.equals(a.enterprise, b.enterprise)
                && Objects.equals(a.gateway, b.gateway)
                && a.receivedAt == b.receivedAt
                && a.seq == b.seq
                && Arrays.equals(a.index, b.index)
                && Arrays.equals(a.points, b.points)
                && Arrays.equals(a.ts, b.ts)
                && Arrays.equals(a.values, b.values);
    }

    @Override
    protected TypeSerializer<AcceptedReadings> createSerializer() {
        return new AcceptedReadingsSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<AcceptedReadings> getTypeClass() {
        return AcceptedReadings.class;
    }

    @Override
    protected AcceptedReadings[] getTestData() {
        long received = at("2026-11-24T10:31:00+08:00");
        return new AcceptedReadings[] {
            new AcceptedReadings(
                    STEEL,
                    "GW01",
                    received,
                    7,
                    new int[] {0, 1, 3},
                    new String[] {"E-MAIN-01", "COKE-01", "E-MAIN-01"},
                    new long[] {
                        at("2026-11-24T10:00:00+08:00"),
                        at("2026-11-24T10:00:00+08:00"),
                        at("2026-11-21T23:45:00+08:00")
                    },
                    new double[] {1000.25, 0, 1e300}),
            // no sequence number, ids beyond ASCII, a reading after the receive time
            new AcceptedReadings(
                    CEMENT,
                    "网关-2",
                    received,
                    -1,
                    new int[] {0, 1},
                    new String[] {"窑头煤-01", "Café-Zähler"},
                    new long[] {received + 120_000, Long.MIN_VALUE / 4},
                    new double[] {-0.0, Double.MIN_VALUE}),
            new AcceptedReadings(
                    CEMENT,
                    "GW02",
                    Long.MAX_VALUE / 2,
                    Long.MAX_VALUE,
                    new int[0],
                    new String[0],
                    new long[0],
                    new double[0]),
            new AcceptedReadings(
                    null, null, 0, 0, new int[] {500}, new String[] {""}, new long[] {0}, new double[] {Double.NaN}),
        };
    }

    private static byte[] bytes(AcceptedReadings r) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        new AcceptedReadingsSerializer().serialize(r, out);
        return out.getCopyOfBuffer();
    }

    @Test
    void anAsciiIdIsItsBytesAndAReadingAtThePreviousReadingsTimeTakesOneByte() throws Exception {
        long received = at("2026-11-24T10:31:00+08:00");
        long quarter = at("2026-11-24T10:30:00+08:00");
        AcceptedReadings r = new AcceptedReadings(
                STEEL,
                "GW01",
                received,
                5,
                new int[] {0, 1},
                new String[] {"E-MAIN-01", "E-MAIN-02"},
                new long[] {quarter, quarter},
                new double[] {1.5, 2.5});
        // enterprise 1 + 18, gateway 1 + 4, receivedAt 8, seq 1, count 1;
        // first reading: position 1, id 1 + 9, time step of -60 s (zigzag 120,000: 3 bytes), value 8;
        // second: position 1, id 1 + 9, same time (1 byte), value 8
        assertThat(bytes(r)).hasSize(19 + 5 + 8 + 1 + 1 + (1 + 10 + 3 + 8) + (1 + 10 + 1 + 8));
    }

    @Test
    void aTruncatedRecordFailsInsteadOfInventingReadings() throws Exception {
        AcceptedReadings r = getTestData()[0];
        byte[] whole = bytes(r);
        for (int cut : new int[] {0, 5, whole.length / 2, whole.length - 1}) {
            DataInputDeserializer in = new DataInputDeserializer(Arrays.copyOf(whole, cut));
            assertThatThrownBy(() -> new AcceptedReadingsSerializer().deserialize(in))
                    .as("cut at %d", cut)
                    .isInstanceOf(EOFException.class);
        }
    }

    @Test
    void aCountOrLengthPastTheIntegersIsRefusedAsCorrupt() throws Exception {
        // enterprise null, gateway null, receivedAt, seq 0, then a count of 2^40 readings
        DataOutputSerializer out = new DataOutputSerializer(32);
        out.writeByte(0);
        out.writeByte(0);
        out.writeLong(0);
        out.writeByte(0);
        Varints.writeVarLong(1L << 40, out);
        assertThatThrownBy(() ->
                        new AcceptedReadingsSerializer().deserialize(new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(java.io.IOException.class)
                .hasMessage("corrupt accepted readings: 1099511627776 readings");
        // a string header whose length wraps negative
        DataOutputSerializer neg = new DataOutputSerializer(32);
        Varints.writeVarLong(-2L, neg);
        assertThatThrownBy(() ->
                        new AcceptedReadingsSerializer().deserialize(new DataInputDeserializer(neg.getCopyOfBuffer())))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("corrupt accepted readings: string of");
    }

    @Test
    void theJobSendsValidatedMessagesWithThisSerializer() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<RawMessage> raw = env.fromData(new RawMessage("t", new byte[0], 0L))
                .assignTimestampsAndWatermarks(MonitoringJob.watermarks());
        MonitoringJob.build(
                raw,
                TestRegistry.provider(),
                MonitoringOptions.defaults(),
                new DiscardingSink<>(),
                new DiscardingSink<>());
        StreamNode validate = env.getStreamGraph().getStreamNodes().stream()
                .filter(n -> n.getOperatorName().equals("validate"))
                .findFirst()
                .orElseThrow();
        assertThat(validate.getTypeSerializerOut()).isInstanceOf(AcceptedReadingsSerializer.class);
    }
}
