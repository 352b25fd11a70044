package dcmon.monitoring;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Where the job keeps its state, by Flink's names for {@code state.backend.type}.
 *
 * <p>{@link #HASHMAP} keeps it as objects on the Java heap: the fastest per reading, but every checkpoint writes all of
 * it, and it must fit in the heap. {@link #ROCKSDB} keeps it serialized in RocksDB on local disk, off the heap, and
 * checkpoints incrementally (only the files that changed since the last checkpoint): the setting for state that
 * outgrows the heap — a point keeps its readings for the whole lateness window, about 64 KB after 35 days of
 * 15-minute readings (docs/benchmarks.md, <i>State per point over time</i>) — at a higher cost per access, since
 * every read and write (de)serializes the value.
 */
public enum StateBackendType {
    HASHMAP("hashmap"),
    ROCKSDB("rocksdb");

    private final String flinkName;

    StateBackendType(String flinkName) {
        this.flinkName = flinkName;
    }

    /** The value of Flink's {@code state.backend.type} for this backend. */
    public String flinkName() {
        return flinkName;
    }

    /** Whether checkpoints write only what changed since the last one (possible with RocksDB only). */
    public boolean incrementalCheckpoints() {
        return this == ROCKSDB;
    }

    /** The backend of that name ({@code hashmap}, {@code rocksdb}); anything else is refused naming the valid ones. */
    public static StateBackendType parse(String name) {
        for (StateBackendType t : values()) {
            if (t.flinkName.equals(name)) return t;
        }
        throw new IllegalArgumentException("state-backend must be one of "
                + Arrays.stream(values()).map(StateBackendType::flinkName).collect(Collectors.joining(", ")) + ", was '"
                + name + "'");
    }
}
