package dcmon.bench;

import dcmon.bench.SyntheticRegistry.GatewayPlan;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.reading.GatewayMessage;
import dcmon.core.registry.PointKind;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Gateway traffic for a {@link SyntheticRegistry}: every quarter hour each gateway sends one message with a
 * reading of each of its points, on the quarter-hour boundary and with an explicit +08:00 offset, received by
 * the bridge 30 s later. Cumulative registers advance by the point's amount per quarter hour; interval
 * points report that amount for the quarter starting at the reading. Messages come round by round, so
 * every point's readings are in time order. Deterministic: the same registry and start give the same bytes.
 */
public final class SyntheticTraffic implements Iterator<SyntheticMessage> {
    /** 2026-11-24T00:00+08:00: a Tuesday in the middle of a month, far from year and month ends. */
    public static final long DEFAULT_START =
            Instant.parse("2026-11-23T16:00:00Z").toEpochMilli();

    static final long RECEIVE_DELAY_MS = 30_000;
    private static final DateTimeFormatter TS =
            DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ShanghaiCalendar.OFFSET);

    private final SyntheticRegistry registry;
    private final long start;
    private final long total;
    private long produced;
    private final ByteBuilder out = new ByteBuilder(8192);

    /**
     * @param messages how many messages to produce in all (rounds of one message per gateway, the last one may be partial)
     */
    public SyntheticTraffic(SyntheticRegistry registry, long start, long messages) {
        this.registry = registry;
        this.start = ShanghaiCalendar.quarterStart(start);
        this.total = messages;
    }

    /**
     * Where traffic of {@code messages} messages starts: {@link #DEFAULT_START}, unless it would then run past
     * {@code now} (Kafka refuses records stamped more than an hour ahead of its clock); then early enough, at a
     * Shanghai midnight, that it ends a day before {@code now}.
     */
    public static long startFor(SyntheticRegistry registry, long messages, long now) {
        long rounds = (messages + registry.gateways().size() - 1)
                / registry.gateways().size();
        long end = DEFAULT_START + rounds * ShanghaiCalendar.QUARTER_MS + RECEIVE_DELAY_MS;
        if (end <= now) return DEFAULT_START;
        return ShanghaiCalendar.dayStart(now - rounds * ShanghaiCalendar.QUARTER_MS - ShanghaiCalendar.DAY_MS);
    }

    /** Messages needed for {@code rounds} quarter hours of the whole registry. */
    public static long messagesForRounds(SyntheticRegistry registry, int rounds) {
        return (long) rounds * registry.gateways().size();
    }

    @Override
    public boolean hasNext() {
        return produced < total;
    }

    @Override
    public SyntheticMessage next() {
        if (!hasNext()) throw new NoSuchElementException();
        int gateways = registry.gateways().size();
        int round = (int) (produced / gateways);
        GatewayPlan g = registry.gateways().get((int) (produced % gateways));
        produced++;
        long ts = start + round * ShanghaiCalendar.QUARTER_MS;
        return new SyntheticMessage(
                g.enterprise(), g.mqttTopic(), payload(g, round, ts), ts + RECEIVE_DELAY_MS, g.size());
    }

    private byte[] payload(GatewayPlan g, int round, long ts) {
        String tsText = TS.format(Instant.ofEpochMilli(ts));
        out.reset();
        out.ascii("{\"schema\":\"")
                .ascii(GatewayMessage.SCHEMA)
                .ascii("\",\"gateway\":\"")
                .ascii(g.gateway())
                .ascii("\",\"seq\":")
                .decimal(round + 1)
                .ascii(",\"readings\":[");
        for (int i = 0; i < g.size(); i++) {
            if (i > 0) out.ascii(",");
            double v = g.points()[i].kind() == PointKind.INTERVAL
                    ? g.perQuarter()[i]
                    : g.start()[i] + round * g.perQuarter()[i];
            out.ascii("{\"point\":\"")
                    .ascii(g.points()[i].id())
                    .ascii("\",\"ts\":\"")
                    .ascii(tsText)
                    .ascii("\",\"value\":");
            quarters(Math.round(v * 4));
            out.ascii("}");
        }
        out.ascii("]}");
        return out.toArray();
    }

    /** Writes {@code q / 4} exactly, as a gateway would print a register with two decimals at most. */
    private void quarters(long q) {
        out.decimal(q / 4);
        switch ((int) (q % 4)) {
            case 1 -> out.ascii(".25");
            case 2 -> out.ascii(".5");
            case 3 -> out.ascii(".75");
            default -> out.ascii(".0");
        }
    }

    /** A growable ASCII byte buffer: the payloads are plain ASCII, so no charset encoder is needed. */
    static final class ByteBuilder {
        private byte[] buf;
        private int len;

        ByteBuilder(int capacity) {
            buf = new byte[capacity];
        }

        void reset() {
            len = 0;
        }

        ByteBuilder ascii(String s) {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) buf[len++] = (byte) s.charAt(i);
            return this;
        }

        ByteBuilder decimal(long v) {
            return ascii(Long.toString(v));
        }

        byte[] toArray() {
            return Arrays.copyOf(buf, len);
        }

        private void ensure(int n) {
            if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
