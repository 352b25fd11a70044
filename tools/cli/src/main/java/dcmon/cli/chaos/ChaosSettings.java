package dcmon.cli.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a chaos run does.
 *
 * @param dir          the servers' data, checkpoints and the children's logs
 * @param faults       the faults to inject, in this order
 * @param bridges      bridge instances sharing the subscription (the first one is killed)
 * @param rate         messages the gateways publish per second
 * @param days         simulated days of readings, ending now (the load ends early when they are used up)
 * @param outage       how long each fault lasts before it is undone
 * @param settle       load after a fault is undone before the results are checked
 * @param recoveryLimit how long the results may take to become exact after a fault
 * @param influxDiskMb size of the small file system influxd's data lives on for {@code influxdb-disk-full}
 */
public record ChaosSettings(
        Path dir,
        Path registry,
        Path reference,
        Path targets,
        Path alerts,
        List<Fault> faults,
        int bridges,
        double rate,
        int days,
        long seed,
        Duration outage,
        Duration settle,
        Duration recoveryLimit,
        int influxDiskMb) {
    public ChaosSettings {
        faults = List.copyOf(faults);
        // the messages lead with the Java name, which the command line turns into the option's name
        if (faults.isEmpty()) throw new IllegalArgumentException("faults: name at least one");
        if (bridges < 1) throw new IllegalArgumentException("bridges must be at least 1, was " + bridges);
        if (faults.contains(Fault.BRIDGE_KILL) && bridges < 2) {
            throw new IllegalArgumentException(
                    "bridges must be at least 2 for bridge-kill (the other one goes on), was " + bridges);
        }
        if (!(rate > 0 && rate <= 2_000)) throw new IllegalArgumentException("rate must be in (0, 2000], was " + rate);
        if (days < 1 || days > 30) throw new IllegalArgumentException("days must be 1..30, was " + days);
        positive("outage", outage);
        positive("settle", settle);
        positive("recoveryLimit", recoveryLimit);
        if (influxDiskMb < 16) {
            throw new IllegalArgumentException("influxDiskMb must be at least 16, was " + influxDiskMb);
        }
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
        }
    }
}
