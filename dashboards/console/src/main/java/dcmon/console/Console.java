package dcmon.console;

import dcmon.console.alerts.AlertConsumer;
import dcmon.console.alerts.AlertStore;
import dcmon.console.db.Database;
import dcmon.console.http.ConsoleApp;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The provincial console: its database (migrated on start), the consumer of {@code dcmon.alerts} when a Kafka
 * address is given, and the web server. Closing stops them in reverse order.
 */
public final class Console implements AutoCloseable {
    private final Database db;
    private final AlertConsumer consumer;
    private final ConsoleApp app;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Console(Database db, AlertConsumer consumer, ConsoleApp app) {
        this.db = db;
        this.consumer = consumer;
        this.app = app;
    }

    /**
     * @param kafkaBootstrap Kafka to read alerts from, or null to serve only what the database holds
     */
    public static Console start(Database db, String kafkaBootstrap, ConsoleSettings settings, String host, int port) {
        AlertConsumer consumer = kafkaBootstrap == null
                ? null
                : AlertConsumer.start(kafkaBootstrap, AlertConsumer.DEFAULT_GROUP, new AlertStore(db));
        try {
            return new Console(db, consumer, ConsoleApp.start(db, settings, host, port));
        } catch (RuntimeException e) {
            if (consumer != null) consumer.close();
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
        db.close();
    }
}
