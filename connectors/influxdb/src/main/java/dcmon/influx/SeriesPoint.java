package dcmon.influx;

import java.io.Serializable;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
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
 * <p>Tags and fields are held in sorted arrays, not maps: the job builds several points per reading, each
 * with a handful of tags and fields, and arrays cost a fraction of a map's entries to fill, compare and hash.
 *
 * <p>The time is required: a point without one would get InfluxDB's arrival time, and a re-write would
 * then add a point instead of overwriting it.
 */
@TypeInfo(SeriesPointTypeInfo.Factory.class)
public final class SeriesPoint implements Serializable {

    private static final long serialVersionUID = 2L;

    /** InfluxDB reserves this key: it cannot be a tag or field name. */
    private static final String RESERVED_TIME_KEY = "time";

    private final String measurement;
    // sorted by key / name, never exposed writable
    private final String[] tagKeys;
    private final String[] tagValues;
    private final String[] fieldNames;
    private final Object[] fieldValues;
    private final long timeMillis;

    private SeriesPoint(
            String measurement,
            String[] tagKeys,
            String[] tagValues,
            String[] fieldNames,
            Object[] fieldValues,
            long timeMillis) {
        this.measurement = measurement;
        this.tagKeys = tagKeys;
        this.tagValues = tagValues;
        this.fieldNames = fieldNames;
        this.fieldValues = fieldValues;
        this.timeMillis = timeMillis;
    }

    public static Builder builder(String measurement) {
        return new Builder(measurement);
    }

    /**
     * A point from already validated parts (the Flink serializer's path): tags sorted by key and fields by
     * name, as {@link #tagKey}/{@link #fieldName} give them; the arrays are taken over.
     */
    static SeriesPoint ofValidated(
            String measurement,
            String[] tagKeys,
            String[] tagValues,
            String[] fieldNames,
            Object[] fieldValues,
            long timeMillis) {
        return new SeriesPoint(measurement, tagKeys, tagValues, fieldNames, fieldValues, timeMillis);
    }

    public String measurement() {
        return measurement;
    }

    public int tagCount() {
        return tagKeys.length;
    }

    /** The {@code i}-th tag key in name order. */
    public String tagKey(int i) {
        return tagKeys[i];
    }

    public String tagValue(int i) {
        return tagValues[i];
    }

    public int fieldCount() {
        return fieldNames.length;
    }

    /** The {@code i}-th field name in name order. */
    public String fieldName(int i) {
        return fieldNames[i];
    }

    /** {@link Double}, {@link Long}, {@link Boolean} or {@link String}. */
    public Object fieldValue(int i) {
        return fieldValues[i];
    }

    /** Tags by key (a copy; the indexed accessors cost nothing). */
    public SortedMap<String, String> tags() {
        TreeMap<String, String> tags = new TreeMap<>();
        for (int i = 0; i < tagKeys.length; i++) tags.put(tagKeys[i], tagValues[i]);
        return Collections.unmodifiableSortedMap(tags);
    }

    /** Field values by name: {@link Double}, {@link Long}, {@link Boolean} or {@link String} (a copy). */
    public SortedMap<String, Object> fields() {
        TreeMap<String, Object> fields = new TreeMap<>();
        for (int i = 0; i < fieldNames.length; i++) fields.put(fieldNames[i], fieldValues[i]);
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
        return new SeriesKey(measurement, tagKeys, tagValues, timeMillis);
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
        if (Arrays.equals(fieldNames, later.fieldNames)) {
            return later;
        }
        TreeMap<String, Object> merged = new TreeMap<>(fields());
        merged.putAll(later.fields());
        String[] names = merged.keySet().toArray(new String[0]);
        if (Arrays.equals(names, later.fieldNames)) {
            return later;
        }
        return new SeriesPoint(
                measurement, tagKeys, tagValues, names, merged.values().toArray(), timeMillis);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SeriesPoint that
                && timeMillis == that.timeMillis
                && measurement.equals(that.measurement)
                && Arrays.equals(tagKeys, that.tagKeys)
                && Arrays.equals(tagValues, that.tagValues)
                && Arrays.equals(fieldNames, that.fieldNames)
                && Arrays.equals(fieldValues, that.fieldValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                measurement,
                Arrays.hashCode(tagKeys),
                Arrays.hashCode(tagValues),
                Arrays.hashCode(fieldNames),
                Arrays.hashCode(fieldValues),
                timeMillis);
    }

