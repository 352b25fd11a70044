package dcmon.assessment;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * The monthly assessment tables of one scope, ready to write.
 *
 * @param provisional the month was not over when the data was read: figures are as of {@code asOf}, not final
 * @param asOf        the latest day of progress data in the export, or null when there is none
 */
public record Assessment(
        YearMonth month, Scope scope, Lang lang, boolean provisional, LocalDate asOf, List<Table> tables) {
    public Assessment {
        tables = List.copyOf(tables);
    }

    /** @return the table with this name, or null */
    public Table table(String name) {
        for (Table t : tables) if (t.name().equals(name)) return t;
        return null;
    }
}
