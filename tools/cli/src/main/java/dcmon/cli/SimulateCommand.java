package dcmon.cli;

import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.simulator.GatewayLogin;
import dcmon.simulator.Mode;
import dcmon.simulator.RunSummary;
import dcmon.simulator.Simulator;
import dcmon.simulator.SimulatorOptions;
import dcmon.stack.MqttAccounts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Publishes simulated gateway readings for a registry over MQTT, with optional faults,",
            "and writes the exact results the job must produce (ground truth) for what it published.",
            "Scenarios (off by default) make chosen units break their targets or their meters fail, so that the job",
            "raises its alerts: see --scenarios and --scenario."
        })
final class SimulateCommand implements Callable<Integer> {
    @Option(
            names = "--registry",
            defaultValue = "config/samples/hubei",
            description = "registry directory (default: ${DEFAULT-VALUE})")
    Path registry;

    @Option(
            names = "--reference",
            defaultValue = "config/reference",
            description = "reference tables (default: ${DEFAULT-VALUE})")
    Path reference;

    @Option(
            names = "--mqtt",
            defaultValue = SimulatorOptions.DEFAULT_MQTT_URL,
            description = "MQTT broker (default: ${DEFAULT-VALUE})")
    String mqtt;

    @Option(
            names = "--client-id",
            defaultValue = SimulatorOptions.DEFAULT_CLIENT_ID,
            description = "MQTT client id (default: ${DEFAULT-VALUE})")
    String clientId;

    @Option(
            names = "--single-connection",
            description =
                    "publish every gateway over one MQTT connection (default: one connection per gateway, each with its Last Will)")
    boolean singleConnection;

    @Mixin
    MqttLoginOptions login;

    @Option(
            names = "--mqtt-credentials",
            paramLabel = "FILE",
            description = {
                "each gateway logs in with its own account from this file (credentials.csv written by mqtt-auth),",
                "as the broker's ACL expects; instead of --mqtt-username"
            })
    Path credentials;

    @Option(
            names = "--mode",
            defaultValue = "history",
            description =
                    "history: publish [from, to] as fast as allowed; live: catch up to now, then publish each tick when due (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(
            names = "--from",
            description =
                    "first tick, ISO-8601 (2026-11-24T00:00+08:00) or Shanghai local time (default: Shanghai midnight --days ago)")
    String from;

    @Option(names = "--to", description = "last tick (history default: now; live default: run until stopped)")
    String to;

    @Option(
            names = "--days",
            defaultValue = "2",
            description = "with no --from: start this many Shanghai days back (default: ${DEFAULT-VALUE})")
    int days;

    @Option(
            names = "--cadence",
            defaultValue = "15",
            description = "minutes between cumulative readings: 1, 5 or 15 (default: ${DEFAULT-VALUE})")
    int cadence;

    @Option(
            names = "--rate",
            defaultValue = "0",
            description = "messages per second at most, 0 for no limit (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(
            names = "--speed",
            defaultValue = "0",
            description =
                    "live catch-up: simulated seconds per second, 0 for as fast as allowed (default: ${DEFAULT-VALUE})")
    double speed;

    @Option(
            names = "--faults",
            defaultValue = "none",
            description = {
                "none, all, or a list such as dup,reorder,gap or all,-oversized or dup=5,spike=0.001,gap-ticks=12 (default: ${DEFAULT-VALUE})",
                "faults: dup reorder gap rollover reset conflict spike negative-step malformed wrong-schema unknown-enterprise",
                "unknown-gateway gateway-mismatch oversized unknown-point spoof foreign-gateway-point bad-ts bad-value",
                "negative-value future too-late"
            })
    String faults;

    @Option(
            names = "--scenarios",
            defaultValue = "none",
            description = {
                "scenarios whose units are picked from the registry: none, demo (all of them), or a list such as",
                "ahead,stuck-meter; scenarios: ahead intensity-miss silent-gateway stuck-meter (default: ${DEFAULT-VALUE})"
            })
    String scenarios;

