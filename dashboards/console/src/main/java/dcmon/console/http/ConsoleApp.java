package dcmon.console.http;

import dcmon.console.ConsoleSettings;
import dcmon.console.alerts.AlertConsumer;
import dcmon.console.alerts.AlertQueries;
import dcmon.console.alerts.Reviews;
import dcmon.console.auth.LoginThrottle;
import dcmon.console.auth.Sessions;
import dcmon.console.auth.Users;
import dcmon.console.dashboard.ActiveAlerts;
import dcmon.console.dashboard.Colours;
import dcmon.console.dashboard.ProgressReader;
import dcmon.console.dashboard.RejectionWindow;
import dcmon.console.db.Database;
import dcmon.console.exports.ExportShelf;
import dcmon.console.maintenance.MaintenanceWindows;
import dcmon.console.names.Names;
import dcmon.console.scorecard.PointsPublisher;
import dcmon.console.scorecard.QualitativeStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The console's web server: the JSON API under {@code /api/} and the pages from {@code /console} resources. */
public final class ConsoleApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleApp.class);

    private final Javalin javalin;
    private final HealthRoutes health;

    private ConsoleApp(Javalin javalin, HealthRoutes health) {
        this.javalin = javalin;
        this.health = health;
    }

    /**
     * Starts the server.
     *
     * @param host the address to listen on
     * @param port the port, or 0 for a free one
     */
    public static ConsoleApp start(Database db, ConsoleSettings settings, String host, int port) {
        return start(db, null, Colours.defaults(), settings, host, port);
    }

    /**
     * Starts the server with the dashboards reading progress from InfluxDB.
     *
     * @param progress the progress in InfluxDB, or null to serve alerts only
     * @param colours the thresholds that colour progress (those of the alert rules)
     * @param host the address to listen on
     * @param port the port, or 0 for a free one
     */
    public static ConsoleApp start(
            Database db, ProgressReader progress, Colours colours, ConsoleSettings settings, String host, int port) {
        return start(db, progress, null, colours, settings, host, port);
    }

    /**
     * Starts the server with the dashboards reading progress from InfluxDB and the live rejections.
     *
     * @param progress the progress in InfluxDB, or null to serve alerts only
     * @param rejections the rejections of the last 24 hours read from Kafka, or null when not consumed
     * @param colours the thresholds that colour progress (those of the alert rules)
     * @param host the address to listen on
     * @param port the port, or 0 for a free one
     */
    public static ConsoleApp start(
            Database db,
            ProgressReader progress,
            RejectionWindow rejections,
            Colours colours,
            ConsoleSettings settings,
            String host,
            int port) {
        return start(db, null, progress, rejections, colours, settings, host, port);
    }

    /**
     * Starts the server with everything: the dashboards, the live rejections and the health of the alert consumer.
     *
     * @param consumer the consumer of {@code dcmon.alerts}, or null when the console does not consume
     * @param progress the progress in InfluxDB, or null to serve alerts only
     * @param rejections the rejections of the last 24 hours read from Kafka, or null when not consumed
     * @param colours the thresholds that colour progress (those of the alert rules)
     * @param host the address to listen on
     * @param port the port, or 0 for a free one
     */
    public static ConsoleApp start(
            Database db,
            AlertConsumer consumer,
            ProgressReader progress,
            RejectionWindow rejections,
            Colours colours,
            ConsoleSettings settings,
            String host,
            int port) {
        return start(db, consumer, progress, rejections, colours, Names::none, settings, host, port);
    }

    /**
     * Starts the server with everything and the registry's names of units and divisions.
     *
     * @param consumer the consumer of {@code dcmon.alerts}, or null when the console does not consume
     * @param progress the progress in InfluxDB, or null to serve alerts only
     * @param rejections the rejections of the last 24 hours read from Kafka, or null when not consumed
     * @param colours the thresholds that colour progress (those of the alert rules)
     * @param names the names of the registry the job runs with, asked on every request (it may be reloaded)
     * @param host the address to listen on
     * @param port the port, or 0 for a free one
     */
    public static ConsoleApp start(
            Database db,
            AlertConsumer consumer,
            ProgressReader progress,
            RejectionWindow rejections,
            Colours colours,
            Supplier<Names> names,
            ConsoleSettings settings,
            String host,
            int port) {
        return start(db, consumer, progress, rejections, colours, names, null, settings, host, port);
    }

    /**
     * Starts the server with everything, and the publisher of the scorecard's qualitative points.
     *
     * @param points publishes the qualitative points to Kafka for the export, or null: points are then read-only
     */
    public static ConsoleApp start(
            Database db,
            AlertConsumer consumer,
            ProgressReader progress,
            RejectionWindow rejections,
            Colours colours,
            Supplier<Names> names,
            PointsPublisher points,
            ConsoleSettings settings,
            String host,
            int port) {
        Users users = new Users(db);
        Sessions sessions = new Sessions(db, settings.sessionTtl());
        LoginThrottle throttle = new LoginThrottle(db, settings.maxLoginFailures(), settings.throttleWindow());
        Guard guard = new Guard(sessions);
        AuthRoutes auth = new AuthRoutes(users, sessions, throttle, settings, guard);
        AlertRoutes alerts = new AlertRoutes(new AlertQueries(db), new Reviews(db), names, guard);
        UserRoutes userRoutes = new UserRoutes(users, guard);
        ActiveAlerts activeAlerts = new ActiveAlerts(db);
        DashboardRoutes dashboards = new DashboardRoutes(progress, colours, activeAlerts, names, guard);
        GatewayRoutes gateways = new GatewayRoutes(progress, rejections, activeAlerts, names, guard);
        MaintenanceRoutes maintenance =
                new MaintenanceRoutes(new MaintenanceWindows(db), progress, activeAlerts, guard);
        HealthRoutes health = new HealthRoutes(db, consumer, progress);
        ExportRoutes exports = new ExportRoutes(new ExportShelf(settings.exports()), guard);
        ScorecardRoutes scorecard =
                new ScorecardRoutes(new QualitativeStore(db), points, settings.qualitativeMax(), names, guard);
        Javalin javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = 64 * 1024;
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/console";
                files.location = Location.CLASSPATH;
            });
            // ECharts from its WebJar, under /webjars/echarts/<version>/
            config.staticFiles.enableWebjars();
            config.routes.before(ConsoleApp::securityHeaders);
            config.routes.before("/api/*", guard::checkRequest);
            auth.register(config.routes);
            alerts.register(config.routes);
            userRoutes.register(config.routes);
            dashboards.register(config.routes);
            gateways.register(config.routes);
            maintenance.register(config.routes);
            health.register(config.routes);
            exports.register(config.routes);
            scorecard.register(config.routes);
            config.routes.exception(ApiException.class, (e, ctx) -> {
                Json.send(ctx, e.status(), Json.object().put("error", e.code()).put("message", e.getMessage()));
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
                Json.send(ctx, 500, Json.object().put("error", "internal").put("message", "internal error"));
            });
        });
        javalin.start(host, port);
        return new ConsoleApp(javalin, health);
    }

    private static void securityHeaders(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'");
        if (ctx.path().startsWith("/api/")) ctx.header("Cache-Control", "no-store");
    }

    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
        health.close();
    }
}
