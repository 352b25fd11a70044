package dcmon.stack;

import dcmon.core.Topics;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Gateway;
import dcmon.core.registry.Registry;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * MQTT accounts derived from a registry: one per gateway, allowed to publish only its own readings and status topics
 * ({@code dcmon/v1/{enterprise}/{gateway}/readings} and {@code .../status}, the latter also as its Last Will) and to
 * read nothing; and one for the bridges, allowed to read everything under {@code dcmon/v1/} and the broker's store
 * counts under {@code $SYS} (its backlog, {@code broker.backlog}), and to publish nothing.
 *
 * <p>{@link #write} puts four files, each readable by its owner only (0600), into a directory:
 *
 * <ul>
 *   <li>{@value #PASSWORD_FILE}: Mosquitto's {@code password_file}, in the {@code $7$} PBKDF2-SHA512 format that
 *       {@code mosquitto_passwd} writes, hashed here so that no password ever appears on a command line;
 *   <li>{@value #ACL_FILE}: Mosquitto's {@code acl_file};
 *   <li>{@value #CREDENTIALS_FILE}: each gateway's user name, password and topics, for the integrators;
 *   <li>{@value #BRIDGE_PASSWORD_FILE}: the bridge account's password alone, for {@code --mqtt-password-file}.
 * </ul>
 *
 * Passwords come from {@link SecureRandom}. Writing again keeps the passwords already in the directory, so that
 * gateways keep working when the registry grows; {@code rotate} makes new ones for every account.
 */
public final class MqttAccounts {
    public static final String PASSWORD_FILE = "passwd";
    public static final String ACL_FILE = "acl";
    public static final String CREDENTIALS_FILE = "credentials.csv";
    public static final String BRIDGE_PASSWORD_FILE = "bridge.password";
    /** The bridges' account: they read, gateways write. */
    public static final String BRIDGE_USER = "dcmon-bridge";
    /**
     * What the bridges may read: the gateways' topics, and of Mosquitto's $SYS tree only the store counts they report
     * as the broker's backlog (the rest names clients and load, which the bridges do not need).
     */
    public static final List<String> BRIDGE_ACL = List.of(
            "topic read dcmon/v1/#",
            "topic read " + Topics.SYS_STORED_MESSAGES,
            "topic read " + Topics.SYS_STORED_BYTES,
            "topic read " + Topics.SYS_RETAINED_MESSAGES);

    static final String[] CSV_HEADER = {
        "enterprise", "gateway", "username", "password", "readings_topic", "status_topic"
    };
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();
    /** 24 characters of 57: about 140 bits, far beyond guessing whatever the hash's cost. */
    private static final int PASSWORD_LENGTH = 24;
    /** What mosquitto_passwd 2.0 uses; the broker reads the count from each line. */
    static final int PBKDF2_ITERATIONS = 101;

    private static final int SALT_BYTES = 12;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** One account; {@code enterprise} and {@code gateway} are null for the bridge's. */
    public record Account(String user, String password, String enterprise, String gateway) {
        public boolean isGateway() {
            return gateway != null;
        }

        /**
         * Mosquitto ACL lines of this account (gateways write their two topics; the bridge reads everything under
         * dcmon/v1 and the store counts of $SYS that make the broker's backlog).
         */
        public List<String> aclLines() {
            if (!isGateway()) return BRIDGE_ACL;
            return List.of(
                    "topic write " + Topics.readingsTopic(enterprise, gateway),
                    "topic write " + Topics.statusTopic(enterprise, gateway));
        }

        @Override
        public String toString() {
            return "Account[" + user + "]"; // never the password
        }
    }

    /** What {@link #write} did: every account, and how many were new, kept and dropped. */
    public record Result(List<Account> accounts, int added, int kept, List<String> removed) {
        public List<Account> gateways() {
            return accounts.stream().filter(Account::isGateway).toList();
        }

        public Account bridge() {
            return accounts.stream().filter(a -> !a.isGateway()).findFirst().orElseThrow();
        }
    }

    private MqttAccounts() {}

    /** A gateway's user name: the credit code has no '-', so the first '-' separates it from the gateway id. */
    public static String gatewayUser(String enterprise, String gateway) {
        return enterprise + "-" + gateway;
    }

    /**
     * Writes the accounts of every gateway in the registry and the bridge's into {@code dir}, keeping the passwords
     * of accounts already there unless {@code rotate}.
     */
    public static Result write(Registry registry, Path dir, boolean rotate) throws IOException {
        Files.createDirectories(dir);
        Map<String, String> existing = rotate ? Map.of() : readPasswords(dir);
        List<Account> accounts = new ArrayList<>();
        int kept = 0;
        for (Enterprise e : registry.enterprises()) {
            for (Gateway g : e.gateways()) {
                String user = gatewayUser(e.code(), g.id());
                String password = existing.get(user);
                if (password != null) kept++;
                accounts.add(new Account(user, password != null ? password : newPassword(), e.code(), g.id()));
            }
        }
        String bridgePassword = existing.get(BRIDGE_USER);
        if (bridgePassword != null) kept++;
        accounts.add(new Account(BRIDGE_USER, bridgePassword != null ? bridgePassword : newPassword(), null, null));

        Set<String> users = new java.util.HashSet<>();
        accounts.forEach(a -> users.add(a.user()));
        List<String> removed = existing.keySet().stream()
                .filter(u -> !users.contains(u))
                .sorted()
                .toList();

        writePrivate(dir.resolve(PASSWORD_FILE), passwordFile(accounts));
        writePrivate(dir.resolve(ACL_FILE), acl(accounts));
        writePrivate(dir.resolve(CREDENTIALS_FILE), credentialsCsv(accounts));
        writePrivate(dir.resolve(BRIDGE_PASSWORD_FILE), bridgePassword(accounts) + "\n");
        return new Result(List.copyOf(accounts), accounts.size() - kept, kept, removed);
    }

    /** The ACL file: each account's lines under its {@code user} line. Anything not listed is denied. */
    public static String acl(List<Account> accounts) {
        StringBuilder acl = new StringBuilder();
        acl.append("# written by dcmon mqtt-auth from the registry; gateways publish only their own topics and read")
                .append(
                        " nothing,\n# the bridge reads everything under dcmon/v1/ and the broker's store counts in $SYS, and")
                .append(" publishes nothing\n\n");
        for (Account a : accounts) {
            acl.append("user ").append(a.user()).append('\n');
            for (String line : a.aclLines()) acl.append(line).append('\n');
            acl.append('\n');
        }
        return acl.toString();
    }

    /** Mosquitto's password file: {@code user:$7$iterations$salt$hash}, one line per account. */
    static String passwordFile(List<Account> accounts) {
        StringBuilder s = new StringBuilder();
        for (Account a : accounts)
            s.append(a.user()).append(':').append(hash(a.password())).append('\n');
        return s.toString();
    }

    /** The {@code $7$} hash Mosquitto 2 checks: PBKDF2-HMAC-SHA512 over the password's UTF-8, 12-byte salt. */
    static String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return hash(password, salt, PBKDF2_ITERATIONS);
    }

    static String hash(String password, byte[] salt, int iterations) {
        try {
            // SunJCE encodes the characters as UTF-8, as mosquitto_passwd hashes the password's bytes
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 512);
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
                    .generateSecret(spec)
                    .getEncoded();
            spec.clearPassword();
            Base64.Encoder b64 = Base64.getEncoder();
            return "$7$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is missing from this JVM", e);
        }
    }

    static String newPassword() {
        char[] p = new char[PASSWORD_LENGTH];
        for (int i = 0; i < p.length; i++) p[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        return new String(p);
    }

    private static String credentialsCsv(List<Account> accounts) throws IOException {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = CSVFormat.DEFAULT
                .builder()
                .setHeader(CSV_HEADER)
                .setRecordSeparator("\n")
                .get()
                .print(out)) {
            for (Account a : accounts) {
                if (!a.isGateway()) continue;
                csv.printRecord(
                        a.enterprise(),
                        a.gateway(),
                        a.user(),
                        a.password(),
                        Topics.readingsTopic(a.enterprise(), a.gateway()),
                        Topics.statusTopic(a.enterprise(), a.gateway()));
            }
        }
        return out.toString();
    }

    private static String bridgePassword(List<Account> accounts) {
        return accounts.stream()
                .filter(a -> !a.isGateway())
                .findFirst()
                .orElseThrow()
                .password();
    }

    /**
     * The gateways' credentials in a {@value #CREDENTIALS_FILE} written by {@link #write}, by {@code enterprise/gateway}.
     * A malformed file is named with its line.
     */
    public static Map<String, Account> readGatewayCredentials(Path file) throws IOException {
        Map<String, Account> byGateway = new LinkedHashMap<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (CSVRecord r : CSVFormat.DEFAULT
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .get()
                    .parse(in)) {
                for (String column : List.of("enterprise", "gateway", "username", "password")) {
                    if (!r.isMapped(column) || !r.isSet(column) || r.get(column).isBlank()) {
                        throw new IOException(file + ", line " + (r.getRecordNumber() + 1) + ": column '" + column
                                + "' is missing or empty (columns: " + String.join(",", CSV_HEADER) + ")");
                    }
                }
                Account a = new Account(r.get("username"), r.get("password"), r.get("enterprise"), r.get("gateway"));
                byGateway.put(a.enterprise() + "/" + a.gateway(), a);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException(file + ": not a credentials CSV: " + e.getMessage(), e);
        }
        return byGateway;
    }

    /** Passwords already in {@code dir}, by user: the gateways' from the CSV, the bridge's from its file. */
    private static Map<String, String> readPasswords(Path dir) throws IOException {
        Map<String, String> passwords = new LinkedHashMap<>();
        Path csv = dir.resolve(CREDENTIALS_FILE);
        if (Files.exists(csv)) {
            for (Account a : readGatewayCredentials(csv).values()) passwords.put(a.user(), a.password());
        }
        Path bridge = dir.resolve(BRIDGE_PASSWORD_FILE);
        if (Files.exists(bridge)) {
            String password = Files.readString(bridge, StandardCharsets.UTF_8).strip();
            if (!password.isEmpty()) passwords.put(BRIDGE_USER, password);
        }
        return passwords;
    }

    /**
     * Writes a file readable by its owner only: created 0600 beside the target, then moved over it, so that no
     * moment exists where the secret is readable by others or half written.
     */
    static void writePrivate(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot create " + tmp + ": it appeared meanwhile", e);
        }
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(file, OWNER_ONLY);
    }
}
