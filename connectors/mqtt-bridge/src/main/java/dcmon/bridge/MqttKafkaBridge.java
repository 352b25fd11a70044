package dcmon.bridge;

import dcmon.core.Topics;
import dcmon.core.broker.BrokerSample;
import dcmon.core.config.TrustedCa;
import dcmon.core.reading.MqttTopic;
import dcmon.core.reading.RejectReason;
import dcmon.core.reading.Rejection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves gateway readings from MQTT to Kafka without losing any: a message is acknowledged to the MQTT
 * broker only after Kafka acknowledged its record ({@code acks=all}, idempotent producer). Whatever is not
 * acknowledged stays with the broker in this client's persistent session and is delivered again — after
 * a crash, a restart, a lost connection or a Kafka outage. Duplicates are possible (QoS 1); the job
 * removes them.
 *
 * <p>Each MQTT message becomes one record on the raw topic: key = enterprise code from the topic, value =
 * the payload bytes unchanged, headers {@code mqtt-topic} and {@code received-at}. A payload above
 * {@link Topics#MAX_PAYLOAD_BYTES} or a topic that is not {@code dcmon/v1/{enterprise}/{gateway}/readings}
 * becomes a {@link Rejection} on the rejected topic instead (and is then acknowledged). Gateway status messages
 * ({@code dcmon/v1/{enterprise}/{gateway}/status}: birth message, Last Will) travel the same way to the status
 * topic, keyed by enterprise, so the job can tell a disconnected gateway from a silent one.
 *
 * <p>Work in flight is bounded by MQTT v5 receive maximum: the broker stops sending once that many
 * messages are unacknowledged, so a slow Kafka holds messages back at the broker instead of in memory.
 * Acknowledgements go out in the order messages arrived, as MQTT requires, so one slow record holds back
 * the acknowledgement of later ones.
 *
 * <p>On a Kafka failure the bridge stops taking messages, drops its MQTT connection without acknowledging
 * what Kafka did not take, opens a new producer once Kafka answers, and reconnects; the broker then
 * delivers the unacknowledged messages again. A lost MQTT connection is re-established the same way,
 * with a new client object each time: message ids restart on a new connection, so an acknowledgement
 * belonging to the old one must never reach it.
 *
 * <p>Several instances may run side by side: distinct client ids, one shared subscription group.
 *
 * <p>With {@link BridgeConfig#samplesBroker()}, the bridge also subscribes (not shared, QoS 0) to the three {@code
 * $SYS} topics of Mosquitto's store and sends a {@link BrokerSample} of them to Kafka at every interval: Mosquitto
 * holds what a slow or stopped bridge has not taken in memory, and the job raises {@code broker.backlog} on it.
 */
public final class MqttKafkaBridge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MqttKafkaBridge.class);
    private static final Duration MQTT_OPERATION_TIMEOUT = Duration.ofSeconds(30);
    /** Time given to queued acknowledgements to reach the broker before disconnecting. */
    private static final Duration DISCONNECT_QUIESCE = Duration.ofSeconds(2);

    private static final int QOS_AT_LEAST_ONCE = 1;

    private enum State {
        NEW,
        RUNNING,
        RECOVERING,
        CLOSED
    }

    private final BridgeConfig config;
    private final Object lifecycle = new Object();
    private final ExecutorService supervisor;
    private volatile State state = State.NEW;
    private volatile Producer<byte[], byte[]> producer;
    private volatile Link link;
    /** Set by a failed send; the next recovery replaces the producer. */
    private final AtomicBoolean producerBroken = new AtomicBoolean();
    /** The first Kafka error of the current outage, cleared once reconnected. */
    private final AtomicReference<Exception> firstKafkaError = new AtomicReference<>();

    private final LongAdder received = new LongAdder();
    private final LongAdder redelivered = new LongAdder();
    private final LongAdder forwarded = new LongAdder();
    private final Map<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder kafkaErrors = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final AtomicInteger peakInFlight = new AtomicInteger();

    /** The broker's $SYS values as last published; -1 until known. */
    private volatile long brokerStored = -1;

    private volatile long brokerRetained = -1;
    private volatile long brokerBytes = -1;
    /** Sends the broker samples; null when the bridge does not sample the broker. */
    private final ScheduledExecutorService sampler;
    /** Set while samples fail to reach Kafka, so that an outage is logged once. */
    private final AtomicBoolean sampleFailing = new AtomicBoolean();

    public MqttKafkaBridge(BridgeConfig config) {
        this.config = config;
        for (RejectReason reason : RejectReason.values()) rejected.put(reason, new LongAdder());
        this.supervisor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bridge-supervisor-" + config.clientId());
            t.setDaemon(true);
            return t;
        });
        this.sampler = !config.samplesBroker()
                ? null
                : Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "bridge-broker-samples-" + config.clientId());
                    t.setDaemon(true);
                    return t;
                });
    }

    public BridgeConfig config() {
        return config;
    }

    /**
     * Checks that Kafka serves both topics, connects to the broker (resuming this client id's session)
     * and subscribes. Returns once subscribed; messages may already be flowing.
     *
     * @throws BridgeException when Kafka or the topics are not available, the broker refuses the
     *                         connection or the subscription; nothing is left running then
     */
    public void start() {
        synchronized (lifecycle) {
            if (state != State.NEW)
                throw new IllegalStateException("bridge " + config.clientId() + " was already started");
            state = State.RECOVERING;
        }
        try {
            producer = openProducer();
            Link first = connect();
            synchronized (lifecycle) {
                if (state == State.CLOSED) {
                    first.shutdown();
                    throw new BridgeException("bridge " + config.clientId() + " was closed while starting");
                }
                install(first);
            }
            if (sampler != null) {
                long every = config.brokerInterval().toMillis();
                sampler.scheduleAtFixedRate(this::sendBrokerSample, every, every, TimeUnit.MILLISECONDS);
            }
            LOG.info(
                    "bridge {} forwarding {} from {} to Kafka {} ({})",
                    config.clientId(),
                    config.subscription(),
                    config.mqttUrl(),
                    config.kafkaBootstrap(),
                    config.rawTopic());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Counters for a status line; cheap enough to call often. */
    public BridgeMetrics metrics() {
        Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
        rejected.forEach((reason, count) -> {
            long n = count.sum();
            if (n > 0) byReason.put(reason, n);
        });
        Link current = link;
        return new BridgeMetrics(
                received.sum(),
                redelivered.sum(),
                forwarded.sum(),
                byReason,
                acknowledged.sum(),
                current == null ? 0 : current.inFlight.get(),
                peakInFlight.get(),
                kafkaErrors.sum(),
                reconnects.sum(),
                isConnected(),
                brokerBacklog(),
                brokerBytes);
    }

    /** Messages the broker holds beyond its retained ones, as its $SYS topics last said; -1 when not known. */
    public long brokerBacklog() {
        BrokerSample s = brokerSample();
        return s == null ? -1 : s.backlogMessages();
    }

    /** The broker's store as last published, or null before its counts are known (or without sampling). */
    BrokerSample brokerSample() {
        long stored = brokerStored;
        long retained = brokerRetained;
        if (stored < 0 || retained < 0) return null;
        return new BrokerSample(
                config.brokerName(),
                config.clientId(),
                System.currentTimeMillis(),
                stored,
                retained,
                Math.max(0, brokerBytes));
    }

    public long received() {
        return received.sum();
    }

    public long forwarded() {
        return forwarded.sum();
    }

    public long rejected(RejectReason reason) {
        return rejected.get(reason).sum();
    }

    public int inFlight() {
        Link current = link;
        return current == null ? 0 : current.inFlight.get();
    }

    /** Connected to the broker and passing messages on (false while recovering from a failure). */
    public boolean isConnected() {
        Link current = link;
        return state == State.RUNNING && current != null && current.accepting && current.client.isConnected();
    }

    /** The first Kafka error of an outage in progress; empty when Kafka is healthy. */
    public Optional<Exception> kafkaError() {
        return Optional.ofNullable(firstKafkaError.get());
    }

    /**
     * Stops taking messages, waits (up to the configured close timeout) for Kafka to acknowledge what is
     * in flight, acknowledges those on MQTT and disconnects. Messages not acknowledged stay in the broker's
     * session for this client id and go to the next instance that connects with it.
     */
    @Override
    public void close() {
        Link before;
        synchronized (lifecycle) {
            if (state == State.CLOSED) return;
            state = State.CLOSED;
            before = link;
        }
        if (before != null) before.stopAccepting();
        if (sampler != null) sampler.shutdownNow();
        supervisor.shutdownNow();
        try {
            if (!supervisor.awaitTermination(config.closeTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("bridge {}: reconnection did not stop within {}", config.clientId(), config.closeTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Link last = link;
        if (last != null) last.stopAccepting();
        Producer<byte[], byte[]> p = producer;
        if (p != null) {
            // Waits for outstanding records; their callbacks acknowledge them on MQTT.
            try {
                p.close(config.closeTimeout());
            } catch (RuntimeException e) {
                LOG.warn("bridge {}: closing the Kafka producer failed: {}", config.clientId(), e.toString());
            }
        }
        if (before != null && before != last) before.shutdown();
        if (last != null) last.shutdown();
        LOG.info("bridge {} closed: {}", config.clientId(), metrics().summary());
    }

    // ---------------------------------------------------------------- message path

    private void onMessage(Link from, String topic, MqttMessage message) {
        if (topic.startsWith("$SYS/")) {
            onBrokerValue(topic, message.getPayload());
            return; // QoS 0: nothing to acknowledge, nothing to forward
        }
        received.increment();
        if (message.isDuplicate()) redelivered.increment();
        // Not acknowledged: the broker delivers it again on the next connection of this client id.
        if (!from.awaitCapacity()) return;

        long receivedAt = System.currentTimeMillis();
        byte[] payload = message.getPayload();
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader(Topics.HEADER_MQTT_TOPIC, topic.getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader(
                Topics.HEADER_RECEIVED_AT, Long.toString(receivedAt).getBytes(StandardCharsets.US_ASCII)));

        MqttTopic status = config.statusSubscription() == null ? null : MqttTopic.parseStatus(topic);
        MqttTopic parsed = status != null ? status : MqttTopic.parseReadings(topic);
        ProducerRecord<byte[], byte[]> record;
        RejectReason reason = null;
        if (parsed == null) {
            reason = RejectReason.BAD_TOPIC;
            record = rejection(
                    reason,
                    "topic is not dcmon/v1/{enterprise}/{gateway}/readings",
                    topic,
                    null,
                    receivedAt,
                    payload,
                    headers);
        } else if (payload.length > Topics.MAX_PAYLOAD_BYTES) {
            reason = RejectReason.OVERSIZED;
            record = rejection(
                    reason,
                    "payload of " + payload.length + " bytes exceeds the limit of " + Topics.MAX_PAYLOAD_BYTES
                            + " bytes",
                    topic,
                    parsed,
                    receivedAt,
                    payload,
                    headers);
        } else {
            String to = status != null ? config.statusTopic() : config.rawTopic();
            record = new ProducerRecord<>(
                    to, null, parsed.enterprise().getBytes(StandardCharsets.UTF_8), payload, headers);
        }

        Producer<byte[], byte[]> via = producer;
        Pending pending = from.track(message.getId(), message.getQos(), reason, via);
        peakInFlight.accumulateAndGet(from.inFlight.get(), Math::max);
        try {
            via.send(record, (metadata, error) -> onKafkaResult(from, pending, error));
        } catch (RuntimeException e) {
            onKafkaResult(from, pending, e);
        }
    }

    /** Keeps one of the broker's $SYS values; a value that is no count is ignored. */
    private void onBrokerValue(String topic, byte[] payload) {
        long v = BrokerSample.sysValue(payload);
        if (v < 0) return;
        switch (topic) {
            case Topics.SYS_STORED_MESSAGES -> brokerStored = v;
            case Topics.SYS_RETAINED_MESSAGES -> brokerRetained = v;
            case Topics.SYS_STORED_BYTES -> brokerBytes = v;
            default -> {
                // another $SYS topic: not subscribed to
            }
        }
    }

    /**
     * Sends the broker's backlog to Kafka (sampler thread). A gauge, so a sample Kafka does not take is logged and
     * dropped: the next one replaces it, and no MQTT message waits on it.
     */
    private void sendBrokerSample() {
        BrokerSample sample = brokerSample();
        Producer<byte[], byte[]> via = producer;
        if (sample == null || via == null || state != State.RUNNING) return;
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                config.brokerTopic(), null, sample.broker().getBytes(StandardCharsets.UTF_8), sample.toJson());
        try {
            via.send(record, (metadata, error) -> onSampleResult(error));
        } catch (RuntimeException e) {
            onSampleResult(e);
        }
    }

    private void onSampleResult(Exception error) {
        if (error == null) {
            if (sampleFailing.compareAndSet(true, false)) {
                LOG.info("bridge {}: broker samples reach Kafka again", config.clientId());
            }
        } else if (sampleFailing.compareAndSet(false, true) && state != State.CLOSED) {
            LOG.warn(
                    "bridge {}: a broker sample did not reach Kafka topic {}: {}",
                    config.clientId(),
                    config.brokerTopic(),
                    error.toString());
        }
    }

    private ProducerRecord<byte[], byte[]> rejection(
            RejectReason reason,
            String detail,
            String topic,
            MqttTopic parsed,
            long receivedAt,
            byte[] payload,
            RecordHeaders headers) {
        Rejection rejection = new Rejection(
                reason,
                detail,
                topic,
                parsed == null ? null : parsed.enterprise(),
                parsed == null ? null : parsed.gateway(),
                -1,
                -1,
                null,
                Long.MIN_VALUE,
                Double.NaN,
                receivedAt,
                sha256Hex(payload));
        return new ProducerRecord<>(
                config.rejectedTopic(),
                null,
                rejection.key().getBytes(StandardCharsets.UTF_8),
                rejection.toJson(),
                headers);
    }

    private void onKafkaResult(Link from, Pending pending, Exception error) {
        if (error == null) {
            if (!pending.succeed()) return;
            if (pending.reason == null) forwarded.increment();
            else rejected.get(pending.reason).increment();
            from.acknowledgeCompleted();
            return;
        }
        if (!pending.fail()) return;
        if (state == State.CLOSED) return; // records aborted by close(): simply not acknowledged
        kafkaErrors.increment();
        if (firstKafkaError.compareAndSet(null, error)) {
            LOG.warn(
                    "bridge {}: Kafka did not take a record ({}); reconnecting, unacknowledged messages will be redelivered",
                    config.clientId(),
                    error.toString());
        }
        // Records aborted because recovery already dropped their producer say nothing about the new one.
        if (pending.via == producer) producerBroken.set(true);
        fail(from, "Kafka error: " + error);
    }

    /** Stops a connection from taking messages and has the supervisor replace it. */
    private void fail(Link failed, String why) {
        failed.stopAccepting();
        if (!failed.failed.compareAndSet(false, true)) return;
        failed.failure = why;
        synchronized (lifecycle) {
            if (state == State.RUNNING && failed == link) scheduleRecovery(failed);
            // Otherwise the link is not installed yet (start or recovery in progress): see install().
        }
    }

    /** Makes a connected link the current one; called with the lifecycle lock held. */
    private void install(Link fresh) {
        link = fresh;
        state = State.RUNNING;
        // A failure between connecting and now found no current link to recover: recover it now.
        if (fresh.failed.get()) scheduleRecovery(fresh);
    }

    private void scheduleRecovery(Link failed) {
        state = State.RECOVERING;
        try {
            supervisor.execute(() -> recover(failed, failed.failure));
        } catch (RuntimeException e) {
            LOG.warn("bridge {}: cannot schedule reconnection: {}", config.clientId(), e.toString());
        }
    }

    // ---------------------------------------------------------------- recovery (supervisor thread)

    private void recover(Link failed, String why) {
        LOG.info("bridge {}: reconnecting after {}", config.clientId(), why);
        failed.shutdown();
        if (producerBroken.getAndSet(false)) {
            Producer<byte[], byte[]> old = producer;
            producer = null;
            // Abort what the old producer still holds: those messages are redelivered anyway.
            if (old != null) old.close(Duration.ZERO);
        }
        Duration delay = config.reconnectDelay();
        while (state != State.CLOSED && !Thread.currentThread().isInterrupted()) {
            try {
                if (producer == null) producer = openProducer();
                Link fresh = connect();
                synchronized (lifecycle) {
                    if (state == State.CLOSED) {
                        link = fresh; // close() is waiting for this thread and shuts it down
                        return;
                    }
                    install(fresh);
                }
                reconnects.increment();
                firstKafkaError.set(null);
                LOG.info("bridge {}: reconnected", config.clientId());
                return;
            } catch (RuntimeException e) {
                LOG.warn(
                        "bridge {}: reconnection failed, next attempt in {}: {}",
                        config.clientId(),
                        delay,
                        e.getMessage());
            }
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                return; // close() stops recovery
            }
            delay = delay.multipliedBy(2);
            if (delay.compareTo(config.reconnectDelayMax()) > 0) delay = config.reconnectDelayMax();
        }
    }

    // ---------------------------------------------------------------- Kafka and MQTT set-up

    private Producer<byte[], byte[]> openProducer() {
        KafkaProducer<byte[], byte[]> p;
        try {
            p = new KafkaProducer<>(producerProperties(), new ByteArraySerializer(), new ByteArraySerializer());
        } catch (KafkaException e) {
            throw new BridgeException(
                    "cannot create a Kafka producer for " + config.kafkaBootstrap() + ": " + e.getMessage(), e);
        }
        // A new producer has no metadata yet, so this proves Kafka answers and the topics exist.
        List<String> topics = new java.util.ArrayList<>(List.of(config.rawTopic(), config.rejectedTopic()));
        if (config.statusSubscription() != null) topics.add(config.statusTopic());
        if (config.samplesBroker()) topics.add(config.brokerTopic());
        try {
            for (String topic : topics) p.partitionsFor(topic);
            return p;
        } catch (KafkaException e) {
            p.close(Duration.ZERO);
            throw new BridgeException(
                    "Kafka at " + config.kafkaBootstrap() + " does not serve topics " + topics
                            + " (are they created?): " + e.getMessage(),
                    e);
        }
    }

    Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, config.clientId());
        props.put(ProducerConfig.LINGER_MS_CONFIG, config.lingerMs());
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, config.batchSizeBytes());
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.compression());
        long delivery = config.deliveryTimeout().toMillis();
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, delivery));
        // Kafka requires delivery.timeout >= linger + request.timeout.
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int)
                Math.max(1, Math.min(30_000, delivery - config.lingerMs())));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, config.kafkaMaxBlock().toMillis());
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.putAll(config.producerOverrides());
        // The guarantees rest on these; BridgeConfig refuses overrides of them.
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return props;
    }

    private javax.net.SocketFactory socketFactory() {
        if (config.mqttCaFile() != null) return TrustedCa.socketFactory(config.mqttCaFile());
        if (config.mqttUrl().startsWith("ssl://")) return javax.net.ssl.SSLSocketFactory.getDefault();
        return new BufferedSocketFactory();
    }

    private Link connect() {
        MqttAsyncClient client;
        try {
            client = new MqttAsyncClient(config.mqttUrl(), config.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new BridgeException(
                    "cannot create an MQTT client for " + config.mqttUrl() + ": " + e.getMessage(), e);
        }
        Link created = new Link(client);
        client.setCallback(created);
        client.setManualAcks(true);
        MqttConnectionOptions options = new MqttConnectionOptions();
        // Persistent session: the broker keeps the subscription and everything unacknowledged meanwhile.
        options.setCleanStart(false);
        options.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
        options.setReceiveMaximum(config.maxInFlight());
        options.setKeepAliveInterval((int) config.keepAlive().toSeconds());
        options.setConnectionTimeout((int) MQTT_OPERATION_TIMEOUT.toSeconds());
        // Reconnection is ours (a new client per connection), see the class comment.
        options.setAutomaticReconnect(false);
        // Paho wants an SSLSocketFactory for ssl:// URIs; TLS has record buffers of its own
        options.setSocketFactory(socketFactory());
        if (config.username() != null) options.setUserName(config.username());
        if (config.password() != null) options.setPassword(config.password().getBytes(StandardCharsets.UTF_8));
        try {
            IMqttToken connected = client.connect(options);
            connected.waitForCompletion(MQTT_OPERATION_TIMEOUT.toMillis());
            LOG.info(
                    "bridge {} connected to {} ({})",
                    config.clientId(),
                    config.mqttUrl(),
                    connected.getSessionPresent() ? "session resumed" : "new session");
            List<MqttSubscription> subscriptions = subscriptions();
            IMqttToken subscribed =
                    client.subscribe(subscriptions.toArray(MqttSubscription[]::new), null, null, new MqttProperties());
            subscribed.waitForCompletion(MQTT_OPERATION_TIMEOUT.toMillis());
            int[] codes = subscribed.getReasonCodes();
            List<String> filters =
                    subscriptions.stream().map(MqttSubscription::getTopic).toList();
            for (int i = 0; i < filters.size(); i++) {
                boolean refused = codes == null || codes.length <= i || codes[i] >= 0x80;
                if (refused && filters.get(i).startsWith("$SYS/")) {
                    // the backlog is a report about the broker: without it the bridge still forwards everything
                    LOG.warn(
                            "bridge {}: broker {} refused {}; the broker's backlog is not reported (its ACL must let"
                                    + " the bridge read it)",
                            config.clientId(),
                            config.mqttUrl(),
                            filters.get(i));
                } else if (refused) {
                    throw new BridgeException("broker " + config.mqttUrl() + " refused the subscription "
                            + filters.get(i)
                            + " (reason code "
                            + (codes == null || codes.length <= i ? "none" : "0x" + Integer.toHexString(codes[i]))
                            + ")");
                }
            }
            return created;
        } catch (MqttException e) {
            created.shutdown();
            throw new BridgeException(
                    "cannot connect to MQTT broker " + config.mqttUrl() + " as " + config.clientId() + ": "
                            + e.getMessage() + " (reason code " + e.getReasonCode() + ")",
                    e);
        } catch (RuntimeException e) {
            created.shutdown();
            throw e;
        }
    }

    /**
     * Readings and status, shared, at QoS 1; with broker sampling the store's $SYS topics too, at QoS 0 and not
     * shared (every bridge reads the same broker-wide values; the broker publishes them at QoS 0 anyway).
     */
    private List<MqttSubscription> subscriptions() {
        List<MqttSubscription> out = new java.util.ArrayList<>();
        out.add(new MqttSubscription(config.subscription(), QOS_AT_LEAST_ONCE));
        if (config.statusSubscription() != null) {
            out.add(new MqttSubscription(config.statusSubscription(), QOS_AT_LEAST_ONCE));
        }
        if (config.samplesBroker()) {
            for (String sys :
                    List.of(Topics.SYS_STORED_MESSAGES, Topics.SYS_RETAINED_MESSAGES, Topics.SYS_STORED_BYTES)) {
                out.add(new MqttSubscription(sys, 0));
            }
        }
        return out;
    }

    static String sha256Hex(byte[] payload) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    // ---------------------------------------------------------------- one MQTT connection

    /** A received message waiting for Kafka. */
    private static final class Pending {
        private static final int WAITING = 0, DONE = 1, FAILED = 2;
        final int messageId;
        final int qos;
        final RejectReason reason;
        final Producer<byte[], byte[]> via;
        private final AtomicInteger outcome = new AtomicInteger(WAITING);

        Pending(int messageId, int qos, RejectReason reason, Producer<byte[], byte[]> via) {
            this.messageId = messageId;
            this.qos = qos;
            this.reason = reason;
            this.via = via;
        }

        boolean succeed() {
            return outcome.compareAndSet(WAITING, DONE);
        }

        boolean fail() {
            return outcome.compareAndSet(WAITING, FAILED);
        }

        boolean done() {
            return outcome.get() == DONE;
        }
    }

    /** One connection: its client, and its messages in arrival order until acknowledged. */
    private final class Link implements MqttCallback {
        final MqttAsyncClient client;
        private final ArrayDeque<Pending> pending = new ArrayDeque<>();
        final AtomicInteger inFlight = new AtomicInteger();
        volatile boolean accepting = true;
        final AtomicBoolean failed = new AtomicBoolean();
        volatile String failure;
        private boolean closed;

        Link(MqttAsyncClient client) {
            this.client = client;
        }

        /**
         * Waits until this connection holds fewer than the configured maximum of unacknowledged messages.
         * The broker should never send more (receive maximum), but some brokers overshoot under load
         * (Mosquitto 2.0 does); waiting here stops reading from the socket, which holds the rest back.
         *
         * @return false when the connection stopped taking messages meanwhile
         */
        synchronized boolean awaitCapacity() {
            while (accepting && inFlight.get() >= config.maxInFlight()) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return accepting;
        }

        synchronized void stopAccepting() {
            accepting = false;
            notifyAll();
        }

        synchronized Pending track(int messageId, int qos, RejectReason reason, Producer<byte[], byte[]> via) {
            Pending p = new Pending(messageId, qos, reason, via);
            pending.addLast(p);
            inFlight.incrementAndGet();
            return p;
        }

        /** Acknowledges, in arrival order, every message whose record Kafka has acknowledged. */
        synchronized void acknowledgeCompleted() {
            for (Pending head = pending.peekFirst(); head != null && head.done(); head = pending.peekFirst()) {
                pending.pollFirst();
                inFlight.decrementAndGet();
                notifyAll();
                if (closed) continue;
                try {
                    client.messageArrivedComplete(head.messageId, head.qos);
                    acknowledged.increment();
                } catch (MqttException e) {
                    // Connection gone: the broker redelivers this one; the job drops the duplicate.
                    LOG.debug(
                            "bridge {}: acknowledgement of message {} not sent: {}",
                            config.clientId(),
                            head.messageId,
                            e.toString());
                }
            }
        }

        /** Disconnects, letting acknowledgements already queued go out first, and releases the client. */
        void shutdown() {
            stopAccepting();
            try {
                if (client.isConnected()) {
                    client.disconnect(DISCONNECT_QUIESCE.toMillis())
                            .waitForCompletion(DISCONNECT_QUIESCE.toMillis() * 2);
                }
            } catch (MqttException e) {
                LOG.debug("bridge {}: disconnect: {}", config.clientId(), e.toString());
                try {
                    client.disconnectForcibly(0, 1000, false);
                } catch (MqttException ignored) {
                    // already disconnected
                }
            }
            synchronized (this) {
                closed = true;
            }
            try {
                client.close(true);
            } catch (MqttException e) {
                LOG.debug("bridge {}: close: {}", config.clientId(), e.toString());
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                onMessage(this, topic, message);
            } catch (RuntimeException e) {
                // Never let an exception reach Paho (it would drop the connection); not acknowledged.
                LOG.error("bridge {}: message on {} not forwarded: {}", config.clientId(), topic, e.toString(), e);
                fail(this, "internal error: " + e);
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (state == State.CLOSED) return;
            LOG.warn(
                    "bridge {}: MQTT connection lost: {}",
                    config.clientId(),
                    response.getException() != null ? response.getException().toString() : response.toString());
            fail(this, "MQTT connection lost");
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("bridge {}: MQTT error: {}", config.clientId(), exception.toString());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // the bridge publishes nothing
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // connections are made and subscribed by connect()
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
