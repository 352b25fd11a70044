package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.cli.sheet.RegistryTemplate;
import dcmon.core.reference.ReferenceData;
import dcmon.core.reference.ReferenceLoader;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.PointKind;
import dcmon.core.registry.Registry;
import dcmon.core.registry.RegistryLoader;
import dcmon.core.registry.Tier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;

/** {@code registry import}, {@code export} and {@code template}: the spreadsheet and the registry YAML. */
class RegistrySheetTest {
    static final Path HOME = Path.of(System.getProperty("dcmon.home", "../.."));
    static final Path SAMPLE = HOME.resolve("config/samples/hubei");
    static final Path REFERENCE = HOME.resolve("config/reference");

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(Object command, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = new CommandLine(command).execute(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private Run importing(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--reference",
                REFERENCE.toString(),
                "--alerts",
                HOME.resolve("config/alerts.yaml").toString()));
        if (!all.contains("--region-targets")) {
            all.addAll(
                    List.of("--region-targets", HOME.resolve("config/targets").toString()));
        }
        return run(new RegistryCommand.Import(), all.toArray(new String[0]));
    }

    private static ReferenceData ref() throws Exception {
        return ReferenceLoader.load(REFERENCE);
    }

    @Test
    void exportThenImportGivesTheSameRegistry() throws Exception {
        Path xlsx = dir.resolve("hubei.xlsx");
        Run export = run(
                new RegistryCommand.Export(),
                SAMPLE.toString(),
                "--out",
                xlsx.toString(),
                "--reference",
                REFERENCE.toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.out()).contains("67 units");

        Path out = dir.resolve("imported");
        Run imp = importing(xlsx.toString(), "--out", out.toString());
        assertThat(imp.code()).as(imp.err() + imp.out()).isZero();
        assertThat(imp.out()).contains("67 units").contains("OK " + out + ": 67 enterprises");
        assertThat(imp.out()).doesNotContain("warning");

        Registry before = RegistryLoader.load(SAMPLE, ref());
        Registry after = RegistryLoader.load(out, ref());
        assertThat(List.copyOf(after.enterprises())).isEqualTo(List.copyOf(before.enterprises()));
        // the YAML itself, notes and verified flags included, comments aside
        assertThat(semantic(out)).isEqualTo(semantic(SAMPLE));
        // nothing left beside the output
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("hubei.xlsx", "imported");
        }
    }

    @Test
    void anExistingOutputIsReplacedOnlyWithForce() throws Exception {
        Path xlsx = dir.resolve("hubei.xlsx");
        run(
                new RegistryCommand.Export(),
                SAMPLE.toString(),
                "--out",
                xlsx.toString(),
                "--reference",
                REFERENCE.toString());
        Path out = Files.createDirectories(dir.resolve("reg"));
        Files.writeString(out.resolve("old.yaml"), "enterprises: []\n");
        Run refused = importing(xlsx.toString(), "--out", out.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("exists and is not empty; use --force");
        Run forced = importing(xlsx.toString(), "--out", out.toString(), "--force");
        assertThat(forced.code()).as(forced.err()).isZero();
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("registry.yaml");
        }
    }

    @Test
    void everyBadCellIsNamedBySheetRowAndColumnAndNothingIsWritten() throws Exception {
        Path xlsx = dir.resolve("bad.xlsx");
        Run t = run(new RegistryCommand.Template(), "--out", xlsx.toString());
        assertThat(t.code()).isZero();
        fill(
                xlsx,
                "单位",
                List.of(
                        List.of(
                                "91420113MA4TCN8U47",
                                "武汉沌口汽车制造有限公司",
                                "420100",
                                "ten-thousand",
                                "C36",
                                2015,
                                95000,
                                "GW01"),
                        List.of("91420113MA4TCN8U48", "校验位错误有限公司", "420100", "", "C36", 2015, 95000, "GW01"),
                        List.of("91420107MA4HD9XFR0", "市州代码错误有限公司", "429999", "", "C36", 2015, 60000, "GW01"),
                        List.of("91420112MA4ALXWN9U", "层级错误有限公司", "420100", "big", "C36", 2015, 60000, "GW01")));
        fill(xlsx, "年度目标", List.of(List.of("91420113MA4TCN8U47", 2026, "lots")));
        List<List<Object>> points = new ArrayList<>();
        for (String code :
                List.of("91420113MA4TCN8U47", "91420113MA4TCN8U48", "91420107MA4HD9XFR0", "91420112MA4ALXWN9U")) {
            points.add(List.of(
                    code, "GW01", "E-MAIN-01", "input", "electricity", "", "kWh", "", "cumulative", "", "", 1000));
        }
        points.add(
                1,
                List.of(
                        "91420113MA4TCN8U47",
                        "GW01",
                        "E-MAIN-01",
                        "input",
                        "electricity",
                        "",
                        "kWh",
                        "",
                        "cumulative",
                        "",
                        "",
                        2000));
        fill(xlsx, "计量点", points);

        Path out = dir.resolve("out");
        Run r = importing(xlsx.toString(), "--out", out.toString());
        assertThat(r.code()).isEqualTo(1);
        List<String> lines = r.err().lines().toList();
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0))
                .isEqualTo("bad.xlsx, sheet 单位, row 3, column 统一社会信用代码: '91420113MA4TCN8U48' fails the GB 32100"
                        + " check: check character is '8' but the first 17 characters give '7'; correct it, or set"
                        + " 校验位例外 (allowlisted) to 是 if it is registered so");
        assertThat(lines.get(1))
                .startsWith("bad.xlsx, sheet 单位, row 4, column 所在市州代码: unknown division '429999'; allowed:"
                        + " 420100 武汉市, ");
        assertThat(lines.get(2))
                .isEqualTo("bad.xlsx, sheet 单位, row 5, column 层级: unknown tier 'big'; allowed: hundred, thousand,"
                        + " ten-thousand");
        assertThat(lines.get(3)).isEqualTo("bad.xlsx, sheet 年度目标, row 2, column 能耗总量上限: 'lots' is not a number");
        assertThat(lines.get(4))
                .isEqualTo("bad.xlsx, sheet 计量点, row 3, column 测点编号: duplicate point id 'E-MAIN-01' of unit"
                        + " 91420113MA4TCN8U47 (first in row 2)");
        assertThat(lines.get(5)).isEqualTo("5 error(s); nothing written");
        assertThat(out).doesNotExist();
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("bad.xlsx");
        }
    }

    @Test
    void csvFilesImportWithOrWithoutAByteOrderMarkAndEitherHeading() throws Exception {
        Path units = dir.resolve("units.csv");
        Files.writeString(
                units,
                "\uFEFF统一社会信用代码 (credit_code),单位名称,city,层级 (tier),行业代码 (industry),基准年 (baseline_year),"
                        + "baseline_tce,网关 (gateways)\n"
                        + "91420113MA4TCN8U47,\"武汉沌口汽车制造有限公司\",420100,万家,C36,2015,95000,\"GW01, GW02\"\n",
                StandardCharsets.UTF_8);
        Path products = dir.resolve("products.csv");
        Files.writeString(
                products,
                "credit_code,product,unit,baseline_kgce_per_unit\n91420113MA4TCN8U47,vehicle,vehicle,130\n",
                StandardCharsets.UTF_8);
        Path targets = dir.resolve("targets.csv");
        Files.writeString(
                targets, "统一社会信用代码,年度,能耗总量上限,能耗总量激励目标\n91420113MA4TCN8U47,2026,85900,84000\n", StandardCharsets.UTF_8);
        Path productTargets = dir.resolve("product_targets.csv");
        Files.writeString(
                productTargets,
                "credit_code,year,product,kgce_per_unit\n91420113MA4TCN8U47,2026,vehicle,133.9\n",
                StandardCharsets.UTF_8);
        Path points = dir.resolve("points.csv");
        Files.writeString(
                points,
                "统一社会信用代码,网关,测点编号,角色,能源品种,计量单位,产品编号,类型,周期,每小时最大值,绿证电力\n"
                        + "91420113MA4TCN8U47,GW01,E-MAIN-01,input,electricity,kWh,,cumulative,,160000,\n"
                        + "91420113MA4TCN8U47,GW02,PV-01,input,electricity,kWh,,interval,15,14000,是\n"
                        + "91420113MA4TCN8U47,GW01,VEH-OUT,product,,vehicle,vehicle,,,340,\n",
                StandardCharsets.UTF_8);
        Path out = dir.resolve("reg");
        Run r = importing(
                units.toString(),
                "--products",
                products.toString(),
                "--targets",
                targets.toString(),
                "--product-targets",
                productTargets.toString(),
                "--points",
                points.toString(),
                "--region-targets",
                dir.resolve("none").toString(),
                "--out",
                out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("1 units, 3 points from units.csv");
        Enterprise e = RegistryLoader.load(out, ref()).enterprise("91420113MA4TCN8U47");
        assertThat(e.name()).isEqualTo("武汉沌口汽车制造有限公司");
        assertThat(e.tier()).isEqualTo(Tier.TEN_THOUSAND);
        assertThat(e.gateways()).hasSize(2);
        assertThat(e.target(2026).totalCap().incentive()).isEqualTo(84000);
        assertThat(e.target(2026).intensity("vehicle").kgcePerUnit()).isEqualTo(133.9);
        assertThat(e.point("PV-01").kind()).isEqualTo(PointKind.INTERVAL);
        assertThat(e.point("PV-01").renewable()).isTrue();
        assertThat(e.point("VEH-OUT").product()).isEqualTo("vehicle");
    }

    @Test
    void aCsvRowNamesItsFileRowAndColumn() throws Exception {
        Path units = dir.resolve("units.csv");
        Files.writeString(
                units,
                "credit_code,name,city,industry,baseline_year,baseline_tce,gateways\n"
                        + "91420113MA4TCN8U47,甲,420100,C36,2015,95000,GW01\n",
                StandardCharsets.UTF_8);
        Path points = dir.resolve("points.csv");
        Files.writeString(
                points,
                "credit_code,gateway,point,role,energy,unit,max_rate_per_hour\n"
                        + "91420113MA4TCN8U47,GW01,E-MAIN-01,input,electricity,kWh,1e5x\n"
                        + "91420113MA4TCN8U47,GW09,E-MAIN-02,input,electricity,kWh,100\n",
                StandardCharsets.UTF_8);
        Run r = importing(
                units.toString(),
                "--points",
                points.toString(),
                "--out",
                dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines())
                .containsExactly(
                        "points.csv, row 2, column 每小时最大值: '1e5x' is not a number",
                        "points.csv, row 3, column 网关: gateway 'GW09' is not declared in this enterprise's"
                                + " gateways (declared: GW01)",
                        "2 error(s); nothing written");
    }

    @Test
    void headingsAndRepeatedUnitsAreCheckedToo() throws Exception {
        Path units = dir.resolve("units.csv");
        Files.writeString(
                units,
                "credit_code,city,industry,baseline_year,baseline_tce,gateways,colour\n"
                        + "91420113MA4TCN8U47,420100,C36,2015,95000,GW01,red\n"
                        + "91420113MA4TCN8U47,420100,C36,2015,95000,GW01,blue\n",
                StandardCharsets.UTF_8);
        Run r = importing(units.toString(), "--out", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(1);
        List<String> lines = r.err().lines().toList();
        assertThat(lines.get(0)).isEqualTo("units.csv, row 1: missing column 单位名称 (name)");
        assertThat(lines.get(1))
                .startsWith("units.csv, row 1, column colour: unknown column; the columns of 单位 are 统一社会信用代码"
                        + " (credit_code), 单位名称 (name), ");
        assertThat(lines)
                .as(r.err())
                .hasSize(5)
                .contains(
                        "units.csv, row 3, column 统一社会信用代码: duplicate credit code '91420113MA4TCN8U47' (first in"
                                + " row 2)",
                        "units.csv, row 2, column 统一社会信用代码: the unit has no measurement point: add its rows to"
                                + " sheet 计量点");
    }

    @Test
    void theTemplateHasEverySheetFrozenHeadingsAndLists() throws Exception {
        Path xlsx = dir.resolve("t.xlsx");
        assertThat(run(new RegistryCommand.Template(), "--out", xlsx.toString()).code())
                .isZero();
        try (XSSFWorkbook wb = open(xlsx)) {
            List<String> names = new ArrayList<>();
            wb.forEach(s -> names.add(s.getSheetName()));
            assertThat(names).containsExactly("说明", "单位", "产品", "年度目标", "产品目标", "上报月度", "计量点");
            XSSFSheet units = wb.getSheet("单位");
            assertThat(units.getRow(0).getCell(0).getStringCellValue()).isEqualTo("统一社会信用代码 (credit_code)");
            assertThat(units.getPaneInformation().isFreezePane()).isTrue();
            assertThat(units.getLastRowNum()).isZero();
            assertThat(units.getDataValidations())
                    .anySatisfy(v -> assertThat(v.getValidationConstraint().getExplicitListValues())
                            .containsExactly("hundred", "thousand", "ten-thousand"));
            assertThat(wb.getSheet("计量点").getDataValidations())
                    .anySatisfy(v -> assertThat(v.getValidationConstraint().getExplicitListValues())
                            .containsExactly("cumulative", "interval"));
            StringBuilder help = new StringBuilder();
            for (Row row : wb.getSheet("说明"))
                for (Cell c : row) help.append(c.getStringCellValue()).append('\n');
            assertThat(help).contains("填写规则").contains("Rules").contains("测点编号 (point)");
        }
        // the committed template has the same sheets and headings
        Path committed = HOME.resolve("config/templates/registry-template.xlsx");
        try (XSSFWorkbook made = open(xlsx);
                XSSFWorkbook kept = open(committed)) {
            for (RegistryTemplate.Table t : RegistryTemplate.TABLES) {
                assertThat(headings(kept.getSheet(t.zh()))).isEqualTo(headings(made.getSheet(t.zh())));
            }
        }
    }

    @Test
    void importingTheBlankTemplateSaysThereAreNoUnits() throws Exception {
        Path xlsx = dir.resolve("t.xlsx");
        run(new RegistryCommand.Template(), "--out", xlsx.toString());
        Run r = importing(xlsx.toString(), "--out", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("t.xlsx, sheet 单位: no units: sheet 单位 has no data rows");
    }

    @Test
    void theIntegrationGuideListsEveryColumn() throws IOException {
        String guide = Files.readString(HOME.resolve("docs/integration.md"), StandardCharsets.UTF_8);
        for (RegistryTemplate.Table t : RegistryTemplate.TABLES) {
            assertThat(guide).contains("**" + t.zh() + " (`" + t.key() + "`)**");
            for (RegistryTemplate.Column c : t.columns()) {
                assertThat(guide)
                        .contains("| " + c.zh() + " (`" + c.key() + "`) | " + (c.required() ? "是 yes" : "") + " |");
            }
        }
    }

    @Test
    void aFileThatIsNoWorkbookIsRefusedWithoutATrace() throws IOException {
        Path notes = Files.writeString(dir.resolve("units.xlsx"), "not a workbook");
        Run r = importing(notes.toString(), "--out", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err())
                .startsWith(notes + ": cannot be read as an .xlsx workbook: ")
                .doesNotContain("\tat ");
    }

    @Test
    void findingsOfTheLoaderArePlacedAtTheirCell() throws Exception {
        Path xlsx = dir.resolve("t.xlsx");
        run(new RegistryCommand.Template(), "--out", xlsx.toString());
        fill(xlsx, "单位", List.of(List.of("91420113MA4TCN8U47", "甲", "420100", "", "C36", 2015, 95000, "GW01")));
        fill(xlsx, "产品", List.of(List.of("91420113MA4TCN8U47", "vehicle", "vehicle", "", 130)));
        fill(xlsx, "年度目标", List.of(List.of("91420113MA4TCN8U47", 2026, 85900, 90000)));
        fill(xlsx, "产品目标", List.of(List.of("91420113MA4TCN8U47", 2026, "vehicle", "", "", 10)));
        fill(
                xlsx,
                "计量点",
                List.of(List.of(
                        "91420113MA4TCN8U47",
                        "GW01",
                        "E-1",
                        "input",
                        "electricity",
                        "",
                        "kWh",
                        "",
                        "interval",
                        100,
                        "",
                        1000)));
        Run r = importing(xlsx.toString(), "--out", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().lines())
                .containsExactly(
                        "t.xlsx, sheet 年度目标, row 2, column 能耗总量激励目标: the incentive level is the stricter one and"
                                + " may not exceed the basic level 85900, found 90000",
                        "t.xlsx, sheet 产品目标, row 2, column 产品编号: no CO₂ baseline for 'vehicle': set"
                                + " baseline_kgco2_per_unit on the product or kgco2_per_unit in five_year.products",
                        "t.xlsx, sheet 计量点, row 2, column 翻转值: rollover is only allowed on cumulative points: an"
                                + " interval point reports amounts, which do not wrap",
                        "3 error(s); nothing written");
    }

    private static List<String> headings(Sheet s) {
        List<String> h = new ArrayList<>();
        for (Cell c : s.getRow(0)) h.add(c.getStringCellValue());
        return h;
    }

    private static XSSFWorkbook open(Path xlsx) throws IOException {
        try (InputStream in = Files.newInputStream(xlsx)) {
            return new XSSFWorkbook(in);
        }
    }

    /** Writes data rows (from row 2 on) into a sheet; "" leaves a cell empty. */
    private static void fill(Path xlsx, String sheet, List<List<Object>> rows) throws IOException {
        try (XSSFWorkbook wb = open(xlsx)) {
            Sheet s = wb.getSheet(sheet);
            for (int r = 0; r < rows.size(); r++) {
                Row row = s.createRow(r + 1);
                List<Object> values = rows.get(r);
                for (int c = 0; c < values.size(); c++) {
                    Object v = values.get(c);
                    if (v instanceof Number n) row.createCell(c).setCellValue(n.doubleValue());
                    else if (!"".equals(v)) row.createCell(c).setCellValue(String.valueOf(v));
                }
            }
            try (OutputStream out = Files.newOutputStream(xlsx)) {
                wb.write(out);
            }
        }
    }

    /** Every registry file's enterprises (in loading order) and the allow-list, numbers compared by value. */
    private static Map<String, Object> semantic(Path registry) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(registry)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        List<Object> enterprises = new ArrayList<>();
        Set<Object> allowlist = new HashSet<>();
        for (Path f : files) {
            try (Reader r = Files.newBufferedReader(f)) {
                Map<?, ?> top = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
                Object list = top.get("enterprises");
                if (list instanceof List<?> l) for (Object e : l) enterprises.add(normal(e));
                Object allowed = top.get("credit_code_allowlist");
                if (allowed instanceof List<?> l) allowlist.addAll(l);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("enterprises", enterprises);
        out.put("allowlist", allowlist);
        return out;
    }

    private static Object normal(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), normal(v)));
            return out;
        }
        if (o instanceof List<?> l)
            return l.stream().map(RegistrySheetTest::normal).toList();
        // scalars by their text: the loader reads an unquoted number in a text field as its text
        if (o instanceof Number n)
            return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        return o == null ? null : o.toString();
    }
}
