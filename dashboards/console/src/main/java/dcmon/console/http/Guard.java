package dcmon.console.http;

import dcmon.console.auth.Role;
import dcmon.console.auth.Sessions;
import dcmon.console.auth.Sessions.Session;
import io.javalin.http.Context;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * Authentication and request checks shared by the API: the session behind the cookie, the roles allowed, and
 * for state-changing requests the per-session CSRF token header and a same-origin Origin header when sent.
 */
final class Guard {
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String SESSION_ATTRIBUTE = "dcmon.session";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final Sessions sessions;

    Guard(Sessions sessions) {
        this.sessions = sessions;
    }

    /** The caller's session, or 401. */
    Session session(Context ctx) {
        Session cached = ctx.attribute(SESSION_ATTRIBUTE);
        if (cached != null) return cached;
        Session session = sessions.find(SessionCookie.read(ctx)).orElseThrow(ApiException::unauthenticated);
        ctx.attribute(SESSION_ATTRIBUTE, session);
        return session;
    }

    /** The caller's session if its role is one of these, 403 otherwise. */
    Session session(Context ctx, Role... allowed) {
        Session session = session(ctx);
        for (Role role : allowed) if (session.user().role() == role) return session;
        throw ApiException.forbidden("your role may not do this");
    }

    /** Before every API request: a state-changing one needs the session's CSRF token (login needs none). */
    void checkRequest(Context ctx) {
        String method = ctx.method().name();
        if (SAFE_METHODS.contains(method)) return;
        checkOrigin(ctx);
        if (ctx.path().equals("/api/login")) return;
        Session session = session(ctx);
        String sent = ctx.header(CSRF_HEADER);
        if (sent == null
                || !MessageDigest.isEqual(
                        sent.getBytes(StandardCharsets.UTF_8),
                        session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(403, "csrf", "missing or wrong " + CSRF_HEADER + " header");
        }
    }

    private static void checkOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) return;
        String host = ctx.header("Host");
        try {
            URI uri = URI.create(origin);
            String originHost = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            if (host != null && host.equalsIgnoreCase(originHost)) return;
        } catch (IllegalArgumentException malformed) {
            // refused below
        }
        throw new ApiException(403, "origin", "cross-origin request refused");
    }
}
