package dcmon.influx;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;

/** Opens influxdb-java clients with explicit timeouts, with or without credentials. */
final class InfluxConnections {

    private InfluxConnections() {}

    static InfluxDB connect(String url, String username, String password, Duration timeout) {
        return connect(url, username, password, timeout, null);
    }

    /** @param interceptor sees every request and answer; null for none */
    static InfluxDB connect(String url, String username, String password, Duration timeout, Interceptor interceptor) {
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (interceptor != null) http.addInterceptor(interceptor);
        return username == null
                ? InfluxDBFactory.connect(url, http)
                : InfluxDBFactory.connect(url, username, password, http);
    }
}
