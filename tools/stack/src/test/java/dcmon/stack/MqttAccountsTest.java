package dcmon.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dcmon.core.reference.ReferenceLoader;
import dcmon.core.registry.Registry;
import dcmon.core.registry.RegistryLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accounts and ACL generated from the sample Hubei registry, and the password file checked against mosquitto_passwd. */
class MqttAccountsTest {
    private static final Path HOME = Path.of(System.getProperty("dcmon.home", "../.."));
    /** 武汉楚钢钢铁有限公司, gateways GW01, GW02, GW03. */
    private static final String CHUGANG = "91420112MA4ALXWN9U";

    static Registry registry;
    static int gatewayCount;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadSample() throws Exception {
        registry = RegistryLoader.load(
                HOME.resolve("config/samples/hubei"), ReferenceLoader.load(HOME.resolve("config/reference")));
        gatewayCount = registry.enterprises().stream()
                .mapToInt(e -> e.gateways().size())
                .sum();
    }

    @Test
    void aGatewayMayPublishOnlyItsOwnTwoTopicsAndTheBridgeOnlyRead() throws Exception {
        MqttAccounts.Result r = MqttAccounts.write(registry, dir, false);
        String acl = Files.readString(dir.resolve("acl"));

        assertThat(gatewayCount).isEqualTo(122);
        assertThat(r.gateways()).hasSize(gatewayCount);
        assertThat(r.accounts()).hasSize(gatewayCount + 1);
        assertThat(acl)
                .contains("user 91420112MA4ALXWN9U-GW02\n"
                        + "topic write dcmon/v1/91420112MA4ALXWN9U/GW02/readings\n"
                        + "topic write dcmon/v1/91420112MA4ALXWN9U/GW02/status\n\n")
                .contains("user dcmon-bridge\ntopic read dcmon/v1/#\n"
                        + "topic read $SYS/broker/store/messages/count\n"
                        + "topic read $SYS/broker/store/messages/bytes\n"
                        + "topic read $SYS/broker/retained messages/count\n\n");
        // no wildcard, no read and no readwrite for any gateway: every line names one gateway's own topic
        List<String> topicLines =
                acl.lines().filter(l -> l.startsWith("topic ")).toList();
        assertThat(topicLines).hasSize(2 * gatewayCount + 4);
        assertThat(topicLines.stream().filter(l -> l.contains("#") || l.contains("+")))
                .containsExactly("topic read dcmon/v1/#");
        assertThat(topicLines.stream().filter(l -> !l.startsWith("topic write ")))
                .containsExactly(
                        "topic read dcmon/v1/#",
                        "topic read $SYS/broker/store/messages/count",
                        "topic read $SYS/broker/store/messages/bytes",
                        "topic read $SYS/broker/retained messages/count");
        assertThat(acl.lines().filter(l -> l.startsWith("user ")).count()).isEqualTo(gatewayCount + 1);
        assertThat(acl).doesNotContain("pattern");
    }

