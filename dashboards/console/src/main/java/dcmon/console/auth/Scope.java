package dcmon.console.auth;

import java.util.List;

/**
 * Which alerts an account may see, as a SQL condition on the {@code alerts} table: the province everything, a city
 * its own division, an enterprise its own unit, an admin nothing.
 */
public record Scope(String condition, List<String> parameters) {

    public static Scope of(User user) {
        return switch (user.role()) {
            case PROVINCE -> new Scope("TRUE", List.of());
            case CITY -> new Scope("city = ?", List.of(user.city()));
            case ENTERPRISE -> new Scope("enterprise = ?", List.of(user.enterprise()));
            case ADMIN -> new Scope("FALSE", List.of());
        };
    }
}
