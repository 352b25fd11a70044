package dcmon.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/** A browser-like API client for tests: keeps the session cookie and the CSRF token it was given. */
final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String base;
    String sessionCookie;
    String csrf;

    ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    record Response(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        List<String> header(String name) {
            return raw.headers().allValues(name);
        }
    }

    Response login(String name, String password) throws Exception {
        Response r = send(
                "POST",
                "/api/login",
                JSON.createObjectNode()
                        .put("name", name)
                        .put("password", password)
                        .toString(),
                false);
        if (r.status() == 200) {
            String setCookie = r.header("Set-Cookie").get(0);
            sessionCookie = setCookie.substring(0, setCookie.indexOf(';'));
            csrf = r.json().get("csrf").asText();
        }
        return r;
    }

    static ApiClient loggedIn(int port, String name, String password) throws Exception {
        ApiClient client = new ApiClient(port);
        Response r = client.login(name, password);
        if (r.status() != 200) throw new AssertionError("login " + name + ": " + r.status() + " " + r.body());
        return client;
    }

    Response get(String path) throws Exception {
        return send("GET", path, null, false);
    }

    /** A GET whose body is kept as bytes (a workbook). */
    HttpResponse<byte[]> getBytes(String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (sessionCookie != null) b.header("Cookie", sessionCookie);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    Response post(String path, String body) throws Exception {
        return send("POST", path, body, true);
    }

    Response send(String method, String path, String body, boolean withCsrf) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        if (sessionCookie != null) b.header("Cookie", sessionCookie);
        if (withCsrf && csrf != null) b.header("X-CSRF-Token", csrf);
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body(), r);
    }
}
