package dcmon.influx;

import java.io.IOException;
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
            SeriesPoint.ofValidated("placeholder", new String[0], new String[0], new String[0], new Object[0], 0L);

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
        target.writeInt(point.tagCount());
        for (int i = 0; i < point.tagCount(); i++) {
            StringValue.writeString(point.tagKey(i), target);
            StringValue.writeString(point.tagValue(i), target);
        }
        target.writeInt(point.fieldCount());
        for (int i = 0; i < point.fieldCount(); i++) {
            StringValue.writeString(point.fieldName(i), target);
            Object value = point.fieldValue(i);
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
        int tagCount = source.readInt();
        String[] tagKeys = new String[tagCount];
        String[] tagValues = new String[tagCount];
        for (int i = 0; i < tagCount; i++) {
            tagKeys[i] = StringValue.readString(source);
            tagValues[i] = StringValue.readString(source);
        }
        int fieldCount = source.readInt();
        String[] fieldNames = new String[fieldCount];
        Object[] fieldValues = new Object[fieldCount];
        for (int i = 0; i < fieldCount; i++) {
            String name = StringValue.readString(source);
            byte type = source.readByte();
            fieldNames[i] = name;
            fieldValues[i] = switch (type) {
                case DOUBLE -> source.readDouble();
                case LONG -> source.readLong();
                case BOOLEAN -> source.readBoolean();
                case STRING -> StringValue.readString(source);
                default -> throw new IOException("unknown field type " + type + " of field " + name);
            };
        }
        // written in name order by serialize(), so the arrays are sorted as SeriesPoint keeps them
        return SeriesPoint.ofValidated(measurement, tagKeys, tagValues, fieldNames, fieldValues, source.readLong());
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
