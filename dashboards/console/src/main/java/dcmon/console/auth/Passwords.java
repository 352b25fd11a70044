package dcmon.console.auth;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/** Argon2id password hashes, salted, from Spring Security's encoder. */
public final class Passwords {
    /** Shortest password accepted for an account. */
    public static final int MIN_LENGTH = 10;
    /** Longest: hashing is costly and a megabyte password is an attack, not a password. */
    public static final int MAX_LENGTH = 256;

    /** Salt 16 bytes, hash 32 bytes, parallelism 1, 19 MiB memory, 2 iterations (OWASP's Argon2id minimum). */
    private static final Argon2PasswordEncoder ENCODER = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
    /** Checked against when the account does not exist, so that the answer takes as long as for one that does. */
    private static final String DUMMY_HASH = ENCODER.encode("no such account: a password that is never used");

    private Passwords() {}

    public static String hash(String password) {
        validate(password);
        return ENCODER.encode(password);
    }

    public static boolean matches(String password, String hash) {
        if (password == null || password.length() > MAX_LENGTH) return false;
        return ENCODER.matches(password, hash);
    }

    /** Spends the time of one check, for an unknown account. */
    public static void burnOneCheck(String password) {
        ENCODER.matches(password == null ? "" : password, DUMMY_HASH);
    }

    public static void validate(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("password must have at least " + MIN_LENGTH + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("password must have at most " + MAX_LENGTH + " characters");
        }
    }
}
