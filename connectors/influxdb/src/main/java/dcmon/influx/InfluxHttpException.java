package dcmon.influx;

import org.influxdb.InfluxDBException;

/**
 * An error answer of InfluxDB with its HTTP status, which influxdb-java reads but does not keep. The cause is
 * influxdb-java's exception for the answer's body (e.g. {@link InfluxDBException.FieldTypeConflictException}).
 */
public final class InfluxHttpException extends InfluxDBException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public InfluxHttpException(int status, InfluxDBException cause) {
        super(cause.getMessage(), cause);
        this.status = status;
    }

    /** The HTTP status code, e.g. 400 or 503. */
    public int status() {
        return status;
    }

    @Override
    public boolean isRetryWorth() {
        return ((InfluxDBException) getCause()).isRetryWorth();
    }
}
