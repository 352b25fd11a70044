package dcmon.influx;

/**
 * What {@link InfluxSinkWriter} needs from InfluxDB. Kept this small so that the writer's buffering,
 * coalescing and retry logic can be tested without a server.
 */
public interface InfluxWriteClient extends AutoCloseable {

    /**
     * Writes one batch synchronously.
     *
     * @throws org.influxdb.InfluxDBException when the server refuses the batch or cannot be reached;
     *     {@link org.influxdb.InfluxDBException#isRetryWorth()} tells whether trying again may help
     */
    void write(LineBatch batch);

    /** Creates the database if it does not exist yet. */
    void createDatabase(String database);

    @Override
    void close();
}
