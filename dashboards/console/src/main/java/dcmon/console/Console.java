package dcmon.console;

import dcmon.console.alerts.AlertConsumer;
import dcmon.console.alerts.AlertStore;
import dcmon.console.dashboard.Colours;
import dcmon.console.dashboard.ProgressReader;
import dcmon.console.db.Database;
import dcmon.console.http.ConsoleApp;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The provincial console: its database (migrated on start), the consumer of {@code dcmon.alerts} when a Kafka
 * address is given, the InfluxDB progress reader of the dashboards when an InfluxDB URL is given, and the web server. Closing stops them in reverse order.
 */
public final class Console implements AutoCloseable {
    private final Database db;
    private final AlertConsumer consumer;
    private final ProgressReader progress;
    private final ConsoleApp app;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Console(Database db, AlertConsumer consumer, ProgressReader progress, ConsoleApp app) {
        this.db = db;
        this.consumer = consumer;
        this.progress = progress;
        this.app = app;
    }

    /**
     * @param kafkaBootstrap Kafka to read alerts from, or null to serve only what the database holds
     */
    public static Console start(Database db, String kafkaBootstrap, ConsoleSettings settings, String host, int port) {
        return start(db, kafkaBootstrap, null, null, Colours.defaults(), settings, host, port);
    }

    /**
     * @param kafkaBootstrap Kafka to read alerts from, or null to serve only what the database holds
     * @param influxUrl InfluxDB (v1 API) holding the monitoring job's progress, or null for no dashboards
     * @param influxDatabase its database, e.g. {@code dcmon}
     * @param colours the thresholds that colour progress: {@link Colours#of} the job's alert rules
     */
    public static Console start(
            Database db,
            String kafkaBootstrap,
            String influxUrl,
            String influxDatabase,
            Colours colours,
            ConsoleSettings settings,
            String host,
            int port) {
        ProgressReader progress = influxUrl == null ? null : ProgressReader.connect(influxUrl, influxDatabase);
        AlertConsumer consumer = null;
        try {
            consumer = kafkaBootstrap == null
                    ? null
                    : AlertConsumer.start(kafkaBootstrap, AlertConsumer.DEFAULT_GROUP, new AlertStore(db));
            return new Console(db, consumer, progress, ConsoleApp.start(db, progress, colours, settings, host, port));
        } catch (RuntimeException e) {
            if (consumer != null) consumer.close();
            if (progress != null) progress.close();
            throw e;
        }
    }

    public int port() {
        return app.port();
    }

    public AlertConsumer consumer() {
        return consumer;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        app.close();
        if (consumer != null) consumer.close();
        if (progress != null) progress.close();
        db.close();
    }
}
