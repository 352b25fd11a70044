package dcmon.console.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dcmon.console.alerts.AlertConsumer;
import dcmon.console.dashboard.ProgressReader;
import dcmon.console.db.Database;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /api/health}, without login, for a load balancer or a monitoring probe: 200 while PostgreSQL answers
 * (the console cannot serve anything without it), else 503. It says ok or error per dependency and the alert
 * consumer's lag and latest poll, nothing else: no addresses, versions or messages.
 */
final class HealthRoutes {
    /** How long each dependency may take to answer before it counts as down. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);
    /** A consumer that has not returned from a poll for this long is stalled (it polls every half second). */
    static final Duration STALLED_AFTER = Duration.ofSeconds(60);

    private final Database db;
    private final AlertConsumer consumer;
    private final ProgressReader progress;
    private final ExecutorService checks = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "health-check");
        t.setDaemon(true);
        return t;
    });

    /** @param consumer null when the console does not consume; @param progress null without InfluxDB */
    HealthRoutes(Database db, AlertConsumer consumer, ProgressReader progress) {
        this.db = db;
        this.consumer = consumer;
        this.progress = progress;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/health", this::health);
    }

    private void health(Context ctx) {
        boolean postgres = check(() -> db.withConnection(c -> c.isValid((int) CHECK_TIMEOUT.toSeconds())));
        String influx = progress == null ? "off" : check(progress::reachable) ? "ok" : "error";
        ObjectNode kafka = kafka();
        boolean degraded =
                influx.equals("error") || kafka.get("consumer").asText().equals("stalled");
        ObjectNode body = Json.object()
                .put("status", !postgres ? "error" : degraded ? "degraded" : "ok")
                .put("postgres", postgres ? "ok" : "error");
        body.set("kafka", kafka);
        body.put("influx", influx);
        Json.send(ctx, postgres ? 200 : 503, body);
    }

    private ObjectNode kafka() {
        ObjectNode kafka = Json.object();
        if (consumer == null) {
            kafka.put("consumer", "off").putNull("lag").putNull("last_poll");
            return kafka;
        }
        long lastPoll = consumer.lastPoll();
        boolean stalled = lastPoll != 0 && System.currentTimeMillis() - lastPoll > STALLED_AFTER.toMillis();
        kafka.put("consumer", lastPoll == 0 ? "starting" : stalled ? "stalled" : "ok");
        long lag = consumer.lag();
        if (lag < 0) {
            kafka.putNull("lag");
        } else {
            kafka.put("lag", lag);
        }
        if (lastPoll == 0) {
            kafka.putNull("last_poll");
        } else {
            kafka.put("last_poll", Instant.ofEpochMilli(lastPoll).toString());
        }
        return kafka;
    }

    /** Runs a check with a deadline: a database pool waiting for a connection must not hold the probe. */
    private boolean check(BooleanSupplier probe) {
        try {
            return CompletableFuture.supplyAsync(probe::getAsBoolean, checks)
                    .get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    void close() {
        checks.shutdownNow();
    }
}
