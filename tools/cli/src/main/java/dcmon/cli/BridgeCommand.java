package dcmon.cli;

import dcmon.bridge.BridgeConfig;
import dcmon.bridge.MqttKafkaBridge;
import dcmon.core.Topics;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "bridge",
        mixinStandardHelpOptions = true,
        description = "Runs one MQTT → Kafka bridge instance (several may share the subscription).")
final class BridgeCommand implements Callable<Integer> {
    @Option(
            names = "--mqtt",
            defaultValue = "tcp://127.0.0.1:1883",
            description = "MQTT broker, tcp://HOST:PORT or ssl://HOST:PORT with --mqtt-ca (default: ${DEFAULT-VALUE})")
    String mqtt;

    @Option(
            names = "--kafka",
            defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    String kafka;

    @Mixin
    KafkaClientOptions kafkaClient;

    @Option(
            names = "--client-id",
            defaultValue = "dcmon-bridge-1",
            description = "stable MQTT client id, distinct per instance (default: ${DEFAULT-VALUE})")
    String clientId;

    @Mixin
    MqttLoginOptions login;

    @Option(
            names = "--max-in-flight",
            defaultValue = "10000",
            description = "unacknowledged messages at most (default: ${DEFAULT-VALUE})")
    int maxInFlight;

    @Option(
            names = "--broker-topic",
            defaultValue = Topics.BROKER_STATUS,
            description = "Kafka topic of the MQTT broker's backlog, sampled from Mosquitto's $SYS topics for the"
                    + " broker.backlog alert; none: not sampled (default: ${DEFAULT-VALUE})")
    String brokerTopic;

    @Option(
            names = "--broker-name",
            description = "the broker's name in its samples and alerts (default: the host of --mqtt)")
    String brokerName;

    @Option(
            names = "--broker-interval",
            defaultValue = "PT10S",
            description = "how often the broker's backlog is sent (default: ${DEFAULT-VALUE})")
    Duration brokerInterval;

    @Override
    public Integer call() throws Exception {
        BridgeConfig.Builder b = BridgeConfig.builder()
                .mqttUrl(mqtt)
                .kafkaBootstrap(kafka)
                .clientId(clientId)
                .maxInFlight(maxInFlight)
                .mqttCaFile(login.caFile(mqtt))
                .brokerSamples("none".equals(brokerTopic) ? "" : brokerTopic, brokerName, brokerInterval);
        if (login.username != null) b.credentials(login.username, login.password());
        kafkaClient.properties().forEach(b::producerProperty);
        MqttKafkaBridge bridge = new MqttKafkaBridge(b.build());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            bridge.close();
                            stopped.countDown();
                        },
                        "bridge-shutdown"));
        bridge.start();
        System.out.printf("bridge %s: %s → %s%n", clientId, mqtt, kafka);
        while (!stopped.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
            long backlog = bridge.brokerBacklog();
            System.out.printf(
                    "received %d, forwarded %d, in flight %d%s%n",
                    bridge.received(),
                    bridge.forwarded(),
                    bridge.inFlight(),
                    backlog < 0 ? "" : ", broker backlog " + backlog);
        }
        return 0;
    }
}
