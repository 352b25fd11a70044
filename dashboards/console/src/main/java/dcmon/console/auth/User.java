package dcmon.console.auth;

import java.time.Instant;

/** An account as the console uses it; never carries the password hash. */
public record User(long id, String name, Role role, String city, String enterprise, boolean disabled, Instant created) {

    public boolean reviews() {
        return role == Role.PROVINCE || role == Role.CITY;
    }

    public boolean readsAlerts() {
        return role != Role.ADMIN;
    }
}
