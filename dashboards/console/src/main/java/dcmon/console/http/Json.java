package dcmon.console.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dcmon.console.auth.User;
import io.javalin.http.Context;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/** JSON in and out of the API, with Jackson directly. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static void send(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json; charset=utf-8").result(body.toString());
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ObjectNode body(Context ctx) {
        try {
            JsonNode node = MAPPER.readTree(ctx.body());
            if (node == null || !node.isObject()) throw ApiException.badRequest("the body must be a JSON object");
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not JSON");
        }
    }

    static String text(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) return null;
        if (!value.isTextual()) throw ApiException.badRequest(field + " must be a string");
        return value.asText();
    }

    static ObjectNode user(User user) {
        return object().put("name", user.name())
                .put("role", user.role().wire())
                .put("city", user.city())
                .put("enterprise", user.enterprise())
                .put("disabled", user.disabled())
                .put(
                        "created",
                        OffsetDateTime.ofInstant(user.created(), ZoneId.of("Asia/Shanghai"))
                                .toString());
    }
}
