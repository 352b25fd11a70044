package dcmon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcmon.core.Topics;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.reading.Fix;
import dcmon.core.reading.GatewayMessage;
import dcmon.core.reading.IsoTimestamps;
import dcmon.core.reading.MessageValidator;
import dcmon.core.reading.PayloadParser;
import dcmon.core.reading.RawReading;
import dcmon.core.reading.RejectReason;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Point;
import dcmon.core.registry.PointKind;
import dcmon.core.registry.Registry;
import dcmon.influx.InfluxQuery;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A live view of one gateway for the engineer connecting it: its connection state, each point's last quarter hour,
 * and every message and reading as it arrives, accepted (with what it added) or rejected with its reason and a fix.
 *
 * <p>It reads what the running stack already writes: the raw topic (what the gateway sent), the rejected topic
 * (what the job refused, read uncommitted so a rejection shows at once rather than at the job's next checkpoint),
 * the status topic (birth message and Last Will) and InfluxDB's point rows. A reading with no rejection within the
 * settle time is shown as accepted, with its quarter hour as InfluxDB then holds it.
 */
final class GatewayProbe {
    static final DateTimeFormatter CLOCK_TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.ofHours(8));
    static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withZone(ZoneOffset.ofHours(8));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String kafka;
    private final Map<String, String> kafkaProperties;
    private final String influxUrl;
    private final String influxDatabase;
    private final Registry registry;
    private final String enterprise;
    private final String gateway;
    private final long settleMs;
    private final Consumer<String> out;
    private final Clock clock;
    private final String readingsTopic;
    private final String statusTopic;
    /**
     * Readings shown and not yet settled, in arrival order. seq is optional and need not be unique, and two messages
     * may share a receive time, so a rejection is matched by everything it carries: the message's receive time,
     * seq and payload hash (message-level) or the reading's index, point and ts (reading-level).
     */
    private final List<Pending> pending = new ArrayList<>();

    private record Pending(
            long receivedAt, long seq, String sha256, int index, String point, long ts, double value, long shownAt) {}

    GatewayProbe(
            String kafka,
            Map<String, String> kafkaProperties,
            String influxUrl,
            String influxDatabase,
            Registry registry,
            String enterprise,
            String gateway,
            long settleMs,
            Consumer<String> out,
            Clock clock) {
        this.kafka = kafka;
        this.kafkaProperties = Map.copyOf(kafkaProperties);
        this.influxUrl = influxUrl;
        this.influxDatabase = influxDatabase;
        this.registry = registry;
        this.enterprise = enterprise;
        this.gateway = gateway;
        this.settleMs = settleMs;
        this.out = out;
        this.clock = clock;
        this.readingsTopic = Topics.readingsTopic(enterprise, gateway);
        this.statusTopic = Topics.statusTopic(enterprise, gateway);
    }

    /** Prints the header and the points, then follows the gateway until {@code stop} says so. */
    void run(BooleanSupplier stop) {
        Enterprise e = registry.enterprise(enterprise);
        out.accept(
                "dcmon gateway probe — " + (e == null ? "?" : e.name()) + " (" + enterprise + ") gateway " + gateway);
        if (e == null) {
            Fix fix = Fix.of(RejectReason.UNKNOWN_ENTERPRISE, registry, enterprise, gateway, null);
            out.accept("  " + fix.en());
            out.accept("  " + fix.zh());
        } else if (!e.hasGateway(gateway)) {
            Fix fix = Fix.of(RejectReason.UNKNOWN_GATEWAY, registry, enterprise, gateway, null);
            out.accept("  " + fix.en());
            out.accept("  " + fix.zh());
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer();
                InfluxQuery influx = InfluxQuery.connect(influxUrl, influxDatabase)) {
            showStatusSoFar(consumer);
            showPoints(e, influx);
            follow(consumer, influx, stop);
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties p = new Properties();
        // security settings first (SASL, TLS); the probe's own come after and win
        p.putAll(kafkaProperties);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> parts = new ArrayList<>();
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos != null) for (PartitionInfo i : infos) parts.add(new TopicPartition(topic, i.partition()));
        return parts;
    }

    /** The last status message the gateway left, read from the start of the status topic. */
    private void showStatusSoFar(KafkaConsumer<byte[], byte[]> consumer) {
        List<TopicPartition> status = partitions(consumer, Topics.GATEWAY_STATUS);
        consumer.assign(status);
        consumer.seekToBeginning(status);
        Map<TopicPartition, Long> end = consumer.endOffsets(status);
        String last = null;
        while (status.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(java.time.Duration.ofMillis(500))) {
                if (statusTopic.equals(header(r, Topics.HEADER_MQTT_TOPIC))) last = status(r);
            }
        }
        out.accept(last == null ? "connection: no status message since the bridges started (连接状态未知)" : last);
        List<TopicPartition> all = new ArrayList<>(status);
        all.addAll(partitions(consumer, Topics.READINGS_RAW));
        all.addAll(partitions(consumer, Topics.READINGS_REJECTED));
        consumer.assign(all);
        List<TopicPartition> live = all.stream()
                .filter(tp -> !tp.topic().equals(Topics.GATEWAY_STATUS))
                .toList();
        consumer.seekToEnd(live);
        // seekToEnd is lazy: fix the positions now, or a message sent right after "following" could be skipped
        live.forEach(consumer::position);
    }

    /** The gateway's points as registered, each with its last quarter hour in InfluxDB. */
    private void showPoints(Enterprise e, InfluxQuery influx) {
        if (e == null) return;
        out.accept("points of " + gateway + " (测点):");
        for (Point p : e.points()) {
            if (!p.gateway().equals(gateway)) continue;
            String what = (p.energy() != null ? p.energy() : p.role().toString().toLowerCase()) + " " + p.unit() + ", "
                    + p.kind().toString().toLowerCase();
            out.accept(String.format("  %-14s %-32s %s", p.id(), what, lastQuarter(influx, p)));
        }
        out.accept("following " + readingsTopic + " (Ctrl-C stops)");
    }

    private String lastQuarter(InfluxQuery influx, Point p) {
        List<Map<String, Object>> rows = influx.query(
                "SELECT amount, tce FROM point_usage WHERE enterprise = $e AND"
                        + " point = $p AND period = '15m' ORDER BY time DESC LIMIT 1",
                Map.of("e", enterprise, "p", p.id()));
        if (rows.isEmpty()) return "no data yet (尚无数据)";
        Map<String, Object> row = rows.get(0);
        return "last quarter hour "
                + MINUTE.format(Instant.ofEpochMilli(((Number) row.get(InfluxQuery.TIME)).longValue())) + ": "
                + number(row.get("amount")) + " " + p.unit() + " = " + number(row.get("tce")) + " tce";
    }

    private void follow(KafkaConsumer<byte[], byte[]> consumer, InfluxQuery influx, BooleanSupplier stop) {
        while (!stop.getAsBoolean()) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(java.time.Duration.ofMillis(200))) {
                switch (r.topic()) {
                    case Topics.READINGS_RAW -> onMessage(r);
                    case Topics.READINGS_REJECTED -> onRejection(r);
                    case Topics.GATEWAY_STATUS -> {
                        if (statusTopic.equals(header(r, Topics.HEADER_MQTT_TOPIC)))
                            out.accept(now() + " " + status(r));
                    }
                    default -> {}
                }
            }
            settle(influx, false);
        }
        settle(influx, true);
    }

    private void onMessage(ConsumerRecord<byte[], byte[]> r) {
        if (!readingsTopic.equals(header(r, Topics.HEADER_MQTT_TOPIC))) return;
        GatewayMessage msg;
        try {
            msg = new PayloadParser().parse(r.value());
        } catch (PayloadParser.PayloadException e) {
            out.accept(now() + " message of " + r.value().length + " bytes: not readable ("
                    + e.reason().code() + "), see the rejection below");
            return;
        }
        out.accept(now() + " message seq=" + msg.seq() + ": " + msg.readings().size() + " reading(s)");
        long receivedAt = receivedAt(r);
        String sha256 = MessageValidator.sha256(r.value());
        for (int i = 0; i < msg.readings().size(); i++) {
            RawReading reading = msg.readings().get(i);
            pending.add(new Pending(
                    receivedAt, msg.seq(), sha256, i, reading.point(), reading.ts(), reading.value(), clock.millis()));
        }
    }

    private void onRejection(ConsumerRecord<byte[], byte[]> r) {
        JsonNode j;
        try {
            j = JSON.readTree(r.value());
        } catch (java.io.IOException e) {
            return;
        }
        if (!enterprise.equals(j.path("enterprise").asText(null))
                || !gateway.equals(j.path("gateway").asText(null))) {
            return;
        }
        RejectReason reason = RejectReason.ofCode(j.path("reason").asText());
        if (reason == null) return;
        long seq = j.path("seq").asLong(-1);
        String point = j.path("point").asText(null);
        String value = j.path("value").isNumber() ? asSent(j.path("value").asDouble()) : "";
        String what = j.has("index") ? point + " " + j.path("ts").asText("") + " " + value : "whole message seq=" + seq;
        long receivedAt = IsoTimestamps.parse(j.path("received_at").asText(""));
        if (j.has("index")) {
            int index = j.path("index").asInt();
            long ts = j.has("ts") ? IsoTimestamps.parse(j.path("ts").asText()) : RawReading.NO_TS;
            for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (p.receivedAt() == receivedAt
                        && p.seq() == seq
                        && p.index() == index
                        && p.ts() == ts
                        && java.util.Objects.equals(p.point(), point)) {
                    it.remove();
                    break;
                }
            }
        } else {
            String sha256 = j.path("payload_sha256").asText(null);
            pending.removeIf(p ->
                    p.receivedAt() == receivedAt && p.seq() == seq && (sha256 == null || sha256.equals(p.sha256())));
        }
        Fix fix = Fix.of(reason, registry, enterprise, gateway, point);
        out.accept(now() + "   " + what + " → rejected " + reason.code() + ": " + fix.en());
        out.accept("             " + fix.zh());
    }

    /** Readings with no rejection for the settle time are accepted: shows what InfluxDB now holds for them. */
    private void settle(InfluxQuery influx, boolean all) {
        long now = clock.millis();
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (!all && now - p.shownAt() < settleMs) break;
            it.remove();
            out.accept(now() + "   " + p.point() + " "
                    + (p.ts() == RawReading.NO_TS ? "?" : MINUTE.format(Instant.ofEpochMilli(p.ts()))) + " "
                    + asSent(p.value()) + " → accepted (已接收)" + added(influx, p));
        }
    }

    /** The quarter hour the reading fills: the one it closes for a register, the one it starts for an amount. */
    private String added(InfluxQuery influx, Pending p) {
        Enterprise e = registry.enterprise(enterprise);
        Point point = e == null ? null : e.point(p.point());
        if (point == null || p.ts() == RawReading.NO_TS) return "";
        long bucket = point.kind() == PointKind.CUMULATIVE
                ? ShanghaiCalendar.quarterStart(p.ts() - 1)
                : ShanghaiCalendar.quarterStart(p.ts());
        List<Map<String, Object>> rows = influx.query(
                "SELECT amount, tce FROM point_usage WHERE enterprise = $e AND"
                        + " point = $p AND period = '15m' AND time = " + bucket + "ms",
                Map.of("e", enterprise, "p", p.point()));
        String quarter = CLOCK_TIME.format(Instant.ofEpochMilli(bucket)).substring(0, 5) + "–"
                + CLOCK_TIME
                        .format(Instant.ofEpochMilli(bucket + ShanghaiCalendar.QUARTER_MS))
                        .substring(0, 5);
        if (rows.isEmpty())
            return "; quarter hour " + quarter + " not in InfluxDB yet (a first reading only sets the start)";
        return "; quarter hour " + quarter + " now " + number(rows.get(0).get("amount")) + " " + point.unit() + " = "
                + number(rows.get(0).get("tce")) + " tce";
    }

    private String status(ConsumerRecord<byte[], byte[]> r) {
        String state;
        try {
            state = JSON.readTree(r.value()).path("state").asText("?");
        } catch (java.io.IOException e) {
            state = "unreadable status message";
        }
        String zh = switch (state) {
            case "online" -> "在线";
            case "offline" -> "离线";
            default -> "未知";
        };
        return "connection: " + state + " (" + zh + ") at " + MINUTE.format(Instant.ofEpochMilli(receivedAt(r)));
    }

    private static long receivedAt(ConsumerRecord<byte[], byte[]> r) {
        String at = header(r, Topics.HEADER_RECEIVED_AT);
        return at == null ? r.timestamp() : Long.parseLong(at);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private String now() {
        return CLOCK_TIME.format(clock.instant());
    }

    /**
     * A reading's value as the gateway sent it, every digit and no exponent (a register of 48213627.25 must not
     * show as 4.82136e+07: the integrator compares it with the meter's display).
     */
    static String asSent(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return Double.toString(v);
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** A computed amount, to six significant digits. */
    static String number(Object v) {
        if (!(v instanceof Number n)) return String.valueOf(v);
        double d = n.doubleValue();
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
        return String.format(java.util.Locale.ROOT, "%.6g", d)
                .replaceAll("(\\.\\d*?)0+$", "$1")
                .replaceAll("\\.$", "");
    }
}
