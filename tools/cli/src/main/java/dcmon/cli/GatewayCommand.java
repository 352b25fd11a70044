package dcmon.cli;

import dcmon.core.config.ConfigError;
import dcmon.core.config.ConfigException;
import dcmon.core.reference.ReferenceLoader;
import dcmon.core.registry.Registry;
import dcmon.core.registry.RegistryLoader;
import dcmon.simulator.GatewaySender;
import dcmon.simulator.MqttPublisher;
import dcmon.simulator.ReadingFile;
import dcmon.stack.MqttAccounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Tools for the engineer connecting a plant's gateway. */
@Command(
        name = "gateway",
        description = "Tools for integrating a plant's meters and gateway.",
        subcommands = {GatewayCommand.Send.class, GatewayCommand.Probe.class})
final class GatewayCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("usage: dcmon gateway send FILE [options]          (dcmon gateway send --help)");
        System.out.println("       dcmon gateway probe --enterprise CODE --gateway GW   (dcmon gateway probe --help)");
    }

    /** The registry the job runs with, or null after printing every error in it. */
    static Registry loadRegistry(Path registry, Path reference) {
        try {
            return RegistryLoader.load(registry, ReferenceLoader.load(reference));
        } catch (ConfigException e) {
            for (ConfigError err : e.errors()) System.err.println(err);
            System.err.printf(
                    "the registry %s has %d error(s)%n", registry, e.errors().size());
            return null;
        }
    }

    @Command(
            name = "send",
            mixinStandardHelpOptions = true,
            description = {
                "Publishes readings from a CSV or JSON file to their gateways' topics, as a gateway would:",
                "to check a registry before the gateway exists, or to load readings taken by hand.",
                "CSV has a header naming its columns: enterprise, gateway, point, ts, value, quality",
                "(enterprise and gateway may instead be given with --enterprise and --gateway).",
                "Every row is checked first; a file with any problem is not published at all."
            })
    static final class Send implements Callable<Integer> {
        @Parameters(index = "0", description = "CSV (.csv) or JSON (.json) file of readings")
        Path file;

        @Option(
                names = "--mqtt",
                defaultValue = "tcp://127.0.0.1:1883",
                description = "MQTT broker (default: ${DEFAULT-VALUE})")
        String mqtt;

        @Option(names = "--client-id", description = "MQTT client id (default: dcmon-send-<process id>)")
        String clientId;

        @Mixin
        MqttLoginOptions login;

        @Option(names = "--enterprise", description = "credit code of rows that name no enterprise")
        String enterprise;

        @Option(names = "--gateway", description = "gateway of rows that name none")
        String gateway;

        @Option(
                names = "--registry",
                description = "also check every reading against this registry directory, as the job will")
        Path registry;

        @Option(
                names = "--reference",
                defaultValue = "config/reference",
                description = "reference tables (default: ${DEFAULT-VALUE})")
        Path reference;

        @Option(
                names = "--batch",
                defaultValue = "500",
                description = "readings per message, at most (default: ${DEFAULT-VALUE})")
        int batch;

        @Option(names = "--seq-start", description = "seq of the first message (default: the current time in seconds)")
        Long seqStart;

        @Option(names = "--dry-run", description = "check the file (and registry) and publish nothing")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            if (batch < 1) {
                System.err.println("--batch must be at least 1, was " + batch);
                return 2;
            }
            if (!Files.isRegularFile(file)) {
                System.err.println(file + ": no such file");
                return 1;
            }
            ReadingFile.Contents contents = ReadingFile.read(file, enterprise, gateway);
            List<String> problems = new ArrayList<>(contents.errors());
            if (contents.ok() && registry != null) {
                Registry reg = loadRegistry(registry, reference);
                if (reg == null) return 1;
                problems.addAll(GatewaySender.registryProblems(contents.entries(), reg));
            }
            if (!problems.isEmpty()) {
                problems.forEach(System.err::println);
                System.err.printf("%d problem(s) in %s; nothing published%n", problems.size(), file);
                return 1;
            }
            if (contents.entries().isEmpty()) {
                System.err.println(file + " holds no readings; nothing published");
                return 1;
            }
            String foreign = otherGatewaysThanTheLogins(contents.entries(), login.username);
            if (foreign != null) {
                System.err.println(foreign + "; nothing published");
                return 1;
            }
            if (dryRun) {
                System.out.printf(
                        "OK %s: %d readings, nothing published (--dry-run)%n",
                        file, contents.entries().size());
                return 0;
            }
            String id = clientId != null
                    ? clientId
                    : "dcmon-send-" + ProcessHandle.current().pid();
            String pw = login.password();
            long seq = seqStart != null ? seqStart : System.currentTimeMillis() / 1000;
            try (MqttPublisher publisher = new MqttPublisher(
                    mqtt, id, login.username, pw == null ? null : pw.toCharArray(), 1000, login.socketFactory(mqtt))) {
                publisher.connect();
                for (GatewaySender.Sent s : GatewaySender.publish(publisher, contents.entries(), batch, seq)) {
                    System.out.printf(
                            "published %d readings in %d message(s) to dcmon/v1/%s/%s/readings%n",
                            s.readings(), s.messages(), s.enterprise(), s.gateway());
                }
            }
            return 0;
        }
    }

    /**
     * With a gateway's account (mqtt-auth's {@code ENTERPRISE-GATEWAY}), the broker would drop, silently, every
     * reading of another gateway: say so before publishing anything. Null when all rows are the account's own or
     * the account is not a gateway's.
     */
    static String otherGatewaysThanTheLogins(List<ReadingFile.Entry> entries, String username) {
        if (username == null) return null;
        boolean isGatewayAccount = entries.stream()
                .anyMatch(e ->
                        MqttAccounts.gatewayUser(e.enterprise(), e.gateway()).equals(username));
        if (!isGatewayAccount) return null;
        return entries.stream()
                .filter(e ->
                        !MqttAccounts.gatewayUser(e.enterprise(), e.gateway()).equals(username))
                .findFirst()
                .map(e -> e.where() + ": gateway " + e.enterprise() + "/" + e.gateway() + " is not the one account "
                        + username + " may publish for (the broker would drop it); send each gateway's rows"
                        + " with its own account")
                .orElse(null);
    }

    @Command(
            name = "probe",
            mixinStandardHelpOptions = true,
            description = {
                "A live view of one gateway over the running stack: its connection state, each point's last",
                "quarter hour, and every message and reading as it arrives, accepted (with what it added) or",
                "rejected with its reason and a fix in Chinese and English. Ctrl-C stops it."
            })
    static final class Probe implements Callable<Integer> {
        @Option(names = "--enterprise", required = true, description = "the unit's unified social credit code")
        String enterprise;

        @Option(names = "--gateway", required = true, description = "the gateway id")
        String gateway;

        @Option(
                names = "--kafka",
                defaultValue = "127.0.0.1:9092",
                description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
        String kafka;

        @Mixin
        KafkaClientOptions kafkaClient;

        @Option(
                names = "--influx",
                defaultValue = "http://127.0.0.1:8086",
                description = "InfluxDB URL (default: ${DEFAULT-VALUE})")
        String influx;

        @Option(
                names = "--influx-database",
                defaultValue = "dcmon",
                description = "InfluxDB database (default: ${DEFAULT-VALUE})")
        String influxDatabase;

        @Option(
                names = "--registry",
                defaultValue = "config/samples/hubei",
                description = "registry directory the job runs with (default: ${DEFAULT-VALUE})")
        Path registry;

        @Option(
                names = "--reference",
                defaultValue = "config/reference",
                description = "reference tables (default: ${DEFAULT-VALUE})")
        Path reference;

        @Option(
                names = "--settle",
                defaultValue = "PT5S",
                description =
                        "a reading with no rejection for this long is shown as accepted (default: ${DEFAULT-VALUE})")
        java.time.Duration settle;

        @Option(
                names = "--duration",
                description = "stop after this long (ISO-8601, e.g. PT10M); default: until Ctrl-C")
        java.time.Duration duration;

        @Override
        public Integer call() throws Exception {
            Registry reg = loadRegistry(registry, reference);
            if (reg == null) return 1;
            long until = duration == null ? Long.MAX_VALUE : System.currentTimeMillis() + duration.toMillis();
            java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopped.set(true)));
            new GatewayProbe(
                            kafka,
                            kafkaClient.properties(),
                            influx,
                            influxDatabase,
                            reg,
                            enterprise,
                            gateway,
                            settle.toMillis(),
                            System.out::println,
                            java.time.Clock.systemUTC())
                    .run(() -> stopped.get() || System.currentTimeMillis() >= until);
            return 0;
        }
    }
}
