package dcmon.console.exports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcmon.assessment.ExportCut;
import dcmon.assessment.ExportException;
import dcmon.assessment.ExportWriter;
import dcmon.assessment.ExporterService;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The exports the exporter service wrote under {@code <exports>/monthly/<YYYY-MM>/r<N>/}, read from their manifests,
 * and the cut of a revision for a division or a unit ({@link ExportCut}). Nothing is written: cuts are made in
 * memory and kept for the revisions asked last, keyed by the revision's manifest, so a rewritten revision is cut
 * anew.
 */
public final class ExportShelf {
    private static final Pattern MONTH = Pattern.compile("[0-9]{4}-(0[1-9]|1[0-2])");
    private static final Pattern REVISION = Pattern.compile("r[1-9][0-9]{0,5}");
    private static final Pattern FILE = Pattern.compile("[0-9A-Za-z_-][0-9A-Za-z_.-]{0,200}");
    /** Cuts kept in memory: a few months of a few divisions. */
    private static final int CACHED_CUTS = 64;

    private final Path root;
    private final Map<String, Map<String, byte[]>> cuts = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, byte[]>> eldest) {
            return size() > CACHED_CUTS;
        }
    };

    /** @param root the exports directory, e.g. {@code var/exports}; its {@code monthly} directory is listed */
    public ExportShelf(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** One revision of a month: its manifest as read ({@code bytes}) and parsed. */
    public record Revision(String month, String revision, byte[] bytes, JsonNode manifest) {
        public int number() {
            return Integer.parseInt(revision.substring(1));
        }
    }

    /** Every revision with a readable manifest, newest month first, revisions in order. */
    public List<Revision> revisions() {
        Path monthly = root.resolve(ExporterService.DIR);
        List<Revision> out = new ArrayList<>();
        for (Path month : children(monthly, MONTH)) {
            List<Revision> ofMonth = new ArrayList<>();
            for (Path rev : children(month, REVISION)) {
                // a revision linked from outside the exports directory is not listed
                if (revisionDir(
                                month.getFileName().toString(),
                                rev.getFileName().toString())
                        .isEmpty()) continue;
                byte[] bytes = read(rev.resolve(ExportWriter.MANIFEST));
                if (bytes == null) continue;
                parse(bytes)
                        .filter(m -> m.path("files").isArray())
                        .ifPresent(m -> ofMonth.add(new Revision(
                                month.getFileName().toString(),
                                rev.getFileName().toString(),
                                bytes,
                                m)));
            }
            ofMonth.sort(Comparator.comparingInt(Revision::number));
            out.addAll(ofMonth);
        }
        out.sort(Comparator.comparing(Revision::month).reversed().thenComparingInt(Revision::number));
        return out;
    }

    /**
     * The files of a revision as the caller gets them: as written ({@code cut} null) or cut, by name with the
     * manifest; empty when the month, revision or directory does not exist or lies outside the exports directory.
     */
    public Optional<Map<String, byte[]>> files(String month, String revision, ExportCut.For cut)
            throws ExportException {
        Optional<Path> dir = revisionDir(month, revision);
        if (dir.isEmpty()) return Optional.empty();
        if (cut == null) return Optional.of(asWritten(dir.get()));
        byte[] manifest = read(dir.get().resolve(ExportWriter.MANIFEST));
        if (manifest == null) return Optional.empty();
        String key = month + "/" + revision + "/" + cut + "/" + ExportWriter.sha256(manifest);
        synchronized (cuts) {
            Map<String, byte[]> cached = cuts.get(key);
            if (cached != null) return Optional.of(cached);
        }
        Map<String, byte[]> files = ExportCut.cut(dir.get(), cut);
        synchronized (cuts) {
            cuts.put(key, files);
        }
        return Optional.of(files);
    }

    /** Whether a file name is one an export may hold: letters, digits, '_', '-', '.', not starting with a dot. */
    public static boolean fileName(String name) {
        return name != null && FILE.matcher(name).matches();
    }

    /**
     * The revision's directory, only when month and revision are well formed and its real path (links followed)
     * lies inside the exports directory's.
     */
    private Optional<Path> revisionDir(String month, String revision) {
        if (month == null || revision == null) return Optional.empty();
        if (!MONTH.matcher(month).matches() || !REVISION.matcher(revision).matches()) return Optional.empty();
        Path dir = root.resolve(ExporterService.DIR).resolve(month).resolve(revision);
        try {
            Path real = dir.toRealPath();
            if (!real.startsWith(root.toRealPath()) || !Files.isDirectory(real)) return Optional.empty();
            return Optional.of(real);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The files the manifest lists, as they are on disk, with the manifest. */
    private static Map<String, byte[]> asWritten(Path dir) throws ExportException {
        byte[] manifest = read(dir.resolve(ExportWriter.MANIFEST));
        if (manifest == null) throw new ExportException(dir + ": no manifest");
        JsonNode m = parse(manifest).orElseThrow(() -> new ExportException(dir + ": manifest is not JSON"));
        Map<String, byte[]> files = new TreeMap<>();
        for (JsonNode f : m.path("files")) {
            String name = f.path("name").asText("");
            if (!fileName(name)) continue;
            byte[] bytes = read(dir.resolve(name));
            if (bytes != null) files.put(name, bytes);
        }
        files.put(ExportWriter.MANIFEST, manifest);
        return files;
    }

    private static Optional<JsonNode> parse(byte[] bytes) {
        try {
            return Optional.ofNullable(new ObjectMapper().readTree(bytes));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static List<Path> children(Path dir, Pattern name) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (name.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p)) out.add(p);
            }
        } catch (IOException e) {
            return out;
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }
}
