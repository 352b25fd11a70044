package dcmon.monitoring;

import dcmon.core.reading.Rejection;
import java.time.Duration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The job's Kafka ends: the source of raw gateway messages and the exactly-once sinks of rejections, alerts and month snapshots. */
public final class KafkaConnectors {
    private KafkaConnectors() {}

    /** The options' further client properties (security), applied before the connector's own settings. */
    static java.util.Properties clientProperties(MonitoringOptions o) {
        java.util.Properties p = new java.util.Properties();
        p.putAll(o.kafkaProperties());
        return p;
    }

    /** What a fetch of the raw topic waits for, at most {@link #FETCH_MAX_WAIT}. */
    static final int FETCH_MIN_BYTES = 64 * 1024;

    static final Duration FETCH_MAX_WAIT = Duration.ofMillis(50);

    public static KafkaSource<RawMessage> rawSource(MonitoringOptions o) {
        return rawSourceBuilder(o).build();
    }

    /** The source's settings, for callers that add more (a bounded run over what a topic holds). */
    public static KafkaSourceBuilder<RawMessage> rawSourceBuilder(MonitoringOptions o) {
        return KafkaSource.<RawMessage>builder()
                .setProperties(clientProperties(o))
                .setBootstrapServers(o.kafkaBootstrap())
                .setTopics(o.rawTopic())
                .setGroupId(o.groupId())
                // offsets come from checkpoints; on a first start read everything there is
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawMessageDeserializer())
                .setProperty("isolation.level", "read_committed")
                // A fetch waits up to 50 ms for 64 KiB instead of returning each new record at once: at one reading per
                // message the source otherwise fetched a few records at a time, and Kafka and the job spent a third of
                // their CPU on fetch requests (docs/benchmarks.md, *Fetch batching of the raw topic*).
                .setProperty("fetch.min.bytes", String.valueOf(FETCH_MIN_BYTES))
                .setProperty("fetch.max.wait.ms", String.valueOf(FETCH_MAX_WAIT.toMillis()));
    }

    /** Alert events, exactly once, under their own transactions (two sinks must not share a transactional id). */
    public static KafkaSink<AlertMessage> alertSink(MonitoringOptions o) {
        return KafkaSink.<AlertMessage>builder()
                // first: the builder takes this as its whole producer config, then adds its own settings to it
                .setKafkaProducerConfig(clientProperties(o))
                .setBootstrapServers(o.kafkaBootstrap())
                .setRecordSerializer(new AlertMessageSerializer(o.alertsTopic()))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(o.transactionalIdPrefix() + "-alerts")
                .setProperty("transaction.timeout.ms", "600000")
                .build();
    }

    /** Month snapshots, exactly once, under their own transactions (docs/design.md, *Month close*). */
    public static KafkaSink<MonthlyMessage> monthlySink(MonitoringOptions o) {
        return KafkaSink.<MonthlyMessage>builder()
                // first: the builder takes this as its whole producer config, then adds its own settings to it
                .setKafkaProducerConfig(clientProperties(o))
                .setBootstrapServers(o.kafkaBootstrap())
                .setRecordSerializer(new MonthlyMessageSerializer(o.monthlyTopic()))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(o.transactionalIdPrefix() + "-monthly")
                .setProperty("transaction.timeout.ms", "600000")
                .build();
    }

    public static KafkaSink<Rejection> rejectedSink(MonitoringOptions o) {
        return KafkaSink.<Rejection>builder()
                // first: the builder takes this as its whole producer config, then adds its own settings to it
                .setKafkaProducerConfig(clientProperties(o))
                .setBootstrapServers(o.kafkaBootstrap())
                .setRecordSerializer(new RejectionSerializer(o.rejectedTopic()))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(o.transactionalIdPrefix())
                // must outlast a checkpoint interval plus recovery, and stay under the broker's maximum
                .setProperty("transaction.timeout.ms", "600000")
                .build();
    }
}
