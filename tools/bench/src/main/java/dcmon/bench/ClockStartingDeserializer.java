package dcmon.bench;

import dcmon.monitoring.RawMessage;
import dcmon.monitoring.RawMessageDeserializer;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The job's own deserializer, noting when the source first reads a record of the timed rounds (stamped at or
 * after {@code timedFrom}, the receive time of the first of them; without a warm-up, the first record at all),
 * and counting the records it reads, so that a run is measured over what the job really read. The clock then
 * starts while the tasks after the source may still work on warm-up records, so the time measured can only be
 * too long, never too short. The mini-cluster runs in this JVM, so static fields are seen by every reader;
 * {@link #reset} before each run.
 */
final class ClockStartingDeserializer implements KafkaRecordDeserializationSchema<RawMessage> {
    private static final long serialVersionUID = 1L;
    static final AtomicLong FIRST_TIMED = new AtomicLong();
    static final LongAdder READ = new LongAdder();

    private final RawMessageDeserializer delegate = new RawMessageDeserializer();
    private final long timedFrom;

    ClockStartingDeserializer(long timedFrom) {
        this.timedFrom = timedFrom;
    }

    static void reset() {
        FIRST_TIMED.set(0);
        READ.reset();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawMessage> out) throws IOException {
        if (record.timestamp() >= timedFrom && FIRST_TIMED.get() == 0) FIRST_TIMED.compareAndSet(0, System.nanoTime());
        READ.increment();
        delegate.deserialize(record, out);
    }

    @Override
    public TypeInformation<RawMessage> getProducedType() {
        return delegate.getProducedType();
    }
}
