package dcmon.assessment;

import java.util.ArrayList;
import java.util.List;

/**
 * One table of an export: a sheet of the workbook and one CSV file.
 *
 * @param name    file stem and stable English name, e.g. {@code units}
 * @param sheet   the sheet's name in the export's language
 * @param title   a title line above the headings in the workbook
 * @param columns the columns, in order
 * @param rows    the rows, cells in column order; a null cell is empty
 */
public record Table(String name, String sheet, String title, List<Column> columns, List<Row> rows) {

    public Table {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** How a column's values are written: text, or a number with its workbook format. */
    public enum Kind {
        TEXT(null),
        /** tce, t CO₂, output: thousands separated, two decimals */
        AMOUNT("#,##0.00"),
        /** shares and gaps, percent or percentage points */
        PCT("0.00"),
        /** unit consumption, kgce per unit */
        INTENSITY("#,##0.000"),
        COUNT("0");

        final String format;

        Kind(String format) {
            this.format = format;
        }
    }

    /**
     * @param key     the stable snake_case name (CSV heading with {@code --lang en})
     * @param heading the heading in the export's language, with the unit
     */
    public record Column(String key, String heading, Kind kind) {}

    /** @param subtotal a subtotal row, set in bold in the workbook */
    public record Row(List<Object> cells, boolean subtotal) {
        public Row {
            cells = java.util.Collections.unmodifiableList(new ArrayList<>(cells));
        }
    }

    /** Index of the column with this key, or -1. */
    public int column(String key) {
        for (int i = 0; i < columns.size(); i++) if (columns.get(i).key().equals(key)) return i;
        return -1;
    }
}
