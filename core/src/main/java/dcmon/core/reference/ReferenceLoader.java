package dcmon.core.reference;

import dcmon.core.config.ConfigError;
import dcmon.core.config.ConfigException;
import dcmon.core.config.YamlFile;
import dcmon.core.config.YamlMapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads the reference tables of a directory such as {@code config/reference/}:
 * <ul>
 *   <li>{@code energy.yaml} — energy rows: GB/T 2589 kgce per unit, grades, CO₂ factor, provenance;</li>
 *   <li>{@code electricity.yaml} — electricity 等价值 and grid emission factor per year;</li>
 *   <li>{@code divisions.yaml} — the province and its GB/T 2260 divisions.</li>
 * </ul>
 * Every row states its {@code source} and whether it is {@code verified}; an unverified row must carry a
 * {@code note}. All errors of all three files are reported together.
 */
public final class ReferenceLoader {
    public static final String ENERGY_FILE = "energy.yaml";
    public static final String ELECTRICITY_FILE = "electricity.yaml";
    public static final String DIVISIONS_FILE = "divisions.yaml";

    private static final Pattern ENERGY_KEY = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern DIVISION_CODE = Pattern.compile("[1-9][0-9]{5}");
    private static final int MIN_YEAR = 1990;
    private static final int MAX_YEAR = 2100;

    private static final List<String> ENERGY_TOP = List.of("energies");
    private static final List<String> ENERGY_ROW = List.of(
            "key",
            "name_zh",
            "unit",
            "kgce_per_unit",
            "grades",
            "tco2_per_unit",
            "source",
            "verified",
            "co2_source",
            "co2_verified",
            "note");
    private static final List<String> ELECTRICITY_TOP = List.of("equal_value", "grid_emission_factor");
    private static final List<String> EQUAL_VALUE_ROW = List.of("year", "kgce_per_kwh", "source", "verified", "note");
    private static final List<String> GRID_ROW = List.of("year", "kgco2_per_kwh", "source", "verified", "note");
    private static final List<String> DIVISIONS_TOP = List.of("province", "divisions");
    private static final List<String> DIVISION_ROW = List.of("code", "name", "source", "verified", "note");

    private ReferenceLoader() {}

