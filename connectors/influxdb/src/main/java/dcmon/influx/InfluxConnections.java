package dcmon.influx;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;

/**
 * Opens influxdb-java clients with explicit timeouts. Credentials given in code (a user and password) win; without
 * them, those of the environment ({@link InfluxCredentials}) are used, so that every part of dcmon — the job's sink,
 * the console, the exporter, the probe — logs in the same way without secrets on its command line.
 */
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
        InfluxCredentials credentials = username != null
                ? new InfluxCredentials(username, password, null)
                : InfluxCredentials.fromEnvironment();
        return connect(url, credentials, http);
    }

    static InfluxDB connect(String url, InfluxCredentials credentials, OkHttpClient.Builder http) {
        if (credentials.token() != null) {
            String authorization = credentials.authorization();
            http.addInterceptor(chain -> chain.proceed(chain.request()
                    .newBuilder()
                    .header("Authorization", authorization)
                    .build()));
            return InfluxDBFactory.connect(url, http);
        }
        return credentials.username() == null
                ? InfluxDBFactory.connect(url, http)
                : InfluxDBFactory.connect(url, credentials.username(), credentials.password(), http);
    }
}
