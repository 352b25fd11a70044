package dcmon.assessment;

import static dcmon.assessment.AssessmentBuilderTest.DIVISIONS;
import static dcmon.assessment.AssessmentBuilderTest.MARCH;
import static dcmon.assessment.AssessmentBuilderTest.REGISTRY;
import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.monthly.MonthlyJson;
import dcmon.core.monthly.MonthlySnapshot;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/** Month snapshots → {@link MonthData} → tables and workbook, as the exporter service builds them. */
class SnapshotDataTest {
    static final Instant CLOSED = Instant.parse("2026-04-03T16:00:00Z"); // 4 April, 00:00 Shanghai

    static MonthlySnapshot unit(String code, int revision, double monthTce) {
        return new MonthlySnapshot(
                MonthlySnapshot.ENTERPRISE,
                code,
                MARCH,
                revision,
                Map.of("city", "420500", "tier", "thousand", "industry", "C30"),
                Map.of("tce", monthTce, "tce_policy", monthTce - 1, "tco2", 55.0, "output_clinker", 200.0),
                Map.of("tce", monthTce + 10),
                Map.of(
                        "ytd_tce",
                        monthTce + 10,
                        "cap_tce",
                        1000.0,
                        "completion_pct",
                        (monthTce + 10) / 10,
                        "time_pct",
                        24.65753424657534,
                        "cap_basis",
                        "gbt2589"),
                Map.of("clinker", Map.of("ytd_output", 300.0, "ytd_kgce_per_unit", 100.0)));
    }

    static MonthlySnapshot province(int revision, double monthTce) {
        return new MonthlySnapshot(
                "province",
                "420000",
                MARCH,
                revision,
                Map.of(),
                Map.of("tce", monthTce),
                Map.of("tce", monthTce + 10),
                Map.of("ytd_tce", monthTce + 10, "cap_tce", 1500.0),
                Map.of());
    }

    static Assessment build(List<MonthlySnapshot> snapshots) {
        // through the JSON, as the service reads them
        List<MonthlySnapshot> read = snapshots.stream()
                .map(s -> {
                    try {
                        return MonthlyJson.read(MonthlyJson.write(s));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
        MonthData data = SnapshotData.of(MARCH, read, List.of());
        return new AssessmentBuilder(REGISTRY, DIVISIONS, "420000", MonthlyExport::defaultColour)
                .build(MARCH, Scope.PROVINCE, Lang.EN, data, CLOSED);
    }

    static Object cell(Table t, String creditCode, String column) {
        int code = t.column("credit_code");
        for (Table.Row r : t.rows())
            if (creditCode.equals(r.cells().get(code))) return r.cells().get(t.column(column));
        throw new AssertionError(creditCode + " not in " + t.name());
    }

    @Test
    void theSnapshotsFiguresReachTheUnitsProductsAndSummaryTablesAndTheWorkbook() throws Exception {
        Assessment a = build(List.of(unit("CODE-A1", 1, 20), province(1, 80)));
        assertThat(a.provisional()).isFalse();
        assertThat(a.asOf()).hasToString("2026-03-31");
        Table units = a.table("units");
        assertThat(cell(units, "CODE-A1", "month_tce")).isEqualTo(20.0);
        assertThat(cell(units, "CODE-A1", "month_tce_policy")).isEqualTo(19.0);
        assertThat(cell(units, "CODE-A1", "month_tco2")).isEqualTo(55.0);
        assertThat(cell(units, "CODE-A1", "ytd_tce")).isEqualTo(30.0);
        assertThat(cell(units, "CODE-A1", "completion_pct")).isEqualTo(3.0);
        assertThat(cell(units, "CODE-A1", "progress_as_of")).isEqualTo("2026-03-31");
        // a unit without a snapshot keeps its row, empty
        assertThat(cell(units, "CODE-B2", "month_tce")).isNull();
        Table products = a.table("products");
        assertThat(cell(products, "CODE-A1", "ytd_kgce_per_unit")).isEqualTo(100.0);
        assertThat(cell(products, "CODE-A1", "month_output")).isEqualTo(200.0);
        Table byDivision = a.table("summary_by_division");
        Table.Row total = byDivision.rows().get(byDivision.rows().size() - 1);
        assertThat(total.cells().get(byDivision.column("month_tce"))).isEqualTo(80.0);

        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(XlsxWriter.write(a)))) {
            Sheet sheet = wb.getSheetAt(a.tables().indexOf(units));
            Row heading = sheet.getRow(1);
            int col = -1;
            for (int i = 0; i < heading.getLastCellNum(); i++) {
                if ("month_tce".equals(heading.getCell(i).getStringCellValue())) col = i;
            }
            int codeCol = units.column("credit_code");
            double value = Double.NaN;
            for (int r = 2; r <= sheet.getLastRowNum(); r++) {
                if ("CODE-A1".equals(sheet.getRow(r).getCell(codeCol).getStringCellValue())) {
                    value = sheet.getRow(r).getCell(col).getNumericCellValue();
                }
            }
            assertThat(value).isEqualTo(20.0);
        }
    }

    @Test
    void aRevisionListsEachChangedCellAgainstThePreviousOne() {
        Assessment r1 = build(List.of(unit("CODE-A1", 1, 20), province(1, 80)));
        Assessment r2 = build(List.of(unit("CODE-A1", 2, 25), province(2, 85)));
        Table changes = ChangesTable.withChanges(r2, r1, 1).table("changes");
        List<List<Object>> rows = changes.rows().stream().map(Table.Row::cells).toList();
        assertThat(rows)
                .contains(
                        List.of("units", "420500|CODE-A1", "month_tce", "20", "25"),
                        List.of("units", "420500|CODE-A1", "month_tce_policy", "19", "24"),
                        List.of("units", "420500|CODE-A1", "ytd_tce", "30", "35"),
                        List.of("units", "420500|CODE-A1", "completion_pct", "3", "3.5"));
        assertThat(rows).noneMatch(r -> r.get(1).toString().contains("CODE-B2"));
        assertThat(ChangesTable.of(r1, r1, 1).rows()).isEmpty();
    }
}
