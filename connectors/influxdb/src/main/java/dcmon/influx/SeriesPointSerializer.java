package dcmon.influx;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Binary form of a {@link SeriesPoint}: measurement, tags, typed fields and time. Version 1 of the
 * format; a change must come with a new snapshot version.
 */
public final class SeriesPointSerializer extends TypeSerializerSingleton<SeriesPoint> {

    private static final long serialVersionUID = 1L;

    public static final SeriesPointSerializer INSTANCE = new SeriesPointSerializer();

    private static final byte DOUBLE = 0;
    private static final byte LONG = 1;
    private static final byte BOOLEAN = 2;
    private static final byte STRING = 3;

    /** Stands in where Flink asks for an empty instance; never written to InfluxDB. */
    private static final SeriesPoint PLACEHOLDER =
            SeriesPoint.ofValidated("placeholder", new TreeMap<>(), new TreeMap<>(), 0L);

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public SeriesPoint createInstance() {
        return PLACEHOLDER;
    }

    @Override
    public SeriesPoint copy(SeriesPoint from) {
        return from;
    }

    @Override
    public SeriesPoint copy(SeriesPoint from, SeriesPoint reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(SeriesPoint point, DataOutputView target) throws IOException {
        StringValue.writeString(point.measurement(), target);
        target.writeInt(point.tags().size());
        for (Map.Entry<String, String> tag : point.tags().entrySet()) {
            StringValue.writeString(tag.getKey(), target);
            StringValue.writeString(tag.getValue(), target);
        }
        target.writeInt(point.fields().size());
        for (Map.Entry<String, Object> field : point.fields().entrySet()) {
            StringValue.writeString(field.getKey(), target);
            Object value = field.getValue();
            if (value instanceof Double number) {
                target.writeByte(DOUBLE);
                target.writeDouble(number);
            } else if (value instanceof Long number) {
                target.writeByte(LONG);
                target.writeLong(number);
            } else if (value instanceof Boolean bool) {
                target.writeByte(BOOLEAN);
                target.writeBoolean(bool);
            } else {
                target.writeByte(STRING);
                StringValue.writeString((String) value, target);
            }
        }
        target.writeLong(point.timeMillis());
    }

    @Override
    public SeriesPoint deserialize(DataInputView source) throws IOException {
        String measurement = StringValue.readString(source);
        TreeMap<String, String> tags = new TreeMap<>();
        for (int count = source.readInt(); count > 0; count--) {
            tags.put(StringValue.readString(source), StringValue.readString(source));
        }
        TreeMap<String, Object> fields = new TreeMap<>();
        for (int count = source.readInt(); count > 0; count--) {
            String name = StringValue.readString(source);
            byte type = source.readByte();
            fields.put(name, switch (type) {
                case DOUBLE -> source.readDouble();
                case LONG -> source.readLong();
                case BOOLEAN -> source.readBoolean();
                case STRING -> StringValue.readString(source);
                default -> throw new IOException("unknown field type " + type + " of field " + name);
            });
        }
        return SeriesPoint.ofValidated(measurement, tags, fields, source.readLong());
    }

    @Override
    public SeriesPoint deserialize(SeriesPoint reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<SeriesPoint> snapshotConfiguration() {
        return new SeriesPointSerializerSnapshot();
    }

    /** Restores the serializer from checkpoints and savepoints. */
    public static final class SeriesPointSerializerSnapshot extends SimpleTypeSerializerSnapshot<SeriesPoint> {
        public SeriesPointSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
