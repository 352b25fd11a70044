package dcmon.cli;

import dcmon.core.registry.Registry;
import dcmon.stack.MqttAccounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "mqtt-auth",
        mixinStandardHelpOptions = true,
        description = {
            "为登记库中的每个网关生成 MQTT 账号和 ACL。",
            "Writes the MQTT broker's accounts for a registry:",
            "one per gateway, {enterprise}-{gateway}, which may publish only",
            "dcmon/v1/{enterprise}/{gateway}/readings and .../status and read nothing;",
            "and dcmon-bridge, which may read dcmon/v1/# and publish nothing.",
            "Files in --out, each readable by its owner only (0600):",
            "  passwd           Mosquitto password_file ($7$ PBKDF2-SHA512)",
            "  acl              Mosquitto acl_file",
            "  credentials.csv  each gateway's user name, password and topics",
            "  bridge.password  the bridge's password (for --mqtt-password-file)",
            "Running it again keeps existing passwords; new gateways get new ones and",
            "removed gateways' accounts go; --rotate renews all. No password is printed.",
        })
final class MqttAuthCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--registry",
            paramLabel = "DIR",
            defaultValue = "config/samples/hubei",
            description = "registry directory (default: ${DEFAULT-VALUE})")
    Path registry;

    @Option(
            names = "--reference",
            paramLabel = "DIR",
            defaultValue = "config/reference",
            description = "reference tables (default: ${DEFAULT-VALUE})")
    Path reference;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "directory for the files (created if missing)")
    Path out;

    @Option(names = "--rotate", description = "new passwords for every account, the bridge's included")
    boolean rotate;

    @Override
    public Integer call() throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new ParameterException(spec.commandLine(), "--out " + out + ": exists and is not a directory");
        }
        Registry reg = GatewayCommand.loadRegistry(registry, reference);
        if (reg == null) return 1;
        MqttAccounts.Result r = MqttAccounts.write(reg, out, rotate);
        System.out.printf(
                "%d gateway accounts and %s for %d enterprises in %s (%d new, %d kept%s)%n",
                r.gateways().size(),
                MqttAccounts.BRIDGE_USER,
                reg.size(),
                out,
                r.added(),
                r.kept(),
                rotate ? ", all rotated" : "");
        for (String user : r.removed()) {
            System.out.println("  removed " + user + ": its gateway is no longer in the registry");
        }
        System.out.printf(
                "  broker: password_file %s, acl_file %s (reload: kill -HUP <mosquitto pid>)%n",
                out.resolve(MqttAccounts.PASSWORD_FILE), out.resolve(MqttAccounts.ACL_FILE));
        System.out.printf(
                "  integrators: %s (one row per gateway); bridge: %s%n",
                out.resolve(MqttAccounts.CREDENTIALS_FILE), out.resolve(MqttAccounts.BRIDGE_PASSWORD_FILE));
        return 0;
    }
}
