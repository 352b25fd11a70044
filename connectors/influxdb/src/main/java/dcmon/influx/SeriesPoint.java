package dcmon.influx;

import java.io.Serializable;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One InfluxDB point as the jobs emit it: measurement, tags, fields and a time in epoch milliseconds.
 *
 * <p>Immutable. Tags and fields are kept sorted by name, so equal points compare equal and the
 * {@link #seriesKey() series key} does not depend on the order the job added tags in. Field values are
 * {@link Double} (finite), {@link Long}, {@link Boolean} or {@link String}; ints and floats given to the
 * builder are widened.
 *
 * <p>The time is required: a point without one would get InfluxDB's arrival time, and a re-write would
 * then add a point instead of overwriting it.
 */
@TypeInfo(SeriesPointTypeInfo.Factory.class)
public final class SeriesPoint implements Serializable {

    private static final long serialVersionUID = 1L;

    /** InfluxDB reserves this key: it cannot be a tag or field name. */
    private static final String RESERVED_TIME_KEY = "time";

    private final String measurement;
    // TreeMaps, never exposed writable: they serialize with any serializer and sort by name.
    private final TreeMap<String, String> tags;
    private final TreeMap<String, Object> fields;
    private final long timeMillis;

    private SeriesPoint(String measurement, TreeMap<String, String> tags, TreeMap<String, Object> fields,
            long timeMillis) {
        this.measurement = measurement;
        this.tags = tags;
        this.fields = fields;
        this.timeMillis = timeMillis;
    }

    public static Builder builder(String measurement) {
        return new Builder(measurement);
    }

    /** A point from already validated parts (the Flink serializer's path); the maps are taken over. */
    static SeriesPoint ofValidated(String measurement, TreeMap<String, String> tags,
            TreeMap<String, Object> fields, long timeMillis) {
        return new SeriesPoint(measurement, tags, fields, timeMillis);
    }

    public String measurement() {
        return measurement;
    }

    public SortedMap<String, String> tags() {
        return Collections.unmodifiableSortedMap(tags);
    }

    /** Field values by name: {@link Double}, {@link Long}, {@link Boolean} or {@link String}. */
    public SortedMap<String, Object> fields() {
        return Collections.unmodifiableSortedMap(fields);
    }

    public long timeMillis() {
        return timeMillis;
    }

    public Instant time() {
        return Instant.ofEpochMilli(timeMillis);
    }

    /** What InfluxDB identifies a stored point by: a later write with the same key overwrites it. */
    public SeriesKey seriesKey() {
        return new SeriesKey(measurement, tags(), timeMillis);
    }

    /**
     * This point updated by a later write to the same series and time, as InfluxDB stores it: fields of
     * {@code later} replace fields of the same name, fields only this point has are kept.
     */
    public SeriesPoint updatedBy(SeriesPoint later) {
        if (!seriesKey().equals(later.seriesKey())) {
            throw new IllegalArgumentException(
                    "different series or time: " + seriesKey() + " and " + later.seriesKey());
        }
        if (later.fields.keySet().containsAll(fields.keySet())) {
            return later;
        }
        TreeMap<String, Object> merged = new TreeMap<>(fields);
        merged.putAll(later.fields);
        return new SeriesPoint(measurement, tags, merged, timeMillis);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SeriesPoint that
                && timeMillis == that.timeMillis
                && measurement.equals(that.measurement)
                && tags.equals(that.tags)
                && fields.equals(that.fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(measurement, tags, fields, timeMillis);
    }

    /** Close to line protocol, for logs: {@code measurement,tag=v field=1.5,n=2i @2025-01-01T00:00:00Z}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(measurement);
        tags.forEach((key, value) -> text.append(',').append(key).append('=').append(value));
        String separator = " ";
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            Object value = field.getValue();
            text.append(separator).append(field.getKey()).append('=');
            if (value instanceof String string) {
                text.append('"').append(string).append('"');
            } else {
                text.append(value).append(value instanceof Long ? "i" : "");
            }
            separator = ",";
        }
        return text.append(" @").append(time()).toString();
    }

    /** Measurement, tag set and time: the identity of a stored InfluxDB point. */
    public record SeriesKey(String measurement, SortedMap<String, String> tags, long timeMillis) {
    }

    /** Builds a {@link SeriesPoint}; {@link #build()} checks what InfluxDB would reject or mangle. */
    public static final class Builder {
        private final String measurement;
        private final TreeMap<String, String> tags = new TreeMap<>();
        private final TreeMap<String, Object> fields = new TreeMap<>();
        private Long timeMillis;
        /** The built point took over the maps (no copy on the hot path): the builder is spent. */
        private boolean built;

        private Builder(String measurement) {
            this.measurement = requireName(measurement, "measurement");
        }

        /** Adds a tag; the value must not be empty, because InfluxDB drops empty tags from the series. */
        public Builder tag(String key, String value) {
            requireUnbuilt();
            requireName(key, "tag key");
            Objects.requireNonNull(value, () -> "value of tag " + key);
            if (value.isEmpty()) {
                throw new IllegalArgumentException("empty value for tag " + key);
            }
            tags.put(key, value);
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            tags.forEach(this::tag);
            return this;
        }

        public Builder field(String name, double value) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("field " + name + " is not finite: " + value);
            }
            return putField(name, value);
        }

        public Builder field(String name, long value) {
            return putField(name, value);
        }

        public Builder field(String name, boolean value) {
            return putField(name, value);
        }

        public Builder field(String name, String value) {
            return putField(name, Objects.requireNonNull(value, () -> "value of field " + name));
        }

        /** Adds fields of any supported type; ints, shorts, bytes and floats are widened. */
        public Builder fields(Map<String, ?> fields) {
            fields.forEach(this::field);
            return this;
        }

        /** Adds a field of any supported type; ints, shorts, bytes and floats are widened. */
        public Builder field(String name, Object value) {
            if (value instanceof Double || value instanceof Float) {
                return field(name, ((Number) value).doubleValue());
            }
            if (value instanceof Long || value instanceof Integer || value instanceof Short
                    || value instanceof Byte) {
                return field(name, ((Number) value).longValue());
            }
            if (value instanceof Boolean bool) {
                return field(name, bool.booleanValue());
            }
            if (value instanceof String string) {
                return field(name, string);
            }
            throw new IllegalArgumentException("field " + name + " has unsupported type: "
                    + (value == null ? "null" : value.getClass().getName()));
        }

        public Builder timeMillis(long epochMillis) {
            this.timeMillis = epochMillis;
            return this;
        }

        public Builder time(Instant time) {
            return timeMillis(time.toEpochMilli());
        }

        public SeriesPoint build() {
            requireUnbuilt();
            if (timeMillis == null) {
                throw new IllegalStateException("no time for " + measurement);
            }
            if (fields.isEmpty()) {
                throw new IllegalStateException("no fields for " + measurement + ": InfluxDB rejects such points");
            }
            for (String tag : tags.keySet()) {
                if (fields.containsKey(tag)) {
                    throw new IllegalStateException(tag + " is both a tag and a field of " + measurement);
                }
            }
            built = true;
            return new SeriesPoint(measurement, tags, fields, timeMillis);
        }

        private Builder putField(String name, Object value) {
            requireUnbuilt();
            fields.put(requireName(name, "field name"), value);
            return this;
        }

        private void requireUnbuilt() {
            if (built) throw new IllegalStateException("this builder already built a " + measurement + " point");
        }

        private static String requireName(String name, String what) {
            Objects.requireNonNull(name, what);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty " + what);
            }
            if (RESERVED_TIME_KEY.equals(name) && !"measurement".equals(what)) {
                throw new IllegalArgumentException("'time' cannot be a " + what + " in InfluxDB");
            }
            return name;
        }
    }
}
