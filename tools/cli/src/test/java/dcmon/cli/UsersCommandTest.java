package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.console.ConsoleSettings;
import dcmon.console.db.Database;
import dcmon.console.http.ConsoleApp;
import dcmon.stack.PostgresServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** ./dcmon users against a real PostgreSQL, checked through the console's login. */
class UsersCommandTest {
    @TempDir
    static Path dir;

    private static PostgresServer postgres;
    private static Database db;
    private static ConsoleApp app;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start(dir.resolve("pg"), 0);
        postgres.createDatabase("dcmon");
        db = Database.open(postgres.jdbcUrl("dcmon"), postgres.user(), postgres.password());
        app = ConsoleApp.start(db, ConsoleSettings.defaults(), "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
        if (db != null) db.close();
        if (postgres != null) postgres.close();
    }

    private record Run(int exit, String out, String err) {}

    private static Run users(String stdin, String... args) {
        List<String> line = new ArrayList<>(List.of("users"));
        line.addAll(List.of(args));
        line.addAll(List.of(
                "--postgres-url",
                postgres.jdbcUrl("dcmon"),
                "--postgres-user",
                postgres.user(),
                "--postgres-password-file",
                postgres.passwordFile().toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Dcmon());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return new Run(cli.execute(line.toArray(String[]::new)), out.toString(), err.toString());
        } finally {
            System.setIn(saved);
        }
    }

    private static int login(String name, String password) throws Exception {
        String body = "{\"name\":\"" + name + "\",\"password\":\"" + password + "\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void addsChangesAndDisablesAccountsWithPasswordsFromStandardInput() throws Exception {
        Run added =
                users("first long password\n", "add", "ana", "--role", "city", "--city", "420100", "--password-stdin");
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).contains("added ana (city 420100)");
        assertThat(login("ana", "first long password")).isEqualTo(200);

        assertThat(users("x\n", "add", "bob", "--role", "city", "--password-stdin")
                        .exit())
                .isEqualTo(1);
        assertThat(users("another long password\n", "add", "ana", "--role", "province", "--password-stdin")
                        .err())
                .contains("user exists");
        assertThat(users("short\n", "add", "cy", "--role", "province", "--password-stdin")
                        .err())
                .contains("at least 10");
        assertThat(users("another long password\n", "add", "dan", "--role", "province")
                        .exit())
                .isEqualTo(2); // --password-stdin is required: no password from arguments

        assertThat(users("second long password\n", "passwd", "ana", "--password-stdin")
                        .exit())
                .isZero();
        assertThat(login("ana", "first long password")).isEqualTo(401);
        assertThat(login("ana", "second long password")).isEqualTo(200);

        Run disabled = users("", "disable", "ana");
        assertThat(disabled.exit()).isZero();
        assertThat(login("ana", "second long password")).isEqualTo(401);
        assertThat(users("", "disable", "nobody").exit()).isEqualTo(1);
        assertThat(users("", "list").out()).contains("ana").contains("disabled");

        db.withConnection(c -> {
            try (ResultSet rs =
                    c.createStatement().executeQuery("SELECT password_hash FROM users WHERE name = 'ana'")) {
                rs.next();
                assertThat(rs.getString(1)).startsWith("$argon2id$").doesNotContain("second");
            }
            try (ResultSet rs = c.createStatement()
                    .executeQuery("SELECT string_agg(actor || ':' || action, ',' ORDER BY id) FROM user_audit "
                            + "WHERE target = 'ana'")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("cli:add,cli:passwd,cli:disable");
            }
            return null;
        });
    }
}
