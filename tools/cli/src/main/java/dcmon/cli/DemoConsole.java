package dcmon.cli;

import dcmon.console.Console;
import dcmon.console.ConsoleSettings;
import dcmon.console.auth.Role;
import dcmon.console.auth.Users;
import dcmon.console.dashboard.Colours;
import dcmon.console.db.Database;
import dcmon.console.names.Names;
import dcmon.core.Topics;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Registry;
import dcmon.stack.PostgresServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * The console as part of the demo: PostgreSQL under the demo's data directory, one account per role with a
 * password generated on every start (printed once), and the console reading the demo's alerts and progress.
 */
final class DemoConsole implements AutoCloseable {
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final PostgresServer postgres;
    private final Console console;
    private final List<String[]> accounts;

    private DemoConsole(PostgresServer postgres, Console console, List<String[]> accounts) {
        this.postgres = postgres;
        this.console = console;
        this.accounts = accounts;
    }

    static DemoConsole start(Path dataDir, Registry registry, String kafkaBootstrap, int httpPort) throws IOException {
        return start(
                dataDir,
                registry,
                Names::none,
                kafkaBootstrap,
                null,
                null,
                Colours.defaults(),
                Path.of("var/exports"),
                httpPort);
    }

    /**
     * @param names the names of the demo's registry for the pages
     * @param influxUrl the demo's InfluxDB for the dashboards, or null for none
     * @param colours the thresholds of the demo job's alert rules
     * @param exports the exports directory of the demo's exporter service, served by the exports page
     */
    static DemoConsole start(
            Path dataDir,
            Registry registry,
            Supplier<Names> names,
            String kafkaBootstrap,
            String influxUrl,
            String influxDatabase,
            Colours colours,
            Path exports,
            int httpPort)
            throws IOException {
        PostgresServer postgres = PostgresServer.start(dataDir, 0);
        Database db = null;
        try {
            postgres.createDatabase("dcmon");
            db = Database.open(postgres.jdbcUrl("dcmon"), postgres.user(), postgres.password());
            List<String[]> accounts = demoAccounts(new Users(db), registry);
            Console console = Console.start(
                    db,
                    kafkaBootstrap,
                    influxUrl,
                    influxDatabase,
                    colours,
                    names,
                    ConsoleSettings.defaults().withExports(exports),
                    "127.0.0.1",
                    httpPort);
            return new DemoConsole(postgres, console, accounts);
        } catch (IOException | RuntimeException e) {
            if (db != null) db.close();
            postgres.close();
            throw e;
        }
    }

    private static List<String[]> demoAccounts(Users users, Registry registry) {
        Enterprise first = registry.enterprises().stream()
                .min(Comparator.comparing(Enterprise::code))
                .orElseThrow(() -> new IllegalStateException("the registry has no enterprises"));
        List<String[]> accounts = new ArrayList<>();
        accounts.add(account(users, "province", Role.PROVINCE, null, null));
        accounts.add(account(users, "city-" + first.city(), Role.CITY, first.city(), null));
        accounts.add(account(users, "enterprise", Role.ENTERPRISE, first.city(), first.code()));
        accounts.add(account(users, "admin", Role.ADMIN, null, null));
        return accounts;
    }

    private static String[] account(Users users, String name, Role role, String city, String enterprise) {
        String password = generatePassword();
        if (users.find(name).isPresent()) {
            users.setPassword("demo", name, password);
            users.enable("demo", name);
        } else {
            users.add("demo", name, role, role == Role.CITY ? city : null, enterprise, password);
        }
        String scope = role == Role.CITY ? " " + city : role == Role.ENTERPRISE ? " " + enterprise : "";
        return new String[] {name, password, role.wire() + scope};
    }

    private static String generatePassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 16; i++) s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        return s.toString();
    }

    void print(PrintStream out) {
        out.printf(
                "  console   http://127.0.0.1:%-11d dashboards and alert review of %s (PostgreSQL 127.0.0.1:%d)%n",
                console.port(), Topics.ALERTS, postgres.port());
        for (String[] a : accounts) out.printf("            %-16s password %s  (%s)%n", a[0], a[1], a[2]);
    }

    @Override
    public void close() {
        console.close();
        postgres.close();
    }
}
