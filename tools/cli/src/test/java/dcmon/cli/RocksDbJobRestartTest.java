package dcmon.cli;

import dcmon.monitoring.LocalJob;
import dcmon.monitoring.StateBackendType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * {@link JobRestartTest} with the state in RocksDB and incremental checkpoints: every state value is serialized on
 * each access instead of living on the heap, and the restart restores RocksDB's files. The totals must be just as
 * exact.
 */
class RocksDbJobRestartTest extends JobRestartTest {
    @Override
    StateBackendType stateBackend() {
        return StateBackendType.ROCKSDB;
    }

    /** The state is really in RocksDB: its database appears in the job's working directory beside the checkpoints. */
    @Override
    void whileRunning() throws InterruptedException {
        Path rocksdb = LocalJob.rocksDbDir(e2e.checkpoints());
        EndToEnd.await(
                "a RocksDB database under " + rocksdb, Duration.ofSeconds(60), () -> hasFile(rocksdb, "CURRENT"));
    }

    private static boolean hasFile(Path dir, String name) {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().equals(name));
        } catch (IOException | RuntimeException e) {
            return false; // RocksDB is creating or removing files right now
        }
    }
}
