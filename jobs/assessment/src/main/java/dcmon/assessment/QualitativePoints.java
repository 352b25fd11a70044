package dcmon.assessment;

import dcmon.core.registry.Registry;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reviewers' qualitative (measures) points from a CSV file with the headings {@code credit_code,points}, UTF-8 with
 * or without a BOM. Every error names the file, line and column; nothing is used while any remains.
 */
public final class QualitativePoints {

    private QualitativePoints() {}

    /**
     * @param max the most points a unit may get (the rules' measures points)
     * @return points by credit code
     */
    public static Map<String, Double> read(Path file, Registry registry, double max) throws ExportException {
        List<String> errors = new ArrayList<>();
        Map<String, Double> points = new TreeMap<>();
        Map<String, Long> seen = new TreeMap<>();
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setTrim(true)
                .setIgnoreEmptyLines(true)
                .get();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser csv = CSVParser.parse(reader, format)) {
            List<String> headings = csv.getHeaderNames().stream()
                    .map(QualitativePoints::stripBom)
                    .toList();
            if (!headings.contains("credit_code") || !headings.contains("points")) {
                throw new ExportException(
                        file + ":1: the headings must be credit_code,points, found " + String.join(",", headings));
            }
            int codeAt = headings.indexOf("credit_code");
            int pointsAt = headings.indexOf("points");
            for (CSVRecord r : csv) {
                long line = csv.getCurrentLineNumber();
                String code = r.size() > codeAt ? r.get(codeAt) : "";
                String text = r.size() > pointsAt ? r.get(pointsAt) : "";
                if (code.isEmpty()) {
                    errors.add(file + ":" + line + ": credit_code: must not be empty");
                    continue;
                }
                if (registry.enterprise(code) == null) {
                    errors.add(file + ":" + line + ": credit_code: unknown unit '" + code + "' (not in the registry)");
                    continue;
                }
                if (seen.containsKey(code)) {
                    errors.add(file + ":" + line + ": credit_code: '" + code + "' already given on line "
                            + seen.get(code));
                    continue;
                }
                seen.put(code, line);
                Double p = parse(text);
                if (p == null || p < 0 || p > max) {
                    errors.add(file + ":" + line + ": points: must be a number from 0 to " + ScorecardBuilder.n(max)
                            + ", found '" + text + "'");
                    continue;
                }
                points.put(code, p);
            }
        } catch (NoSuchFileException e) {
            throw new ExportException("qualitative points file not found: " + file);
        } catch (CharacterCodingException e) {
            throw new ExportException(file + ": not valid UTF-8 text");
        } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException e) {
            throw new ExportException(file + ": cannot read the qualitative points: " + e.getMessage());
        }
        if (!errors.isEmpty()) throw new ExportException("qualitative points rejected:\n" + String.join("\n", errors));
        return points;
    }

    private static Double parse(String text) {
        try {
            double d = Double.parseDouble(text);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }
}
