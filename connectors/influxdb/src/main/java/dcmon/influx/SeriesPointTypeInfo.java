package dcmon.influx;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink type information for {@link SeriesPoint}, so points travel between operators with
 * {@link SeriesPointSerializer} instead of the generic Kryo fallback.
 */
public final class SeriesPointTypeInfo extends TypeInformation<SeriesPoint> {

    private static final long serialVersionUID = 1L;

    /** Picked up by Flink through the {@code @TypeInfo} annotation on {@link SeriesPoint}. */
    public static final class Factory extends TypeInfoFactory<SeriesPoint> {
        @Override
        public TypeInformation<SeriesPoint> createTypeInfo(
                Type type, Map<String, TypeInformation<?>> genericParameters) {
            return new SeriesPointTypeInfo();
        }
    }

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
    public Class<SeriesPoint> getTypeClass() {
        return SeriesPoint.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<SeriesPoint> createSerializer(SerializerConfig config) {
        return SeriesPointSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "SeriesPoint";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SeriesPointTypeInfo;
    }

    @Override
    public int hashCode() {
        return SeriesPointTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object other) {
        return other instanceof SeriesPointTypeInfo;
    }
}
