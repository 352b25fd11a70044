package dcmon.cli;

import dcmon.bridge.BridgeConfig;
import dcmon.core.Topics;
import dcmon.core.registry.Registry;
import dcmon.simulator.SimulatorOptions;
import dcmon.stack.DemoCertificates;
import dcmon.stack.MosquittoServer;
import dcmon.stack.MqttAccounts;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The demo's MQTT access, unless {@code --insecure}: {@code mqtt-auth}'s accounts for the registry under
 * {@code DATA/mqtt-auth} and a CA made for the demo under {@code DATA/tls}; the broker requires them on both
 * listeners and adds one with TLS; the bridge and each simulated gateway log in with their own account over TLS.
 */
final class DemoAccess {
    static final String ACCOUNTS_DIR = "mqtt-auth";
    static final String TLS_DIR = "tls";
    /** Faults that publish for gateways the registry does not have: with accounts, the broker refuses them. */
    static final String FAULTS_WITHOUT_ACCOUNT = ",-unknown-enterprise,-unknown-gateway";

    private final Path accounts;
    private final MqttAccounts.Result result;
    private final DemoCertificates certificates;

    private DemoAccess(Path accounts, MqttAccounts.Result result, DemoCertificates certificates) {
        this.accounts = accounts;
        this.result = result;
        this.certificates = certificates;
    }

    /** Writes (or keeps, with the data kept) the accounts and the CA under {@code data}. */
    static DemoAccess create(Path data, Registry registry) throws IOException {
        Path accounts = data.resolve(ACCOUNTS_DIR);
        MqttAccounts.Result result = MqttAccounts.write(registry, accounts, false);
        return new DemoAccess(accounts, result, DemoCertificates.ensure(data.resolve(TLS_DIR)));
    }

    MosquittoServer.Builder broker(MosquittoServer.Builder b, int tlsPort) {
        return b.accounts(accounts.resolve(MqttAccounts.PASSWORD_FILE), accounts.resolve(MqttAccounts.ACL_FILE))
                .tls(tlsPort, certificates);
    }

    BridgeConfig.Builder bridge(BridgeConfig.Builder b, MosquittoServer broker) {
        return b.mqttUrl(broker.tlsUrl())
                .mqttCaFile(certificates.ca())
                .credentials(MqttAccounts.BRIDGE_USER, result.bridge().password());
    }

    SimulatorOptions.Builder simulator(SimulatorOptions.Builder b, MosquittoServer broker) throws IOException {
        return b.mqttUrl(broker.tlsUrl())
                .mqttCaFile(certificates.ca())
                .gatewayLogins(SimulateCommand.gatewayLogins(
                        MqttAccounts.readGatewayCredentials(accounts.resolve(MqttAccounts.CREDENTIALS_FILE))));
    }

    /** The simulator's faults less those the broker would refuse (it has no account for unregistered gateways). */
    static String faultsWithAccounts(String faults) {
        return faults.equals("none") ? faults : faults + FAULTS_WITHOUT_ACCOUNT;
    }

    void print(PrintStream out, MosquittoServer broker) {
        out.printf(
                "  MQTT      %-28s TLS, CA %s; gateways publish %s%n",
                broker.tlsUrl(), certificates.ca(), Topics.readingsTopic("{enterprise}", "{gateway}"));
        out.printf(
                "            %-28s without TLS; both need an account: %d gateways' in %s, %s's in %s%n",
                broker.url(),
                result.gateways().size(),
                accounts.resolve(MqttAccounts.CREDENTIALS_FILE),
                MqttAccounts.BRIDGE_USER,
                accounts.resolve(MqttAccounts.BRIDGE_PASSWORD_FILE));
    }
}
