package dcmon.console.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dcmon.assessment.ExportCut;
import dcmon.assessment.ExportException;
import dcmon.assessment.ExportWriter;
import dcmon.console.auth.Role;
import dcmon.console.auth.User;
import dcmon.console.exports.ExportShelf;
import dcmon.console.exports.ExportShelf.Revision;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exports page's API: the months, revisions and files the exporter service wrote, with their checksums, and the
 * files themselves. Scoped like everything else: the province gets the files as written, a city office the files cut
 * to its division, a unit the files cut to its own rows ({@link ExportCut}); an admin nothing.
 */
final class ExportRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ExportRoutes.class);

    private final ExportShelf shelf;
    private final Guard guard;

    ExportRoutes(ExportShelf shelf, Guard guard) {
        this.shelf = shelf;
        this.guard = guard;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/exports", this::list);
        routes.get("/api/exports/monthly/{month}/{revision}/{file}", this::download);
    }

    private User user(Context ctx) {
        return guard.session(ctx, Role.PROVINCE, Role.CITY, Role.ENTERPRISE).user();
    }

    /** The cut a user gets: none for the province. */
    static ExportCut.For cutOf(User user) {
        return switch (user.role()) {
            case PROVINCE -> null;
            case CITY -> ExportCut.For.city(user.city());
            case ENTERPRISE -> ExportCut.For.enterprise(user.enterprise());
            case ADMIN -> throw ApiException.forbidden("your role may not do this");
        };
    }

    private void list(Context ctx) {
        ExportCut.For cut = cutOf(user(ctx));
        Map<String, ArrayNode> months = new LinkedHashMap<>();
        for (Revision r : shelf.revisions()) {
            months.computeIfAbsent(r.month(), m -> Json.MAPPER.createArrayNode())
                    .add(revision(r, cut));
        }
        ArrayNode items = Json.MAPPER.createArrayNode();
        months.forEach((month, revisions) ->
                items.add(Json.object().put("month", month).set("revisions", revisions)));
        ObjectNode body = Json.object().put("cut", cut == null ? null : cut.toString());
        body.set("months", items);
        Json.send(ctx, 200, body);
    }

    private ObjectNode revision(Revision r, ExportCut.For cut) {
        JsonNode m = r.manifest();
        ObjectNode node = Json.object()
                .put("revision", r.number())
                .put("schema", m.path("schema").asText(null))
                .put("lang", m.path("lang").asText(null))
                .put("provisional", m.path("provisional").asBoolean(false))
                .put("as_of", m.path("as_of").isNull() ? null : m.path("as_of").asText(null));
        ArrayNode files = Json.MAPPER.createArrayNode();
        String base = "/api/exports/monthly/" + r.month() + "/" + r.revision() + "/";
        if (cut == null) {
            for (JsonNode f : m.path("files")) {
                files.add(file(
                        base,
                        f.path("name").asText(),
                        f.path("bytes").asLong(),
                        f.path("sha256").asText()));
            }
            files.add(file(base, ExportWriter.MANIFEST, r.bytes().length, ExportWriter.sha256(r.bytes())));
        } else {
            try {
                Map<String, byte[]> cutFiles =
                        shelf.files(r.month(), r.revision(), cut).orElse(Map.of());
                cutFiles.forEach(
                        (name, bytes) -> files.add(file(base, name, bytes.length, ExportWriter.sha256(bytes))));
            } catch (ExportException | RuntimeException e) {
                LOG.warn("cannot cut export {}/{} for {}: {}", r.month(), r.revision(), cut, e.getMessage());
                node.put("error", "unreadable");
            }
        }
        node.set("files", files);
        return node;
    }

    private static ObjectNode file(String base, String name, long bytes, String sha256) {
        return Json.object()
                .put("name", name)
                .put("bytes", bytes)
                .put("sha256", sha256)
                .put("url", base + name);
    }

    private void download(Context ctx) throws IOException {
        ExportCut.For cut = cutOf(user(ctx));
        String name = ctx.pathParam("file");
        if (!ExportShelf.fileName(name)) throw ApiException.notFound();
        Map<String, byte[]> files;
        try {
            files = shelf.files(ctx.pathParam("month"), ctx.pathParam("revision"), cut)
                    .orElseThrow(ApiException::notFound);
        } catch (ExportException e) {
            LOG.warn("cannot serve export {}: {}", ctx.path(), e.getMessage());
            throw new ApiException(500, "export_unreadable", "the export's files do not match its manifest");
        }
        byte[] bytes = files.get(name);
        if (bytes == null) throw ApiException.notFound();
        ctx.status(200)
                .contentType(contentType(name))
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .header("ETag", "\"" + ExportWriter.sha256(bytes) + "\"")
                .result(bytes);
    }

    private static String contentType(String name) {
        if (name.endsWith(".xlsx")) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        if (name.endsWith(".csv")) return "text/csv; charset=utf-8";
        if (name.endsWith(".json")) return "application/json; charset=utf-8";
        return "application/octet-stream";
    }
}
