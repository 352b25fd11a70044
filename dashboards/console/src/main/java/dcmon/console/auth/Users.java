package dcmon.console.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dcmon.console.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/** Accounts: creation, passwords, disabling, each change recorded in {@code user_audit}. */
public final class Users {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, name, role, city, enterprise, disabled, created";

    private final Database db;

    public Users(Database db) {
        this.db = db;
    }

    /**
     * Creates an account.
     *
     * @param actor who creates it, for the audit trail
     * @throws IllegalArgumentException when the name exists or the role's scope is missing or not allowed
     */
    public User add(String actor, String name, Role role, String city, String enterprise, String password) {
        validateScope(role, city, enterprise);
        String hash = Passwords.hash(password);
        return db.inTransaction(c -> {
            if (find(c, name).isPresent()) throw new IllegalArgumentException("user exists: " + name);
            User user;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO users (name, password_hash, role, city, "
                    + "enterprise) VALUES (?, ?, ?, ?, ?) RETURNING " + COLUMNS)) {
                s.setString(1, name);
                s.setString(2, hash);
                s.setString(3, role.wire());
                s.setString(4, blankToNull(city));
                s.setString(5, blankToNull(enterprise));
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    user = read(rs);
                }
            }
            ObjectNode detail = JSON.createObjectNode()
                    .put("role", role.wire())
                    .put("city", user.city())
                    .put("enterprise", user.enterprise());
            audit(c, actor, "add", name, detail);
            return user;
        });
    }

    /** Sets a new password and ends the account's sessions. */
    public void setPassword(String actor, String name, String password) {
        String hash = Passwords.hash(password);
        db.inTransaction(c -> {
            User user = find(c, name).orElseThrow(() -> new NoSuchElementException("no such user: " + name));
            try (PreparedStatement s = c.prepareStatement("UPDATE users SET password_hash = ? WHERE id = ?")) {
                s.setString(1, hash);
                s.setLong(2, user.id());
                s.executeUpdate();
            }
            endSessions(c, user.id());
            audit(c, actor, "passwd", name, null);
            return null;
        });
    }

    /** Disables the account (it can no longer log in) and ends its sessions. */
    public void disable(String actor, String name) {
        setDisabled(actor, name, true);
    }

    public void enable(String actor, String name) {
        setDisabled(actor, name, false);
    }

    private void setDisabled(String actor, String name, boolean disabled) {
        db.inTransaction(c -> {
            User user = find(c, name).orElseThrow(() -> new NoSuchElementException("no such user: " + name));
            try (PreparedStatement s = c.prepareStatement("UPDATE users SET disabled = ? WHERE id = ?")) {
                s.setBoolean(1, disabled);
                s.setLong(2, user.id());
                s.executeUpdate();
            }
            if (disabled) endSessions(c, user.id());
            audit(c, actor, disabled ? "disable" : "enable", name, null);
            return null;
        });
    }

    /** The enabled account with this name and password, if any. Takes the time of one hash check either way. */
    public Optional<User> authenticate(String name, String password) {
        Optional<String[]> row = db.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT password_hash, disabled FROM users WHERE name = ?")) {
                s.setString(1, name);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    return Optional.of(new String[] {rs.getString(1), String.valueOf(rs.getBoolean(2))});
                }
            }
        });
        if (row.isEmpty()) {
            Passwords.burnOneCheck(password);
            return Optional.empty();
        }
        boolean matches = Passwords.matches(password, row.get()[0]);
        if (!matches || Boolean.parseBoolean(row.get()[1])) return Optional.empty();
        return find(name);
    }

    public Optional<User> find(String name) {
        return db.withConnection(c -> find(c, name));
    }

    public List<User> list() {
        return db.withConnection(c -> {
            List<User> users = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM users ORDER BY name");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) users.add(read(rs));
            }
            return users;
        });
    }

    static Optional<User> find(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    static User read(ResultSet rs) throws SQLException {
        return new User(
                rs.getLong("id"),
                rs.getString("name"),
                Role.parse(rs.getString("role")),
                rs.getString("city"),
                rs.getString("enterprise"),
                rs.getBoolean("disabled"),
                rs.getTimestamp("created").toInstant());
    }

    private static void endSessions(Connection c, long userId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM sessions WHERE user_id = ?")) {
            s.setLong(1, userId);
            s.executeUpdate();
        }
    }

    private static void audit(Connection c, String actor, String action, String target, ObjectNode detail)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO user_audit (actor, action, target, detail) VALUES (?, ?, ?, ?::jsonb)")) {
            s.setString(1, actor);
            s.setString(2, action);
            s.setString(3, target);
            s.setString(4, detail == null ? null : detail.toString());
            s.executeUpdate();
        }
    }

    private static void validateScope(Role role, String city, String enterprise) {
        boolean hasCity = blankToNull(city) != null;
        boolean hasEnterprise = blankToNull(enterprise) != null;
        switch (role) {
            case CITY -> {
                if (!hasCity || hasEnterprise) throw new IllegalArgumentException("a city user needs --city only");
            }
            case ENTERPRISE -> {
                if (!hasEnterprise) throw new IllegalArgumentException("an enterprise user needs --enterprise");
            }
            default -> {
                if (hasCity || hasEnterprise) {
                    throw new IllegalArgumentException("a " + role.wire() + " user has no city or enterprise");
                }
            }
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
