package dcmon.cli.sheet;

import dcmon.cli.sheet.RegistryTemplate.Column;
import dcmon.cli.sheet.RegistryTemplate.Table;
import dcmon.cli.sheet.RegistryTemplate.Type;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormat;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationConstraint;
import org.apache.poi.ss.usermodel.DataValidationHelper;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Writes the registry workbook: the instructions sheet (说明) and one sheet per table, headings frozen, column
 * widths set, text columns formatted as text (so that codes keep their digits), drop-down lists for choices.
 */
public final class RegistryWorkbook implements AutoCloseable {
    /** Rows that get the drop-down lists and the text format, beyond the written data. */
    private static final int FORMATTED_ROWS = 2000;

    private final XSSFWorkbook wb = new XSSFWorkbook();
    private final CellStyle heading;
    private final CellStyle requiredHeading;
    private final CellStyle text;
    private final CellStyle wrap;
    private final CellStyle title;

    RegistryWorkbook() {
        DataFormat format = wb.createDataFormat();
        Font bold = wb.createFont();
        bold.setBold(true);
        heading = wb.createCellStyle();
        heading.setFont(bold);
        heading.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
        heading.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        heading.setBorderBottom(BorderStyle.THIN);
        heading.setWrapText(true);
        requiredHeading = wb.createCellStyle();
        requiredHeading.cloneStyleFrom(heading);
        requiredHeading.setFillForegroundColor(IndexedColors.LIGHT_YELLOW.getIndex());
        text = wb.createCellStyle();
        text.setDataFormat(format.getFormat("@"));
        wrap = wb.createCellStyle();
        wrap.setWrapText(true);
        title = wb.createCellStyle();
        Font big = wb.createFont();
        big.setBold(true);
        big.setFontHeightInPoints((short) 14);
        title.setFont(big);
        instructions();
    }

    /** Adds a table's sheet with its rows: values by column key (String, Number, Boolean or a list). */
    void table(Table t, List<Map<String, Object>> rows) {
        Sheet s = wb.createSheet(t.zh());
        Row head = s.createRow(0);
        head.setHeightInPoints(32);
        List<Column> cols = t.columns();
        for (int i = 0; i < cols.size(); i++) {
            Column c = cols.get(i);
            Cell cell = head.createCell(i);
            cell.setCellValue(c.heading());
            cell.setCellStyle(c.required() ? requiredHeading : heading);
            s.setColumnWidth(i, Math.min(60, Math.max(14, width(c.heading()) + 2)) * 256);
            if (c.type() == Type.TEXT || c.type() == Type.LIST || c.type() == Type.MONTH || c.type() == Type.OUTPUT) {
                s.setDefaultColumnStyle(i, text);
            }
        }
        s.createFreezePane(0, 1);
        for (int r = 0; r < rows.size(); r++) {
            Row row = s.createRow(r + 1);
            Map<String, Object> values = rows.get(r);
            for (int i = 0; i < cols.size(); i++) {
                Object v = values.get(cols.get(i).key());
                if (v == null) continue;
                Cell cell = row.createCell(i);
                if (v instanceof BigDecimal d) {
                    cell.setCellValue(d.doubleValue());
                } else if (v instanceof Number n) {
                    cell.setCellValue(n.doubleValue());
                } else if (v instanceof Boolean b) {
                    cell.setCellValue(b ? "是" : "否");
                } else {
                    cell.setCellValue(String.valueOf(v));
                    cell.setCellStyle(text);
                }
            }
        }
        DataValidationHelper dv = s.getDataValidationHelper();
        int last = rows.size() + FORMATTED_ROWS;
        for (int i = 0; i < cols.size(); i++) {
            Column c = cols.get(i);
            if (c.choices().isEmpty()) continue;
            DataValidationConstraint list =
                    dv.createExplicitListConstraint(c.choices().toArray(new String[0]));
            DataValidation v = dv.createValidation(list, new CellRangeAddressList(1, last, i, i));
            v.setShowErrorBox(true);
            v.setErrorStyle(DataValidation.ErrorStyle.STOP);
            v.createErrorBox(c.zh(), "允许 · allowed: " + String.join(", ", c.choices()));
            s.addValidationData(v);
        }
    }