    @Test
    void writesFourOwnerOnlyFilesAndThePasswordsOnlyWhereTheyBelong() throws Exception {
        MqttAccounts.Result r = MqttAccounts.write(registry, dir, false);
        for (String f : List.of("passwd", "acl", "credentials.csv", "bridge.password")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f))))
                    .as(f)
                    .isEqualTo("rw-------");
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("passwd", "acl", "credentials.csv", "bridge.password");
        }
        List<String> passwd = Files.readAllLines(dir.resolve("passwd"));
        assertThat(passwd).hasSize(gatewayCount + 1);
        assertThat(passwd)
                .allMatch(l -> l.matches("[0-9A-Za-z._-]+:\\$7\\$101\\$[A-Za-z0-9+/]{16}\\$[A-Za-z0-9+/]{86}=="));
        String bridgePassword = r.bridge().password();
        assertThat(bridgePassword).matches("[A-Za-z0-9]{24}");
        assertThat(Files.readString(dir.resolve("bridge.password"))).isEqualTo(bridgePassword + "\n");
        String acl = Files.readString(dir.resolve("acl"));
        for (MqttAccounts.Account a : r.accounts()) {
            assertThat(acl).doesNotContain(a.password());
            assertThat(String.join("\n", passwd)).doesNotContain(a.password());
        }
        List<String> csv = Files.readAllLines(dir.resolve("credentials.csv"));
        assertThat(csv.get(0)).isEqualTo("enterprise,gateway,username,password,readings_topic,status_topic");
        MqttAccounts.Account gw1 = r.gateways().stream()
                .filter(a -> a.user().equals(CHUGANG + "-GW01"))
                .findFirst()
                .orElseThrow();
        assertThat(csv)
                .contains(CHUGANG + ",GW01," + CHUGANG + "-GW01," + gw1.password() + ",dcmon/v1/" + CHUGANG
                        + "/GW01/readings,dcmon/v1/" + CHUGANG + "/GW01/status");
        assertThat(csv).hasSize(gatewayCount + 1).noneMatch(l -> l.contains("dcmon-bridge"));
        // every password distinct
        assertThat(r.accounts().stream().map(MqttAccounts.Account::password).distinct())
                .hasSize(gatewayCount + 1);
        assertThat(gw1.toString()).isEqualTo("Account[" + CHUGANG + "-GW01]");
    }

    @Test
    void runningAgainKeepsThePasswordsAndRotateReplacesThemAll() throws Exception {
        Map<String, String> first = passwords(MqttAccounts.write(registry, dir, false));
        String firstPasswd = Files.readString(dir.resolve("passwd"));

        MqttAccounts.Result again = MqttAccounts.write(registry, dir, false);
        assertThat(passwords(again)).isEqualTo(first);
        assertThat(again.added()).isZero();
        assertThat(again.kept()).isEqualTo(gatewayCount + 1);
        // fresh salts, same passwords
        assertThat(Files.readString(dir.resolve("passwd"))).isNotEqualTo(firstPasswd);

        MqttAccounts.Result rotated = MqttAccounts.write(registry, dir, true);
        assertThat(rotated.added()).isEqualTo(gatewayCount + 1);
        Map<String, String> third = passwords(rotated);
        assertThat(third.keySet()).isEqualTo(first.keySet());
        for (String user : first.keySet()) assertThat(third.get(user)).as(user).isNotEqualTo(first.get(user));
    }

    @Test
    void aGatewayNoLongerInTheRegistryIsDroppedAndANewOneGetsAPassword() throws Exception {
        MqttAccounts.write(registry, dir, false);
        Path csv = dir.resolve("credentials.csv");
        List<String> lines = Files.readAllLines(csv);
        // one gateway removed from the file (as if new to the registry), one added (as if gone from it)
        String gone = lines.stream()
                .filter(l -> l.startsWith(CHUGANG + ",GW03,"))
                .findFirst()
                .orElseThrow();
        lines.remove(gone);
        lines.add("91420000000000000X,GW09,91420000000000000X-GW09,oldpassword,t,t");
        Files.write(csv, lines);

        MqttAccounts.Result r = MqttAccounts.write(registry, dir, false);
        assertThat(r.removed()).containsExactly("91420000000000000X-GW09");
        assertThat(r.added()).isEqualTo(1);
        assertThat(r.kept()).isEqualTo(gatewayCount);
        assertThat(Files.readString(dir.resolve("acl"))).doesNotContain("GW09").contains("user " + CHUGANG + "-GW03\n");
    }

    @Test
    void aBrokenCredentialsFileIsNamedWithItsLine() throws Exception {
        MqttAccounts.write(registry, dir, false);
        Path csv = dir.resolve("credentials.csv");
        Files.writeString(
                csv, "enterprise,gateway,username,password\n" + CHUGANG + ",GW01,u,p\n" + CHUGANG + ",GW02,,\n");
        assertThatThrownBy(() -> MqttAccounts.write(registry, dir, false))
                .hasMessage(csv + ", line 3: column 'username' is missing or empty"
                        + " (columns: enterprise,gateway,username,password,readings_topic,status_topic)");
    }

    /** The hash Mosquitto checks: the same salt and password give mosquitto_passwd's own line. */
    @Test
    void hashesPasswordsExactlyAsMosquittoPasswdDoes() throws Exception {
        Path tool = SystemPackages.locate("mosquitto_passwd").orElseThrow();
        Path file = dir.resolve("reference-passwd");
        Process p = new ProcessBuilder(tool.toString(), "-c", "-b", file.toString(), "alice", "Zx9-p@ss:w0rd$")
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor()).isZero();
        String line = Files.readString(file, StandardCharsets.UTF_8).strip();
        String[] parts = line.substring("alice:".length()).split("\\$");
        byte[] salt = Base64.getDecoder().decode(parts[3]);
        assertThat(MqttAccounts.hash("Zx9-p@ss:w0rd$", salt, Integer.parseInt(parts[2])))
                .isEqualTo(line.substring("alice:".length()));
    }

    private static Map<String, String> passwords(MqttAccounts.Result r) {
        return r.accounts().stream()
                .collect(Collectors.toMap(MqttAccounts.Account::user, MqttAccounts.Account::password));
    }
}
