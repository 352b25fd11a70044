package dcmon.core.reference;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The reference tables of {@code config/reference/}: energy coefficients (GB/T 2589), electricity 等价值 per
 * year, grid emission factors per year and administrative divisions (GB/T 2260). Immutable.
 * Loaded by {@link ReferenceLoader}.
 */
public final class ReferenceData implements Serializable {
    /** Energy key whose 当量值/等价值 split and grid factor apply. */
    public static final String ELECTRICITY = "electricity";

    private final Map<String, EnergyType> energies;
    private final NavigableMap<Integer, Double> equalValueKgcePerKwh;
    private final NavigableMap<Integer, Double> gridKgCo2PerKwh;
    /** The same two tables resolved for every year they span: read per converted amount, so no lookup or boxing. */
    private final YearTable equalValueByYear;

    private final YearTable gridByYear;
    private final Map<String, String> divisions;
    private final String province;

    public ReferenceData(
            Map<String, EnergyType> energies,
            Map<Integer, Double> equalValueKgcePerKwh,
            Map<Integer, Double> gridKgCo2PerKwh,
            Map<String, String> divisions,
            String province) {
        if (equalValueKgcePerKwh.isEmpty() || gridKgCo2PerKwh.isEmpty()) {
            throw new IllegalArgumentException("electricity tables must have at least one year");
        }
        this.energies = Map.copyOf(energies);
        this.equalValueKgcePerKwh = Collections.unmodifiableNavigableMap(new TreeMap<>(equalValueKgcePerKwh));
        this.gridKgCo2PerKwh = Collections.unmodifiableNavigableMap(new TreeMap<>(gridKgCo2PerKwh));
        this.divisions = Map.copyOf(divisions);
        this.province = province;
        this.equalValueByYear = YearTable.of(this.equalValueKgcePerKwh);
        this.gridByYear = YearTable.of(this.gridKgCo2PerKwh);
    }

    /** @return the energy row, or null when the key is unknown */
    public EnergyType energy(String key) {
        return energies.get(key);
    }

    public Map<String, EnergyType> energies() {
        return energies;
    }

    /**
     * kgce per unit for an energy and optional grade (steam pressure class).
     *
     * @throws IllegalArgumentException for an unknown key or grade (the registry validator rejects those first)
     */
    public double kgcePerUnit(String energy, String grade) {
        EnergyType e = energies.get(energy);
        if (e == null) throw new IllegalArgumentException("unknown energy " + energy);
        if (grade == null) return e.kgcePerUnit();
        Double g = e.grades().get(grade);
        if (g == null) throw new IllegalArgumentException("unknown grade " + grade + " of " + energy);
        return g;
    }

    /**
     * Electricity 等价值 (thermal power supply coal rate) for a year: the row of that year, else the latest
     * earlier year, else the earliest year configured.
     */
    public double electricityEqualValueKgcePerKwh(int year) {
        return equalValueByYear.at(year);
    }

    /** Grid emission factor in kgCO₂/kWh for a year, with the same fallback (the latest published factor lags). */
    public double gridKgCo2PerKwh(int year) {
        return gridByYear.at(year);
    }

    /** Division code to name, including the province itself. */
    public Map<String, String> divisions() {
        return divisions;
    }

    public boolean isDivision(String code) {
        return divisions.containsKey(code);
    }

    /** GB/T 2260 code of the province this deployment covers (420000 for Hubei). */
    public String province() {
        return province;
    }

    /**
     * A table by year, resolved from its first to its last year: a year's own row, else the latest earlier
     * year's; before the first year the first row, after the last year the last row.
     */
    private record YearTable(int firstYear, double[] values) implements Serializable {
        static YearTable of(NavigableMap<Integer, Double> byYear) {
            int first = byYear.firstKey();
            double[] v = new double[byYear.lastKey() - first + 1];
            for (int i = 0; i < v.length; i++)
                v[i] = byYear.floorEntry(first + i).getValue();
            return new YearTable(first, v);
        }

        double at(int year) {
            long i = (long) year - firstYear;
            return values[(int) Math.max(0, Math.min(values.length - 1, i))];
        }
    }
}
