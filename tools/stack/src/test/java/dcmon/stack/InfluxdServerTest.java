package dcmon.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfluxdServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void servesWritesAndKeepsDataAcrossRestartsInTheSameDirectory() throws Exception {
        int port;
        try (InfluxdServer server = InfluxdServer.start(dir, 0)) {
            port = server.port();
            assertThat(server.url()).isEqualTo("http://127.0.0.1:" + port);
            assertThat(status(server.url() + "/ping")).isEqualTo(204);

            post(server.url() + "/query", "q=" + encode("CREATE DATABASE stacktest"));
            post(
                    server.url() + "/write?db=stacktest&precision=ms",
                    "usage,enterprise=E1,period=day tce=12.5,readings=3i 1764518400000");

            assertThat(selectUsage(server))
                    .isEqualTo(
                            "name,tags,time,enterprise,period,readings,tce\n" + "usage,,1764518400000,E1,day,3,12.5\n");
        }
        // a shard written with the TSI index has an index directory of its own (the in-memory index has none)
        try (var files = java.nio.file.Files.walk(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().equals("index")))
                    .isNotEmpty();
        }
        assertThatThrownBy(() -> status("http://127.0.0.1:" + port + "/ping")).isInstanceOf(IOException.class);

        try (InfluxdServer restarted = InfluxdServer.start(dir, port)) {
            assertThat(restarted.port()).isEqualTo(port);
            assertThat(selectUsage(restarted))
                    .isEqualTo(
                            "name,tags,time,enterprise,period,readings,tce\n" + "usage,,1764518400000,E1,day,3,12.5\n");
        }
    }

    @Test
    void failsWithTheLogWhenTheRequestedPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> InfluxdServer.start(dir, taken.getLocalPort()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("address already in use");
        }
    }

    @Test
    void bindsHttpAndRpcToLoopbackWithEverythingUnderTheDirectory() {
        assertThat(InfluxdServer.config(Path.of("/srv/influx"), 18086, 18088))
                .contains("bind-address = \"127.0.0.1:18088\"")
                .contains("bind-address = \"127.0.0.1:18086\"")
                .contains("dir = \"/srv/influx/meta\"")
                .contains("dir = \"/srv/influx/data\"")
                .contains("wal-dir = \"/srv/influx/wal\"")
                .contains("reporting-disabled = true")
                .contains("query-log-enabled = false")
                .contains("index-version = \"tsi1\"");
    }

    private String selectUsage(InfluxdServer server) throws Exception {
        HttpRequest query = HttpRequest.newBuilder(
                        URI.create(server.url() + "/query?db=stacktest&epoch=ms&q=" + encode("SELECT * FROM usage")))
                .header("Accept", "application/csv")
                .GET()
                .build();
        return http.send(query, HttpResponse.BodyHandlers.ofString()).body().replace("\r\n", "\n");
    }

    private int status(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private void post(String url, String body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header(
                                "Content-Type",
                                url.contains("/query") ? "application/x-www-form-urlencoded" : "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 204);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