    /** Close to line protocol, for logs: {@code measurement,tag=v field=1.5,n=2i @2025-01-01T00:00:00Z}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(measurement);
        for (int i = 0; i < tagKeys.length; i++)
            text.append(',').append(tagKeys[i]).append('=').append(tagValues[i]);
        String separator = " ";
        for (int i = 0; i < fieldNames.length; i++) {
            Object value = fieldValues[i];
            text.append(separator).append(fieldNames[i]).append('=');
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
    public static final class SeriesKey {
        private final String measurement;
        private final String[] tagKeys;
        private final String[] tagValues;
        private final long timeMillis;
        private final int hash;

        SeriesKey(String measurement, String[] tagKeys, String[] tagValues, long timeMillis) {
            this.measurement = measurement;
            this.tagKeys = tagKeys;
            this.tagValues = tagValues;
            this.timeMillis = timeMillis;
            this.hash =
                    31 * (31 * (31 * measurement.hashCode() + Arrays.hashCode(tagKeys)) + Arrays.hashCode(tagValues))
                            + Long.hashCode(timeMillis);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof SeriesKey that
                    && hash == that.hash
                    && timeMillis == that.timeMillis
                    && measurement.equals(that.measurement)
                    && Arrays.equals(tagValues, that.tagValues)
                    && Arrays.equals(tagKeys, that.tagKeys);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(measurement);
            for (int i = 0; i < tagKeys.length; i++)
                text.append(',').append(tagKeys[i]).append('=').append(tagValues[i]);
            return text.append(" @").append(Instant.ofEpochMilli(timeMillis)).toString();
        }
    }

    /**
     * A measurement with fixed tag keys and field names, checked once: rows of one kind (the job writes one
     * quarter-hour row per reading) are then made from their values alone, without a builder. The rows share
     * the shape's sorted key arrays, which no one can change.
     */
    public static final class Shape implements Serializable {
        private static final long serialVersionUID = 1L;

        private final String measurement;
        private final String[] tagKeys;
        private final String[] fieldNames;
        /** For the i-th sorted key or name: its position in the order the shape was declared in. */
        private final int[] tagFrom;

        private final int[] fieldFrom;
        /** Tags and fields were declared in name order: a row's value arrays need no reordering. */
        private final boolean declaredInOrder;

        private Shape(String measurement, String[] tagKeys, String[] fieldNames, int[] tagFrom, int[] fieldFrom) {
            this.measurement = measurement;
            this.tagKeys = tagKeys;
            this.fieldNames = fieldNames;
            this.tagFrom = tagFrom;
            this.fieldFrom = fieldFrom;
            this.declaredInOrder = isIdentity(tagFrom) && isIdentity(fieldFrom);
        }

        private static boolean isIdentity(int[] positions) {
            for (int i = 0; i < positions.length; i++) {
                if (positions[i] != i) return false;
            }
            return true;
        }

        /** Checks the names as a builder would: non-empty, not {@code time}, no name twice or as tag and field. */
        public static Shape of(String measurement, List<String> tagKeys, List<String> fieldNames) {
            Builder names = builder(measurement);
            tagKeys.forEach(k -> names.tag(k, k));
            fieldNames.forEach(f -> names.field(f, 0L));
            SeriesPoint sorted = names.timeMillis(0).build();
            if (sorted.tagCount() != tagKeys.size() || sorted.fieldCount() != fieldNames.size()) {
                throw new IllegalArgumentException("a name appears twice in " + tagKeys + " / " + fieldNames);
            }
            return new Shape(
                    measurement,
                    sorted.tagKeys,
                    sorted.fieldNames,
                    positions(sorted.tagKeys, tagKeys),
                    positions(sorted.fieldNames, fieldNames));
        }

        private static int[] positions(String[] sorted, List<String> declared) {
            int[] from = new int[sorted.length];
            for (int i = 0; i < sorted.length; i++) from[i] = declared.indexOf(sorted[i]);
            return from;
        }

