package dcmon.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dcmon.stack.InfluxdServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.dto.Query;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logins to a real influxd with authentication on, and the environment's variables. */
class InfluxCredentialsTest {

    @TempDir
    static Path dir;

    static InfluxdServer influxd;

    @BeforeAll
    static void startInfluxdWithAuthentication() throws Exception {
        influxd = InfluxdServer.start(dir.resolve("influxd"), 0, true);
        // with no user yet, influxd lets the first admin be created without a login
        try (InfluxDB bootstrap = connect(InfluxCredentials.NONE)) {
            bootstrap.query(new Query("CREATE USER dcmon WITH PASSWORD 'pw-for-test' WITH ALL PRIVILEGES"));
        }
    }

    @AfterAll
    static void stop() {
        if (influxd != null) influxd.close();
    }

    @Test
    void aUserFromTheEnvironmentLogsInAndNoLoginIsRefused() throws Exception {
        Path secret = dir.resolve("influx.password");
        Files.writeString(secret, "pw-for-test\n");
        InfluxCredentials fromEnv = InfluxCredentials.fromEnvironment(
                Map.of("DCMON_INFLUX_USER", "dcmon", "DCMON_INFLUX_PASSWORD_FILE", secret.toString())::get);

        try (InfluxDB db = connect(fromEnv)) {
            db.query(new Query("CREATE DATABASE authtest"));
            assertThat(db.query(new Query("SHOW DATABASES"))
                            .getResults()
                            .get(0)
                            .getSeries()
                            .get(0)
                            .getValues())
                    .contains(List.of("authtest"));
        }
        try (InfluxDB anonymous = connect(InfluxCredentials.NONE)) {
            assertThatThrownBy(() -> anonymous.query(new Query("SHOW DATABASES")))
                    .isInstanceOf(InfluxDBException.class)
                    .hasMessageContaining("unable to parse authentication credentials");
        }
        try (InfluxDB wrong = connect(new InfluxCredentials("dcmon", "wrong", null))) {
            assertThatThrownBy(() -> wrong.query(new Query("SHOW DATABASES")))
                    .isInstanceOf(InfluxDBException.class)
                    .hasMessageContaining("authorization failed");
        }
    }

    @Test
    void aTokenIsSentAsTheTokenSchemeAndNeverShown() {
        InfluxCredentials token = InfluxCredentials.fromEnvironment(Map.of("DCMON_INFLUX_TOKEN", "t0ken-s3cret")::get);
        assertThat(token.authorization()).isEqualTo("Token t0ken-s3cret");
        assertThat(token.toString()).doesNotContain("s3cret").isEqualTo("InfluxCredentials[token]");
        assertThat(new InfluxCredentials("u", "pw", null).toString()).doesNotContain("pw");
        assertThat(InfluxCredentials.fromEnvironment(Map.<String, String>of()::get)
                        .none())
                .isTrue();
    }

    @Test
    void contradictoryOrIncompleteVariablesNameTheVariableNotTheSecret() {
        assertThatThrownBy(() -> InfluxCredentials.fromEnvironment(
                        Map.of("DCMON_INFLUX_TOKEN", "s3cret", "DCMON_INFLUX_USER", "u")::get))
                .hasMessage("set either DCMON_INFLUX_TOKEN or DCMON_INFLUX_USER for InfluxDB, not both");
        assertThatThrownBy(() -> InfluxCredentials.fromEnvironment(Map.of("DCMON_INFLUX_PASSWORD", "s3cret")::get))
                .hasMessage("DCMON_INFLUX_PASSWORD is set but DCMON_INFLUX_USER is not");
        assertThatThrownBy(() -> InfluxCredentials.fromEnvironment(Map.of("DCMON_INFLUX_USER", "u")::get))
                .hasMessage(
                        "DCMON_INFLUX_USER is set but neither DCMON_INFLUX_PASSWORD nor DCMON_INFLUX_PASSWORD_FILE");
        assertThatThrownBy(() ->
                        InfluxCredentials.fromEnvironment(Map.of("DCMON_INFLUX_TOKEN_FILE", "/nonexistent/token")::get))
                .hasMessage("cannot read the file that DCMON_INFLUX_TOKEN_FILE names: /nonexistent/token");
    }

    private static InfluxDB connect(InfluxCredentials credentials) {
        OkHttpClient.Builder http = new OkHttpClient.Builder().readTimeout(10, TimeUnit.SECONDS);
        return InfluxConnections.connect(influxd.url(), credentials, http);
    }
}
