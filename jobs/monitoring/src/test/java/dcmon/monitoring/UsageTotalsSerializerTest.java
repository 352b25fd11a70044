package dcmon.monitoring;

import static dcmon.monitoring.TestRegistry.STEEL;
import static dcmon.monitoring.TestRegistry.at;
import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.calendar.Period;
import dcmon.core.reading.AcceptedReadings;
import dcmon.core.usage.UsageKeys;
import dcmon.core.usage.UsageTotals;
import dcmon.influx.SeriesPoint;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class UsageTotalsSerializerTest {
    private static final UsageTotalsSerializer S = UsageTotalsSerializer.INSTANCE;
    private static final long DAY = at("2026-11-24T00:00:00+08:00");

    private static UsageTotals totals(double tce, int estimated, Object... productAmount) {
        return TestTotals.of(tce, tce * 2, tce / 2, tce * 3, estimated, productAmount);
    }

    private static void assertSameTotals(UsageTotals actual, UsageTotals expected) {
        assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
    }

    private static UsageTotals roundTrip(UsageTotals t) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        S.serialize(t, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        UsageTotals back = S.deserialize(in);
        assertThat(in.available()).as("nothing left over").isZero();
        return back;
    }

    @Test
    void totalsRoundTripExactlyWithProductsAndNegativeEstimatedCounts() throws Exception {
        for (UsageTotals t : List.of(
                new UsageTotals(),
                totals(0.1 + 0.2, 3),
                totals(-1.0E-5, -2, "crude-steel", 12.5, "钢坯", 0.75),
                totals(Double.MAX_VALUE, Integer.MIN_VALUE),
                totals(Double.MIN_VALUE, Integer.MAX_VALUE, "x", -0.0))) {
            assertSameTotals(roundTrip(t), t);
        }
    }

    @Test
    void aCopyChangesOnItsOwn() {
        UsageTotals original = totals(1.5, 1, "crude-steel", 10);
        UsageTotals copy = S.copy(original);
        assertSameTotals(copy, original);

        copy.add(totals(0.5, 1, "crude-steel", 2, "clinker", 4));

        assertThat(copy.tce).isEqualTo(2.0);
        assertThat(copy.output("crude-steel")).isEqualTo(12.0);
        assertThat(copy.output("clinker")).isEqualTo(4.0);
        assertThat(original.tce).isEqualTo(1.5);
        assertThat(original.output("crude-steel")).isEqualTo(10.0);
        assertThat(original.products).containsExactly("crude-steel");
    }

    @Test
    void itsOwnSnapshotIsCompatibleAsIsAndThePojoFormatMigrates() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(16);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, S.snapshotConfiguration());
        TypeSerializerSnapshot<UsageTotals> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(S.snapshotConfiguration().resolveSchemaCompatibility(read).isCompatibleAsIs())
                .isTrue();
        assertThat(read.restoreSerializer()).isSameAs(S);

        TypeSerializer<UsageTotals> pojo =
                TypeInformation.of(UsageTotals.class).createSerializer(new SerializerConfigImpl());
        assertThat(S.snapshotConfiguration()
                        .resolveSchemaCompatibility(pojo.snapshotConfiguration())
                        .isCompatibleAfterMigration())
                .isTrue();
    }

    /** Writes enterprise totals the way versions before this serializer did: through Flink's POJO serializer. */
    private static final class PojoTotalsWriter
            extends KeyedProcessFunction<String, AcceptedReadings, List<SeriesPoint>> {
        @Override
        public void processElement(AcceptedReadings msg, Context ctx, Collector<List<SeriesPoint>> out)
                throws Exception {
            MapState<Long, UsageTotals> state = getRuntimeContext()
                    .getMapState(new MapStateDescriptor<>(
                            "enterprise-totals", Types.LONG, TypeInformation.of(UsageTotals.class)));
            state.put(UsageKeys.key(Period.DAY, DAY), totals(1.0, 0));
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, AcceptedReadings, List<SeriesPoint>> harness(
            KeyedProcessFunction<String, AcceptedReadings, List<SeriesPoint>> f) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(f), a -> a.enterprise, Types.STRING);
    }

    private static double dayTce(List<List<SeriesPoint>> rows) {
        return rows.stream()
                .flatMap(List::stream)
                .filter(p -> p.measurement().equals("enterprise_usage")
                        && p.tags().get("period").equals("day"))
                .mapToDouble(p -> (Double) p.fields().get("tce"))
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    @Test
    void enterpriseTotalsOfACheckpointInThePojoFormatRestoreAndGoOnCounting() throws Exception {
        long rx = at("2026-11-24T10:31:00+08:00");
        AcceptedReadings msg = TestRegistry.accepted(
                STEEL,
                "GW01",
                rx,
                7,
                "E-MAIN-01",
                "2026-11-24T10:00:00+08:00",
                100,
                "E-MAIN-01",
                "2026-11-24T10:15:00+08:00",
                200);

        OperatorSubtaskState oldCheckpoint;
        try (var writer = harness(new PojoTotalsWriter())) {
            writer.open();
            writer.processElement(new StreamRecord<>(msg, rx));
            oldCheckpoint = writer.snapshot(1, 1);
        }
        double fresh;
        try (var alone = harness(new EnterpriseUsageFunction(TestRegistry.provider(), Duration.ofDays(35)))) {
            alone.open();
            alone.processElement(new StreamRecord<>(msg, rx));
            fresh = dayTce(alone.extractOutputValues());
        }
        try (var restored = harness(new EnterpriseUsageFunction(TestRegistry.provider(), Duration.ofDays(35)))) {
            restored.initializeState(oldCheckpoint);
            restored.open();
            restored.processElement(new StreamRecord<>(msg, rx));
            // the day's 1.0 tce from the old checkpoint, plus what the message adds
            assertThat(fresh).isGreaterThan(0);
            assertThat(dayTce(restored.extractOutputValues())).isEqualTo(1.0 + fresh);
        }
    }
}