        /**
         * A row of this shape; values in the order the shape declared its tags and fields. Field values are
         * {@link Double} (finite), {@link Long}, {@link Boolean} or {@link String}. The arrays are taken over
         * when the shape was declared in name order (callers pass fresh ones): one row per reading is built
         * this way, and copying its arrays was a share of the job's allocation.
         */
        public SeriesPoint point(long timeMillis, String[] tagValues, Object[] fieldValues) {
            if (tagValues.length != tagKeys.length || fieldValues.length != fieldNames.length) {
                throw new IllegalArgumentException(measurement + " takes " + tagKeys.length + " tag and "
                        + fieldNames.length + " field values, not " + tagValues.length + " and " + fieldValues.length);
            }
            String[] tags = declaredInOrder ? tagValues : new String[tagKeys.length];
            for (int i = 0; i < tags.length; i++) {
                String v = tagValues[tagFrom[i]];
                if (v == null || v.isEmpty()) throw new IllegalArgumentException("empty value for tag " + tagKeys[i]);
                tags[i] = v;
            }
            Object[] fields = declaredInOrder ? fieldValues : new Object[fieldNames.length];
            for (int i = 0; i < fields.length; i++) {
                Object v = fieldValues[fieldFrom[i]];
                if (v instanceof Double d) {
                    if (!Double.isFinite(d))
                        throw new IllegalArgumentException("field " + fieldNames[i] + " is not finite: " + d);
                } else if (!(v instanceof Long || v instanceof Boolean || v instanceof String)) {
                    throw new IllegalArgumentException("field " + fieldNames[i] + " has unsupported type: "
                            + (v == null ? "null" : v.getClass().getName()));
                }
                fields[i] = v;
            }
            return new SeriesPoint(measurement, tagKeys, tags, fieldNames, fields, timeMillis);
        }
    }

    /** Names with values, sorted by name as they are put; a name put again takes the new value. */
    private static final class SortedPairs {
        String[] names;
        Object[] values;
        int size;

        SortedPairs(int capacity) {
            names = new String[capacity];
            values = new Object[capacity];
        }

        void put(String name, Object value) {
            // few names: a linear scan from the end finds where it is or belongs
            int at = size;
            while (at > 0 && names[at - 1].compareTo(name) >= 0) at--;
            if (at < size && names[at].equals(name)) {
                values[at] = value;
                return;
            }
            if (size == names.length) {
                names = Arrays.copyOf(names, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            System.arraycopy(names, at, names, at + 1, size - at);
            System.arraycopy(values, at, values, at + 1, size - at);
            names[at] = name;
            values[at] = value;
            size++;
        }

        String[] names() {
            return names.length == size ? names : Arrays.copyOf(names, size);
        }

        Object[] values() {
            return values.length == size ? values : Arrays.copyOf(values, size);
        }
    }

    /** Builds a {@link SeriesPoint}; {@link #build()} checks what InfluxDB would reject or mangle. */
    public static final class Builder {
        private final String measurement;
        private final SortedPairs tags = new SortedPairs(5);
        private final SortedPairs fields = new SortedPairs(6);
        private long timeMillis;
        private boolean timeSet;
        /** The built point took over the arrays (no copy on the hot path): the builder is spent. */
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
            if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
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
            this.timeSet = true;
            return this;
        }

        public Builder time(Instant time) {
            return timeMillis(time.toEpochMilli());
        }

        public SeriesPoint build() {
            requireUnbuilt();
            if (!timeSet) {
                throw new IllegalStateException("no time for " + measurement);
            }
            if (fields.size == 0) {
                throw new IllegalStateException("no fields for " + measurement + ": InfluxDB rejects such points");
            }
            // both sorted: one merge pass finds a name used as tag and field
            for (int t = 0, f = 0; t < tags.size && f < fields.size; ) {
                int c = tags.names[t].compareTo(fields.names[f]);
                if (c == 0) {
                    throw new IllegalStateException(tags.names[t] + " is both a tag and a field of " + measurement);
                }
                if (c < 0) t++;
                else f++;
            }
            built = true;
            return new SeriesPoint(
                    measurement,
                    tags.names(),
                    Arrays.copyOf(tags.values, tags.size, String[].class),
                    fields.names(),
                    fields.values(),
                    timeMillis);
        }

        private Builder putField(String name, Object value) {
            requireUnbuilt();
            requireName(name, "field name");
            fields.put(name, value);
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
