package dcmon.bench.jmh;

import dcmon.bench.SyntheticTraffic;
import dcmon.core.reading.AcceptedReadings;
import dcmon.monitoring.AcceptedReadingsSerializer;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A validated message of 50 readings from validation to the enterprise task: written into a network buffer and read
 * back, as Flink does between the two tasks, with Flink's POJO serializer (as before the job had a serializer of its own: docs/benchmarks.md, *The validated message's wire serializer*) or the job's own. Needs Flink
 * and the job on the class path: run it from the launcher's class path (see docs/benchmarks.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class WireSerializerBenchmarks {
    @Param({"pojo", "own"})
    String serializer;

    private TypeSerializer<AcceptedReadings> s;
    private AcceptedReadings message;
    private final DataOutputSerializer out = new DataOutputSerializer(8192);
    private final DataInputDeserializer in = new DataInputDeserializer();

    @Setup
    public void fill() {
        s = serializer.equals("pojo")
                ? TypeInformation.of(AcceptedReadings.class).createSerializer(new SerializerConfigImpl())
                : new AcceptedReadingsSerializer();
        int n = 50;
        int[] index = new int[n];
        String[] points = new String[n];
        long[] ts = new long[n];
        double[] values = new double[n];
        long quarter = SyntheticTraffic.DEFAULT_START + 40 * 900_000L;
        for (int i = 0; i < n; i++) {
            index[i] = i;
            points[i] = String.format("M%05d", 12_000 + i); // the synthetic registry's ids
            ts[i] = quarter;
            values[i] = 1_000_000 + 12.25 * i;
        }
        message = new AcceptedReadings("91420100MA4KX1234A", "GW0240", quarter + 30_000, 17, index, points, ts, values);
    }

    /** One message out and in again. */
    @Benchmark
    public AcceptedReadings roundTrip() throws IOException {
        out.clear();
        s.serialize(message, out);
        in.setBuffer(out.getSharedBuffer(), 0, out.length());
        return s.deserialize(in);
    }

    /** Writing one message only: validation's side of the wire. */
    @Benchmark
    public int bytes() throws IOException {
        out.clear();
        s.serialize(message, out);
        return out.length();
    }
}
