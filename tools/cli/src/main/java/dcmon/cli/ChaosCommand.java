package dcmon.cli;

import dcmon.cli.chaos.ChaosReport;
import dcmon.cli.chaos.ChaosRun;
import dcmon.cli.chaos.ChaosSettings;
import dcmon.cli.chaos.Fault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "chaos",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the whole stack on this machine under steady simulated load and injects faults one after the other:"
                    + " kill -9 of a bridge, the job, influxd, Mosquitto and Kafka, a cut between bridge and Kafka, a slow"
                    + " InfluxDB, kill -9 of PostgreSQL under the console, a full disk for InfluxDB. After each, the totals in InfluxDB must equal the simulator's"
                    + " ground truth exactly and no alert event may repeat; prints one line per fault with the time to"
                    + " recover and ends with RESULT mode=chaos faults=N lost=L double_counted=D max_recovery_s=S.",
            "Exit code 0 when nothing was lost or counted twice, 1 otherwise."
        })
final class ChaosCommand implements Callable<Integer> {
    @Option(
            names = "--faults",
            defaultValue = "all",
            description =
                    "all, or a comma list of: bridge-kill, job-kill, influxd-kill, mosquitto-kill, bridge-kafka-cut,"
                            + " slow-influxdb, kafka-kill, postgres-kill, influxdb-disk-full (default: ${DEFAULT-VALUE})")
    String faults;

    @Option(
            names = "--dir",
            defaultValue = "var/chaos",
            description = "data of the servers, checkpoints and logs; emptied at start (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--registry", defaultValue = "config/samples/hubei", description = "(default: ${DEFAULT-VALUE})")
    Path registry;

    @Option(names = "--reference", defaultValue = "config/reference", description = "(default: ${DEFAULT-VALUE})")
    Path reference;

    @Option(names = "--targets", defaultValue = "config/targets", description = "(default: ${DEFAULT-VALUE})")
    Path targets;

    @Option(names = "--alerts", defaultValue = "config/alerts.yaml", description = "(default: ${DEFAULT-VALUE})")
    Path alerts;

    @Option(
            names = "--bridges",
            defaultValue = "2",
            description = "bridge instances sharing the subscription (default: ${DEFAULT-VALUE})")
    int bridges;

    @Option(
            names = "--rate",
            defaultValue = "100",
            description = "messages the simulated gateways publish per second (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(
            names = "--days",
            defaultValue = "10",
            description =
                    "simulated days of readings up to now; the load ends when they are published (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--seed", defaultValue = "1", description = "the simulator's seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--outage",
            defaultValue = "PT10S",
            description = "how long each fault lasts before it is undone (default: ${DEFAULT-VALUE})")
    Duration outage;

    @Option(
            names = "--settle",
            defaultValue = "PT5S",
            description = "load after a fault is undone before the check (default: ${DEFAULT-VALUE})")
    Duration settle;

    @Option(
            names = "--recovery-limit",
            defaultValue = "PT5M",
            description = "how long the results may take to become exact after a fault (default: ${DEFAULT-VALUE})")
    Duration recoveryLimit;

    @Option(
            names = "--influx-disk-mb",
            defaultValue = "512",
            description =
                    "size of the file system (tmpfs) InfluxDB's data is on, for influxdb-disk-full (default: ${DEFAULT-VALUE})")
    int influxDiskMb;

    @Override
    public Integer call() throws Exception {
        ChaosSettings settings = new ChaosSettings(
                dir,
                registry,
                reference,
                targets,
                alerts,
                Fault.parseList(faults),
                bridges,
                rate,
                days,
                seed,
                outage,
                settle,
                recoveryLimit,
                influxDiskMb);
        ChaosRun.prepareDirectory(dir);
        ChaosReport report = new ChaosRun(settings, System.out).run();
        return report.ok() ? 0 : 1;
    }
}
