package dcmon.influx;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;

/** Opens influxdb-java clients with explicit timeouts, with or without credentials. */
final class InfluxConnections {

    private InfluxConnections() {
    }

    static InfluxDB connect(String url, String username, String password, Duration timeout) {
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return username == null
                ? InfluxDBFactory.connect(url, http)
                : InfluxDBFactory.connect(url, username, password, http);
    }
}
