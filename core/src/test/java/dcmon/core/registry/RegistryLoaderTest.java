package dcmon.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dcmon.core.config.ConfigException;
import dcmon.core.reference.EnergyType;
import dcmon.core.reference.ReferenceData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryLoaderTest {
    /** A small reference, independent of the real tables so that these tests pin the rules only. */
    static final ReferenceData REF = new ReferenceData(
            Map.of(
                    "electricity",
                    new EnergyType("electricity", "电力", "kWh", 0.1229, 0, Map.of(), "s", true),
                    "raw-coal",
                    new EnergyType("raw-coal", "原煤", "kg", 0.7143, 0.0019003, Map.of(), "s", false),
                    "steam",
                    new EnergyType("steam", "蒸汽", "t", 108.6, 0, Map.of("3.5MPa", 125.7, "1.0MPa", 108.6), "s", false)),
            Map.of(2015, 0.315),
            Map.of(2023, 0.5306),
            Map.of("420000", "湖北省", "420100", "武汉市", "420200", "黄石市"),
            "420000");

    // line numbers are part of the expected errors below: keep this text block stable
    static final String STEEL = """
            enterprises:
              - code: 91430111MA4L41YT1U
                name: 武汉示例钢铁有限公司
                city: "420100"
                industry: C31
                baseline: { year: 2015, consumption_tce: 3450000 }
                products:
                  - { id: crude-steel, unit: t, baseline_kgce_per_unit: 560.0 }
                  - { id: freight-tkm, unit: tkm, baseline_kgce_per_unit: 0.05 }
                targets:
                  - year: 2026
                    total_cap_tce: 3300000
                    intensity: [ { product: crude-steel, kgce_per_unit: 545.0 } ]
                gateways: [ { id: GW01 }, { id: GW02 } ]
                points:
                  - id: E-MAIN-01
                    gateway: GW01
                    energy: electricity
                    unit: kWh
                    kind: cumulative
                    rollover: 100000000
                    role: input
                    max_rate_per_hour: 200000
                  - { id: STEAM-01, gateway: GW02, energy: steam, grade: 3.5MPa, unit: t, rollover: 1000000, role: input, max_rate_per_hour: 50 }
                  - { id: PV-01, gateway: GW01, energy: electricity, unit: kWh, kind: interval, period: 60, role: input, renewable: true, max_rate_per_hour: 5000 }
                  - { id: COAL-01, gateway: GW01, energy: raw-coal, unit: kg, role: input, max_rate_per_hour: 100000, kgce_per_unit: 0.7 }
                  - { id: STEEL-OUT, gateway: GW01, role: product, product: crude-steel, unit: t, rollover: 10000000, max_rate_per_hour: 2000 }
                  - { id: TKM, gateway: GW02, role: workload, product: freight-tkm, unit: tkm, kind: interval, max_rate_per_hour: 100000 }
            """;

    static final String CEMENT = """
            enterprises:
              - code: 91350200776049653A
                name: 黄石示例水泥有限公司
                city: "420200"
                tier: ten-thousand
                industry: C30
                baseline: { year: 2015, consumption_tce: 120000 }
                products: [ { id: clinker, unit: t, baseline_kgce_per_unit: 110 } ]
                gateways: [ { id: GW01 } ]
                points:
                  - { id: COAL-01, gateway: GW01, energy: raw-coal, unit: kg, role: input, max_rate_per_hour: 40000 }
                  - { id: E-MAIN-01, gateway: GW01, energy: electricity, unit: kWh, role: input, max_rate_per_hour: 30000 }
            """;

    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        return file;
    }

    private Registry load() throws ConfigException {
        return RegistryLoader.load(dir, REF);
    }

    /** Errors as "file:line: field: message" with the file relative to the registry directory. */
    private List<String> errors() {
        ConfigException e = catchThrowableOfType(ConfigException.class, this::load);
        assertThat(e).as("expected the registry to be rejected").isNotNull();
        return e.errors().stream()
                .map(x ->
                        (x.file().startsWith(dir.toString())
                                        ? dir.relativize(Path.of(x.file())).toString()
                                        : x.file()) + ":" + x.line() + ": " + x.field() + ": " + x.message())
                .toList();
    }

    /** Loads STEEL with one replacement applied and returns the errors. */
    private List<String> steelWith(String from, String to) throws IOException {
        assertThat(STEEL).contains(from);
        write("r.yaml", STEEL.replace(from, to));
        return errors();
    }

    // ---- accepted registries ---------------------------------------------------------------------

    @Test
    void loadsEveryFieldWithItsDefaults() throws Exception {
        write("r.yaml", STEEL);
        Registry r = load();
        assertThat(r.size()).isEqualTo(1);
        Enterprise e = r.enterprise("91430111MA4L41YT1U");
        assertThat(e.name()).isEqualTo("武汉示例钢铁有限公司");
        assertThat(e.city()).isEqualTo("420100");
        assertThat(e.tier()).isEqualTo(Tier.HUNDRED); // derived: 3,450,000 tce ≥ 3,000,000
        assertThat(e.industry()).isEqualTo("C31");
        assertThat(e.baseline()).isEqualTo(new Baseline(2015, 3_450_000));
        assertThat(e.products())
                .containsExactly(
                        new Product("crude-steel", "t", 560.0),
                        new Product(
                                "freight-tkm",
                                "tkm",
                                0.05,
                                ProductKind.WORKLOAD,
                                null)); // kind from its workload point
        assertThat(e.targets())
                .containsExactly(new YearTarget(2026, 3_300_000, List.of(new IntensityTarget("crude-steel", 545.0))));
        assertThat(e.gateways()).containsExactly(new Gateway("GW01"), new Gateway("GW02"));
        assertThat(e.points())
                .containsExactly(
                        new Point(
                                "E-MAIN-01",
                                "GW01",
                                "electricity",
                                null,
                                "kWh",
                                PointKind.CUMULATIVE,
                                1e8,
                                Role.INPUT,
                                null,
                                200_000,
                                15,
                                false,
                                null),
                        new Point(
                                "STEAM-01",
                                "GW02",
                                "steam",
                                "3.5MPa",
                                "t",
                                PointKind.CUMULATIVE,
                                1e6,
                                Role.INPUT,
                                null,
                                50,
                                15,
                                false,
                                null),
                        new Point(
                                "PV-01",
                                "GW01",
                                "electricity",
                                null,
                                "kWh",
                                PointKind.INTERVAL,
                                0,
                                Role.INPUT,
                                null,
                                5000,
                                60,
                                true,
                                null),
                        new Point(
                                "COAL-01",
                                "GW01",
                                "raw-coal",
                                null,
                                "kg",
                                PointKind.CUMULATIVE,
                                0,
                                Role.INPUT,
                                null,
                                100_000,
                                15,
                                false,
                                0.7),
                        new Point(
                                "STEEL-OUT",
                                "GW01",
                                null,
                                null,
                                "t",
                                PointKind.CUMULATIVE,
                                1e7,
                                Role.PRODUCT,
                                "crude-steel",
                                2000,
                                15,
                                false,
                                null),
                        new Point(
                                "TKM",
                                "GW02",
                                null,
                                null,
                                "tkm",
                                PointKind.INTERVAL,
                                0,
                                Role.WORKLOAD,
                                "freight-tkm",
                                100_000,
                                15,
                                false,
                                null));
    }

    @Test
    void pointsShareTheirEnergyAndUnitStringsWhateverTheFileGave() throws Exception {
        write("r.yaml", STEEL);
        List<Point> points = load().enterprise("91430111MA4L41YT1U").points();
        // E-MAIN-01 and PV-01: two scalars in the file, one string in memory (a million points, a dozen strings)
        assertThat(points.get(2).energy()).isSameAs(points.get(0).energy());
        assertThat(points.get(2).unit()).isSameAs(points.get(0).unit());
        assertThat(new Point(
                                "X",
                                "GW01",
                                new String("electricity"),
                                null,
                                new String("kWh"),
                                PointKind.CUMULATIVE,
                                0,
                                Role.INPUT,
                                null,
                                1,
                                15,
                                false,
                                null)
                        .energy())
                .isSameAs(points.get(0).energy());
    }

    @Test
    void readsAllYamlFilesRecursivelyInSortedOrderSkippingHiddenAndOtherFiles() throws Exception {
        write("b/steel.yml", STEEL);
        write("a.yaml", CEMENT);
        write(".backup.yaml", "not: [valid");
        write("notes.txt", "not yaml");
        Registry r = load();
        assertThat(r.enterprises())
                .extracting(Enterprise::code)
                .containsExactly("91350200776049653A", "91430111MA4L41YT1U");
        assertThat(r.enterprise("91350200776049653A").tier()).isEqualTo(Tier.TEN_THOUSAND);
    }

    @Test
    void explicitTierWinsOverTheBaseline() throws Exception {
        // 千家 also takes projects under construction, whatever their baseline
        write("r.yaml", CEMENT.replace("tier: ten-thousand", "tier: thousand"));
        assertThat(load().enterprise("91350200776049653A").tier()).isEqualTo(Tier.THOUSAND);
    }

    @Test
    void derivesEveryTierFromTheBaseline() throws Exception {
        write("r.yaml", CEMENT.replace("    tier: ten-thousand\n", "").replace("120000", "500000"));
        assertThat(load().enterprise("91350200776049653A").tier()).isEqualTo(Tier.THOUSAND);
        write("r.yaml", CEMENT.replace("    tier: ten-thousand\n", "").replace("120000", "499999.9"));
        assertThat(load().enterprise("91350200776049653A").tier()).isEqualTo(Tier.TEN_THOUSAND);
    }

    @Test
    void allowListedCodesPassAlthoughTheirCheckCharacterFails() throws Exception {
        write("a.yaml", CEMENT.replace("91350200776049653A", "91350203M0001QAY9B"));
        write("z-allow.yaml", "credit_code_allowlist: [ 91350203M0001QAY9B ]\n");
        assertThat(load().enterprise("91350203M0001QAY9B")).isNotNull();
    }

    @Test
    void acceptsEveryValidInterval() throws Exception {
        for (int period : new int[] {1, 5, 15, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 1440}) {
            write("r.yaml", STEEL.replace("period: 60", "period: " + period));
            assertThat(load().enterprise("91430111MA4L41YT1U").point("PV-01").periodMinutes())
                    .isEqualTo(period);
        }
    }

    // ---- credit codes ------------------------------------------------------------------------------

    @Test
    void rejectsAWrongCheckCharacter() throws IOException {
        assertThat(steelWith("91430111MA4L41YT1U", "91350203M0001QAY9B"))
                .containsExactly(
                        "r.yaml:2: enterprises[0].code: '91350203M0001QAY9B' fails the GB 32100 check: check character is 'B'"
                                + " but the first 17 characters give '9'; correct it, or list it under credit_code_allowlist"
                                + " if it is registered so");
    }

    @Test
    void rejectsMalformedCodesEvenWhenAllowListed() throws IOException {
        write(
                "r.yaml",
                "credit_code_allowlist: [ 91430111MA4L41YTOU, \"\" ]\n"
                        + STEEL.replace("91430111MA4L41YT1U", "91430111MA4L41YTOU"));
        assertThat(errors())
                .containsExactly(
                        "r.yaml:1: credit_code_allowlist[0]: '91430111MA4L41YTOU' cannot be allow-listed: character 'O' at"
                                + " position 17 is not allowed (allowed: digits and capital letters except I, O, S, V, Z)"
                                + " (the allow-list only waives the check character)",
                        "r.yaml:1: credit_code_allowlist[1]: must not be empty",
                        "r.yaml:3: enterprises[0].code: '91430111MA4L41YTOU' is not a unified social credit code (GB 32100):"
                                + " character 'O' at position 17 is not allowed (allowed: digits and capital letters except"
                                + " I, O, S, V, Z)");
    }

    @Test
    void rejectsACodeDeclaredTwiceAcrossFiles() throws IOException {
        write("a.yaml", CEMENT);
        write("b.yaml", STEEL.replace("91430111MA4L41YT1U", "91350200776049653A"));
        assertThat(errors())
                .containsExactly("b.yaml:2: enterprises[0].code: duplicate credit code"
                        + " '91350200776049653A', first declared at " + dir.resolve("a.yaml") + ":2");
    }

    // ---- enterprise fields -------------------------------------------------------------------------

    @Test
    void cityMustBeADivisionOfTheReferenceButNotTheProvince() throws IOException {
        assertThat(steelWith("city: \"420100\"", "city: \"420000\""))
                .containsExactly(
                        "r.yaml:4: enterprises[0].city: '420000' is the province itself; give the city or prefecture"
                                + " (allowed: 420100 武汉市, 420200 黄石市)");
        assertThat(steelWith("city: \"420100\"", "city: 420400"))
                .containsExactly(
                        "r.yaml:4: enterprises[0].city: unknown division '420400'; allowed: 420100 武汉市, 420200 黄石市");
    }

    @Test
    void tierMustBeKnown() throws IOException {
        assertThat(steelWith("    industry: C31", "    tier: 百家\n    industry: C31"))
                .containsExactly(
                        "r.yaml:5: enterprises[0].tier: unknown tier '百家'; allowed: hundred, thousand, ten-thousand");
    }

    @Test
    void industryMustLookLikeAGbt4754Code() throws Exception {
        String expected = "r.yaml:5: enterprises[0].industry: '%s' is not a GB/T 4754 code; expected a section"
                + " letter A–T, optionally followed by its 2-digit division, e.g. C31";
        for (String bad : new String[] {"C3", "c31", "X31", "C311", "31"}) {
            assertThat(steelWith("industry: C31", "industry: " + bad)).containsExactly(expected.formatted(bad));
        }
        write("r.yaml", STEEL.replace("industry: C31", "industry: C"));
        assertThat(load().enterprise("91430111MA4L41YT1U").industry()).isEqualTo("C");
    }

    @Test
    void requiredFieldsAreNamedAtTheEnterpriseLine() throws IOException {
        write(
                "r.yaml",
                STEEL.replace("    name: 武汉示例钢铁有限公司\n", "")
                        .replace("    baseline: { year: 2015, consumption_tce: 3450000 }\n", "    baseline:\n"));
        assertThat(errors())
                .containsExactly(
                        "r.yaml:2: enterprises[0].name: required field 'name' is missing",
                        "r.yaml:5: enterprises[0].baseline: must not be empty");
    }

    @Test
    void baselineMustBeAYearAndANonNegativeConsumption() throws IOException {
        assertThat(steelWith("{ year: 2015, consumption_tce: 3450000 }", "{ year: 2015.5, consumption_tce: -1 }"))
                .containsExactly(
                        "r.yaml:6: enterprises[0].baseline.year: must be a whole number, found 2015.5",
                        "r.yaml:6: enterprises[0].baseline.consumption_tce: must be 0 or greater, found -1");
        assertThat(steelWith("{ year: 2015, consumption_tce: 3450000 }", "{ year: 15, consumption_tce: 0 }"))
                .containsExactly("r.yaml:6: enterprises[0].baseline.year: must be between 1990 and 2100, found 15");
    }

    @Test
    void numbersWrittenAsTextAreRejected() throws IOException {
        assertThat(steelWith("max_rate_per_hour: 200000", "max_rate_per_hour: \"200000\""))
                .containsExactly(
                        "r.yaml:23: enterprises[0].points[0].max_rate_per_hour: must be a decimal number, found the text"
                                + " \"200000\" (write the number without quotes)");
        assertThat(steelWith("year: 2026", "year: '2026'"))
                .containsExactly(
                        "r.yaml:11: enterprises[0].targets[0].year: must be a decimal number, found the text \"2026\""
                                + " (write the number without quotes)");
        assertThat(steelWith("max_rate_per_hour: 200000", "max_rate_per_hour: 0x30D40"))
                .containsExactly(
                        "r.yaml:23: enterprises[0].points[0].max_rate_per_hour: must be a decimal number, found the number"
                                + " 0x30D40");
    }

    @Test
    void unknownFieldsAreRejectedWithTheirName() throws IOException {
        write(
                "r.yaml",
                "version: 1\n"
                        + STEEL.replace("        rollover: 100000000\n", "        rolover: 100000000\n")
                                .replace("    industry: C31\n", "    industry: C31\n    industy: C31\n"));
        assertThat(errors())
                .containsExactly(
                        "r.yaml:1: version: unknown field 'version' in a registry file; allowed: enterprises,"
                                + " credit_code_allowlist",
                        "r.yaml:7: enterprises[0].industy: unknown field 'industy' in an enterprise; allowed: code, name,"
                                + " city, tier, industry, baseline, products, targets, five_year, reported_months, gateways,"
                                + " points",
                        "r.yaml:23: enterprises[0].points[0].rolover: unknown field 'rolover' in a point; allowed: id,"
                                + " gateway, energy, grade, unit, kind, rollover, role, product, max_rate_per_hour, period,"
                                + " renewable, kgce_per_unit");
    }

    @Test
    void duplicateFieldsAreRejected() throws IOException {
        assertThat(steelWith("        unit: kWh\n", "        unit: kWh\n        unit: MWh\n"))
                .containsExactly("r.yaml:20: enterprises[0].points[0].unit: duplicate field 'unit' (first on line 19)");
    }

    // ---- products and targets --------------------------------------------------------------------

    @Test
    void productsNeedAUniqueIdAUnitAndAPositiveBaseline() throws IOException {
        assertThat(steelWith(
                        "{ id: freight-tkm, unit: tkm, baseline_kgce_per_unit: 0.05 }",
                        "{ id: crude-steel, baseline_kgce_per_unit: 0 }"))
                .containsExactly(
                        "r.yaml:9: enterprises[0].products[1].id: duplicate product id 'crude-steel' (first on line 8)",
                        "r.yaml:9: enterprises[0].products[1].unit: required field 'unit' is missing",
                        "r.yaml:9: enterprises[0].products[1].baseline_kgce_per_unit: must be greater than 0, found 0",
                        "r.yaml:28: enterprises[0].points[5].product: product 'freight-tkm' is not declared in this"
                                + " enterprise's products (declared: crude-steel)");
    }

    @Test
    void targetsNeedUniqueYearsAPositiveCapAndDeclaredProducts() throws IOException {
        String targets = """
                    targets:
                      - year: 2026
                        total_cap_tce: 0
                        intensity: [ { product: clinker, kgce_per_unit: 545.0 }, { product: crude-steel, kgce_per_unit: 1 }, { product: crude-steel, kgce_per_unit: -2 } ]
                      - { year: 2026, total_cap_tce: 3300000 }
                      - { year: 2014, total_cap_tce: 3300000 }
                """;
        String old = STEEL.substring(STEEL.indexOf("    targets:"), STEEL.indexOf("    gateways:"));
        assertThat(steelWith(old, targets))
                .containsExactly(
                        "r.yaml:12: enterprises[0].targets[0].total_cap_tce: must be greater than 0, found 0",
                        "r.yaml:13: enterprises[0].targets[0].intensity[0].product: product 'clinker' is not declared in"
                                + " this enterprise's products (declared: crude-steel, freight-tkm)",
                        "r.yaml:13: enterprises[0].targets[0].intensity[2].product: duplicate intensity target for"
                                + " 'crude-steel' (first on line 13)",
                        "r.yaml:13: enterprises[0].targets[0].intensity[2].kgce_per_unit: must be greater than 0, found -2",
                        "r.yaml:14: enterprises[0].targets[1].year: duplicate target year 2026 (first on line 11)",
                        "r.yaml:15: enterprises[0].targets[2].year: target year 2014 is before the baseline year 2015");
    }

    // ---- gateways ---------------------------------------------------------------------------------

    @Test
    void gatewayIdsMustBeUniqueAndTopicSafe() throws IOException {
        assertThat(steelWith(
                        "[ { id: GW01 }, { id: GW02 } ]",
                        "[ { id: GW01 }, { id: GW01 }, { id: GW/03 }, { id: \"GW+\" } ]"))
                .containsExactly(
                        "r.yaml:14: enterprises[0].gateways[1].id: duplicate gateway id 'GW01' (first on line 14)",
                        "r.yaml:14: enterprises[0].gateways[2].id: gateway id 'GW/03' may only use letters, digits,"
                                + " '_', '.' and '-' (1 to 64 characters; no spaces, '/', '+' or '#')",
                        "r.yaml:14: enterprises[0].gateways[3].id: gateway id 'GW+' may only use letters, digits,"
                                + " '_', '.' and '-' (1 to 64 characters; no spaces, '/', '+' or '#')",
                        "r.yaml:24: enterprises[0].points[1].gateway: gateway 'GW02' is not declared in this"
                                + " enterprise's gateways (declared: GW01)",
                        "r.yaml:28: enterprises[0].points[5].gateway: gateway 'GW02' is not declared in this"
                                + " enterprise's gateways (declared: GW01)");
    }

    @Test
    void anEnterpriseNeedsGatewaysAndPoints() throws IOException {
        String cement = CEMENT.replace("gateways: [ { id: GW01 } ]", "gateways: []");
        write("r.yaml", cement.substring(0, cement.indexOf("    points:")) + "    points: []\n");
        assertThat(errors())
                .containsExactly(
                        "r.yaml:9: enterprises[0].gateways: an enterprise needs at least one gateway",
                        "r.yaml:10: enterprises[0].points: an enterprise needs at least one measurement point");
    }

    // ---- points -----------------------------------------------------------------------------------

    @Test
    void pointIdsMustBeUniqueWithinTheEnterpriseAndTopicSafe() throws IOException {
        assertThat(steelWith("id: STEAM-01,", "id: E-MAIN-01,"))
                .containsExactly(
                        "r.yaml:24: enterprises[0].points[1].id: duplicate point id 'E-MAIN-01' (first on line 16)");
        assertThat(steelWith("id: STEAM-01,", "id: STEAM 01,"))
                .containsExactly(
                        "r.yaml:24: enterprises[0].points[1].id: point id 'STEAM 01' may only use letters, digits, '_', '.'"
                                + " and '-' (1 to 64 characters; no spaces, '/', '+' or '#')");
    }

    @Test
    void pointIdsMayRepeatAcrossEnterprises() throws Exception {
        write("a.yaml", CEMENT);
        write("b.yaml", STEEL);
        Registry r = load();
        assertThat(r.enterprise("91350200776049653A").point("E-MAIN-01")).isNotNull();
        assertThat(r.enterprise("91430111MA4L41YT1U").point("E-MAIN-01")).isNotNull();
    }

    @Test
    void roleAndKindMustBeKnown() throws IOException {
        assertThat(steelWith("role: input\n", "role: consumption\n"))
                .containsExactly(
                        "r.yaml:22: enterprises[0].points[0].role: unknown role 'consumption'; allowed: input, output,"
                                + " feedstock, product, workload");
        assertThat(steelWith("kind: cumulative", "kind: counter"))
                .containsExactly(
                        "r.yaml:20: enterprises[0].points[0].kind: unknown kind 'counter'; allowed: cumulative, interval");
        assertThat(steelWith("        role: input\n", ""))
                .containsExactly("r.yaml:16: enterprises[0].points[0].role: required field 'role' is missing");
    }

    @Test
    void energyPointsNeedAKnownEnergyInItsUnit() throws IOException {
        assertThat(steelWith("        energy: electricity\n", ""))
                .containsExactly(
                        "r.yaml:16: enterprises[0].points[0].energy: input points need an energy key of the reference"
                                + " table; allowed: electricity, raw-coal, steam");
        assertThat(steelWith("energy: raw-coal", "energy: coal"))
                .containsExactly(
                        "r.yaml:26: enterprises[0].points[3].energy: unknown energy 'coal'; allowed: electricity, raw-coal,"
                                + " steam");
        assertThat(steelWith("unit: kWh\n", "unit: MWh\n"))
                .containsExactly(
                        "r.yaml:19: enterprises[0].points[0].unit: unit 'MWh' does not match energy 'electricity', which is"
                                + " measured in kWh");
        assertThat(steelWith("energy: raw-coal, unit: kg", "energy: raw-coal, unit: t"))
                .containsExactly(
                        "r.yaml:26: enterprises[0].points[3].unit: unit 't' does not match energy 'raw-coal', which is"
                                + " measured in kg");
        assertThat(steelWith("        unit: kWh\n", ""))
                .containsExactly("r.yaml:16: enterprises[0].points[0].unit: required field 'unit' is missing");
    }

    @Test
    void gradeOnlyWhereTheEnergyHasGrades() throws IOException {
        assertThat(steelWith("grade: 3.5MPa", "grade: 4MPa"))
                .containsExactly(
                        "r.yaml:24: enterprises[0].points[1].grade: unknown grade '4MPa' of steam; allowed: 1.0MPa, 3.5MPa");
        assertThat(steelWith("energy: raw-coal,", "energy: raw-coal, grade: lignite,"))
                .containsExactly(
                        "r.yaml:26: enterprises[0].points[3].grade: energy 'raw-coal' has no grades; remove grade 'lignite'");
    }

    @Test
    void feedstockAndOutputPointsAreEnergyPoints() throws Exception {
        write(
                "r.yaml",
                STEEL.replace("energy: raw-coal, unit: kg, role: input", "energy: raw-coal, unit: kg, role: feedstock")
                        .replace("rollover: 1000000, role: input", "rollover: 1000000, role: output"));
        Enterprise e = load().enterprise("91430111MA4L41YT1U");
        assertThat(e.point("COAL-01").role()).isEqualTo(Role.FEEDSTOCK);
        assertThat(e.point("STEAM-01").role()).isEqualTo(Role.OUTPUT);
    }

    @Test
    void productPointsNeedADeclaredProductInItsUnit() throws IOException {
        assertThat(steelWith("product: crude-steel, unit: t", "unit: t"))
                .containsExactly(
                        "r.yaml:27: enterprises[0].points[4].product: product points need product: the id of a product"
                                + " declared in products");
        assertThat(steelWith("product: crude-steel, unit: t", "product: rebar, unit: t"))
                .containsExactly(
                        "r.yaml:27: enterprises[0].points[4].product: product 'rebar' is not declared in this enterprise's"
                                + " products (declared: crude-steel, freight-tkm)");
        assertThat(steelWith("product: crude-steel, unit: t", "product: crude-steel, unit: kt"))
                .containsExactly(
                        "r.yaml:27: enterprises[0].points[4].unit: unit 'kt' does not match product 'crude-steel', which is"
                                + " counted in t");
        assertThat(steelWith("role: workload, product: freight-tkm,", "role: workload,"))
                .containsExactly(
                        "r.yaml:28: enterprises[0].points[5].product: workload points need product: the workload name"
                                + " (e.g. freight-tkm), declared in products");
    }

    @Test
    void energyFieldsAreRejectedOnProductPointsAndProductOnEnergyPoints() throws IOException {
        assertThat(
                        steelWith(
                                "role: product, product: crude-steel,",
                                "role: product, energy: electricity, grade: 1.0MPa, renewable: false, kgce_per_unit: 1, product: crude-steel,"))
                .containsExactly(
                        "r.yaml:27: enterprises[0].points[4].energy: energy is only allowed on input, output and"
                                + " feedstock points; this point has role product",
                        "r.yaml:27: enterprises[0].points[4].grade: grade is only allowed on input, output and"
                                + " feedstock points; this point has role product",
                        "r.yaml:27: enterprises[0].points[4].renewable: renewable is only allowed on input, output"
                                + " and feedstock points; this point has role product",
                        "r.yaml:27: enterprises[0].points[4].kgce_per_unit: kgce_per_unit is only allowed on input,"
                                + " output and feedstock points; this point has role product");
        assertThat(steelWith(
                        "role: input, max_rate_per_hour: 100000",
                        "role: input, product: crude-steel, max_rate_per_hour: 100000"))
                .containsExactly("r.yaml:26: enterprises[0].points[3].product: product is only allowed on product and"
                        + " workload points; this point has role input");
    }

    @Test
    void rolloverIsPositiveAndOnlyOnCumulativePoints() throws IOException {
        assertThat(steelWith("rollover: 100000000", "rollover: 0"))
                .containsExactly("r.yaml:21: enterprises[0].points[0].rollover: must be greater than 0, found 0");
        assertThat(steelWith("kind: interval, period: 60,", "kind: interval, period: 60, rollover: 100000,"))
                .containsExactly("r.yaml:25: enterprises[0].points[2].rollover: rollover is only allowed on"
                        + " cumulative points: an interval point reports amounts, which do not wrap");
    }

    @Test
    void periodOnlyOnIntervalPointsAndDividingTheDay() throws IOException {
        assertThat(steelWith("kind: cumulative", "kind: cumulative\n        period: 15"))
                .containsExactly(
                        "r.yaml:21: enterprises[0].points[0].period: period is only allowed on interval points: a cumulative"
                                + " point reports register values, whose deltas cover the time between readings");
        String notAllowed = "r.yaml:25: enterprises[0].points[2].period: period must be 1, 5 or a multiple of 15"
                + " minutes that divides a day (15, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 1440); found %d";
        for (int bad : new int[] {10, 20, 75, 150, 2}) {
            assertThat(steelWith("period: 60", "period: " + bad)).containsExactly(notAllowed.formatted(bad));
        }
        assertThat(steelWith("period: 60", "period: 2880"))
                .containsExactly("r.yaml:25: enterprises[0].points[2].period: must be between 1 and 1440, found 2880");
    }

    @Test
    void maxRateIsRequiredAndPositive() throws IOException {
        assertThat(steelWith("        max_rate_per_hour: 200000\n", ""))
                .containsExactly(
                        "r.yaml:16: enterprises[0].points[0].max_rate_per_hour: required field 'max_rate_per_hour' is"
                                + " missing");
        assertThat(steelWith("max_rate_per_hour: 200000", "max_rate_per_hour: -5"))
                .containsExactly(
                        "r.yaml:23: enterprises[0].points[0].max_rate_per_hour: must be greater than 0, found -5");
    }

    @Test
    void renewableOnlyOnElectricityInputsAndAsABoolean() throws IOException {
        assertThat(steelWith(
                        "max_rate_per_hour: 100000, kgce_per_unit: 0.7", "max_rate_per_hour: 100000, renewable: true"))
                .containsExactly("r.yaml:26: enterprises[0].points[3].renewable: renewable is only allowed on"
                        + " electricity input points (green certificates); this point has role input and energy"
                        + " raw-coal");
        assertThat(steelWith("role: input, renewable: true", "role: output, renewable: true"))
                .containsExactly(
                        "r.yaml:25: enterprises[0].points[2].renewable: renewable is only allowed on electricity input"
                                + " points (green certificates); this point has role output and energy electricity");
        assertThat(steelWith("renewable: true", "renewable: \"true\""))
                .containsExactly(
                        "r.yaml:25: enterprises[0].points[2].renewable: must be true or false, found the text \"true\"");
    }

    @Test
    void calorificValueOverrideMustBePositive() throws IOException {
        assertThat(steelWith("kgce_per_unit: 0.7", "kgce_per_unit: 0"))
                .containsExactly("r.yaml:26: enterprises[0].points[3].kgce_per_unit: must be greater than 0, found 0");
    }

    // ---- files ------------------------------------------------------------------------------------

    @Test
    void reportsEveryErrorOfEveryFileWithTheFileAsGiven() throws IOException {
        write("a.yaml", CEMENT.replace("city: \"420200\"", "city: \"421000\""));
        write("b.yaml", STEEL.replace("rollover: 100000000", "rollover: -1"));
        ConfigException e = catchThrowableOfType(ConfigException.class, this::load);
        assertThat(e.errors())
                .extracting(x -> x.file() + ":" + x.line() + ": " + x.field())
                .containsExactly(
                        dir.resolve("a.yaml") + ":4: enterprises[0].city",
                        dir.resolve("b.yaml") + ":21: enterprises[0].points[0].rollover");
        assertThat(e.getMessage())
                .startsWith("2 configuration error(s):\n  " + dir.resolve("a.yaml")
                        + ":4: enterprises[0].city: unknown division '421000'");
    }

    @Test
    void rejectsMalformedFiles() throws IOException {
        write("a.yaml", "");
        write("b.yaml", "- just a list\n");
        write("c.yaml", "enterprises: { code: x }\n");
        write("d.yaml", "enterprises:\n  - code: [unclosed\n");
        write("e.yaml", "credit_code_allowlist:\n");
        write("f.yaml", "enterprises:\n  - just text\n");
        List<String> errors = errors();
        assertThat(errors).hasSize(6);
        assertThat(errors.subList(0, 3))
                .containsExactly(
                        "a.yaml:0: : file is empty",
                        "b.yaml:1: : a registry file must be a mapping of fields, found a list",
                        "c.yaml:1: enterprises: must be a list, found a mapping");
        assertThat(errors.get(3)).startsWith("d.yaml:3: : YAML syntax error: ");
        assertThat(errors.subList(4, 6))
                .containsExactly(
                        "e.yaml:1: enterprises: a registry file needs a top-level enterprises: list (or a"
                                + " credit_code_allowlist:)",
                        "f.yaml:2: enterprises[0]: an enterprise must be a mapping of fields, found the text \"just text\"");
    }

    @Test
    void rejectsAMissingOrEmptyDirectory() {
        ConfigException e =
                catchThrowableOfType(ConfigException.class, () -> RegistryLoader.load(dir.resolve("nowhere"), REF));
        assertThat(e.errors())
                .extracting(Object::toString)
                .containsExactly(dir.resolve("nowhere") + ":0: : registry directory not found");
        e = catchThrowableOfType(ConfigException.class, this::load);
        assertThat(e.errors())
                .extracting(Object::toString)
                .containsExactly(dir + ":0: : no registry files (*.yaml, *.yml) in this directory");
    }
}
