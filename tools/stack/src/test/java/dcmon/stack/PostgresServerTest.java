package dcmon.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresServerTest {

    @TempDir
    static Path dir;

    /** One lifecycle against the real binaries: create, start, restart on the same cluster, leftover, stop. */
    @Test
    void startsWithAGeneratedPasswordRestartsOnItsDataAndStopsALeftover() throws Exception {
        Path home = dir.resolve("pg");
        String password;
        int port;
        try (PostgresServer server = PostgresServer.start(home, 0)) {
            port = server.port();
            password = server.password();
            assertThat(password).hasSizeGreaterThanOrEqualTo(24);
            assertThat(Files.getPosixFilePermissions(server.passwordFile()))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            assertThat(Ports.accepting(port, Duration.ofSeconds(1))).isTrue();
            assertThat(server.jdbcUrl("dcmon")).isEqualTo("jdbc:postgresql://127.0.0.1:" + port + "/dcmon");
            server.createDatabase("dcmon");
            server.createDatabase("dcmon"); // idempotent
            assertThat(Files.readString(home.resolve("dcmon-postgres.pid"))).endsWith(port + "\n");
        }
        assertThat(Ports.accepting(port, Duration.ofSeconds(1))).isFalse();
        assertThat(home.resolve("dcmon-postgres.pid")).doesNotExist();

        // A second start keeps the cluster and its password; an unclosed server is a leftover for the third.
        PostgresServer leftover = PostgresServer.start(home, 0);
        assertThat(leftover.password()).isEqualTo(password);
        assertThat(leftover.isRunning()).isTrue();
        int leftoverPort = leftover.port();
        try (PostgresServer server = PostgresServer.start(home, 0)) {
            assertThat(Ports.accepting(leftoverPort, Duration.ofSeconds(1))).isEqualTo(server.port() == leftoverPort);
            assertThat(server.isRunning()).isTrue();
        }
        assertThat(leftover.isRunning()).isFalse();
        leftover.close();
    }

    @Test
    void aDirectoryTooDeepForAUnixSocketStillServesTcp() throws Exception {
        Path deep = dir.resolve("a directory with spaces " + "x".repeat(60)).resolve("pg");
        try (PostgresServer server = PostgresServer.start(deep, 0)) {
            server.createDatabase("deep");
            assertThat(Ports.accepting(server.port(), Duration.ofSeconds(1))).isTrue();
        }
    }
}
