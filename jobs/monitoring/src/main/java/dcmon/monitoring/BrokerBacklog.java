package dcmon.monitoring;

import dcmon.core.Topics;
import dcmon.core.alert.AlertConfig;
import dcmon.core.broker.BrokerSample;
import dcmon.influx.SeriesPoint;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Wires the MQTT broker's backlog into the job: the source of {@code dcmon.broker.status} (the bridges' samples of
 * Mosquitto's store) and {@link BrokerBacklogFunction}, which writes {@code broker_status} rows and raises {@code
 * broker.backlog} (docs/design.md, *Targets and alerts*).
 */
public final class BrokerBacklog {
    private BrokerBacklog() {}

    public static final TypeInformation<BrokerSample> SAMPLE_TYPE = TypeInformation.of(BrokerSample.class);

    /** The keyed function (uid {@code broker-backlog}) on a stream of samples. */
    public static SingleOutputStreamOperator<SeriesPoint> attach(DataStream<BrokerSample> samples, AlertConfig alerts) {
        return samples.keyBy(BrokerSample::broker)
                .process(new BrokerBacklogFunction(alerts))
                .returns(TypeInformation.of(SeriesPoint.class))
                .name("broker-backlog")
                .uid("broker-backlog");
    }

    /**
     * The samples topic as a stream (uid {@code broker-status}). No watermarks: the function goes by each sample's
     * own time, and the stream must not hold back the event time of anything it joins.
     */
    public static DataStream<BrokerSample> samples(StreamExecutionEnvironment env, MonitoringOptions o) {
        return env.fromSource(source(o), WatermarkStrategy.noWatermarks(), "broker-status")
                .uid("broker-status");
    }

    /** The source of {@code dcmon.broker.status}, with the raw source's group, offsets and client properties. */
    public static KafkaSource<BrokerSample> source(MonitoringOptions o) {
        return KafkaSource.<BrokerSample>builder()
                .setProperties(KafkaConnectors.clientProperties(o))
                .setBootstrapServers(o.kafkaBootstrap())
                .setTopics(Topics.BROKER_STATUS)
                .setGroupId(o.groupId())
                // offsets come from checkpoints; on a first start read everything there is
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new Deserializer())
                .build();
    }

    /** Reads a sample; a record that is none (a foreign producer) is skipped, never a failure of the job. */
    static final class Deserializer implements KafkaRecordDeserializationSchema<BrokerSample> {
        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<BrokerSample> out) {
            BrokerSample s = BrokerSample.parse(record.value());
            if (s != null) out.collect(s);
        }

        @Override
        public TypeInformation<BrokerSample> getProducedType() {
            return SAMPLE_TYPE;
        }
    }
}
