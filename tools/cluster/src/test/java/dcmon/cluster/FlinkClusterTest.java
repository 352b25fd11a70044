package dcmon.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.apache.flink.runtime.messages.webmonitor.ClusterOverview;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real standalone session cluster: a JobManager and two TaskManagers as processes of their own. */
class FlinkClusterTest {
    @TempDir
    Path dir;

    @Test
    void upStartsAJobManagerAndTaskManagersAsProcessesAndDownStopsThem() throws Exception {
        ClusterSettings settings = ClusterSettings.withFreePorts(dir.resolve("cluster"), 2, 2);
        FlinkCluster cluster = FlinkCluster.up(settings);
        // its processes outlive this JVM by design; a test JVM stopped early must not leave them behind
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::down, "cluster-down"));
        try {
            String config = Files.readString(settings.configDir().resolve("config.yaml"));
            assertThat(config)
                    .contains("state.backend.type: rocksdb")
                    .contains("execution.checkpointing.incremental: true")
                    .contains("taskmanager.numberOfTaskSlots: 2")
                    .contains("rest.port: " + settings.restPort())
                    .contains("execution.checkpointing.dir: '"
                            + settings.checkpointDir().toUri());
            long jm = cluster.jobManagerPid().orElseThrow();
            assertThat(cluster.taskManagerPids()).hasSize(2);
            assertThat(cluster.taskManagerPids().values()).allMatch(OptionalLong::isPresent);
            assertThat(ProcessHandle.current().pid()).isNotEqualTo(jm);
            try (ClusterClient client = cluster.client()) {
                ClusterOverview o = client.overview().orElseThrow();
                assertThat(o.getNumTaskManagersConnected()).isEqualTo(2);
                assertThat(o.getNumSlotsTotal()).isEqualTo(4);
                assertThat(client.jobs()).isEmpty();
            }
            assertThatThrownBy(() -> FlinkCluster.up(settings))
                    .isInstanceOf(ClusterException.class)
                    .hasMessageContaining("already running");
        } finally {
            assertThat(cluster.down()).isEqualTo(3);
        }
        assertThat(cluster.jobManagerPid()).isEmpty();
        assertThat(cluster.taskManagerPids()).isEmpty();
        assertThat(Files.exists(dir.resolve("cluster/jobmanager.pid"))).isFalse();
    }
}
