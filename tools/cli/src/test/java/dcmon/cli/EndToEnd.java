package dcmon.cli;

import static org.assertj.core.api.Assertions.fail;

import dcmon.bridge.BridgeConfig;
import dcmon.bridge.MqttKafkaBridge;
import dcmon.core.Topics;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.reading.Rejection;
import dcmon.monitoring.LocalJob;
import dcmon.monitoring.MonitoringOptions;
import dcmon.monitoring.RegistryDirectory;
import dcmon.monitoring.RegistryProvider;
import dcmon.simulator.Faults;
import dcmon.simulator.GroundTruth;
import dcmon.simulator.Mode;
import dcmon.simulator.SimulatorOptions;
import dcmon.stack.EmbeddedKafka;
import dcmon.stack.LocalStack;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The whole data flow on real servers for end-to-end tests: Mosquitto and influxd from the system packages on
 * free ports, the in-process Kafka broker, the bridge and the monitoring job on a local mini-cluster, wired as
 * {@code ./dcmon demo} wires them. Compares what reached InfluxDB and the rejected topic with the simulator's
 * ground truth.
 */
final class EndToEnd implements AutoCloseable {
    static final Path REGISTRY =
            Path.of(System.getProperty("dcmon.home", "../..")).resolve("config/samples/hubei");
    static final Path REFERENCE =
            Path.of(System.getProperty("dcmon.home", "../..")).resolve("config/reference");
    static final Path TARGETS =
            Path.of(System.getProperty("dcmon.home", "../..")).resolve("config/targets");
    static final Path ALERTS =
            Path.of(System.getProperty("dcmon.home", "../..")).resolve("config/alerts.yaml");
    /** Relative error allowed between InfluxDB and the ground truth (plus a tiny floor for zeros). */
    static final double RELATIVE_ERROR = TruthComparison.RELATIVE_ERROR;

    /** The sample registry as the job loads it, for the city and tier of each enterprise. */
    static final RegistryProvider.Snapshot REGISTRY_MODEL = load();

    final Path dir;
    final LocalStack stack;
    final MonitoringOptions options;
    /** The bridge's Kafka client properties (its SCRAM login, if any). */
    final Map<String, String> bridgeKafka;

    EndToEnd(Path dir) throws Exception {
        this(dir, null);
    }

    /**
     * With Kafka requiring SASL/SCRAM logins when {@code scram} is given: the bridge logs in as {@code bridge}, the
     * job as {@code job}, the test's own readers as the broker's user.
     */
    EndToEnd(Path dir, EmbeddedKafka.Scram scram) throws Exception {
        this(dir, scram, java.util.function.UnaryOperator.identity());
    }

    /** With Mosquitto's options changed by {@code mosquitto} (its $SYS interval, say). */
    EndToEnd(
            Path dir,
            EmbeddedKafka.Scram scram,
            java.util.function.UnaryOperator<dcmon.stack.MosquittoServer.Builder> mosquitto)
            throws Exception {
        this.dir = dir;
        this.stack = LocalStack.start(dir.resolve("servers"), 0, 0, 0, mosquitto, scram);
        this.bridgeKafka = scram == null
                ? Map.of()
                : EmbeddedKafka.clientProperties("bridge", scram.passwords().get("bridge"));
        this.options = MonitoringOptions.builder()
                .kafkaBootstrap(stack.kafka.bootstrapServers())
                .kafkaProperties(
                        scram == null
                                ? Map.of()
                                : EmbeddedKafka.clientProperties(
                                        "job", scram.passwords().get("job")))
                .influxUrl(stack.influxd.url())
                .registry(REGISTRY, REFERENCE)
                .targets(TARGETS, ALERTS)
                .checkpointInterval(Duration.ofSeconds(1))
                .pointRollupInterval(Duration.ofSeconds(1))
                .build();
    }

    MqttKafkaBridge startBridge(String clientId) {
        BridgeConfig.Builder config = BridgeConfig.builder()
                .mqttUrl(stack.mosquitto.url())
                .kafkaBootstrap(stack.kafka.bootstrapServers())
                .clientId(clientId);
        bridgeKafka.forEach(config::producerProperty);
        MqttKafkaBridge bridge = new MqttKafkaBridge(config.build());
        bridge.start();
        return bridge;
    }

