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
    POSTGRES_KILL(
            "postgres-kill",
            "PostgreSQL's postmaster killed (SIGKILL): the console's health answers 503; started again, 200") {
        @Override
        void inject(ChaosStack s) throws Exception {
            long pid = s.postgres.pid().orElseThrow(() -> new IllegalStateException("PostgreSQL does not run"));
            Sigkill.kill(pid);
            s.awaitConsoleHealth(503, HEALTH_TIMEOUT);
        }

        @Override
        void restore(ChaosStack s) throws Exception {
            s.postgres.close(); // its shutdown hook; the server is gone already
            startAgain(s);
            s.awaitConsoleHealth(200, HEALTH_TIMEOUT);
        }

        /** The postmaster's children leave a moment after it: until then its shared memory is still in use. */
        private void startAgain(ChaosStack s) throws Exception {
            long deadline = System.nanoTime() + HEALTH_TIMEOUT.toNanos();
            while (true) {
                try {
                    s.startPostgres();
                    return;
                } catch (java.io.IOException e) {
                    if (System.nanoTime() > deadline) throw e;
                    Thread.sleep(1_000);
                }
            }
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
            // influxd 1.x keeps the write error of a WAL segment once its disk was full: it refuses every write to
            // that shard until it restarts, so an operator who freed the disk restarts it, and so do we
            String refused = s.probeInfluxWrite();
            if (refused != null || !s.influxd.isRunning()) {
                s.observations.add(
                        "influxd still refused writes after the disk was freed (" + refused + "): restarted");
                s.influxd.close();
                s.startInfluxd();
            }
        }
    };

    private static final String NO_SPACE = "no space left on device";
    private static final java.time.Duration WATCH_AFTER_FREE = java.time.Duration.ofSeconds(10);

    /** How long the console's health may take to change. */
    static final java.time.Duration HEALTH_TIMEOUT = java.time.Duration.ofSeconds(60);

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
