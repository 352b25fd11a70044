package dcmon.monitoring;

import static dcmon.monitoring.Varints.readVarLong;
import static dcmon.monitoring.Varints.unzigzag;
import static dcmon.monitoring.Varints.writeVarLong;
import static dcmon.monitoring.Varints.zigzag;

import dcmon.core.reading.AcceptedReadings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer of {@link AcceptedReadings} between validation and the enterprise task: every accepted reading passes
 * through it once. The generic POJO serializer reads each point id through Flink's {@code StringValue}, which decodes
 * it char by char into a per-thread buffer (its thread-local lookup alone was 3 % of the enterprise task); here ids
 * are UTF-8, which for ASCII ids is one array copy each way. Times are varint steps from the previous reading (a
 * message's readings mostly share one), positions varints.
 *
 * <p>Only on the wire, never in state, so its format may change between versions (unless unaligned checkpoints keep
 * records in flight; the job does not enable them). It keeps a buffer for reading, hence {@link #duplicate()}.
 */
public final class AcceptedReadingsSerializer extends TypeSerializer<AcceptedReadings> {
    private static final long serialVersionUID = 1L;

    /** Bytes of a string being read. */
    private transient byte[] scratch = new byte[64];

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<AcceptedReadings> duplicate() {
        return new AcceptedReadingsSerializer();
    }

    @Override
    public AcceptedReadings createInstance() {
        return new AcceptedReadings(null, null, 0, -1, new int[0], new String[0], new long[0], new double[0]);
    }

    @Override
    public AcceptedReadings copy(AcceptedReadings from) {
        return new AcceptedReadings(
                from.enterprise,
                from.gateway,
                from.receivedAt,
                from.seq,
                from.index.clone(),
                from.points.clone(),
                from.ts.clone(),
                from.values.clone());
    }

    @Override
    public AcceptedReadings copy(AcceptedReadings from, AcceptedReadings reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(AcceptedReadings r, DataOutputView out) throws IOException {
        writeString(r.enterprise, out);
        writeString(r.gateway, out);
        out.writeLong(r.receivedAt);
        writeVarLong(zigzag(r.seq), out);
        int n = r.points.length;
        writeVarLong(n, out);
        long previous = r.receivedAt;
        for (int i = 0; i < n; i++) {
            writeVarLong(r.index[i], out);
            writeString(r.points[i], out);
            writeVarLong(zigzag(r.ts[i] - previous), out);
            previous = r.ts[i];
            out.writeDouble(r.values[i]);
        }
    }

    @Override
    public AcceptedReadings deserialize(DataInputView in) throws IOException {
        String enterprise = readString(in);
        String gateway = readString(in);
        long receivedAt = in.readLong();
        long seq = unzigzag(readVarLong(in, "accepted readings"));
        long count = readVarLong(in, "accepted readings");
        if (count < 0 || count > Integer.MAX_VALUE)
            throw new IOException("corrupt accepted readings: " + count + " readings");
        int n = (int) count;
        int[] index = new int[n];
        String[] points = new String[n];
        long[] ts = new long[n];
        double[] values = new double[n];
        long previous = receivedAt;
        for (int i = 0; i < n; i++) {
            index[i] = (int) readVarLong(in, "accepted readings");
            points[i] = readString(in);
            previous += unzigzag(readVarLong(in, "accepted readings"));
            ts[i] = previous;
            values[i] = in.readDouble();
        }
        return new AcceptedReadings(enterprise, gateway, receivedAt, seq, index, points, ts, values);
    }

    @Override
    public AcceptedReadings deserialize(AcceptedReadings reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    /**
     * A varint header, {@code 0} for null, else the UTF-8 length + 1; then the UTF-8 bytes. For an ASCII string (registry
     * ids are) the JDK encodes and decodes UTF-8 as one array copy each.
     */
    private static void writeString(String s, DataOutputView out) throws IOException {
        if (s == null) {
            writeVarLong(0, out);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeVarLong(utf8.length + 1L, out);
        out.write(utf8);
    }

    private String readString(DataInputView in) throws IOException {
        long header = readVarLong(in, "accepted readings");
        if (header == 0) return null;
        long len = header - 1;
        if (len < 0 || len > Integer.MAX_VALUE)
            throw new IOException("corrupt accepted readings: string of " + len + " bytes");
        if (scratch == null || scratch.length < len) scratch = new byte[Math.max((int) len, 64)];
        in.readFully(scratch, 0, (int) len);
        return new String(scratch, 0, (int) len, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AcceptedReadingsSerializer;
    }

    @Override
    public int hashCode() {
        return AcceptedReadingsSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<AcceptedReadings> snapshotConfiguration() {
        return new AcceptedReadingsSerializerSnapshot();
    }

    /** Format version 1. */
    public static final class AcceptedReadingsSerializerSnapshot
            extends SimpleTypeSerializerSnapshot<AcceptedReadings> {
        public AcceptedReadingsSerializerSnapshot() {
            super(AcceptedReadingsSerializer::new);
        }
    }
}