    /**
     * @param referenceDir directory holding the three files; error messages name files under it as given
     * @throws ConfigException with every error found, each naming file, line and field
     */
    public static ReferenceData load(Path referenceDir) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        Map<String, EnergyType> energies = readEnergies(open(referenceDir, ENERGY_FILE, errors));
        Map<Integer, Double> equalValue = new TreeMap<>();
        Map<Integer, Double> grid = new TreeMap<>();
        readElectricity(open(referenceDir, ELECTRICITY_FILE, errors), equalValue, grid);
        Map<String, String> divisions = new LinkedHashMap<>();
        String province = readDivisions(open(referenceDir, DIVISIONS_FILE, errors), divisions);
        if (!errors.isEmpty()) throw new ConfigException(errors);
        return new ReferenceData(energies, equalValue, grid, divisions, province);
    }

    private static YamlFile open(Path dir, String name, List<ConfigError> errors) {
        Path path = dir.resolve(name);
        if (!Files.isRegularFile(path)) {
            errors.add(new ConfigError(path.toString(), 0, "", "reference file not found"));
            return null;
        }
        return YamlFile.read(path, path.toString(), errors);
    }

    private static Map<String, EnergyType> readEnergies(YamlFile f) {
        Map<String, EnergyType> energies = new LinkedHashMap<>();
        if (f == null || f.root() == null) return energies;
        YamlMapping top = f.mapping(f.root(), "", "the energy table", ENERGY_TOP);
        if (top == null) return energies;
        List<Node> rows = top.list("energies", true);
        if (rows == null) return energies;
        Map<String, Integer> keyLines = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            YamlMapping row = f.mapping(rows.get(i), "energies[" + i + "]", "an energy row", ENERGY_ROW);
            if (row == null) continue;
            String key = row.text("key", true);
            if (key != null && !ENERGY_KEY.matcher(key).matches()) {
                row.error("key", "energy key '" + key + "' must be lower-case words joined by '-', e.g. raw-coal");
                key = null;
            } else if (key != null && keyLines.containsKey(key)) {
                row.error("key", "duplicate energy key '" + key + "' (first on line " + keyLines.get(key) + ")");
                key = null;
            } else if (key != null) {
                keyLines.put(key, row.lineOf("key"));
            }
            String nameZh = row.text("name_zh", true);
            String unit = row.text("unit", true);
            Double kgce = row.positive("kgce_per_unit", true);
            Double tco2 = row.nonNegative("tco2_per_unit", true);
            Map<String, Double> grades = readGrades(row);
            Provenance coefficient = provenance(row, "source", "verified");
            Provenance co2 = provenance(row, "co2_source", "co2_verified");
            requireNoteIfUnverified(row, coefficient, co2);
            if (ReferenceData.ELECTRICITY.equals(key) && unit != null && !unit.equals("kWh")) {
                row.error(
                        "unit",
                        "electricity must be in kWh (the 等价值 and grid factors are per kWh), found '" + unit + "'");
                unit = null;
            }
            if (key != null
                    && nameZh != null
                    && unit != null
                    && kgce != null
                    && tco2 != null
                    && grades != null
                    && coefficient != null
                    && co2 != null) {
                energies.put(
                        key,
                        new EnergyType(
                                key,
                                nameZh,
                                unit,
                                kgce,
                                tco2,
                                grades,
                                coefficient.source + "; CO₂: " + co2.source,
                                coefficient.verified && co2.verified));
            }
        }
        if (!keyLines.containsKey(ReferenceData.ELECTRICITY)) {
            top.error("energies", "the energy table must have a row with key '" + ReferenceData.ELECTRICITY + "'");
        }
        return energies;
    }

    private static Map<String, Double> readGrades(YamlMapping row) {
        if (!row.has("grades")) return Map.of();
        YamlMapping g = row.mapping("grades", false, "grades (grade: kgce per unit)", null);
        if (g == null) return null;
        Map<String, Double> grades = new LinkedHashMap<>();
        boolean ok = true;
        for (String grade : g.keys()) {
            Double v = g.positive(grade, true);
            if (v == null) ok = false;
            else grades.put(grade, v);
        }
        if (ok && grades.isEmpty()) {
            row.error("grades", "must list at least one grade, or be left out");
            return null;
        }
        return ok ? grades : null;
    }

    private static void readElectricity(YamlFile f, Map<Integer, Double> equalValue, Map<Integer, Double> grid) {
        if (f == null || f.root() == null) return;
        YamlMapping top = f.mapping(f.root(), "", "the electricity table", ELECTRICITY_TOP);
        if (top == null) return;
        readYearRows(top, "equal_value", EQUAL_VALUE_ROW, "kgce_per_kwh", equalValue);
        readYearRows(top, "grid_emission_factor", GRID_ROW, "kgco2_per_kwh", grid);
    }

    private static void readYearRows(
            YamlMapping top, String listKey, List<String> allowed, String valueKey, Map<Integer, Double> out) {
        List<Node> rows = top.list(listKey, true);
        if (rows == null) return;
        if (rows.isEmpty()) {
            top.error(listKey, "must have at least one year");
            return;
        }
        Map<Integer, Integer> yearLines = new TreeMap<>();
        for (int i = 0; i < rows.size(); i++) {
            YamlMapping row =
                    top.file().mapping(rows.get(i), top.field(listKey) + "[" + i + "]", "a year row", allowed);
            if (row == null) continue;
            Integer year = row.integer("year", true, MIN_YEAR, MAX_YEAR);
            Double value = row.positive(valueKey, true);
            Provenance p = provenance(row, "source", "verified");
            requireNoteIfUnverified(row, p);
            if (year != null && yearLines.containsKey(year)) {
                row.error("year", "duplicate year " + year + " (first on line " + yearLines.get(year) + ")");
                continue;
            }
            if (year != null) yearLines.put(year, row.lineOf("year"));
            if (year != null && value != null) out.put(year, value);
        }
    }

    private static String readDivisions(YamlFile f, Map<String, String> divisions) {
        if (f == null || f.root() == null) return null;
        YamlMapping top = f.mapping(f.root(), "", "the division table", DIVISIONS_TOP);
        if (top == null) return null;
        String province = null;
        YamlMapping p = top.mapping("province", true, "the province", DIVISION_ROW);
        if (p != null) {
            province = p.text("code", true);
            String name = p.text("name", true);
            requireNoteIfUnverified(p, provenance(p, "source", "verified"));
            if (province != null && !(DIVISION_CODE.matcher(province).matches() && province.endsWith("0000"))) {
                p.error("code", "a province code has 6 digits ending in 0000, e.g. 420000; found '" + province + "'");
                province = null;
            }
            if (province != null && name != null) divisions.put(province, name);
        }
        List<Node> rows = top.list("divisions", true);
        if (rows == null) return province;
        Map<String, Integer> codeLines = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            YamlMapping row = f.mapping(rows.get(i), "divisions[" + i + "]", "a division row", DIVISION_ROW);
            if (row == null) continue;
            String code = row.text("code", true);
            String name = row.text("name", true);
            requireNoteIfUnverified(row, provenance(row, "source", "verified"));
            if (code == null) continue;
            if (!DIVISION_CODE.matcher(code).matches()) {
                row.error("code", "a GB/T 2260 division code has 6 digits, found '" + code + "'");
            } else if (province != null && !code.startsWith(province.substring(0, 2))) {
                row.error(
                        "code",
                        "division " + code + " is not in province " + province + " (its code must start with "
                                + province.substring(0, 2) + ")");
            } else if (code.equals(province)) {
                row.error("code", "the province " + code + " is declared under province:, not as a division");
            } else if (codeLines.containsKey(code)) {
                row.error("code", "duplicate division " + code + " (first on line " + codeLines.get(code) + ")");
            } else {
                codeLines.put(code, row.lineOf("code"));
                if (name != null) divisions.put(code, name);
            }
        }
        if (rows.isEmpty()) top.error("divisions", "must list at least one division");
        return province;
    }

    private record Provenance(String source, boolean verified) {}

    private static Provenance provenance(YamlMapping row, String sourceKey, String verifiedKey) {
        String source = row.text(sourceKey, true);
        Boolean verified = row.bool(verifiedKey, true);
        return source == null || verified == null ? null : new Provenance(source, verified);
    }

    /** Unconfirmed values must say why (domain flags [S] and [U]), so that nobody mistakes them for facts. */
    private static void requireNoteIfUnverified(YamlMapping row, Provenance... provenances) {
        String note = row.text("note", false);
        for (Provenance p : provenances) {
            if (p != null && !p.verified && note == null) {
                row.error("note", "a row with unverified values needs a note saying what is not confirmed");
                return;
            }
        }
    }
}
