package dcmon.core.alert;

import dcmon.core.targets.Subject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic alert ids: lowercase hex of the first 16 bytes of SHA-256 over
 * {@code rule + "|" + subjectLevel + ":" + subjectCode + "|" + period}, so replaying the same data gives the same
 * ids.
 */
public final class AlertIds {
    private AlertIds() {}

    public static String id(String rule, Subject subject, String period) {
        return id(rule, subject.level().code(), subject.code(), period);
    }

    public static String id(String rule, String level, String code, String period) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((rule + "|" + level + ":" + code + "|" + period).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
