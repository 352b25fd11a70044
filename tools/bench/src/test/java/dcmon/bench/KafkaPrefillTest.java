package dcmon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.Topics;
import dcmon.core.reference.ReferenceLoader;
import dcmon.stack.EmbeddedKafka;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pre-filled traffic is stamped from 2026-11-24 on. Once that is more than the broker's default retention
 * (7 days) ago, the broker's first retention check, about 30 s after it starts, deleted every record under a
 * running bench (measured: earliest offset 0 → 40 of 40 between 25 and 30 s). The bench's topic keeps them.
 */
class KafkaPrefillTest {
    private static final TopicPartition RAW = new TopicPartition(Topics.READINGS_RAW, 0);

    @Test
    void oldStampedRecordsOutliveTheBrokersFirstRetentionCheck(@TempDir Path dir) throws Exception {
        SyntheticRegistry s =
                SyntheticRegistry.build(ReferenceLoader.load(ReferenceDirs.defaultReference()), 10, 200, 10, 1);
        long longAgo = SyntheticTraffic.DEFAULT_START - 30 * 86_400_000L;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
            kafka.createTopics(1, Topics.READINGS_RAW);
            KafkaPrefill.keepForever(kafka, Topics.READINGS_RAW);
            KafkaPrefill.write(kafka.bootstrapServers(), new SyntheticTraffic(s, longAgo, 40));
            Thread.sleep(40_000); // the check runs 30 s after the broker starts, then every 5 minutes
            try (Admin admin = kafka.admin()) {
                assertThat(offset(admin, OffsetSpec.earliest())).isZero();
                assertThat(offset(admin, OffsetSpec.latest())).isEqualTo(40);
            }
        }
    }

    private static long offset(Admin admin, OffsetSpec spec) throws Exception {
        return admin.listOffsets(Map.of(RAW, spec)).all().get().get(RAW).offset();
    }
}
