package dcmon.cli.chaos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The faults of a chaos run, in the order a run injects them. Each breaks one part of the running stack and then
 * undoes the damage the way an operator (or a supervisor such as systemd) would: a killed process is started again on
 * its data, a cut link is restored, a full disk is freed.
 */
public enum Fault {
    BRIDGE_KILL("bridge-kill", "bridge chaos-bridge-1 killed (SIGKILL) and started again; the others went on") {
        @Override
        void inject(ChaosStack s) throws Exception {
            s.bridges.get(0).kill();
        }

        @Override
        void restore(ChaosStack s) throws Exception {
            s.startBridge(s.bridges.get(0));
        }
    },
    JOB_KILL("job-kill", "the job's JVM killed (SIGKILL) and started again from its last checkpoint") {
        @Override
        void inject(ChaosStack s) throws Exception {
            s.job.kill();
        }

        @Override
        void restore(ChaosStack s) throws Exception {
            s.startJob();
        }
    },
    INFLUXD_KILL("influxd-kill", "influxd killed (SIGKILL) and started again on its data") {
        @Override
        void inject(ChaosStack s) throws Exception {
            Sigkill.kill(s.influxd.pid());
            s.influxd.close(); // its pid file and shutdown hook
        }

        @Override
        void restore(ChaosStack s) throws Exception {
            s.startInfluxd();
        }
    },
    MOSQUITTO_KILL("mosquitto-kill", "Mosquitto killed (SIGKILL) and started again on its persistence file") {
        @Override
        void inject(ChaosStack s) throws Exception {
            Sigkill.kill(s.mosquitto.pid());
            s.mosquitto.close();
        }

        @Override
        void restore(ChaosStack s) throws Exception {
            s.startMosquitto();
        }
    },
    BRIDGE_KAFKA_CUT("bridge-kafka-cut", "every bridge–Kafka connection dropped and refused, then let through again") {
        @Override
        void inject(ChaosStack s) {
            s.kafkaProxy.cut();
        }

        @Override
        void restore(ChaosStack s) {
            s.kafkaProxy.restore();
        }
    },
    SLOW_INFLUXDB(
            "slow-influxdb", "every byte the job sends to InfluxDB held " + Fault.SLOW_MS + " ms, then at once again") {
        @Override
        void inject(ChaosStack s) {
            s.influxProxy.delay(SLOW_MS);
        }

        @Override
        void restore(ChaosStack s) {
            s.influxProxy.delay(0);
        }
    },
    KAFKA_KILL("kafka-kill", "the Kafka broker's JVM killed (SIGKILL) and started again on its log") {
        @Override
        void inject(ChaosStack s) throws Exception {
            s.kafka.kill();
        }

        @Override
        void restore(ChaosStack s) throws Exception {
            s.startKafka();
        }
    },
    INFLUXDB_DISK_FULL("influxdb-disk-full", "influxd's file system filled to the last byte, then freed") {
        @Override
        String unavailable(ChaosStack s) {
            return s.influxDisk.unavailable();
        }

        @Override
        void inject(ChaosStack s) throws Exception {
            s.influxDisk.fill();
        }

        @Override
        void restore(ChaosStack s) throws Exception {
            s.influxDisk.free();
            // influxd may give up on a WAL it cannot write; a supervisor would start it again
            if (!s.influxd.isRunning()) {
                s.influxd.close();
                s.startInfluxd();
            }
        }
    };

    /** How long the slow InfluxDB holds each chunk of a request. */
    static final long SLOW_MS = 2_000;

    private final String cliName;
    private final String description;

    Fault(String cliName, String description) {
        this.cliName = cliName;
        this.description = description;
    }

    public String cliName() {
        return cliName;
    }

    public String description() {
        return description;
    }

    /** Why this fault cannot be injected on this stack, or null when it can. */
    String unavailable(ChaosStack s) {
        return null;
    }

    abstract void inject(ChaosStack s) throws Exception;

    abstract void restore(ChaosStack s) throws Exception;

    /** {@code all}, or names separated by commas, in the order given. */
    public static List<Fault> parseList(String spec) {
        if (spec.trim().equalsIgnoreCase("all")) return List.of(values());
        List<Fault> out = new ArrayList<>();
        for (String name : spec.split(",")) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            Fault f = Arrays.stream(values())
                    .filter(v -> v.cliName.equals(n))
                    .findFirst()
                    .orElseThrow(
                            () -> new IllegalArgumentException("unknown fault '" + n + "'; known: all, " + names()));
            if (out.contains(f)) throw new IllegalArgumentException("fault '" + n + "' named twice");
            out.add(f);
        }
        return out;
    }

    static String names() {
        return Arrays.stream(values()).map(Fault::cliName).collect(Collectors.joining(", "));
    }
}