    @Option(
            names = "--scenario",
            paramLabel = "KIND:WHAT",
            description = {
                "a scenario on a unit of your choice, replacing the picked one of its kind (repeatable):",
                "ahead:CODE[,CODE] (consumes at about 130 %% of its cap's rate), intensity-miss:CODE (output -20 %%),",
                "silent-gateway:CODE/GW[@after] (drops its connection, Last Will, and stays silent),",
                "stuck-meter:CODE/POINT[@after] (the register repeats its value); after: 36h simulated from the start,",
                "wall:2m after the run started; default: once caught up with now (history: half-way; a meter: the start)"
            })
    List<String> scenario = new ArrayList<>();

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "random seed: the same options publish the same messages (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--lateness",
            defaultValue = "35d",
            description = "the job's lateness, for the too-late fault (default: ${DEFAULT-VALUE})")
    String lateness;

    @Option(
            names = "--hot-window",
            defaultValue = "72h",
            description = "the job's hot window, for the late-covered fault (default: ${DEFAULT-VALUE})")
    String hotWindow;

    @Option(
            names = "--max-in-flight",
            defaultValue = "1000",
            description = "publishes awaiting their acknowledgement at most (default: ${DEFAULT-VALUE})")
    int maxInFlight;

    @Option(
            names = "--truth",
            defaultValue = "var/ground-truth.json",
            description = "where to write the ground truth (default: ${DEFAULT-VALUE})")
    Path truth;

    @Override
    public Integer call() throws Exception {
        SimulatorOptions o = options().build();
        Simulator sim = new Simulator(o);
        Runtime.getRuntime().addShutdownHook(new Thread(sim::stop, "simulator-stop"));
        System.out.printf(
                "simulating %d enterprises from %s (%s, every %d min, faults %s) → %s%n",
                o.registry().size(),
                o.from(),
                o.mode().name().toLowerCase(),
                o.cadenceMinutes(),
                o.faults(),
                o.mqttUrl());
        for (String line : o.scenarios().describe(o.registry())) System.out.println("  scenario " + line);
        RunSummary summary = sim.run();
        System.out.println("published " + summary);
        System.out.println("ground truth: " + truth);
        return 0;
    }

    static Map<String, GatewayLogin> gatewayLogins(Map<String, MqttAccounts.Account> accounts) {
        Map<String, GatewayLogin> logins = new LinkedHashMap<>();
        for (MqttAccounts.Account a : accounts.values()) {
            logins.put(
                    GatewayLogin.key(a.enterprise(), a.gateway()),
                    new GatewayLogin(a.user(), a.password().toCharArray()));
        }
        return logins;
    }

    SimulatorOptions.Builder options() {
        SimulatorOptions.Builder b = SimulatorOptions.builder()
                .registryDir(registry)
                .referenceDir(reference)
                .mqttUrl(mqtt)
                .clientId(clientId)
                .connectionPerGateway(!singleConnection)
                .mode(mode)
                .cadenceMinutes(cadence)
                .maxMessagesPerSecond(rate)
                .speed(speed)
                .faults(faults)
                .scenarios(scenarios, scenario)
                .seed(seed)
                .lateness(lateness)
                .hotWindow(hotWindow)
                .maxInFlight(maxInFlight)
                .groundTruthFile(truth);
        if (credentials != null && login.username != null) {
            throw login.bad("--mqtt-credentials and --mqtt-username exclude each other");
        }
        if (credentials != null)
            b.gatewayLogins(gatewayLogins(login.readCredentials(credentials, "--mqtt-credentials")));
        if (login.username != null)
            b.credentials(login.username, login.password().toCharArray());
        b.mqttCaFile(login.caFile(mqtt));
        b.from(
                from != null
                        ? from
                        : Instant.ofEpochMilli(ShanghaiCalendar.dayStart(System.currentTimeMillis())
                                        - days * ShanghaiCalendar.DAY_MS)
                                .toString());
        if (to != null) b.to(to);
        else if (Mode.parse(mode) == Mode.HISTORY) b.to(Instant.now());
        return b;
    }
}
