package dcmon.bridge;

import dcmon.core.Topics;
import dcmon.core.broker.BrokerSample;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Options of one bridge instance. Build with {@link #builder()}; every option has a default suitable for
 * the local stack except the addresses, which default to the standard loopback ports.
 *
 * @param mqttUrl              broker URI, {@code tcp://host:port} or {@code ssl://host:port}
 * @param clientId             MQTT client id; stable across restarts so the persistent session (and the
 *                             messages it holds) is picked up again. Distinct per instance.
 * @param shareGroup           shared subscription group; instances in one group split the messages.
 *                             Empty for a plain (non-shared) subscription.
 * @param topicFilter          MQTT topic filter of gateway readings
 * @param username             MQTT user name, null for anonymous
 * @param password             MQTT password, null for none
 * @param kafkaBootstrap       Kafka {@code bootstrap.servers}
 * @param rawTopic             Kafka topic of forwarded payloads
 * @param rejectedTopic        Kafka topic of rejections
 * @param statusTopicFilter    MQTT filter of the gateways' status topics, carried to {@code statusTopic}; empty
 *                             carries none
 * @param statusTopic          Kafka topic of gateway status messages
 * @param maxInFlight          messages received but not yet acknowledged, at most (MQTT v5 receive
 *                             maximum, 1..65535): the broker stops sending at this many
 * @param sessionExpiry        how long the broker keeps the session (subscription and unacknowledged or
 *                             queued messages) while no instance with this client id is connected
 * @param keepAlive            MQTT keep-alive interval
 * @param lingerMs             Kafka producer {@code linger.ms}
 * @param batchSizeBytes       Kafka producer {@code batch.size}
 * @param compression          Kafka producer {@code compression.type}
 * @param deliveryTimeout      Kafka producer {@code delivery.timeout.ms}: how long a record may wait for
 *                             Kafka before the bridge gives up on it (unacknowledged) and reconnects
 * @param kafkaMaxBlock        Kafka producer {@code max.block.ms}: how long a send may wait for metadata
 *                             or buffer space; also the limit of the start-up check of the topics
 * @param reconnectDelay       first pause before reconnecting after a failure; doubles up to the max
 * @param reconnectDelayMax    longest pause between reconnection attempts
 * @param closeTimeout         how long {@code close()} waits for Kafka to acknowledge what is in flight
 * @param producerOverrides    further Kafka producer properties (security, tuning); applied last, except
 *                             that {@code acks}, idempotence and the serializers cannot be overridden
 * @param mqttCaFile           PEM file of the CA whose certificates an {@code ssl://} broker must present (only that
 *                             CA is trusted); null: the JVM's default trust store
 * @param brokerTopic          Kafka topic of the broker's backlog samples (read from Mosquitto's {@code $SYS} topics);
 *                             empty sends none
 * @param brokerName           the broker's name in those samples, the subject of {@code broker.backlog}; default the
 *                             host of {@code mqttUrl}
 * @param brokerInterval       how often a sample is sent
 */
public record BridgeConfig(
        String mqttUrl,
        String clientId,
        String shareGroup,
        String topicFilter,
        String username,
        String password,
        String kafkaBootstrap,
        String rawTopic,
        String rejectedTopic,
        String statusTopicFilter,
        String statusTopic,
        int maxInFlight,
        Duration sessionExpiry,
        Duration keepAlive,
        int lingerMs,
        int batchSizeBytes,
        String compression,
        Duration deliveryTimeout,
        Duration kafkaMaxBlock,
        Duration reconnectDelay,
        Duration reconnectDelayMax,
        Duration closeTimeout,
        Map<String, String> producerOverrides,
        Path mqttCaFile,
        String brokerTopic,
        String brokerName,
        Duration brokerInterval) {

    /** MQTT v5 receive maximum is a two-byte integer. */
    public static final int MAX_RECEIVE_MAXIMUM = 65_535;
    /** Producer settings the bridge's guarantees rest on. */
    static final Set<String> FIXED_PRODUCER_SETTINGS =
            Set.of("acks", "enable.idempotence", "key.serializer", "value.serializer", "bootstrap.servers");

    public BridgeConfig {
        require(mqttUrl, "mqttUrl");
        try {
            URI uri = new URI(mqttUrl);
            if (!Set.of("tcp", "ssl", "ws", "wss").contains(String.valueOf(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "mqttUrl must look like tcp://host:port or ssl://host:port, was '" + mqttUrl + "'");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("mqttUrl is not a URI: '" + mqttUrl + "'", e);
        }
        require(clientId, "clientId");
        if (clientId.length() > 64)
            throw new IllegalArgumentException("clientId longer than 64 characters: " + clientId);
        shareGroup = shareGroup == null ? "" : shareGroup;
        if (shareGroup.matches(".*[/+#].*")) {
            throw new IllegalArgumentException("shareGroup must not contain '/', '+' or '#', was '" + shareGroup + "'");
        }
        require(topicFilter, "topicFilter");
        if (password != null && (username == null || username.isBlank())) {
            throw new IllegalArgumentException("an MQTT password needs a user name");
        }
        if (mqttCaFile != null && !mqttUrl.startsWith("ssl://") && !mqttUrl.startsWith("wss://")) {
            throw new IllegalArgumentException(
                    "a CA file is for TLS connections: mqttUrl must start with ssl://, was '" + mqttUrl + "'");
        }
        require(kafkaBootstrap, "kafkaBootstrap");
        require(rawTopic, "rawTopic");
        require(rejectedTopic, "rejectedTopic");
        if (rawTopic.equals(rejectedTopic))
            throw new IllegalArgumentException("rawTopic and rejectedTopic must differ");
        statusTopicFilter = statusTopicFilter == null ? "" : statusTopicFilter;
        if (carriesStatus(statusTopicFilter)) {
            require(statusTopic, "statusTopic");
            if (statusTopic.equals(rawTopic) || statusTopic.equals(rejectedTopic)) {
                throw new IllegalArgumentException("statusTopic must differ from rawTopic and rejectedTopic");
            }
        }
        if (maxInFlight < 1 || maxInFlight > MAX_RECEIVE_MAXIMUM) {
            throw new IllegalArgumentException(
                    "maxInFlight must be 1.." + MAX_RECEIVE_MAXIMUM + ", was " + maxInFlight);
        }
        positive(sessionExpiry, "sessionExpiry");
        positive(keepAlive, "keepAlive");
        if (lingerMs < 0) throw new IllegalArgumentException("lingerMs must not be negative, was " + lingerMs);
        if (batchSizeBytes < 0)
            throw new IllegalArgumentException("batchSizeBytes must not be negative, was " + batchSizeBytes);
        require(compression, "compression");
        if (!Set.of("none", "gzip", "snappy", "lz4", "zstd").contains(compression)) {
            throw new IllegalArgumentException(
                    "compression must be none, gzip, snappy, lz4 or zstd, was '" + compression + "'");
        }
        positive(deliveryTimeout, "deliveryTimeout");
        positive(kafkaMaxBlock, "kafkaMaxBlock");
        positive(reconnectDelay, "reconnectDelay");
        positive(reconnectDelayMax, "reconnectDelayMax");
        if (reconnectDelayMax.compareTo(reconnectDelay) < 0) {
            throw new IllegalArgumentException("reconnectDelayMax must not be below reconnectDelay");
        }
        positive(closeTimeout, "closeTimeout");
        brokerTopic = brokerTopic == null ? "" : brokerTopic;
        if (!brokerTopic.isEmpty()
                && (brokerTopic.equals(rawTopic)
                        || brokerTopic.equals(rejectedTopic)
                        || brokerTopic.equals(statusTopic))) {
            throw new IllegalArgumentException("brokerTopic must differ from the other topics, was " + brokerTopic);
        }
        // an IPv6 host comes in brackets, which a tag or an alert id does not want
        if (brokerName == null || brokerName.isBlank())
            brokerName = URI.create(mqttUrl).getHost().replaceAll("[\\[\\]]", "");
        if (!BrokerSample.validName(brokerName)) {
            throw new IllegalArgumentException(
                    "brokerName must be 1 to 64 letters, digits or . _ : -, was '" + brokerName + "'");
        }
        positive(brokerInterval, "brokerInterval");
        producerOverrides = Map.copyOf(producerOverrides == null ? Map.of() : producerOverrides);
        for (String key : producerOverrides.keySet()) {
            if (FIXED_PRODUCER_SETTINGS.contains(key)) {
                throw new IllegalArgumentException(
                        "producer setting " + key + " is fixed by the bridge and cannot be overridden");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder preset with this configuration, to change a few options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** What the bridge subscribes to: {@code $share/{group}/{filter}}, or the filter when not shared. */
    public String subscription() {
        return shared(topicFilter);
    }

    /** The status subscription, shared like the readings one; null when status is not carried. */
    public String statusSubscription() {
        return carriesStatus(statusTopicFilter) ? shared(statusTopicFilter) : null;
    }

    private String shared(String filter) {
        return shareGroup.isEmpty() ? filter : "$share/" + shareGroup + "/" + filter;
    }

    /** Whether the bridge samples the broker's backlog and sends it to {@link #brokerTopic()}. */
    public boolean samplesBroker() {
        return !brokerTopic.isEmpty();
    }

    private static boolean carriesStatus(String filter) {
        return filter != null && !filter.isEmpty();
    }

    /** Without the password, for logs. */
    @Override
    public String toString() {
        return "BridgeConfig[mqttUrl=" + mqttUrl + ", clientId=" + clientId + ", subscription=" + subscription()
                + ", username=" + username + ", kafkaBootstrap=" + kafkaBootstrap + ", rawTopic=" + rawTopic
                + ", rejectedTopic=" + rejectedTopic + ", statusSubscription=" + statusSubscription() + ", statusTopic="
                + statusTopic + ", maxInFlight=" + maxInFlight + ", sessionExpiry=" + sessionExpiry
                + ", deliveryTimeout=" + deliveryTimeout + ", brokerTopic=" + brokerTopic + ", brokerName=" + brokerName
                + "]";
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(name + " must be set");
    }

    private static void positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private String mqttUrl = "tcp://127.0.0.1:1883";
        private String clientId = "dcmon-bridge-1";
        private String shareGroup = Topics.MQTT_SHARE_GROUP;
        private String topicFilter = Topics.MQTT_READINGS_FILTER;
        private String username;
        private String password;
        private String kafkaBootstrap = "127.0.0.1:9092";
        private String rawTopic = Topics.READINGS_RAW;
        private String rejectedTopic = Topics.READINGS_REJECTED;
        private String statusTopicFilter = Topics.MQTT_STATUS_FILTER;
        private String statusTopic = Topics.GATEWAY_STATUS;
        private int maxInFlight = 10_000;
        private Duration sessionExpiry = Duration.ofDays(1);
        private Duration keepAlive = Duration.ofSeconds(30);
        // Records wait up to 20 ms to share a produce request: with one reading per message, 5 ms meant a request for
        // every few records, and Kafka's CPU and the bridge's own fell by a third at 20 ms (docs/benchmarks.md,
        // *Produce batching in the bridge*).
        // It holds a message unacknowledged 15 ms longer, next to the job's 1 s flush interval.
        private int lingerMs = 20;
        private int batchSizeBytes = 128 * 1024;
        private String compression = "lz4";
        private Duration deliveryTimeout = Duration.ofMinutes(2);
        private Duration kafkaMaxBlock = Duration.ofSeconds(30);
        private Duration reconnectDelay = Duration.ofSeconds(1);
        private Duration reconnectDelayMax = Duration.ofSeconds(30);
        private Duration closeTimeout = Duration.ofSeconds(30);
        private final Map<String, String> producerOverrides = new LinkedHashMap<>();
        private Path mqttCaFile;
        // off unless asked for: the topic must exist, and tests of other things need not create it
        private String brokerTopic = "";
        private String brokerName;
        private Duration brokerInterval = Duration.ofSeconds(10);

        private Builder() {}

        private Builder(BridgeConfig c) {
            mqttUrl = c.mqttUrl;
            clientId = c.clientId;
            shareGroup = c.shareGroup;
            topicFilter = c.topicFilter;
            username = c.username;
            password = c.password;
            kafkaBootstrap = c.kafkaBootstrap;
            rawTopic = c.rawTopic;
            rejectedTopic = c.rejectedTopic;
            statusTopicFilter = c.statusTopicFilter;
            statusTopic = c.statusTopic;
            maxInFlight = c.maxInFlight;
            sessionExpiry = c.sessionExpiry;
            keepAlive = c.keepAlive;
            lingerMs = c.lingerMs;
            batchSizeBytes = c.batchSizeBytes;
            compression = c.compression;
            deliveryTimeout = c.deliveryTimeout;
            kafkaMaxBlock = c.kafkaMaxBlock;
            reconnectDelay = c.reconnectDelay;
            reconnectDelayMax = c.reconnectDelayMax;
            closeTimeout = c.closeTimeout;
            producerOverrides.putAll(c.producerOverrides);
            mqttCaFile = c.mqttCaFile;
            brokerTopic = c.brokerTopic;
            brokerName = c.brokerName;
            brokerInterval = c.brokerInterval;
        }

        /**
         * Samples the broker's backlog from its {@code $SYS} topics every {@code interval} and sends it to {@code
         * kafkaTopic} (empty: none) under the broker's {@code name} (null: the host of the MQTT URL).
         */
        public Builder brokerSamples(String kafkaTopic, String name, Duration interval) {
            brokerTopic = kafkaTopic;
            brokerName = name;
            brokerInterval = interval;
            return this;
        }

        /** The CA an {@code ssl://} broker's certificate must come from; null trusts the JVM's defaults. */
        public Builder mqttCaFile(Path v) {
            mqttCaFile = v;
            return this;
        }

        public Builder mqttUrl(String v) {
            mqttUrl = v;
            return this;
        }

        public Builder clientId(String v) {
            clientId = v;
            return this;
        }

        public Builder shareGroup(String v) {
            shareGroup = v;
            return this;
        }

        public Builder topicFilter(String v) {
            topicFilter = v;
            return this;
        }

        public Builder credentials(String user, String pass) {
            username = user;
            password = pass;
            return this;
        }

        public Builder kafkaBootstrap(String v) {
            kafkaBootstrap = v;
            return this;
        }

        public Builder rawTopic(String v) {
            rawTopic = v;
            return this;
        }

        public Builder rejectedTopic(String v) {
            rejectedTopic = v;
            return this;
        }
        /** Where status messages go; {@code filter} empty carries none. */
        public Builder status(String filter, String kafkaTopic) {
            statusTopicFilter = filter;
            statusTopic = kafkaTopic;
            return this;
        }

        public Builder maxInFlight(int v) {
            maxInFlight = v;
            return this;
        }

        public Builder sessionExpiry(Duration v) {
            sessionExpiry = v;
            return this;
        }

        public Builder keepAlive(Duration v) {
            keepAlive = v;
            return this;
        }

        public Builder lingerMs(int v) {
            lingerMs = v;
            return this;
        }

        public Builder batchSizeBytes(int v) {
            batchSizeBytes = v;
            return this;
        }

        public Builder compression(String v) {
            compression = v;
            return this;
        }

        public Builder deliveryTimeout(Duration v) {
            deliveryTimeout = v;
            return this;
        }

        public Builder kafkaMaxBlock(Duration v) {
            kafkaMaxBlock = v;
            return this;
        }

        public Builder reconnectDelay(Duration first, Duration max) {
            reconnectDelay = first;
            reconnectDelayMax = max;
            return this;
        }

        public Builder closeTimeout(Duration v) {
            closeTimeout = v;
            return this;
        }

        public Builder producerProperty(String key, String value) {
            producerOverrides.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        public BridgeConfig build() {
            return new BridgeConfig(
                    mqttUrl,
                    clientId,
                    shareGroup,
                    topicFilter,
                    username,
                    password,
                    kafkaBootstrap,
                    rawTopic,
                    rejectedTopic,
                    statusTopicFilter,
                    statusTopic,
                    maxInFlight,
                    sessionExpiry,
                    keepAlive,
                    lingerMs,
                    batchSizeBytes,
                    compression,
                    deliveryTimeout,
                    kafkaMaxBlock,
                    reconnectDelay,
                    reconnectDelayMax,
                    closeTimeout,
                    producerOverrides,
                    mqttCaFile,
                    brokerTopic,
                    brokerName,
                    brokerInterval);
        }
    }
}
