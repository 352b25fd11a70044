package dcmon.console.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dcmon.console.ConsoleSettings;
import dcmon.console.auth.LoginThrottle;
import dcmon.console.auth.Sessions;
import dcmon.console.auth.Sessions.Session;
import dcmon.console.auth.User;
import dcmon.console.auth.Users;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Optional;

/** {@code /api/login}, {@code /api/logout}, {@code /api/me}. */
final class AuthRoutes {
    private final Users users;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final SessionCookie cookie;
    private final Guard guard;

    AuthRoutes(Users users, Sessions sessions, LoginThrottle throttle, ConsoleSettings settings, Guard guard) {
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
        this.cookie = new SessionCookie(settings.secureCookies());
        this.guard = guard;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/login", this::login);
        routes.post("/api/logout", this::logout);
        routes.get("/api/me", this::me);
    }

    private void login(Context ctx) {
        ObjectNode body = Json.body(ctx);
        String name = Json.text(body, "name");
        String password = Json.text(body, "password");
        if (name == null || name.isBlank() || password == null) throw ApiException.badRequest("name and password");
        String account = name.strip();
        String ip = ctx.ip();
        Optional<Duration> wait = throttle.retryAfter(account, ip);
        if (wait.isPresent()) {
            long seconds = Math.max(1, wait.get().toSeconds() + 1);
            ctx.header("Retry-After", String.valueOf(seconds));
            throw new ApiException(429, "throttled", "too many failed logins; try again in " + seconds + " s");
        }
        Optional<User> user = users.authenticate(account, password);
        if (user.isEmpty()) {
            throttle.recordFailure(account, ip);
            throw new ApiException(401, "invalid_credentials", "wrong name or password, or account disabled");
        }
        throttle.clear(account, ip);
        sessions.delete(SessionCookie.read(ctx)); // a session the browser held before is not carried over
        Sessions.NewSession session = sessions.create(user.get());
        cookie.set(ctx, session.token(), sessions.ttl());
        Json.send(
                ctx,
                200,
                Json.object().<ObjectNode>set("user", Json.user(user.get())).put("csrf", session.csrfToken()));
    }

    private void logout(Context ctx) {
        guard.session(ctx);
        sessions.delete(SessionCookie.read(ctx));
        cookie.clear(ctx);
        ctx.status(204);
    }

    private void me(Context ctx) {
        Session session = guard.session(ctx);
        Json.send(
                ctx,
                200,
                Json.object().<ObjectNode>set("user", Json.user(session.user())).put("csrf", session.csrfToken()));
    }
}
