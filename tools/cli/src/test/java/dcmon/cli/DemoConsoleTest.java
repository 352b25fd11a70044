package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.registry.Registry;
import dcmon.monitoring.RegistryDirectory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's console: its own PostgreSQL, one account per role with passwords that change on every start. */
class DemoConsoleTest {
    private static final Pattern ACCOUNT =
            Pattern.compile("^\\s+(\\S+)\\s+password (\\S+)\\s+\\((.+)\\)$", Pattern.MULTILINE);

    @TempDir
    static Path dir;

    @Test
    void printsOneWorkingAccountPerRoleWithPasswordsRenewedOnEveryStart() throws Exception {
        Registry registry = new RegistryDirectory(EndToEnd.REGISTRY, EndToEnd.REFERENCE, Long.MAX_VALUE)
                .loadOrThrow()
                .registry();
        Map<String, String> first;
        try (DemoConsole console = DemoConsole.start(dir.resolve("postgres"), registry, null, 0)) {
            String printed = print(console);
            first = accounts(printed);
            assertThat(first).containsKeys("province", "enterprise", "admin").hasSize(4);
            int port = Integer.parseInt(printed.replaceAll("(?s).*http://127\\.0\\.0\\.1:(\\d+).*", "$1"));
            for (Map.Entry<String, String> a : first.entrySet()) {
                assertThat(login(port, a.getKey(), a.getValue())).as(a.getKey()).isEqualTo(200);
            }
        }
        try (DemoConsole console = DemoConsole.start(dir.resolve("postgres"), registry, null, 0)) {
            String printed = print(console);
            Map<String, String> second = accounts(printed);
            int port = Integer.parseInt(printed.replaceAll("(?s).*http://127\\.0\\.0\\.1:(\\d+).*", "$1"));
            assertThat(second.get("province")).isNotEqualTo(first.get("province"));
            assertThat(login(port, "province", first.get("province"))).isEqualTo(401);
            assertThat(login(port, "province", second.get("province"))).isEqualTo(200);
        }
    }

    private static String print(DemoConsole console) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        console.print(new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, String> accounts(String printed) {
        Map<String, String> accounts = new LinkedHashMap<>();
        Matcher m = ACCOUNT.matcher(printed);
        while (m.find()) accounts.put(m.group(1), m.group(2));
        return accounts;
    }

    private static int login(int port, String name, String password) throws Exception {
        String body = "{\"name\":\"" + name + "\",\"password\":\"" + password + "\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
