package dcmon.assessment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcmon.assessment.Table.Column;
import dcmon.assessment.Table.Kind;
import dcmon.assessment.Table.Row;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The part of a written export (a month's revision or a scorecard) that one division or one unit may see, cut from
 * the export's own files: every kept row is the row of the province's file, cell for cell, so a city's rows equal
 * the province file's rows of that city. The CSV files are cut as text; the workbook is read back, cut the same way
 * and written again by {@link XlsxWriter}. A cut has its own manifest and checksums, and the same files give the same
 * bytes.
 *
 * <p>Which rows stay (docs/exports.md, *Cuts*): a division keeps the rows whose division code ({@code city}) is its
 * own, in tables without one the rows of its units ({@code credit_code}) or of its own region ({@code region_code});
 * a unit keeps its own rows ({@code credit_code}, or alerts whose subject is the unit or one of its gateways or
 * points). Tables of regions a cut does not cover (the tiers, the province, totals) keep their headings and lose
 * their rows. The {@code about} table is kept whole, with one more row naming the cut; the {@code changes} table
 * keeps the changes of kept rows.
 */
public final class ExportCut {

    /** Who a cut is for. */
    public enum Who {
        CITY,
        ENTERPRISE
    }

    /** A cut: a division ({@code city:420500}) or a unit ({@code enterprise:<credit code>}). */
    public record For(Who kind, String code) {
        private static final Pattern CODE = Pattern.compile("[0-9A-Za-z_-]{1,64}");

        public For {
            if (code == null || !CODE.matcher(code).matches()) {
                throw new IllegalArgumentException("a cut's code is letters, digits, '_' or '-': " + code);
            }
        }

        public static For city(String code) {
            return new For(Who.CITY, code);
        }

        public static For enterprise(String code) {
            return new For(Who.ENTERPRISE, code);
        }

        /** {@code city-420500}: safe in file names. */
        public String key() {
            return kind.name().toLowerCase(java.util.Locale.ROOT) + "-" + code;
        }

        @Override
        public String toString() {
            return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + code;
        }
    }

    /**
     * Column keys a cut looks at, with their Chinese headings: a Chinese export's files carry only the headings. A
     * test checks these against the builders' columns.
     */
    static final Map<String, String> KEY_HEADINGS = Map.of(
            "city", "市州代码",
            "credit_code", "统一社会信用代码",
            "region_code", "代码",
            "subject_code", "对象代码",
            "alert_id", "预警编号",
            "name", "单位名称",
            "row", "行",
            "item", "项目");

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private ExportCut() {}

    /**
     * The files of the cut of the export in {@code dir}, manifest included, by name.
     *
     * @throws ExportException when the directory holds no export, or a file does not match its manifest
     */
    public static Map<String, byte[]> cut(Path dir, For cut) throws ExportException {
        Map<String, byte[]> source = read(dir);
        JsonNode manifest = manifestOf(dir, source.get(ExportWriter.MANIFEST));
        boolean zh = !"en".equals(manifest.path("lang").asText("zh"));
        Map<String, byte[]> files = new TreeMap<>();
        Context context = context(source, zh, cut);
        for (Map.Entry<String, byte[]> f : source.entrySet()) {
            String name = f.getKey();
            if (name.equals(ExportWriter.MANIFEST)) continue;
            if (name.endsWith(".csv")) {
                String table = name.substring(0, name.length() - 4);
                files.put(name, cutCsv(table, f.getValue(), zh, cut, context));
            } else if (name.endsWith(".xlsx")) {
                files.put(workbookName(name, cut), cutWorkbook(f.getValue(), zh, cut, context));
            }
        }
        Map<String, Object> head = new LinkedHashMap<>();
        manifest.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("files")) head.put(e.getKey(), json(e.getValue()));
        });
        head.put("cut", cut.toString());
        files.put(ExportWriter.MANIFEST, ExportWriter.manifest(head, files));
        return files;
    }

    /** {@code assessment-2026-11-province.xlsx} → {@code assessment-2026-11-city-420500.xlsx}. */
    static String workbookName(String name, For cut) {
        String stem = name.substring(0, name.length() - ".xlsx".length());
        if (stem.contains("-province")) return stem.replaceFirst("-province", "-" + cut.key()) + ".xlsx";
        return stem + "-" + cut.key() + ".xlsx";
    }

    /** The manifest's files, each checked against its size and SHA-256. */
    private static Map<String, byte[]> read(Path dir) throws ExportException {
        byte[] manifestBytes;
        try {
            manifestBytes = Files.readAllBytes(dir.resolve(ExportWriter.MANIFEST));
        } catch (NoSuchFileException e) {
            throw new ExportException(dir + ": no " + ExportWriter.MANIFEST + ", not an export directory");
        } catch (IOException e) {
            throw new ExportException(dir + ": cannot read " + ExportWriter.MANIFEST + ": " + e.getMessage());
        }
        JsonNode manifest = manifestOf(dir, manifestBytes);
        Map<String, byte[]> files = new TreeMap<>();
        for (JsonNode f : manifest.path("files")) {
            String name = f.path("name").asText("");
            if (!name.matches("[0-9A-Za-z_.-]+") || name.startsWith(".")) {
                throw new ExportException(dir + "/" + ExportWriter.MANIFEST + ": file name '" + name + "' refused");
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(dir.resolve(name));
            } catch (IOException e) {
                throw new ExportException(dir + "/" + name + ": listed in the manifest but cannot be read");
            }
            if (!ExportWriter.sha256(bytes).equals(f.path("sha256").asText())) {
                throw new ExportException(dir + "/" + name + ": does not match its SHA-256 in the manifest");
            }
            files.put(name, bytes);
        }
        files.put(ExportWriter.MANIFEST, manifestBytes);
        return files;
    }

    private static JsonNode manifestOf(Path dir, byte[] bytes) throws ExportException {
        try {
            JsonNode m = new ObjectMapper().readTree(bytes);
            if (m == null || !m.isObject() || !m.path("files").isArray()) {
                throw new ExportException(dir + "/" + ExportWriter.MANIFEST + ": not an export manifest");
            }
            return m;
        } catch (IOException e) {
            throw new ExportException(dir + "/" + ExportWriter.MANIFEST + ": not JSON: " + e.getMessage());
        }
    }

    private static Object json(JsonNode v) {
        if (v.isNull()) return null;
        if (v.isBoolean()) return v.booleanValue();
        if (v.isIntegralNumber()) return v.longValue();
        if (v.isNumber()) return v.doubleValue();
        return v.asText();
    }

    /** What deciding a row needs beyond the row: the division of each unit, and the alerts the cut keeps. */
    private record Context(Map<String, String> unitCity, Set<String> alertIds) {}

    /** Built from the CSV files: a table with both a unit and a division column gives each unit's division. */
    private static Context context(Map<String, byte[]> source, boolean zh, For cut) {
        Map<String, String> unitCity = new HashMap<>();
        Set<String> alertIds = new HashSet<>();
        for (Map.Entry<String, byte[]> f : source.entrySet()) {
            if (!f.getKey().endsWith(".csv")) continue;
            List<List<String>> records = parseCsv(f.getValue());
            if (records.isEmpty()) continue;
            Columns cols = new Columns(records.get(0), zh);
            for (List<String> r : records.subList(1, records.size())) {
                if (cols.credit >= 0 && cols.city >= 0 && !r.get(cols.credit).isEmpty()) {
                    unitCity.putIfAbsent(r.get(cols.credit), r.get(cols.city));
                }
            }
        }
        Context partial = new Context(unitCity, Set.of());
        for (Map.Entry<String, byte[]> f : source.entrySet()) {
            if (!f.getKey().endsWith(".csv")) continue;
            List<List<String>> records = parseCsv(f.getValue());
            if (records.isEmpty()) continue;
            Columns cols = new Columns(records.get(0), zh);
            if (cols.alertId < 0) continue;
            for (List<String> r : records.subList(1, records.size())) {
                if (keep("alerts", cols, r, cut, partial)) alertIds.add(r.get(cols.alertId));
            }
        }
        return new Context(unitCity, alertIds);
    }

    /** Where the columns a cut looks at are in one table, -1 when absent. */
    private static final class Columns {
        final int city;
        final int credit;
        final int region;
        final int subject;
        final int alertId;
        final int changedRow;
        final List<String> keys;

        Columns(List<String> headings, boolean zh) {
            List<String> keys = new ArrayList<>();
            for (String h : headings) keys.add(keyOf(h, zh));
            this.keys = keys;
            city = keys.indexOf("city");
            credit = keys.indexOf("credit_code");
            region = keys.indexOf("region_code");
            subject = keys.indexOf("subject_code");
            alertId = keys.indexOf("alert_id");
            changedRow = keys.indexOf("row");
        }

        private static String keyOf(String heading, boolean zh) {
            if (!zh) return heading;
            for (Map.Entry<String, String> e : KEY_HEADINGS.entrySet()) {
                if (e.getValue().equals(heading)) return e.getKey();
            }
            return heading;
        }
    }

    /** Whether a row of table {@code table} belongs to the cut. */
    private static boolean keep(String table, Columns cols, List<String> row, For cut, Context context) {
        if (table.equals("about")) return true;
        if (table.equals(ChangesTable.NAME) && cols.changedRow >= 0)
            return changeKept(row.get(cols.changedRow), cut, context);
        return switch (cut.kind()) {
            case CITY -> {
                if (cols.city >= 0) yield cut.code().equals(row.get(cols.city));
                if (cols.credit >= 0) yield cut.code().equals(context.unitCity().get(row.get(cols.credit)));
                if (cols.region >= 0) yield cut.code().equals(row.get(cols.region));
                yield false;
            }
            case ENTERPRISE -> {
                if (cols.credit >= 0) yield cut.code().equals(row.get(cols.credit));
                if (cols.subject >= 0) {
                    String s = row.get(cols.subject);
                    yield s.equals(cut.code()) || s.startsWith(cut.code() + "/");
                }
                yield false;
            }
        };
    }

    /** A change is kept when its row key names the division, one of the cut's units or one of its alerts. */
    private static boolean changeKept(String key, For cut, Context context) {
        for (String part : key.split("\\|", -1)) {
            if (part.isEmpty()) continue;
            if (part.equals(cut.code())) return true;
            if (context.alertIds().contains(part)) return true;
            if (cut.kind() == Who.CITY && cut.code().equals(context.unitCity().get(part))) return true;
        }
        return false;
    }

    private static byte[] cutCsv(String table, byte[] bytes, boolean zh, For cut, Context context) {
        List<List<String>> records = parseCsv(bytes);
        StringWriter text = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(text, CSVFormat.RFC4180)) {
            if (!records.isEmpty()) {
                Columns cols = new Columns(records.get(0), zh);
                csv.printRecord(records.get(0));
                for (List<String> r : records.subList(1, records.size())) {
                    if (keep(table, cols, r, cut, context)) csv.printRecord(r);
                }
                if (table.equals("about")) csv.printRecord(cutRow(zh, cut));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[BOM.length + body.length];
        System.arraycopy(BOM, 0, out, 0, BOM.length);
        System.arraycopy(body, 0, out, BOM.length, body.length);
        return out;
    }

    private static List<String> cutRow(boolean zh, For cut) {
        return List.of(zh ? "节选范围" : "cut", cut.toString());
    }

    private static List<List<String>> parseCsv(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        List<List<String>> out = new ArrayList<>();
        try (CSVParser p = CSVParser.parse(new StringReader(text), CSVFormat.RFC4180)) {
            for (CSVRecord r : p) out.add(r.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The workbook read back into tables (kinds from the number formats, subtotals from bold), cut, written again. */
    private static byte[] cutWorkbook(byte[] bytes, boolean zh, For cut, Context context) throws ExportException {
        List<Table> tables = new ArrayList<>();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
            for (Iterator<org.apache.poi.ss.usermodel.Sheet> it = wb.sheetIterator(); it.hasNext(); ) {
                tables.add(cutSheet(wb, (XSSFSheet) it.next(), zh, cut, context));
            }
        } catch (IOException | RuntimeException e) {
            throw new ExportException("cannot read the workbook to cut it: " + e.getMessage());
        }
        return XlsxWriter.write(tables);
    }

    private static Table cutSheet(XSSFWorkbook wb, XSSFSheet sheet, boolean zh, For cut, Context context) {
        String title = text(sheet.getRow(0) == null ? null : sheet.getRow(0).getCell(0));
        org.apache.poi.ss.usermodel.Row headingRow = sheet.getRow(1);
        List<String> headings = new ArrayList<>();
        if (headingRow != null) {
            for (int c = 0; c < headingRow.getLastCellNum(); c++) headings.add(text(headingRow.getCell(c)));
        }
        Columns cols = new Columns(headings, zh);
        // the table's name decides only about and changes, which are told by their key columns
        String name = cols.keys.contains("item") && headings.size() == 2
                ? "about"
                : cols.changedRow >= 0 && cols.keys.size() == 5 ? ChangesTable.NAME : sheet.getSheetName();
        Kind[] kinds = new Kind[headings.size()];
        java.util.Arrays.fill(kinds, Kind.TEXT);
        List<Row> rows = new ArrayList<>();
        for (int r = 2; r <= sheet.getLastRowNum(); r++) {
            org.apache.poi.ss.usermodel.Row xr = sheet.getRow(r);
            if (xr == null) continue;
            List<Object> cells = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            boolean bold = false;
            for (int c = 0; c < headings.size(); c++) {
                Cell cell = xr.getCell(c);
                Object value = value(cell);
                cells.add(value);
                texts.add(value == null ? "" : CsvWriter.cell(value));
                if (cell != null) {
                    kinds[c] = kindOf(cell.getCellStyle());
                    bold |= wb.getFontAt(cell.getCellStyle().getFontIndex()).getBold();
                }
            }
            if (keep(name, cols, texts, cut, context)) rows.add(new Row(cells, bold));
        }
        if (name.equals("about")) rows.add(new Row(new ArrayList<>(cutRow(zh, cut)), false));
        List<Column> columns = new ArrayList<>();
        for (int c = 0; c < headings.size(); c++) columns.add(new Column(cols.keys.get(c), headings.get(c), kinds[c]));
        return new Table(name, sheet.getSheetName(), title, columns, rows);
    }

    private static Kind kindOf(CellStyle style) {
        String format = style.getDataFormatString();
        for (Kind k : Kind.values()) if (k.format != null && k.format.equals(format)) return k;
        return Kind.TEXT;
    }

    private static Object value(Cell cell) {
        if (cell == null) return null;
        return switch (cell.getCellType()) {
            case NUMERIC -> cell.getNumericCellValue();
            case STRING -> cell.getStringCellValue();
            case BOOLEAN -> String.valueOf(cell.getBooleanCellValue());
            default -> null;
        };
    }

    private static String text(Cell cell) {
        if (cell == null || cell.getCellType() == CellType.BLANK) return "";
        Object v = value(cell);
        return v == null ? "" : CsvWriter.cell(v);
    }
}
