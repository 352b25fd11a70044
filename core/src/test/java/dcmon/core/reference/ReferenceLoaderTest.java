package dcmon.core.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dcmon.core.config.ConfigError;
import dcmon.core.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceLoaderTest {
    private static ReferenceData ref;

    @BeforeAll
    static void loadRealTables() throws ConfigException {
        ref = ReferenceLoader.load(RepoConfig.referenceDir());
    }

    @Test
    void hasEveryEnergyKeyOfTheDesign() {
        assertThat(ref.energies().keySet())
                .containsExactlyInAnyOrder(
                        "raw-coal",
                        "washed-coal",
                        "coke",
                        "crude-oil",
                        "fuel-oil",
                        "gasoline",
                        "kerosene",
                        "diesel",
                        "lpg",
                        "refinery-gas",
                        "natural-gas",
                        "coke-oven-gas",
                        "blast-furnace-gas",
                        "heat",
                        "steam",
                        "electricity",
                        "compressed-air",
                        "oxygen",
                        "fresh-water",
                        "softened-water");
    }

    @Test
    void electricityIsTheCalorificEquivalentPerKwh() {
        EnergyType e = ref.energy("electricity");
        assertThat(e.nameZh()).isEqualTo("电力");
        assertThat(e.unit()).isEqualTo("kWh");
        assertThat(e.kgcePerUnit()).isEqualTo(0.1229);
        assertThat(e.tco2PerUnit()).isEqualTo(0.0);
        assertThat(e.grades()).isEmpty();
        assertThat(e.verified()).isTrue();
    }

    @Test
    void fuelCoefficientsAndCo2Factors() {
        EnergyType coal = ref.energy("raw-coal");
        assertThat(coal.unit()).isEqualTo("kg");
        assertThat(coal.kgcePerUnit()).isEqualTo(0.7143);
        assertThat(coal.tco2PerUnit()).isEqualTo(0.0019003);
        // the coefficient is verified, the CO₂ factor only a secondary-source default: the row is not verified
        assertThat(coal.verified()).isFalse();
        assertThat(coal.source()).startsWith("GB/T 2589-2020").contains("; CO₂: secondary-source default");

        assertThat(ref.kgcePerUnit("diesel", null)).isEqualTo(1.4571);
        assertThat(ref.energy("diesel").tco2PerUnit()).isEqualTo(0.0030959);
        assertThat(ref.energy("natural-gas").unit()).isEqualTo("m3");
        assertThat(ref.energy("natural-gas").tco2PerUnit()).isEqualTo(0.002165);
        assertThat(ref.kgcePerUnit("natural-gas", "oil-field")).isEqualTo(1.3300);
        assertThat(ref.kgcePerUnit("coke-oven-gas", null)).isEqualTo(0.5714);
        assertThat(ref.kgcePerUnit("blast-furnace-gas", null)).isEqualTo(0.1286);
        assertThat(ref.energy("heat").unit()).isEqualTo("MJ");
        assertThat(ref.energy("heat").kgcePerUnit()).isEqualTo(0.03412);
        assertThat(ref.energy("heat").tco2PerUnit()).isEqualTo(0.00011);
        assertThat(ref.kgcePerUnit("oxygen", null)).isEqualTo(0.4);
        assertThat(ref.energy("fresh-water").verified()).isFalse();
        assertThat(ref.energy("fresh-water").kgcePerUnit()).isEqualTo(0.0857);
    }

    @Test
    void steamIsPerTonneByPressureClassWithOneMegapascalAsDefault() {
        EnergyType steam = ref.energy("steam");
        assertThat(steam.unit()).isEqualTo("t");
        assertThat(steam.grades()).containsOnlyKeys("10MPa", "3.5MPa", "1.0MPa", "0.3MPa", "low");
        assertThat(ref.kgcePerUnit("steam", "3.5MPa")).isEqualTo(125.7);
        assertThat(ref.kgcePerUnit("steam", "10MPa")).isEqualTo(131.4);
        assertThat(ref.kgcePerUnit("steam", "low")).isEqualTo(78.6);
        assertThat(ref.kgcePerUnit("steam", null)).isEqualTo(108.6);
        assertThat(steam.verified()).isFalse();
    }

    @Test
    void gridFactorPerYearFallsBackToTheLatestEarlierOrTheEarliestYear() {
        assertThat(ref.gridKgCo2PerKwh(2021)).isEqualTo(0.5568);
        assertThat(ref.gridKgCo2PerKwh(2022)).isEqualTo(0.5366);
        assertThat(ref.gridKgCo2PerKwh(2023)).isEqualTo(0.5306);
        assertThat(ref.gridKgCo2PerKwh(2026)).isEqualTo(0.5306);
        assertThat(ref.gridKgCo2PerKwh(2019)).isEqualTo(0.5568);
    }

    @Test
    void equalValuePerYear() {
        assertThat(ref.electricityEqualValueKgcePerKwh(2015)).isEqualTo(0.315);
        assertThat(ref.electricityEqualValueKgcePerKwh(2014)).isEqualTo(0.315);
        assertThat(ref.electricityEqualValueKgcePerKwh(2026)).isEqualTo(0.301);
        assertThat(ref.electricityEqualValueKgcePerKwh(2030)).isCloseTo(0.301, within(0.0));
    }

    @Test
    void hubeiDivisions() {
        assertThat(ref.province()).isEqualTo("420000");
        assertThat(ref.divisions())
                .hasSize(18)
                .containsEntry("420000", "湖北省")
                .containsEntry("420100", "武汉市")
                .containsEntry("422800", "恩施土家族苗族自治州")
                .containsEntry("429021", "神农架林区");
        assertThat(ref.isDivision("420400")).isFalse();
        assertThat(ref.isDivision("429000")).isFalse();
    }

    // ---- rejected tables ------------------------------------------------------------------------------

    private static final String ENERGY = """
            energies:
              - key: electricity
                name_zh: 电力
                unit: kWh
                kgce_per_unit: 0.1229
                tco2_per_unit: 0
                source: GB/T 2589-2020
                verified: true
                co2_source: grid factor per year
                co2_verified: true
              - key: steam
                name_zh: 蒸汽
                unit: t
                kgce_per_unit: 108.6
                grades: { 3.5MPa: 125.7, 1.0MPa: 108.6 }
                tco2_per_unit: 0
                source: practice
                verified: false
                co2_source: none
                co2_verified: false
                note: secondary source
            """;
    private static final String ELECTRICITY = """
            equal_value:
              - { year: 2020, kgce_per_kwh: 0.305, source: x, verified: false, note: approximate }
            grid_emission_factor:
              - { year: 2021, kgco2_per_kwh: 0.5568, source: y, verified: true }
              - { year: 2023, kgco2_per_kwh: 0.5306, source: y, verified: true }
            """;
    private static final String DIVISIONS = """
            province: { code: "420000", name: 湖北省, source: GB/T 2260, verified: true }
            divisions:
              - { code: "420100", name: 武汉市, source: GB/T 2260, verified: true }
              - { code: "420200", name: 黄石市, source: GB/T 2260, verified: true }
            """;

    private static Path write(Path dir, String energy, String electricity, String divisions) throws IOException {
        if (energy != null) Files.writeString(dir.resolve("energy.yaml"), energy);
        if (electricity != null) Files.writeString(dir.resolve("electricity.yaml"), electricity);
        if (divisions != null) Files.writeString(dir.resolve("divisions.yaml"), divisions);
        return dir;
    }

    private static List<String> errors(Path dir) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ReferenceLoader.load(dir));
        assertThat(e).as("expected the tables to be rejected").isNotNull();
        return e.errors().stream().map(ConfigError::toString).toList();
    }

    @Test
    void minimalTablesLoad(@TempDir Path dir) throws Exception {
        ReferenceData r = ReferenceLoader.load(write(dir, ENERGY, ELECTRICITY, DIVISIONS));
        assertThat(r.energies()).hasSize(2);
        assertThat(r.gridKgCo2PerKwh(2022)).isEqualTo(0.5568);
        assertThat(r.divisions()).containsOnlyKeys("420000", "420100", "420200");
    }

    @Test
    void missingFilesAreNamed(@TempDir Path dir) throws IOException {
        write(dir, ENERGY, null, null);
        assertThat(errors(dir))
                .containsExactly(
                        dir.resolve("electricity.yaml") + ":0: : reference file not found",
                        dir.resolve("divisions.yaml") + ":0: : reference file not found");
    }

    @Test
    void quotedNumbersUnknownFieldsAndMissingNotesAreRejectedWithTheirLines(@TempDir Path dir) throws IOException {
        String energy = ENERGY.replace("kgce_per_unit: 0.1229", "kgce_per_unit: \"0.1229\"")
                .replace("note: secondary source", "notes: secondary source");
        write(dir, energy, ELECTRICITY, DIVISIONS);
        String f = dir.resolve("energy.yaml").toString();
        assertThat(errors(dir))
                .containsExactly(
                        f + ":5: energies[0].kgce_per_unit: must be a decimal number, found the text \"0.1229\""
                                + " (write the number without quotes)",
                        f
                                + ":21: energies[1].notes: unknown field 'notes' in an energy row; allowed: key, name_zh, unit,"
                                + " kgce_per_unit, grades, tco2_per_unit, source, verified, co2_source, co2_verified, note",
                        f
                                + ":11: energies[1].note: a row with unverified values needs a note saying what is not confirmed");
    }

    @Test
    void electricityRowIsRequiredAndMustBeInKwh(@TempDir Path dir) throws IOException {
        write(dir, ENERGY.replace("unit: kWh", "unit: MWh"), ELECTRICITY, DIVISIONS);
        String f = dir.resolve("energy.yaml").toString();
        assertThat(errors(dir))
                .containsExactly(f + ":4: energies[0].unit: electricity must be in kWh"
                        + " (the 等价值 and grid factors are per kWh), found 'MWh'");

        write(dir, ENERGY.replace("key: electricity", "key: power"), ELECTRICITY, DIVISIONS);
        assertThat(errors(dir))
                .containsExactly(f + ":2: energies: the energy table must have a row with key 'electricity'");
    }

    @Test
    void gradesMustBePositiveNumbers(@TempDir Path dir) throws IOException {
        write(dir, ENERGY.replace("1.0MPa: 108.6", "1.0MPa: 0"), ELECTRICITY, DIVISIONS);
        assertThat(errors(dir))
                .containsExactly(
                        dir.resolve("energy.yaml") + ":15: energies[1].grades.1.0MPa: must be greater than 0, found 0");
    }

    @Test
    void duplicateYearsAndKeysAreRejected(@TempDir Path dir) throws IOException {
        String electricity = ELECTRICITY.replace("year: 2023", "year: 2021");
        String energy = ENERGY.replace("key: steam", "key: electricity");
        write(dir, energy, electricity, DIVISIONS);
        assertThat(errors(dir))
                .containsExactly(
                        dir.resolve("energy.yaml")
                                + ":11: energies[1].key: duplicate energy key 'electricity' (first on line 2)",
                        dir.resolve("electricity.yaml")
                                + ":5: grid_emission_factor[1].year: duplicate year 2021 (first on line 4)");
    }

    @Test
    void divisionsMustBelongToTheProvince(@TempDir Path dir) throws IOException {
        String divisions = DIVISIONS.replace("\"420200\"", "\"430100\"").replace("\"420100\"", "\"4201\"");
        write(dir, ENERGY, ELECTRICITY, divisions);
        String f = dir.resolve("divisions.yaml").toString();
        assertThat(errors(dir))
                .containsExactly(
                        f + ":3: divisions[0].code: a GB/T 2260 division code has 6 digits, found '4201'",
                        f
                                + ":4: divisions[1].code: division 430100 is not in province 420000 (its code must start with 42)");
    }

    @Test
    void yamlSyntaxErrorsCarryTheirLine(@TempDir Path dir) throws IOException {
        write(dir, ENERGY, ELECTRICITY.replace("- { year: 2021,", "- { year: 2021"), DIVISIONS);
        List<String> errors = errors(dir);
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith(dir.resolve("electricity.yaml") + ":4: : YAML syntax error: ");
    }

    @Test
    void duplicateFieldsAreRejected(@TempDir Path dir) throws IOException {
        write(dir, ENERGY.replace("    unit: t\n", "    unit: t\n    unit: kg\n"), ELECTRICITY, DIVISIONS);
        assertThat(errors(dir))
                .containsExactly(dir.resolve("energy.yaml")
                        + ":14: energies[1].unit: duplicate field 'unit' (first on line 13)");
    }
}
