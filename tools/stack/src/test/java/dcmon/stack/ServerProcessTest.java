package dcmon.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerProcessTest {
    @TempDir
    Path dir;

    @Test
    void stopsAProcessLeftRunningWithItsConfigurationFileAndForgetsItsPid() throws Exception {
        Path config = dir.resolve("server.conf");
        Files.writeString(config, "");
        Process leftover = new ProcessBuilder("sh", "-c", "sleep 60", config.toString()).start();
        Path pidFile = dir.resolve("server.pid");
        ServerProcess.writePid(pidFile, leftover);

        assertThat(ServerProcess.stopLeftover(pidFile, config)).isTrue();
        assertThat(leftover.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(pidFile).doesNotExist();
    }

    @Test
    void leavesAloneAProcessThatDoesNotRunWithThatFile() throws Exception {
        Path config = dir.resolve("server.conf");
        Process stranger = new ProcessBuilder("sleep", "60").start();
        try {
            Path pidFile = dir.resolve("server.pid");
            ServerProcess.writePid(pidFile, stranger);
            assertThat(ServerProcess.stopLeftover(pidFile, config)).isFalse();
            assertThat(stranger.isAlive()).isTrue();
            assertThat(pidFile).doesNotExist();
        } finally {
            stranger.destroyForcibly();
        }
    }

    @Test
    void aStartInTheSameDirectoryStopsTheInfluxdAnEarlierRunLeftBehind() throws Exception {
        InfluxdServer first = InfluxdServer.start(dir.resolve("influxdb"), 0);
        // "first" stands for a server whose JVM was killed: nobody closes it, and its port and data are taken
        try (InfluxdServer second = InfluxdServer.start(dir.resolve("influxdb"), first.port())) {
            assertThat(first.isRunning()).isFalse();
            assertThat(second.isRunning()).isTrue();
            assertThat(dir.resolve("influxdb").resolve(InfluxdServer.PID_FILE)).exists();
        }
        assertThat(dir.resolve("influxdb").resolve(InfluxdServer.PID_FILE)).doesNotExist();
        first.close();
    }

    @Test
    void aStartInTheSameDirectoryStopsTheMosquittoAnEarlierRunLeftBehind() throws Exception {
        MosquittoServer first = MosquittoServer.start(dir.resolve("mosquitto"), 0);
        try (MosquittoServer second = MosquittoServer.start(dir.resolve("mosquitto"), first.port())) {
            assertThat(first.isRunning()).isFalse();
            assertThat(second.isRunning()).isTrue();
        }
        first.close();
    }
}
