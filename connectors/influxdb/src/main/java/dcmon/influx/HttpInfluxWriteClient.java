package dcmon.influx;

import java.util.concurrent.TimeUnit;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDB.ConsistencyLevel;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBIOException;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/** {@link InfluxWriteClient} over the InfluxDB 1.x HTTP API ({@code /write}, {@code /query}), via influxdb-java. */
public final class HttpInfluxWriteClient implements InfluxWriteClient {

    private final InfluxDB influxDb;
    /** Status of the last answer on this thread: influxdb-java runs a request on the calling thread. */
    private final ThreadLocal<Integer> lastStatus;

    private HttpInfluxWriteClient(InfluxDB influxDb, ThreadLocal<Integer> lastStatus) {
        this.influxDb = influxDb;
        this.lastStatus = lastStatus;
    }

    public static HttpInfluxWriteClient connect(InfluxSinkOptions options) {
        ThreadLocal<Integer> lastStatus = new ThreadLocal<>();
        InfluxDB influxDb = InfluxConnections.connect(
                options.url(), options.username(), options.password(), options.requestTimeout(), chain -> {
                    okhttp3.Response response = chain.proceed(chain.request());
                    lastStatus.set(response.code());
                    return response;
                });
        return new HttpInfluxWriteClient(influxDb, lastStatus);
    }

    /**
     * @throws InfluxHttpException when InfluxDB answers with an error: its status and influxdb-java's exception
     */
    @Override
    public void write(LineBatch batch) {
        lastStatus.remove();
        try {
            influxDb.write(
                    batch.database(),
                    batch.retentionPolicy(),
                    ConsistencyLevel.ONE,
                    TimeUnit.MILLISECONDS,
                    batch.lines());
        } catch (InfluxDBIOException e) {
            throw e;
        } catch (InfluxDBException e) {
            Integer status = lastStatus.get();
            throw status == null ? e : new InfluxHttpException(status, e);
        }
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
