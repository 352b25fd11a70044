package dcmon.console;

import dcmon.console.db.Database;
import dcmon.stack.PostgresServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A real PostgreSQL started once per test class, with the console's database migrated. */
public abstract class PostgresTestBase {
    @TempDir
    static Path pgDir;

    protected static PostgresServer postgres;
    protected static Database db;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start(pgDir.resolve("pg"), 0);
        postgres.createDatabase("console");
        db = Database.open(postgres.jdbcUrl("console"), postgres.user(), postgres.password());
    }

    @AfterAll
    static void stopPostgres() {
        if (db != null) db.close();
        if (postgres != null) postgres.close();
    }

    protected static long count(String sql, Object... params) {
        return db.withConnection(c -> {
            try (var s = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) s.setObject(i + 1, params[i]);
                try (var rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    protected static String string(String sql, Object... params) {
        return db.withConnection(c -> {
            try (var s = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) s.setObject(i + 1, params[i]);
                try (var rs = s.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }
}
