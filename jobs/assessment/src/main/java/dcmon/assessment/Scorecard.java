package dcmon.assessment;

import java.time.LocalDate;
import java.util.List;

/**
 * The annual scorecard tables of one scope, ready to write (docs/exports.md, *Scorecard*).
 *
 * @param provisional the year was not over when the data was read
 * @param asOf        the latest day of progress data in the scorecard, or null when there is none
 * @param qualitative whether reviewers' qualitative points were given: without them totals are the quantitative part
 */
public record Scorecard(
        int year,
        Scope scope,
        Lang lang,
        boolean provisional,
        LocalDate asOf,
        boolean qualitative,
        List<Table> tables) {
    public Scorecard {
        tables = List.copyOf(tables);
    }

    /** @return the table with this name, or null */
    public Table table(String name) {
        for (Table t : tables) if (t.name().equals(name)) return t;
        return null;
    }
}
