package dcmon.stack;

import dcmon.core.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The servers dcmon runs on, all on loopback with data under one directory: Mosquitto and InfluxDB from the
 * distribution's packages (installed when missing), and an in-process KRaft Kafka broker with dcmon's topics.
 * Used by the demo and by end-to-end tests. Closing stops them in reverse order.
 */
public final class LocalStack implements AutoCloseable {
    /** Partitions of each dcmon topic: enough for the job's parallelism on a small machine. */
    public static final int PARTITIONS = 4;

    /** The topics a stack's broker is given: every one the bridge, the job and the console read or write. */
    public static final String[] TOPICS = {
        Topics.READINGS_RAW,
        Topics.READINGS_REJECTED,
        Topics.GATEWAY_STATUS,
        Topics.BROKER_STATUS,
        Topics.ALERTS,
        Topics.MONTHLY,
        Topics.ALERT_REVIEWS,
        Topics.MAINTENANCE,
        Topics.SINK_DEAD_LETTER
    };

    public final MosquittoServer mosquitto;
    public final InfluxdServer influxd;
    public final EmbeddedKafka kafka;

    private LocalStack(MosquittoServer mosquitto, InfluxdServer influxd, EmbeddedKafka kafka) {
        this.mosquitto = mosquitto;
        this.influxd = influxd;
        this.kafka = kafka;
    }

    /**
     * Starts the three servers; a port of 0 picks a free one.
     *
     * @param dataDir the servers keep their data in {@code mosquitto/}, {@code influxdb/} and {@code kafka/} below it
     */
    public static LocalStack start(Path dataDir, int mqttPort, int kafkaPort, int influxPort) throws IOException {
        return start(dataDir, mqttPort, kafkaPort, influxPort, UnaryOperator.identity());
    }

    /**
     * As above, with further broker options (accounts, a TLS listener) set on Mosquitto's builder.
     *
     * @param mosquittoOptions adds options to the broker's builder, whose directory and port are already set
     */
    public static LocalStack start(
            Path dataDir,
            int mqttPort,
            int kafkaPort,
            int influxPort,
            UnaryOperator<MosquittoServer.Builder> mosquittoOptions)
            throws IOException {
        return start(dataDir, mqttPort, kafkaPort, influxPort, mosquittoOptions, null);
    }

    /**
     * As above, with Kafka requiring SASL/SCRAM logins of these users when {@code kafkaScram} is not null.
     */
    public static LocalStack start(
            Path dataDir,
            int mqttPort,
            int kafkaPort,
            int influxPort,
            UnaryOperator<MosquittoServer.Builder> mosquittoOptions,
            EmbeddedKafka.Scram kafkaScram)
            throws IOException {
        SystemPackages.ensure("mosquitto", "mosquitto");
        SystemPackages.ensure("influxd", "influxdb");
        MosquittoServer mosquitto = null;
        InfluxdServer influxd = null;
        try {
            mosquitto = mosquittoOptions
                    .apply(MosquittoServer.builder(dataDir.resolve("mosquitto")).port(mqttPort))
                    .start();
            influxd = InfluxdServer.start(dataDir.resolve("influxdb"), influxPort);
            EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), kafkaPort, kafkaScram);
            kafka.createTopics(PARTITIONS, TOPICS);
            return new LocalStack(mosquitto, influxd, kafka);
        } catch (IOException | RuntimeException e) {
            if (influxd != null) influxd.close();
            if (mosquitto != null) mosquitto.close();
            throw e;
        }
    }

    /**
     * Stops the servers an earlier run in {@code dataDir} left running (its JVM killed), found by their pid files and
     * command lines; touches nothing else. Starting does this too, but a caller about to delete the directory must
     * do it first, or the pid files go with it.
     */
    public static void stopLeftovers(Path dataDir) {
        Path mosquitto = dataDir.resolve("mosquitto").toAbsolutePath();
        ServerProcess.stopLeftover(mosquitto.resolve(MosquittoServer.PID_FILE), mosquitto.resolve("mosquitto.conf"));
        Path influxdb = dataDir.resolve("influxdb");
        ServerProcess.stopLeftover(influxdb.resolve(InfluxdServer.PID_FILE), influxdb.resolve("influxdb.conf"));
    }

    @Override
    public void close() {
        kafka.close();
        influxd.close();
        mosquitto.close();
    }
}
