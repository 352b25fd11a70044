package dcmon.console.auth;

import java.util.Locale;

/** What an account may do. Names on the wire and in the database are the lower-case enum names. */
public enum Role {
    /** Provincial energy-saving office: every alert, every review action. */
    PROVINCE,
    /** City office: the alerts of its own division, every review action on them. */
    CITY,
    /** A key energy-using unit: its own alerts, read-only. */
    ENTERPRISE,
    /** Manages accounts; sees no alerts. */
    ADMIN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String value) {
        try {
            return Role.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("role must be one of province, city, enterprise, admin: " + value);
        }
    }
}
