package dcmon.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which checkpoints a local run resumes from, and from which it refuses to. */
class LocalJobTest {
    @TempDir
    Path dir;

    private Path checkpoint(String name) throws IOException {
        Path chk = Files.createDirectories(dir.resolve("job-1").resolve(name));
        Files.writeString(chk.resolve("_metadata"), "x");
        return chk;
    }

    @Test
    void resumesFromTheNewestCompletedCheckpoint() throws IOException {
        assertThat(LocalJob.latestCheckpoint(dir)).isEmpty();
        checkpoint("chk-3");
        Path newest = checkpoint("chk-12");
        newest.toFile().setLastModified(System.currentTimeMillis() + 1000);
        Files.createDirectories(dir.resolve("job-1").resolve("chk-13")); // being written: no _metadata yet
        assertThat(LocalJob.latestCheckpoint(dir)).contains(newest);
    }

    @Test
    void aFirstRunRecordsItsBackend() throws IOException {
        LocalJob.claimCheckpoints(dir, StateBackendType.ROCKSDB, false);
        assertThat(dir.resolve(LocalJob.BACKEND_FILE)).hasContent("rocksdb");
    }

    @Test
    void checkpointsOfTheOtherBackendAreRefusedNamingTheOneToResumeWith() throws IOException {
        LocalJob.claimCheckpoints(dir, StateBackendType.ROCKSDB, false);
        assertThatThrownBy(() -> LocalJob.claimCheckpoints(dir, StateBackendType.HASHMAP, true))
                .isInstanceOf(LocalJob.StateBackendMismatch.class)
                .hasMessageStartingWith(
                        "the checkpoints in " + dir + " hold rocksdb state, which does not restore into hashmap: "
                                + "resume with --state-backend rocksdb.");
        assertThat(dir.resolve(LocalJob.BACKEND_FILE)).as("left as it was").hasContent("rocksdb");
        LocalJob.claimCheckpoints(dir, StateBackendType.ROCKSDB, true);
    }

    @Test
    void checkpointsWithoutARecordAreHeapStateFromBeforeTheChoice() throws IOException {
        assertThatThrownBy(() -> LocalJob.claimCheckpoints(dir, StateBackendType.ROCKSDB, true))
                .isInstanceOf(LocalJob.StateBackendMismatch.class)
                .hasMessageContaining("hold hashmap state");
        LocalJob.claimCheckpoints(dir, StateBackendType.HASHMAP, true);
        assertThat(dir.resolve(LocalJob.BACKEND_FILE)).hasContent("hashmap");
    }

    @Test
    void withNothingToResumeFromTheBackendMayChange() throws IOException {
        LocalJob.claimCheckpoints(dir, StateBackendType.HASHMAP, false);
        LocalJob.claimCheckpoints(dir, StateBackendType.ROCKSDB, false);
        assertThat(dir.resolve(LocalJob.BACKEND_FILE)).hasContent("rocksdb");
    }

    @Test
    void anUnreadableRecordIsRefusedNamingItsFile() throws IOException {
        Files.writeString(dir.resolve(LocalJob.BACKEND_FILE), "memory\n");
        assertThatThrownBy(() -> LocalJob.claimCheckpoints(dir, StateBackendType.HASHMAP, true))
                .isInstanceOf(LocalJob.StateBackendMismatch.class)
                .hasMessage(dir.resolve(LocalJob.BACKEND_FILE)
                        + ": state-backend must be one of hashmap, rocksdb, was 'memory'");
    }
}
