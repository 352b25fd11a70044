package dcmon.assessment;

import dcmon.assessment.Table.Column;
import dcmon.assessment.Table.Kind;
import dcmon.assessment.Table.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The sheet of a revision that lists what changed against the previous revision: per table, row and column, the
 * old and the new value. Rows are matched by their leading key cells (row type, codes), so a row added or removed
 * shows with an empty side.
 */
final class ChangesTable {
    private ChangesTable() {}

    static final String NAME = "changes";

    /** Key columns that identify a row, in the order they are looked for. */
    private static final List<String> KEYS =
            List.of("row_type", "region_code", "city", "credit_code", "gateway", "product", "alert_id", "seq", "item");

    /** {@code current} with a changes table against {@code previous} (revision {@code previousRevision}). */
    static Assessment withChanges(Assessment current, Assessment previous, int previousRevision) {
        List<Table> tables = new ArrayList<>(current.tables());
        tables.add(of(current, previous, previousRevision));
        return new Assessment(
                current.month(), current.scope(), current.lang(), current.provisional(), current.asOf(), tables);
    }

    static Table of(Assessment current, Assessment previous, int previousRevision) {
        Lang lang = current.lang();
        List<Column> cols = List.of(
                new Column("sheet", lang.pick("表", "sheet"), Kind.TEXT),
                new Column("row", lang.pick("行", "row"), Kind.TEXT),
                new Column("column", lang.pick("列", "column"), Kind.TEXT),
                new Column("old", lang.pick("修订" + previousRevision + "的值", "old"), Kind.TEXT),
                new Column("new", lang.pick("本修订的值", "new"), Kind.TEXT));
        List<Row> rows = new ArrayList<>();
        for (Table t : current.tables()) {
            Table before = previous.table(t.name());
            if (before == null || t.name().equals("about") || t.name().equals(NAME)) continue;
            Map<String, Row> old = byKey(before);
            Map<String, Row> now = byKey(t);
            for (Map.Entry<String, Row> e : now.entrySet()) {
                compare(t, e.getKey(), old.get(e.getKey()), e.getValue(), rows);
            }
            for (Map.Entry<String, Row> e : old.entrySet()) {
                if (!now.containsKey(e.getKey())) compare(t, e.getKey(), e.getValue(), null, rows);
            }
        }
        return new Table(
                NAME,
                lang.pick("修订对照", "changes"),
                lang.pick(
                        current.month() + " 与修订" + previousRevision + "相比的变化",
                        "Changes of " + current.month() + " against revision " + previousRevision),
                cols,
                rows);
    }

    private static void compare(Table t, String key, Row old, Row now, List<Row> out) {
        for (int i = 0; i < t.columns().size(); i++) {
            Object a = old == null ? null : old.cells().get(i);
            Object b = now == null ? null : now.cells().get(i);
            if (Objects.equals(a, b)) continue;
            out.add(new Row(Arrays.asList(t.name(), key, t.columns().get(i).key(), text(a), text(b)), false));
        }
    }

    private static String text(Object v) {
        return v == null ? null : CsvWriter.cell(v);
    }

    private static Map<String, Row> byKey(Table t) {
        List<Integer> keyCols = new ArrayList<>();
        for (String k : KEYS) if (t.column(k) >= 0) keyCols.add(t.column(k));
        Map<String, Row> out = new LinkedHashMap<>();
        for (Row r : t.rows()) {
            StringBuilder key = new StringBuilder();
            for (int c : keyCols) {
                if (key.length() > 0) key.append('|');
                key.append(r.cells().get(c) == null ? "" : r.cells().get(c));
            }
            out.put(key.toString(), r);
        }
        return out;
    }
}
