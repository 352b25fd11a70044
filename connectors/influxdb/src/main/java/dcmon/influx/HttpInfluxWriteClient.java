package dcmon.influx;

import org.influxdb.InfluxDB;
import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB.ConsistencyLevel;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/** {@link InfluxWriteClient} over the InfluxDB 1.x HTTP API ({@code /write}, {@code /query}), via influxdb-java. */
public final class HttpInfluxWriteClient implements InfluxWriteClient {

    private final InfluxDB influxDb;

    private HttpInfluxWriteClient(InfluxDB influxDb) {
        this.influxDb = influxDb;
    }

    public static HttpInfluxWriteClient connect(InfluxSinkOptions options) {
        return new HttpInfluxWriteClient(InfluxConnections.connect(
                options.url(), options.username(), options.password(), options.requestTimeout()));
    }

    @Override
    public void write(LineBatch batch) {
        influxDb.write(batch.database(), batch.retentionPolicy(), ConsistencyLevel.ONE, TimeUnit.MILLISECONDS, batch.lines());
    }

    @Override
    public void createDatabase(String database) {
        // a no-op for an existing database; POST because InfluxDB 1.x wants it for statements that change things
        QueryResult result = influxDb.query(new Query("CREATE DATABASE " + InfluxQl.identifier(database), null, true));
        InfluxQl.requireNoError(result, "CREATE DATABASE " + database);
    }

    @Override
    public void close() {
        influxDb.close();
    }
}