    private void instructions() {
        Sheet s = wb.createSheet(RegistryTemplate.INSTRUCTIONS);
        s.setColumnWidth(0, 34 * 256);
        s.setColumnWidth(1, 10 * 256);
        s.setColumnWidth(2, 100 * 256);
        int r = 0;
        cell(s, r++, 0, "dcmon 重点用能单位登记表 · dcmon registry of key energy-using units", title);
        String[][] intro = {
            {
                "用途",
                "省级主管部门维护的登记库：单位、产品、年度目标、上报月度数据和计量点。填好后用 ./dcmon registry import 文件.xlsx --out 目录"
                        + " 转为登记库 YAML；./dcmon registry export 把登记库写回本表，可在 Excel 中修改后再导入。"
            },
            {
                "Use",
                "The registry a provincial office keeps: units, products, yearly targets, reported months and"
                        + " measurement points. ./dcmon registry import FILE.xlsx --out DIR turns it into registry YAML;"
                        + " ./dcmon registry export writes a registry back into this workbook for editing and"
                        + " re-import."
            },
            {
                "填写规则",
                "第 1 行为表头，勿改动；黄色表头为必填列。每行一条记录，空行忽略。代码、编号列为文本格式。是否列填“是”或“否”。" + "导入时逐行校验，任何错误都会标明工作表、行和列，有错误时不写出任何文件。"
            },
            {
                "Rules",
                "Row 1 holds the headings; keep them. Yellow headings are required columns. One record per row;"
                        + " empty rows are skipped. Code and id columns are text. Yes/no columns take 是 or 否."
                        + " Import checks every row and names sheet, row and column of each error; with any error"
                        + " it writes nothing."
            },
            {"表头", "表头写作“中文 (english_key)”，也可只写中文或只写英文键；CSV 文件用同样的表头（UTF-8，可带 BOM）。"},
            {
                "Headings",
                "A heading reads \"中文 (english_key)\"; the Chinese or the key alone also work. CSV files use the same"
                        + " headings (UTF-8, with or without a BOM)."
            },
        };
        for (String[] line : intro) {
            cell(s, r, 0, line[0], heading);
            cell(s, r, 2, line[1], wrap);
            r++;
        }
        r++;
        for (Table t : RegistryTemplate.TABLES) {
            cell(s, r, 0, t.zh() + " (" + t.key() + ")", title);
            cell(s, r, 2, t.help(), wrap);
            r++;
            cell(s, r, 0, "列 · column", heading);
            cell(s, r, 1, "必填 · required", heading);
            cell(s, r, 2, "说明 · meaning", heading);
            r++;
            for (Column c : t.columns()) {
                cell(s, r, 0, c.heading(), null);
                cell(s, r, 1, c.required() ? "必填 · yes" : "", null);
                String help = c.help();
                if (!c.choices().isEmpty() && c.type() != Type.BOOL)
                    help += "（" + String.join(" | ", c.choices()) + "）";
                cell(s, r, 2, help, wrap);
                r++;
            }
            r++;
        }
    }

    private static void cell(Sheet s, int r, int c, String value, CellStyle style) {
        Row row = s.getRow(r) == null ? s.createRow(r) : s.getRow(r);
        Cell cell = row.createCell(c);
        cell.setCellValue(value);
        if (style != null) cell.setCellStyle(style);
    }

    /** Display width in Latin characters: a CJK character takes two. */
    private static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); i++) w += s.charAt(i) > 0x2E80 ? 2 : 1;
        return w;
    }

    /** Writes the workbook to {@code file} through a temporary file beside it. */
    void write(Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                wb.write(out);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            readable(abs, "rw-r--r--");
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Temporary files are private to their owner; the finished file gets ordinary permissions. */
    public static void readable(Path p, String perms) throws IOException {
        if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(perms));
        }
    }

    @Override
    public void close() throws IOException {
        wb.close();
    }
}
