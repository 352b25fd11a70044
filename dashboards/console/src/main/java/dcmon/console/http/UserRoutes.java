package dcmon.console.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dcmon.console.auth.Role;
import dcmon.console.auth.Sessions.Session;
import dcmon.console.auth.User;
import dcmon.console.auth.Users;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.NoSuchElementException;

/** Account management for the admin role; every change is audited by {@link Users}. */
final class UserRoutes {
    private final Users users;
    private final Guard guard;

    UserRoutes(Users users, Guard guard) {
        this.users = users;
        this.guard = guard;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/users", this::list);
        routes.post("/api/users", this::add);
        routes.post("/api/users/{name}/password", this::password);
        routes.post("/api/users/{name}/disable", ctx -> change(ctx, "disable"));
        routes.post("/api/users/{name}/enable", ctx -> change(ctx, "enable"));
    }

    private Session admin(Context ctx) {
        return guard.session(ctx, Role.ADMIN);
    }

    private void list(Context ctx) {
        admin(ctx);
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("items");
        for (User user : users.list()) items.add(Json.user(user));
        Json.send(ctx, 200, body);
    }

    private void add(Context ctx) {
        Session session = admin(ctx);
        ObjectNode body = Json.body(ctx);
        try {
            String name = Json.text(body, "name");
            if (name == null) throw ApiException.badRequest("name is required");
            User user = users.add(
                    session.user().name(),
                    name,
                    Role.parse(Json.text(body, "role")),
                    Json.text(body, "city"),
                    Json.text(body, "enterprise"),
                    Json.text(body, "password"));
            Json.send(ctx, 201, Json.user(user));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private void password(Context ctx) {
        Session session = admin(ctx);
        ObjectNode body = Json.body(ctx);
        try {
            users.setPassword(session.user().name(), ctx.pathParam("name"), Json.text(body, "password"));
        } catch (NoSuchElementException e) {
            throw ApiException.notFound();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        ctx.status(204);
    }

    private void change(Context ctx, String what) {
        Session session = admin(ctx);
        try {
            if (what.equals("disable")) {
                users.disable(session.user().name(), ctx.pathParam("name"));
            } else {
                users.enable(session.user().name(), ctx.pathParam("name"));
            }
        } catch (NoSuchElementException e) {
            throw ApiException.notFound();
        }
        ctx.status(204);
    }
}
