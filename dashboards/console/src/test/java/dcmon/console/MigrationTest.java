package dcmon.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class MigrationTest extends PostgresTestBase {

    @Test
    void migrationsApplyOnAnEmptyDatabaseAndAgainAsANoOp() {
        assertThat(count("SELECT count(*) FROM flyway_schema_history WHERE success"))
                .isEqualTo(4);
        for (String table : new String[] {
            "users",
            "login_failures",
            "sessions",
            "alerts",
            "alert_events",
            "reviews",
            "user_audit",
            "maintenance_windows",
            "qualitative_points",
            "qualitative_point_changes",
            "outbox"
        }) {
            assertThat(count("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", table))
                    .as(table)
                    .isEqualTo(1);
        }
        db.close();
        db = dcmon.console.db.Database.open(postgres.jdbcUrl("console"), postgres.user(), postgres.password());
        // one row per migration, none added by opening again
        assertThat(count("SELECT count(*) FROM flyway_schema_history")).isEqualTo(4);
    }

    @Test
    void reviewsAndTheUserAuditAreAppendOnly() {
        db.withConnection(c -> {
            try (var s = c.createStatement()) {
                s.executeUpdate("INSERT INTO user_audit (actor, action, target) VALUES ('cli', 'add', 'x')");
            }
            return null;
        });
        assertThatThrownBy(() -> db.withConnection(c -> {
                    try (var s = c.createStatement()) {
                        return s.executeUpdate("UPDATE user_audit SET actor = 'someone else'");
                    }
                }))
                .hasRootCauseInstanceOf(SQLException.class)
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.withConnection(c -> {
                    try (var s = c.createStatement()) {
                        return s.executeUpdate("DELETE FROM reviews");
                    }
                }))
                .hasMessageContaining("append-only");
    }
}
