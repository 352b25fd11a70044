package dcmon.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcmon.assessment.ExportCut.For;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cuts of a written export for a division and a unit: the province file's rows, their own checksums, same bytes. */
class ExportCutTest {

    @TempDir
    Path dir;

    private Path province(Lang lang) throws Exception {
        Path out = dir.resolve("r1-" + lang);
        ExportWriter.write(
                AssessmentBuilderTest.build(
                        Scope.PROVINCE, lang, Instant.ofEpochMilli(AssessmentBuilderTest.APRIL_START)),
                out);
        return out;
    }

    private static List<String> lines(byte[] csv) {
        String text = new String(csv, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF");
        return Arrays.asList(text.substring(1).split("\r\n"));
    }

    @Test
    void aCityGetsTheProvinceFilesRowsOfItsDivision() throws Exception {
        Path p = province(Lang.ZH);
        Map<String, byte[]> cut = ExportCut.cut(p, For.city("420500"));
        assertThat(cut.keySet())
                .contains(
                        "assessment-2026-03-city-420500.xlsx",
                        "units.csv",
                        "products.csv",
                        "alerts.csv",
                        "manifest.json")
                .doesNotContain("assessment-2026-03-province.xlsx");

        List<String> units = lines(Files.readAllBytes(p.resolve("units.csv")));
        List<String> expected = new ArrayList<>();
        expected.add(units.get(0));
        for (String line : units.subList(1, units.size())) if (line.contains(",420500,")) expected.add(line);
        assertThat(expected).hasSize(3);
        assertThat(lines(cut.get("units.csv"))).isEqualTo(expected);
        // products carry no division: kept by their unit's
        assertThat(lines(cut.get("products.csv")))
                .hasSize(3)
                .allMatch(l -> !l.contains("CODE-C3") && !l.contains("CODE-D4"));
        // region tables: the tiers are not the division's, the division's own row is
        assertThat(lines(cut.get("summary_by_tier.csv"))).hasSize(1);
        assertThat(lines(cut.get("summary_by_division.csv")))
                .hasSize(2)
                .element(1)
                .asString()
                .startsWith("420500,宜昌市,2,");
        assertThat(lines(cut.get("tier_ten_thousand.csv")))
                .extracting(l -> l.split(",")[0] + " " + l.split(",")[1])
                .containsExactly("行类型 市州代码", "单位 420500", "小计 420500");
        assertThat(lines(cut.get("alerts.csv")))
                .extracting(l -> l.split(",")[1] + l.split(",")[2] + " " + l.split(",")[7])
                .containsExactly("预警编号事件序号 对象代码", "x1 CODE-A1", "x2 CODE-A1", "y1 CODE-B2/GW01", "z1 CODE-B2");
        assertThat(lines(cut.get("about.csv"))).last().isEqualTo("节选范围,city:420500");

        // the workbook read back: the same rows, subtotal in bold
        try (XSSFWorkbook wb =
                new XSSFWorkbook(new ByteArrayInputStream(cut.get("assessment-2026-03-city-420500.xlsx")))) {
            XSSFSheet sheet = wb.getSheet("单位月度及累计");
            DataFormatter f = new DataFormatter();
            assertThat(sheet.getLastRowNum()).isEqualTo(3);
            assertThat(f.formatCellValue(sheet.getRow(2).getCell(0))).isEqualTo("CODE-A1");
            assertThat(f.formatCellValue(sheet.getRow(3).getCell(0))).isEqualTo("CODE-B2");
            // cell for cell the province workbook's row of CODE-A1 (its first row), formats included
            try (XSSFWorkbook whole =
                    new XSSFWorkbook(Files.newInputStream(p.resolve("assessment-2026-03-province.xlsx")))) {
                org.apache.poi.ss.usermodel.Row a1 = whole.getSheet("单位月度及累计").getRow(2);
                assertThat(f.formatCellValue(a1.getCell(0))).isEqualTo("CODE-A1");
                for (int c = 0; c < a1.getLastCellNum(); c++) {
                    assertThat(f.formatCellValue(sheet.getRow(2).getCell(c)))
                            .isEqualTo(f.formatCellValue(a1.getCell(c)));
                    assertThat(sheet.getRow(2).getCell(c).getCellStyle().getDataFormatString())
                            .isEqualTo(a1.getCell(c).getCellStyle().getDataFormatString());
                }
            }
            XSSFSheet tier = wb.getSheet("万家(按市州)");
            assertThat(tier.getLastRowNum()).isEqualTo(3);
            assertThat(wb.getFontAt(tier.getRow(3).getCell(0).getCellStyle().getFontIndex())
                            .getBold())
                    .isTrue();
            assertThat(wb.getSheet("汇总-按梯队").getLastRowNum()).isEqualTo(1);
            assertThat(sheet.getPaneInformation().getHorizontalSplitPosition()).isEqualTo((short) 2);
        }

        JsonNode manifest = new ObjectMapper().readTree(cut.get("manifest.json"));
        assertThat(manifest.get("cut").asText()).isEqualTo("city:420500");
        assertThat(manifest.get("scope").asText()).isEqualTo("province");
        assertThat(manifest.get("month").asText()).isEqualTo("2026-03");
        for (JsonNode file : manifest.get("files")) {
            assertThat(ExportWriter.sha256(cut.get(file.get("name").asText())))
                    .isEqualTo(file.get("sha256").asText());
        }
        // deterministic: the same files give the same bytes
        Map<String, byte[]> again = ExportCut.cut(p, For.city("420500"));
        for (String name : cut.keySet()) assertThat(again.get(name)).as(name).isEqualTo(cut.get(name));
    }

    @Test
    void aUnitGetsItsOwnRowsAndItsAlertsOnly() throws Exception {
        Path p = province(Lang.EN);
        Map<String, byte[]> cut = ExportCut.cut(p, For.enterprise("CODE-B2"));
        assertThat(lines(cut.get("units.csv"))).hasSize(2).element(1).asString().startsWith("CODE-B2,");
        assertThat(lines(cut.get("alerts.csv")))
                .extracting(l -> l.split(",")[1])
                .containsExactly("alert_id", "y", "z");
        assertThat(lines(cut.get("summary_by_division.csv"))).hasSize(1);
        assertThat(lines(cut.get("tier_ten_thousand.csv"))).hasSize(2);
        assertThat(cut).containsKey("assessment-2026-03-province-en.xlsx".replace("province", "enterprise-CODE-B2"));
    }

    @Test
    void theChangesOfARevisionAreCutToTheChangedRowsOfTheDivision() throws Exception {
        Instant now = Instant.ofEpochMilli(AssessmentBuilderTest.APRIL_START);
        Assessment first = AssessmentBuilderTest.build(Scope.PROVINCE, Lang.EN, now);
        MonthData d = AssessmentBuilderTest.data();
        Map<String, Map<Long, Map<String, Object>>> months = new java.util.HashMap<>(d.enterpriseMonths());
        long march = AssessmentBuilderTest.MARCH_START;
        // late data: B2 (宜昌) and C3 (武汉) used more in March
        months.put("CODE-B2", Map.of(march, AssessmentBuilderTest.row(march, "tce", 55.0)));
        months.put("CODE-C3", Map.of(march, AssessmentBuilderTest.row(march, "tce", 66.0)));
        Assessment second = new AssessmentBuilder(
                        AssessmentBuilderTest.REGISTRY,
                        AssessmentBuilderTest.DIVISIONS,
                        "420000",
                        MonthlyExport::defaultColour)
                .build(
                        AssessmentBuilderTest.MARCH,
                        Scope.PROVINCE,
                        Lang.EN,
                        new MonthData(months, d.regionMonths(), d.enterpriseProgress(), d.regionProgress(), d.alerts()),
                        now);
        Path r2 = dir.resolve("r2");
        ExportWriter.write(ChangesTable.withChanges(second, first, 1), r2);
        List<String> all = lines(Files.readAllBytes(r2.resolve("changes.csv")));
        assertThat(all).anyMatch(l -> l.contains("CODE-C3")).anyMatch(l -> l.contains("CODE-B2"));

        List<String> yichang = lines(ExportCut.cut(r2, For.city("420500")).get("changes.csv"));
        List<String> expected = new ArrayList<>();
        expected.add(all.get(0));
        for (String l : all.subList(1, all.size())) {
            String key = l.split(",")[1];
            if (key.contains("420500") || key.contains("CODE-B2") || key.contains("CODE-A1")) expected.add(l);
        }
        assertThat(yichang).isEqualTo(expected);
        assertThat(yichang).noneMatch(l -> l.contains("CODE-C3") || l.contains("420100"));
        assertThat(yichang).anyMatch(l -> l.startsWith("units,420500|CODE-B2,month_tce,50,55"));
        assertThat(lines(ExportCut.cut(r2, For.enterprise("CODE-A1")).get("changes.csv")))
                .hasSize(1);
    }

    @Test
    void aFileThatDoesNotMatchItsManifestIsRefused() throws Exception {
        Path p = province(Lang.EN);
        Files.writeString(p.resolve("units.csv"), "changed");
        assertThatThrownBy(() -> ExportCut.cut(p, For.city("420500")))
                .isInstanceOf(ExportException.class)
                .hasMessageEndingWith("units.csv: does not match its SHA-256 in the manifest");
        assertThatThrownBy(() -> ExportCut.cut(dir.resolve("nothing"), For.city("420500")))
                .hasMessageEndingWith("no manifest.json, not an export directory");
        assertThatThrownBy(() -> For.city("../x")).isInstanceOf(IllegalArgumentException.class);
    }

    /** The Chinese headings the cut recognises are those the builders write, and no other column has them. */
    @Test
    void theHeadingsOfTheCutsKeysAreTheBuilders() {
        List<Table> tables = new ArrayList<>(AssessmentBuilderTest.build(
                        Scope.PROVINCE, Lang.ZH, Instant.ofEpochMilli(AssessmentBuilderTest.APRIL_START))
                .tables());
        tables.addAll(ScorecardBuilderTest.build(Lang.ZH, Map.of(), ScorecardBuilderTest.AFTER_YEAR)
                .tables());
        int seen = 0;
        for (Table t : tables) {
            for (Table.Column c : t.columns()) {
                String mapped = ExportCut.KEY_HEADINGS.get(c.key());
                if (mapped != null) {
                    assertThat(c.heading()).as(t.name() + "." + c.key()).isEqualTo(mapped);
                    seen++;
                }
                for (Map.Entry<String, String> e : ExportCut.KEY_HEADINGS.entrySet()) {
                    if (e.getValue().equals(c.heading())) assertThat(c.key()).isEqualTo(e.getKey());
                }
            }
        }
        assertThat(seen).isGreaterThan(10);
    }
}
