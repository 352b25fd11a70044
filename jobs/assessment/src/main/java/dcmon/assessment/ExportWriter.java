package dcmon.assessment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes an assessment into an export directory: the workbook, one CSV per table and {@code manifest.json} with
 * each file's SHA-256. The files are written into a temporary directory beside the target, which then replaces
 * the target by a rename, so a reader sees the old export or the new one, never a mix.
 */
public final class ExportWriter {

    public static final String MANIFEST = "manifest.json";
    public static final String SCHEMA = "dcmon.export/1";

    private ExportWriter() {}

    /** {@code var/exports/2026-03} for the province in Chinese, else e.g. {@code 2026-03-city-420500-en}. */
    public static Path defaultDir(Path root, Assessment a) {
        String name = a.month().toString();
        if (a.scope().kind() != Scope.Kind.PROVINCE) name += "-" + a.scope().key();
        if (a.lang() == Lang.EN) name += "-en";
        return root.resolve(name);
    }

    /** The workbook's file name, e.g. {@code assessment-2026-03-province.xlsx}. */
    public static String workbookName(Assessment a) {
        return "assessment-" + a.month() + "-" + a.scope().key() + (a.lang() == Lang.EN ? "-en" : "") + ".xlsx";
    }

    /** {@code var/exports/scorecard-2026} for the province in Chinese, else e.g. {@code scorecard-2026-city-420500-en}. */
    public static Path defaultDir(Path root, Scorecard s) {
        String name = "scorecard-" + s.year();
        if (s.scope().kind() != Scope.Kind.PROVINCE) name += "-" + s.scope().key();
        if (s.lang() == Lang.EN) name += "-en";
        return root.resolve(name);
    }

    /** The scorecard workbook's file name, e.g. {@code scorecard-2026-province.xlsx}. */
    public static String workbookName(Scorecard s) {
        return "scorecard-" + s.year() + "-" + s.scope().key() + (s.lang() == Lang.EN ? "-en" : "") + ".xlsx";
    }

    /** The files of a scorecard by name, manifest included: the same scorecard gives the same bytes. */
    public static Map<String, byte[]> files(Scorecard s) {
        Map<String, byte[]> files = new TreeMap<>();
        files.put(workbookName(s), XlsxWriter.write(s.tables()));
        for (Table t : s.tables()) files.put(t.name() + ".csv", CsvWriter.write(t));
        files.put(MANIFEST, manifest(ScorecardBuilder.head(s), files));
        return files;
    }

    /** Writes the scorecard into {@code dir} atomically, replacing what was there; returns the files by name. */
    public static Map<String, byte[]> write(Scorecard s, Path dir) throws IOException {
        return write(files(s), dir);
    }

    /** The files of an export by name, manifest included: the same assessment gives the same bytes. */
    public static Map<String, byte[]> files(Assessment a) {
        Map<String, byte[]> files = new TreeMap<>();
        files.put(workbookName(a), XlsxWriter.write(a));
        for (Table t : a.tables()) files.put(t.name() + ".csv", CsvWriter.write(t));
        files.put(MANIFEST, manifest(a, files));
        return files;
    }

    /**
     * Writes the export into {@code dir}, replacing what was there.
     *
     * @return the files written, by name
     */
    public static Map<String, byte[]> write(Assessment a, Path dir) throws IOException {
        return write(files(a), dir);
    }

    /** Writes these files into {@code dir} atomically, replacing what was there; returns them. */
    static Map<String, byte[]> write(Map<String, byte[]> files, Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) Files.write(tmp.resolve(f.getKey()), f.getValue());
            Path old = null;
            if (Files.exists(target)) {
                old = parent.resolve("." + target.getFileName() + ".old-" + tmp.getFileName());
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            if (old != null) deleteTree(old);
        } finally {
            if (Files.exists(tmp)) deleteTree(tmp);
        }
        return files;
    }

    static byte[] manifest(Assessment a, Map<String, byte[]> files) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        m.put("month", a.month().toString());
        m.put("scope", a.scope().toString());
        m.put("lang", a.lang().name().toLowerCase(java.util.Locale.ROOT));
        m.put("provisional", a.provisional());
        m.put("as_of", a.asOf() == null ? null : a.asOf().toString());
        return manifest(m, files);
    }

    /** The manifest: the given head fields, then each file with its size and SHA-256. */
    static byte[] manifest(Map<String, Object> head, Map<String, byte[]> files) {
        Map<String, Object> m = new LinkedHashMap<>(head);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", f.getKey());
            e.put("bytes", f.getValue().length);
            e.put("sha256", sha256(f.getValue()));
            list.add(e);
        }
        m.put("files", list);
        try {
            return (new ObjectMapper()
                                    .enable(SerializationFeature.INDENT_OUTPUT)
                                    .writeValueAsString(m) + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
