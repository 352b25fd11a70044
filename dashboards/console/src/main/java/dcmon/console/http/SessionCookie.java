package dcmon.console.http;

import io.javalin.http.Context;
import java.time.Duration;

/** The session cookie: HttpOnly, SameSite=Strict, Path=/, and Secure when the console is served over TLS. */
final class SessionCookie {
    static final String NAME = "dcmon_session";

    private final boolean secure;

    SessionCookie(boolean secure) {
        this.secure = secure;
    }

    void set(Context ctx, String token, Duration ttl) {
        ctx.res()
                .addHeader(
                        "Set-Cookie",
                        NAME + "=" + token + "; Path=/; Max-Age=" + ttl.toSeconds() + "; HttpOnly; SameSite=Strict"
                                + (secure ? "; Secure" : ""));
    }

    void clear(Context ctx) {
        ctx.res()
                .addHeader(
                        "Set-Cookie",
                        NAME + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : ""));
    }

    static String read(Context ctx) {
        return ctx.cookie(NAME);
    }
}
