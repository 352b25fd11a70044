package dcmon.cli.sheet;

import dcmon.cli.sheet.RegistryTemplate.Column;
import dcmon.cli.sheet.RegistryTemplate.Table;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

/** Reads the registry tables from an XLSX workbook or CSV files into rows of cell texts. */
final class Tables {
    private Tables() {}

    /**
     * Where a finding is: file, sheet (null for a CSV file), spreadsheet row (1 = headings) and column heading
     * (null for a whole row). The indexes order findings as the workbook reads.
     */
    record Loc(String file, String sheet, int row, String column, int tableIndex, int columnIndex)
            implements Comparable<Loc> {
        Loc withColumn(Column c, int index) {
            return new Loc(file, sheet, row, c.zh(), tableIndex, index);
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(file);
            if (sheet != null) b.append(", sheet ").append(sheet);
            if (row > 0) b.append(", row ").append(row);
            if (column != null) b.append(", column ").append(column);
            return b.toString();
        }

        @Override
        public int compareTo(Loc o) {
            if (tableIndex != o.tableIndex) return Integer.compare(tableIndex, o.tableIndex);
            if (row != o.row) return Integer.compare(row, o.row);
            return Integer.compare(columnIndex, o.columnIndex);
        }
    }

    /** A finding with its place. */
    record Finding(Loc loc, String message) implements Comparable<Finding> {
        @Override
        public String toString() {
            return loc + ": " + message;
        }

        @Override
        public int compareTo(Finding o) {
            return loc.compareTo(o.loc);
        }
    }

    /** One data row: its spreadsheet row number and the non-empty cell texts by column key. */
    record DataRow(Loc loc, Map<String, String> cells) {}

    /** One table as read: its rows, and the column of each key (null when the table was absent). */
    record TableData(Table table, String file, String sheet, List<DataRow> rows, Set<String> missing) {
        static TableData empty(Table table, String file) {
            return new TableData(table, file, null, List.of(), Set.of());
        }
    }

    /** Reads every table of a workbook; sheets other than the data sheets (说明) are ignored. */
    static Map<Table, TableData> readXlsx(Path file, List<Finding> errors) throws IOException {
        String name = file.getFileName().toString();
        Map<Table, TableData> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file);
                Workbook wb = WorkbookFactory.create(in)) {
            for (Table t : RegistryTemplate.TABLES) {
                Sheet sheet = null;
                for (Sheet s : wb) if (t.matches(s.getSheetName())) sheet = s;
                if (sheet == null) {
                    if (t == RegistryTemplate.UNITS) {
                        errors.add(new Finding(
                                new Loc(name, null, 0, null, 0, 0),
                                "no sheet " + t.zh() + " (" + t.key() + "); the template's sheets are "
                                        + sheetNames()));
                    }
                    out.put(t, TableData.empty(t, name));
                    continue;
                }
                List<List<String>> rows = new ArrayList<>();
                for (int r = 0; r <= sheet.getLastRowNum(); r++) {
                    Row row = sheet.getRow(r);
                    List<String> cells = new ArrayList<>();
                    if (row != null) {
                        for (int c = 0; c < Math.max(0, row.getLastCellNum()); c++) cells.add(text(row.getCell(c)));
                    }
                    rows.add(cells);
                }
                out.put(t, table(t, name, sheet.getSheetName(), rows, errors));
            }
        }
        return out;
    }

    /** Reads one table from a CSV file (UTF-8, with or without a byte order mark). */
    static TableData readCsv(Table t, Path file, List<Finding> errors) throws IOException {
        String name = file.getFileName().toString();
        List<List<String>> rows = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVFormat.DEFAULT
                        .builder()
                        .setIgnoreEmptyLines(false)
                        .get()
                        .parse(reader)) {
            for (CSVRecord rec : parser) {
                List<String> cells = new ArrayList<>();
                for (String v : rec) cells.add(v == null ? "" : v.strip());
                rows.add(cells);
            }
        }
        if (!rows.isEmpty() && !rows.get(0).isEmpty()) {
            String first = rows.get(0).get(0);
            if (first.startsWith("\uFEFF"))
                rows.get(0).set(0, first.substring(1).strip());
        }
        return table(t, name, null, rows, errors);
    }

    private static String sheetNames() {
        List<String> names = new ArrayList<>();
        for (Table t : RegistryTemplate.TABLES) names.add(t.zh());
        return String.join(", ", names);
    }

    private static TableData table(Table t, String file, String sheet, List<List<String>> rows, List<Finding> errors) {
        int tableIndex = RegistryTemplate.TABLES.indexOf(t);
        Loc headerLoc = new Loc(file, sheet, 1, null, tableIndex, -1);
        if (rows.isEmpty()) {
            errors.add(new Finding(headerLoc, "no heading row"));
            return new TableData(t, file, sheet, List.of(), Set.of());
        }
        Map<Integer, Column> byIndex = new HashMap<>();
        Map<Column, Integer> seen = new HashMap<>();
        List<String> heads = rows.get(0);
        for (int i = 0; i < heads.size(); i++) {
            String h = heads.get(i);
            if (h.isBlank()) continue;
            Column match = null;
            for (Column c : t.columns()) if (c.matches(h)) match = c;
            Loc at = new Loc(file, sheet, 1, h, tableIndex, i);
            if (match == null) {
                errors.add(new Finding(at, "unknown column; the columns of " + t.zh() + " are " + headings(t)));
            } else if (seen.putIfAbsent(match, i) != null) {
                errors.add(new Finding(at, "column " + match.heading() + " appears twice"));
            } else {
                byIndex.put(i, match);
            }
        }
        Set<String> missing = new HashSet<>();
        for (Column c : t.columns()) {
            if (c.required() && !seen.containsKey(c)) {
                errors.add(new Finding(headerLoc, "missing column " + c.heading()));
                missing.add(c.key());
            }
        }
        List<DataRow> data = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            Map<String, String> cells = new LinkedHashMap<>();
            List<String> row = rows.get(r);
            for (int i = 0; i < row.size(); i++) {
                Column c = byIndex.get(i);
                if (c != null && !row.get(i).isBlank())
                    cells.put(c.key(), row.get(i).strip());
            }
            boolean blank = row.stream().allMatch(String::isBlank);
            if (!blank) data.add(new DataRow(new Loc(file, sheet, r + 1, null, tableIndex, -1), cells));
        }
        return new TableData(t, file, sheet, data, missing);
    }

    static String headings(Table t) {
        List<String> h = new ArrayList<>();
        for (Column c : t.columns()) h.add(c.heading());
        return String.join(", ", h);
    }

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");

    /** A cell as text: numbers exactly as stored (no display rounding), dates as YYYY-MM. */
    static String text(Cell cell) {
        if (cell == null) return "";
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        switch (type) {
            case STRING:
                return cell.getStringCellValue().strip();
            case NUMERIC:
                if (DateUtil.isCellDateFormatted(cell)) {
                    LocalDateTime d = cell.getLocalDateTimeCellValue();
                    return d == null ? "" : d.format(MONTH);
                }
                return number(cell.getNumericCellValue());
            case BOOLEAN:
                return cell.getBooleanCellValue() ? "true" : "false";
            default:
                return "";
        }
    }

    static String number(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
