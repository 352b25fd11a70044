package dcmon.assessment;

import dcmon.assessment.Table.Column;
import dcmon.assessment.Table.Kind;
import dcmon.assessment.Table.Row;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.poi.ooxml.POIXMLProperties;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Writes an assessment as one XLSX workbook, a sheet per table: a title row, a frozen heading row, units in
 * the headings, number formats and column widths. The bytes depend on the tables only: fixed document
 * properties, and zip entries rewritten with a fixed time.
 */
public final class XlsxWriter {

    /** The time stamped on the workbook's properties and zip entries, whatever the day of the export. */
    static final LocalDateTime FIXED_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    private XlsxWriter() {}

    public static byte[] write(Assessment a) {
        return write(a.tables());
    }

    /** A workbook of these tables, titled after the {@code about} table's title when there is one. */
    public static byte[] write(java.util.List<Table> tables) {
        Table about = null;
        for (Table t : tables) if (t.name().equals("about")) about = t;
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            POIXMLProperties props = wb.getProperties();
            POIXMLProperties.CoreProperties core = props.getCoreProperties();
            Date fixed = Date.from(FIXED_TIME.toInstant(ZoneOffset.UTC));
            core.setCreated(Optional.of(fixed));
            core.setModified(Optional.of(fixed));
            core.setCreator("dcmon");
            core.setTitle(about == null ? "dcmon" : about.title());
            props.getExtendedProperties().getUnderlyingProperties().setApplication("dcmon");

            Styles styles = new Styles(wb);
            for (Table t : tables) sheet(wb, t, styles);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return normalize(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sheet(XSSFWorkbook wb, Table t, Styles styles) {
        XSSFSheet sheet = wb.createSheet(t.sheet());
        Cell title = sheet.createRow(0).createCell(0);
        title.setCellValue(t.title());
        title.setCellStyle(styles.title);
        org.apache.poi.ss.usermodel.Row heading = sheet.createRow(1);
        heading.setHeightInPoints(45);
        int[] widths = new int[t.columns().size()];
        for (int c = 0; c < t.columns().size(); c++) {
            Cell cell = heading.createCell(c);
            cell.setCellValue(t.columns().get(c).heading());
            cell.setCellStyle(styles.heading);
            widths[c] = Math.min(width(t.columns().get(c).heading()), 24);
        }
        int r = 2;
        for (Row row : t.rows()) {
            org.apache.poi.ss.usermodel.Row xr = sheet.createRow(r++);
            for (int c = 0; c < row.cells().size(); c++) {
                Object v = row.cells().get(c);
                Column col = t.columns().get(c);
                Cell cell = xr.createCell(c);
                cell.setCellStyle(styles.body(col.kind(), row.subtotal()));
                if (v == null) continue;
                if (v instanceof Number n) {
                    cell.setCellValue(n.doubleValue());
                    widths[c] = Math.max(widths[c], 14);
                } else {
                    cell.setCellValue(v.toString());
                    widths[c] = Math.max(widths[c], Math.min(width(v.toString()), 60));
                }
            }
        }
        for (int c = 0; c < widths.length; c++) sheet.setColumnWidth(c, (widths[c] + 2) * 256);
        int frozenColumns = t.column("name") == 1 ? 2 : 0;
        sheet.createFreezePane(frozenColumns, 2);
    }

    /** Display width in characters: CJK and full-width characters count two. */
    static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); i++) w += s.charAt(i) >= 0x2E80 ? 2 : 1;
        return w;
    }

    private static final class Styles {
        final CellStyle title;
        final CellStyle heading;
        final Map<Kind, CellStyle> plain = new EnumMap<>(Kind.class);
        final Map<Kind, CellStyle> bold = new EnumMap<>(Kind.class);

        Styles(XSSFWorkbook wb) {
            Font titleFont = wb.createFont();
            titleFont.setBold(true);
            titleFont.setFontHeightInPoints((short) 13);
            title = wb.createCellStyle();
            title.setFont(titleFont);
            Font boldFont = wb.createFont();
            boldFont.setBold(true);
            heading = wb.createCellStyle();
            heading.setFont(boldFont);
            heading.setWrapText(true);
            heading.setVerticalAlignment(VerticalAlignment.CENTER);
            heading.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
            heading.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            heading.setBorderBottom(BorderStyle.THIN);
            for (Kind k : Kind.values()) {
                plain.put(k, body(wb, k, null));
                bold.put(k, body(wb, k, boldFont));
            }
        }

        private static CellStyle body(XSSFWorkbook wb, Kind k, Font font) {
            CellStyle s = wb.createCellStyle();
            if (k.format != null) s.setDataFormat(wb.createDataFormat().getFormat(k.format));
            if (font != null) s.setFont(font);
            return s;
        }

        CellStyle body(Kind k, boolean subtotal) {
            return (subtotal ? bold : plain).get(k);
        }
    }

    /** Rewrites the zip with every entry stamped {@link #FIXED_TIME}, in the same order. */
    static byte[] normalize(byte[] zip) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(zip.length);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
                ZipOutputStream z = new ZipOutputStream(out)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTimeLocal(FIXED_TIME);
                z.putNextEntry(copy);
                in.transferTo(z);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
