package dcmon.monitoring;

import dcmon.core.reading.AcceptedReadings;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink type information for {@link AcceptedReadings}, so validated messages travel with
 * {@link AcceptedReadingsSerializer}. Given to the job where validation's output is declared: the type is in the pure
 * Java core, which cannot carry Flink's {@code @TypeInfo} annotation.
 */
public final class AcceptedReadingsTypeInfo extends TypeInformation<AcceptedReadings> {
    private static final long serialVersionUID = 1L;
    public static final AcceptedReadingsTypeInfo INSTANCE = new AcceptedReadingsTypeInfo();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<AcceptedReadings> getTypeClass() {
        return AcceptedReadings.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<AcceptedReadings> createSerializer(SerializerConfig config) {
        return new AcceptedReadingsSerializer();
    }

    @Override
    public String toString() {
        return "AcceptedReadings";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AcceptedReadingsTypeInfo;
    }

    @Override
    public int hashCode() {
        return AcceptedReadingsTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object other) {
        return other instanceof AcceptedReadingsTypeInfo;
    }
}
