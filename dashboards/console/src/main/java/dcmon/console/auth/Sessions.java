package dcmon.console.auth;

import dcmon.console.db.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Server-side sessions: the client holds a random 256-bit token, the database its SHA-256, the account, a CSRF
 * token and an expiry. Disabling an account or changing its password deletes its sessions.
 */
public final class Sessions {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final Duration ttl;

    public Sessions(Database db, Duration ttl) {
        this.db = db;
        this.ttl = ttl;
    }

    public Duration ttl() {
        return ttl;
    }

    /** A session the client was just given: its token goes into the cookie. */
    public record NewSession(String token, String csrfToken) {}

    /** A valid session. */
    public record Session(User user, String csrfToken) {}

    public NewSession create(User user) {
        String token = randomToken();
        String csrf = randomToken();
        db.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO sessions (token_hash, user_id, csrf_token, expires) VALUES (?, ?, ?, ?)")) {
                s.setString(1, sha256(token));
                s.setLong(2, user.id());
                s.setString(3, csrf);
                s.setTimestamp(4, Timestamp.from(Instant.now().plus(ttl)));
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM sessions WHERE expires < now()")) {
                s.executeUpdate();
            }
            return null;
        });
        return new NewSession(token, csrf);
    }

    /** The unexpired session of an enabled account with this token. */
    public Optional<Session> find(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) return Optional.empty();
        return db.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT u.id, u.name, u.role, u.city, u.enterprise, "
                    + "u.disabled, u.created, s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id "
                    + "WHERE s.token_hash = ? AND s.expires > now() AND NOT u.disabled")) {
                s.setString(1, sha256(token));
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    return Optional.of(new Session(Users.read(rs), rs.getString("csrf_token")));
                }
            }
        });
    }

    public void delete(String token) {
        if (token == null) return;
        db.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM sessions WHERE token_hash = ?")) {
                s.setString(1, sha256(token));
                return s.executeUpdate();
            }
        });
    }

    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
