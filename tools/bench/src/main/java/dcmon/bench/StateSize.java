package dcmon.bench;

import dcmon.core.series.PointSeries;
import dcmon.core.usage.UsageTotals;
import dcmon.monitoring.EnterpriseUsageFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Bytes of keyed state, measured the way a heap-backend snapshot writes it: for each enterprise its key and
 * both map states, serialized with the very serializers the job's state descriptors get. The bare loop holds
 * the same state as the job after the same input, so this measures the job's state without stopping it.
 */
public final class StateSize {
    /** Serialized bytes of the point series and of the enterprise totals. */
    public record Bytes(long series, long totals) {
        public long total() {
            return series + totals;
        }
    }

    private StateSize() {}

    public static Bytes of(Map<String, BareLoop.EnterpriseState> state) {
        MapStateDescriptor<String, PointSeries> seriesState = EnterpriseUsageFunction.seriesState();
        MapStateDescriptor<Long, UsageTotals> totalsState = EnterpriseUsageFunction.totalsState();
        ExecutionConfig config = new ExecutionConfig();
        seriesState.initializeSerializerUnlessSet(config);
        totalsState.initializeSerializerUnlessSet(config);
        DataOutputSerializer out = new DataOutputSerializer(64 * 1024);
        long series = 0;
        long totals = 0;
        try {
            for (Map.Entry<String, BareLoop.EnterpriseState> e : state.entrySet()) {
                series += size(
                        out,
                        e.getKey(),
                        e.getValue().series,
                        seriesState.getKeySerializer(),
                        seriesState.getValueSerializer());
                totals += size(
                        out,
                        e.getKey(),
                        e.getValue().totals,
                        totalsState.getKeySerializer(),
                        totalsState.getValueSerializer());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Bytes(series, totals);
    }

    private static <K, V> long size(
            DataOutputSerializer out, String key, Map<K, V> map, TypeSerializer<K> ks, TypeSerializer<V> vs)
            throws IOException {
        out.clear();
        StringSerializer.INSTANCE.serialize(key, out);
        out.writeInt(map.size());
        for (Map.Entry<K, V> e : map.entrySet()) {
            ks.serialize(e.getKey(), out);
            out.writeBoolean(e.getValue() == null);
            vs.serialize(e.getValue(), out);
        }
        return out.length();
    }
}
