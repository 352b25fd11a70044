package dcmon.assessment;

import dcmon.assessment.Table.Row;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a table as CSV in UTF-8 with a byte order mark (so that spreadsheet programs read the Chinese text),
 * one heading row, CRLF line ends. Numbers are written in full, without grouping or exponent; empty cells are
 * empty. Subtotal rows are kept (the tier sheets' {@code row_type} column tells them apart).
 */
public final class CsvWriter {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private CsvWriter() {}

    public static byte[] write(Table t) {
        StringWriter text = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(text, CSVFormat.RFC4180)) {
            List<String> headings = new ArrayList<>();
            for (Table.Column c : t.columns()) headings.add(c.heading());
            csv.printRecord(headings);
            for (Row row : t.rows()) {
                List<String> cells = new ArrayList<>(row.cells().size());
                for (Object v : row.cells()) cells.add(cell(v));
                csv.printRecord(cells);
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

    static String cell(Object v) {
        if (v == null) return "";
        if (v instanceof Double d) {
            if (!Double.isFinite(d)) return "";
            if (d == 0) return "0";
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        return v.toString();
    }
}