    LocalJob startJob() throws Exception {
        return startJob(options);
    }

    /** The job with other options (checkpoints in the same place). */
    LocalJob startJob(MonitoringOptions options) throws Exception {
        RegistryDirectory registry = new RegistryDirectory(REGISTRY, REFERENCE, 5_000);
        registry.loadOrThrow();
        return LocalJob.start(options, registry, checkpoints());
    }

    Path checkpoints() {
        return dir.resolve("checkpoints");
    }

    /** A history run over the last {@code days} Shanghai days up to now, with the given faults. */
    SimulatorOptions.Builder simulation(int days, String faults, long seed) {
        long from = ShanghaiCalendar.dayStart(System.currentTimeMillis()) - days * ShanghaiCalendar.DAY_MS;
        return SimulatorOptions.builder()
                .registryDir(REGISTRY)
                .referenceDir(REFERENCE)
                .mqttUrl(stack.mosquitto.url())
                .clientId("e2e-simulator")
                .mode(Mode.HISTORY)
                .from(Instant.ofEpochMilli(from))
                .to(Instant.now())
                .cadenceMinutes(15)
                .faults(Faults.parse(faults))
                .seed(seed)
                .groundTruthFile(dir.resolve("ground-truth.json"));
    }

    private static RegistryProvider.Snapshot load() {
        try {
            return new RegistryDirectory(REGISTRY, REFERENCE, Long.MAX_VALUE).loadOrThrow();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ results

    /** Every difference between InfluxDB and the ground truth, as text ({@link TruthComparison}). */
    List<String> mismatches(GroundTruth truth) {
        try {
            return new TruthComparison(stack.influxd.url(), options.influxDatabase(), REGISTRY_MODEL)
                    .differences(truth).stream()
                            .map(TruthComparison.Difference::toString)
                            .toList();
        } catch (RuntimeException e) {
            return List.of("InfluxDB not ready: " + e.getMessage());
        }
    }

    /** Distinct rejection ids on the rejected topic (committed records only) with their reasons. */
    Map<String, String> rejections() {
        Map<String, String> out = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(Topics.READINGS_REJECTED)) {
            String[] idReason = Rejection.idAndReason(r.value());
            out.put(idReason[0], idReason[1]);
        }
        return out;
    }

    /** Every committed record of a topic, from the beginning to its current end. */
    List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Properties p = new Properties();
        p.putAll(stack.kafka.clientProperties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** True once the job's consumer group has committed (on a checkpoint) every record of the raw topic. */
    boolean jobCaughtUp() {
        try {
            var admin = stack.kafka.admin();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(options.groupId())
                    .partitionsToOffsetAndMetadata()
                    .get();
            List<TopicPartition> parts = admin
                    .describeTopics(List.of(options.rawTopic()))
                    .allTopicNames()
                    .get()
                    .get(options.rawTopic())
                    .partitions()
                    .stream()
                    .map(i -> new TopicPartition(options.rawTopic(), i.partition()))
                    .toList();
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                            parts.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                    .all()
                    .get();
            for (TopicPartition tp : parts) {
                OffsetAndMetadata c = committed.get(tp);
                long end = ends.get(tp).offset();
                if (end > 0 && (c == null || c.offset() < end)) return false;
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Waits for InfluxDB and the rejected topic to match the ground truth; fails with the differences left. */
    void awaitExactResults(GroundTruth truth, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> last = List.of("not checked");
        while (System.nanoTime() < deadline) {
            if (jobCaughtUp()) {
                last = mismatches(truth);
                if (last.isEmpty()) return;
            }
            Thread.sleep(2_000);
        }
        fail(last.size() + " differences from the ground truth after " + timeout + ", e.g.:\n"
                + String.join("\n", last.subList(0, Math.min(25, last.size()))));
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("timed out after " + timeout + " waiting for " + what);
            Thread.sleep(200);
        }
    }

    @Override
    public void close() {
        stack.close();
    }
}
