package dcmon.console;

import dcmon.console.alerts.AlertConsumer;
import dcmon.console.alerts.AlertStore;
import dcmon.console.dashboard.Colours;
import dcmon.console.dashboard.ProgressReader;
import dcmon.console.dashboard.RejectionConsumer;
import dcmon.console.dashboard.RejectionWindow;
import dcmon.console.db.Database;
import dcmon.console.http.ConsoleApp;
import dcmon.console.names.Names;
import dcmon.console.outbox.OutboxPublisher;
import dcmon.console.scorecard.PointsPublisher;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The provincial console: its database (migrated on start), the consumer of {@code dcmon.alerts} and the 24-hour
 * window of {@code dcmon.readings.rejected} when a Kafka address is given, the InfluxDB progress reader of the
 * dashboards when an InfluxDB URL is given, and the web server. Closing stops them in reverse order.
 */
public final class Console implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Console.class);
    private final Database db;
    private final AlertConsumer consumer;
    private final RejectionConsumer rejections;
    private final ProgressReader progress;
    private final OutboxPublisher outbox;
    private final ConsoleApp app;
    private final PointsPublisher points;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Console(
            Database db,
            AlertConsumer consumer,
            RejectionConsumer rejections,
            ProgressReader progress,
            OutboxPublisher outbox,
            ConsoleApp app,
            PointsPublisher points) {
        this.db = db;
        this.outbox = outbox;
        this.points = points;
        this.consumer = consumer;
        this.rejections = rejections;
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
        return start(db, kafkaBootstrap, influxUrl, influxDatabase, colours, Names::none, settings, host, port);
    }

    /**
     * @param kafkaBootstrap Kafka to read alerts from, or null to serve only what the database holds
     * @param influxUrl InfluxDB (v1 API) holding the monitoring job's progress, or null for no dashboards
     * @param influxDatabase its database, e.g. {@code dcmon}
     * @param colours the thresholds that colour progress: {@link Colours#of} the job's alert rules
     * @param names the names of units and divisions from the registry, asked on every request
     */
    public static Console start(
            Database db,
            String kafkaBootstrap,
            String influxUrl,
            String influxDatabase,
            Colours colours,
            Supplier<Names> names,
            ConsoleSettings settings,
            String host,
            int port) {
        ProgressReader progress = influxUrl == null ? null : ProgressReader.connect(influxUrl, influxDatabase);
        AlertConsumer consumer = null;
        RejectionConsumer rejections = null;
        PointsPublisher points = null;
        OutboxPublisher outbox = null;
        try {
            consumer = kafkaBootstrap == null
                    ? null
                    : AlertConsumer.start(
                            kafkaBootstrap,
                            settings.kafkaProperties(),
                            AlertConsumer.DEFAULT_GROUP,
                            new AlertStore(db));
            RejectionWindow window = kafkaBootstrap == null ? null : new RejectionWindow();
            rejections =
                    window == null ? null : RejectionConsumer.start(kafkaBootstrap, settings.kafkaProperties(), window);
            points = kafkaBootstrap == null ? null : new PointsPublisher(kafkaBootstrap, settings.kafkaProperties());
            outbox = kafkaBootstrap == null
                    ? null
                    : OutboxPublisher.start(db, kafkaBootstrap, settings.kafkaProperties(), LOG::warn);
            return new Console(
                    db,
                    consumer,
                    rejections,
                    progress,
                    outbox,
                    ConsoleApp.start(db, consumer, progress, window, colours, names, points, settings, host, port),
                    points);
        } catch (RuntimeException e) {
            if (points != null) points.close();
            if (outbox != null) outbox.close();
            if (rejections != null) rejections.close();
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
        if (points != null) points.close();
        if (outbox != null) outbox.close();
        if (rejections != null) rejections.close();
        if (consumer != null) consumer.close();
        if (progress != null) progress.close();
        db.close();
    }
}
