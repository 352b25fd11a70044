package dcmon.monitoring;

import static dcmon.monitoring.TestRegistry.*;
import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.reading.AcceptedReadings;
import dcmon.core.reading.RejectReason;
import dcmon.core.reading.Rejection;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class QualitySignalTest {

    @Test
    void travelsAsAPojo() throws Exception {
        assertThat(DataQuality.SIGNAL_TYPE).isInstanceOf(PojoTypeInfo.class);
        TypeSerializer<QualitySignal> serializer = DataQuality.SIGNAL_TYPE.createSerializer(new SerializerConfigImpl());
        AcceptedReadings a = accepted(
                STEEL, "GW01", at("2026-11-24T10:00:30+08:00"), 3, "E-MAIN-01", "2026-11-24T10:00:00+08:00", 12.5);
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(QualitySignal.accepted(a), out);
        QualitySignal back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.isAccepted()).isTrue();
        assertThat(back.enterprise).isEqualTo(STEEL);
        assertThat(back.gateway).isEqualTo("GW01");
        assertThat(back.receivedAt).isEqualTo(a.receivedAt);
        assertThat(back.points).containsExactly("E-MAIN-01");
        assertThat(back.ts).containsExactly(at("2026-11-24T10:00:00+08:00"));
        assertThat(back.values).containsExactly(12.5);
    }

    @Test
    void fromRejections() {
        Rejection reading =
                new Rejection(RejectReason.CONFLICT, null, "t", STEEL, "GW01", 4, 2, "E-MAIN-01", 1L, 2.0, 100L, null);
        QualitySignal s = QualitySignal.rejected(reading, false);
        assertThat(s.kind).isEqualTo(QualitySignal.REJECTED_WHILE_COUNTING);
        assertThat(s.rejectReason()).isEqualTo(RejectReason.CONFLICT);
        assertThat(s.point).isEqualTo("E-MAIN-01");
        assertThat(s.messageLevel).isFalse();
        assertThat(s.size()).isZero();

        Rejection message = new Rejection(
                RejectReason.MALFORMED_JSON,
                "x",
                "t",
                STEEL,
                "GW01",
                -1,
                -1,
                null,
                Long.MIN_VALUE,
                Double.NaN,
                100L,
                "ab");
        assertThat(QualitySignal.rejected(message, true).messageLevel).isTrue();

        Rejection noEnterprise = new Rejection(
                RejectReason.BAD_TOPIC, "x", "t", null, null, -1, -1, null, Long.MIN_VALUE, Double.NaN, 100L, "ab");
        assertThat(QualitySignal.rejected(noEnterprise, true)).isNull();
    }
}
