package dcmon.console.auth;

import dcmon.console.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Refuses logins for an account from an address after {@code maxFailures} failures there within {@code window},
 * until the oldest of them leaves the window. Failures are counted in the database, so restarts do not reset them.
 */
public final class LoginThrottle {
    private final Database db;
    private final int maxFailures;
    private final Duration window;

    public LoginThrottle(Database db, int maxFailures, Duration window) {
        this.db = db;
        this.maxFailures = maxFailures;
        this.window = window;
    }

    /** How long to wait before the next attempt, when the account is throttled for this address. */
    public Optional<Duration> retryAfter(String account, String ip) {
        Instant since = Instant.now().minus(window);
        return db.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT at FROM login_failures WHERE account = ? "
                    + "AND ip = ? AND at > ? ORDER BY at DESC LIMIT ?")) {
                s.setString(1, account);
                s.setString(2, ip);
                s.setTimestamp(3, Timestamp.from(since));
                s.setInt(4, maxFailures);
                Instant oldest = null;
                int count = 0;
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        count++;
                        oldest = rs.getTimestamp(1).toInstant();
                    }
                }
                if (count < maxFailures) return Optional.empty();
                Duration wait = Duration.between(Instant.now(), oldest.plus(window));
                return Optional.of(wait.isNegative() ? Duration.ofSeconds(1) : wait);
            }
        });
    }

    public void recordFailure(String account, String ip) {
        db.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO login_failures (account, ip) VALUES (?, ?)")) {
                s.setString(1, account);
                s.setString(2, ip);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM login_failures WHERE at < ?")) {
                s.setTimestamp(1, Timestamp.from(Instant.now().minus(window.multipliedBy(2))));
                s.executeUpdate();
            }
            return null;
        });
    }

    /** After a successful login, the failures for that account and address are forgotten. */
    public void clear(String account, String ip) {
        db.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM login_failures WHERE account = ? AND ip = ?")) {
                s.setString(1, account);
                s.setString(2, ip);
                return s.executeUpdate();
            }
        });
    }
}
