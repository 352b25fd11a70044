package dcmon.bench;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** How far a consumer group is through a topic: its committed offsets against the topic's end offsets. */
final class KafkaProgress {
    private final Admin admin;
    private final String topic;
    private final String group;

    KafkaProgress(Admin admin, String topic, String group) {
        this.admin = admin;
        this.topic = topic;
        this.group = group;
    }

    /** Records the group has committed, summed over partitions (Flink commits on each completed checkpoint). */
    long committed() throws Exception {
        return committedByPartition().values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    /** The group's committed offset of each partition it has committed. */
    Map<Integer, Long> committedByPartition() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> c = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        return c.entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .collect(Collectors.toMap(
                        e -> e.getKey().partition(), e -> e.getValue().offset()));
    }

    /** Records in the topic, summed over partitions. */
    long end() throws Exception {
        List<TopicPartition> parts =
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
        return admin
                .listOffsets(parts.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all()
                .get()
                .values()
                .stream()
                .mapToLong(i -> i.offset())
                .sum();
    }
}
