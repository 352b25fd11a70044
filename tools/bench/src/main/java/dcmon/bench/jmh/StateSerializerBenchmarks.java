package dcmon.bench.jmh;

import dcmon.bench.SyntheticTraffic;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.registry.Point;
import dcmon.core.registry.PointKind;
import dcmon.core.registry.Role;
import dcmon.core.series.PointSeries;
import dcmon.monitoring.PointSeriesSerializer;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
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
 * A point's series written into a checkpoint, as a heap snapshot writes it: through a
 * {@link DataOutputViewStreamWrapper} over the checkpoint stream, which takes single bytes and small arrays. Needs
 * Flink and the job on the class path, so it is not in the self-contained {@code benchmarks.jar}: run it from the
 * launcher's class path (see docs/benchmarks.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class StateSerializerBenchmarks {
    /** Quarter-hour readings held: 8 (the bench's two hours) or 3,360 (35 days, the lateness window). */
    @Param({"8", "3360"})
    int readings;

    private PointSeries series;
    private final CheckpointStream stream = new CheckpointStream();
    private final DataOutputViewStreamWrapper out = new DataOutputViewStreamWrapper(stream);

    @Setup
    public void fill() {
        Point point = new Point(
                "E-MAIN-01",
                "GW1",
                "electricity",
                null,
                "kWh",
                PointKind.CUMULATIVE,
                1e12,
                Role.INPUT,
                null,
                1e6,
                15,
                false,
                null);
        series = new PointSeries();
        long start = SyntheticTraffic.DEFAULT_START;
        double v = 1000;
        for (int i = 0; i < readings; i++, v += 12.5 + i % 7)
            series.insert(start + i * ShanghaiCalendar.QUARTER_MS, v, point, (b, a, e) -> {});
    }

    @Benchmark
    public int serialize() throws IOException {
        stream.pos = 0;
        PointSeriesSerializer.INSTANCE.serialize(series, out);
        return stream.pos;
    }

    /** Like Flink's file checkpoint stream: an unsynchronized buffer taking bytes one by one or in arrays. */
    static final class CheckpointStream extends OutputStream {
        final byte[] buffer = new byte[1 << 20];
        int pos;

        @Override
        public void write(int b) {
            if (pos == buffer.length) pos = 0;
            buffer[pos++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (pos + len > buffer.length) pos = 0;
            System.arraycopy(b, off, buffer, pos, len);
            pos += len;
        }
    }
}
