package dcmon.influx;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A row InfluxDB refused for good, with the error, as the sink hands it to {@link DeadLetters}.
 *
 * @param database database the row was written to
 * @param retentionPolicy retention policy written to, or null for the database's default
 * @param measurement the row's measurement
 * @param timeMillis the row's time, epoch milliseconds
 * @param errorClass class of the error InfluxDB's answer was read as, e.g.
 *     {@code org.influxdb.InfluxDBException$FieldTypeConflictException}
 * @param error the error's message, as InfluxDB wrote it
 * @param line the row in line protocol with millisecond times, without the newline
 */
public record DeadLetter(
        String database,
        String retentionPolicy,
        String measurement,
        long timeMillis,
        String errorClass,
        String error,
        String line) {

    /** Version of the JSON record, its {@code schema} field. */
    public static final String SCHEMA = "dcmon.sink.dead-letter/1";

    private static final JsonFactory JSON = new JsonFactory();

    /** The letter for {@code point}, refused with {@code error}. */
    public static DeadLetter of(SeriesPoint point, String database, String retentionPolicy, Throwable error) {
        StringBuilder line = new StringBuilder(256);
        LineProtocol.append(line, point);
        line.setLength(line.length() - 1);
        Throwable influxError =
                error instanceof InfluxHttpException && error.getCause() != null ? error.getCause() : error;
        return new DeadLetter(
                database,
                retentionPolicy,
                point.measurement(),
                point.timeMillis(),
                influxError.getClass().getName(),
                String.valueOf(error.getMessage()),
                line.toString());
    }

    /**
     * The JSON record: {@code {"schema":"dcmon.sink.dead-letter/1","database":…,"retentionPolicy":…,
     * "measurement":…,"time":…,"errorClass":…,"error":…,"line":…}}, in UTF-8; {@code retentionPolicy} is null
     * for the database's default.
     */
    public byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("schema", SCHEMA);
            json.writeStringField("database", database);
            json.writeStringField("retentionPolicy", retentionPolicy);
            json.writeStringField("measurement", measurement);
            json.writeNumberField("time", timeMillis);
            json.writeStringField("errorClass", errorClass);
            json.writeStringField("error", error);
            json.writeStringField("line", line);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen writing to memory", e);
        }
        return out.toByteArray();
    }
}
