package dcmon.bench;

import dcmon.monitoring.RawMessage;
import dcmon.monitoring.RawMessageDeserializer;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The job's own deserializer, noting when the source first reads a record of the timed rounds (stamped at or
 * after {@code timedFrom}, the receive time of the first of them). The clock then starts while the tasks after
 * the source may still work on warm-up records, so the time measured can only be too long, never too short.
 * The mini-cluster runs in this JVM, so a static clock is seen by every reader.
 */
final class ClockStartingDeserializer implements KafkaRecordDeserializationSchema<RawMessage> {
    private static final long serialVersionUID = 1L;
    static final AtomicLong FIRST_TIMED = new AtomicLong();

    private final RawMessageDeserializer delegate = new RawMessageDeserializer();
    private final long timedFrom;

    ClockStartingDeserializer(long timedFrom) {
        this.timedFrom = timedFrom;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawMessage> out) throws IOException {
        if (record.timestamp() >= timedFrom && FIRST_TIMED.get() == 0) FIRST_TIMED.compareAndSet(0, System.nanoTime());
        delegate.deserialize(record, out);
    }

    @Override
    public TypeInformation<RawMessage> getProducedType() {
        return delegate.getProducedType();
    }
}
