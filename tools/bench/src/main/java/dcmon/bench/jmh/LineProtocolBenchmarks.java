package dcmon.bench.jmh;

import dcmon.bench.SyntheticTraffic;
import dcmon.influx.LineProtocol;
import dcmon.influx.SeriesPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The InfluxDB writer's own work: a batch of 100 rows as the job writes them (quarter-hour point rows with fractional
 * amounts, and an enterprise row) rendered to line protocol. Run it from the launcher's class path (see
 * docs/benchmarks.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class LineProtocolBenchmarks {
    private final List<SeriesPoint> rows = new ArrayList<>();

    @Setup
    public void fill() {
        long quarter = SyntheticTraffic.DEFAULT_START + 40 * 900_000L;
        for (int i = 0; i < 99; i++) {
            double amount = 12.25 + i / 3.0;
            rows.add(SeriesPoint.builder("point_usage")
                    .tag("energy", "electricity")
                    .tag("enterprise", "91420100MA4KX1234A")
                    .tag("period", "15m")
                    .tag("point", String.format("M%05d", 12_000 + i))
                    .field("amount", amount)
                    .field("estimated", false)
                    .field("tce", amount * 0.1229 / 1000)
                    .field("tco2", amount * 0.5306 / 1000)
                    .timeMillis(quarter)
                    .build());
        }
        rows.add(SeriesPoint.builder("enterprise_usage")
                .tag("enterprise", "91420100MA4KX1234A")
                .tag("city", "420100")
                .tag("tier", "thousand")
                .tag("industry", "C31")
                .tag("period", "day")
                .field("tce", 1234.5678)
                .field("tce_equal_value", 2469.1356)
                .field("tce_policy", 1200.25)
                .field("tco2", 3100.125)
                .field("estimated", true)
                .field("output_crude-steel", 88.5)
                .timeMillis(quarter)
                .build());
    }

    @Benchmark
    public String render() {
        return LineProtocol.of(rows);
    }
}
