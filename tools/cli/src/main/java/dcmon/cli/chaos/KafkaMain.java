package dcmon.cli.chaos;

import dcmon.stack.EmbeddedKafka;
import dcmon.stack.LocalStack;
import java.nio.file.Path;

/**
 * The Kafka broker of a chaos run in a JVM of its own, so that it can be killed with SIGKILL and started again on its
 * log. Arguments: log directory, client port, and the port of the bridges' listener with the port it advertises
 * (the proxy in front of it). Prints {@link #READY} once dcmon's topics exist.
 */
public final class KafkaMain {
    static final String READY = "kafka ready";

    private KafkaMain() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        EmbeddedKafka.ExtraListener bridges =
                new EmbeddedKafka.ExtraListener("BRIDGES", Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        EmbeddedKafka kafka = EmbeddedKafka.start(dir, port, null, bridges);
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "kafka-stop"));
        kafka.createTopics(LocalStack.PARTITIONS, LocalStack.TOPICS);
        System.out.println(READY + " on " + kafka.bootstrapServers());
        Thread.currentThread().join();
    }
}
