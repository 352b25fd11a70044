package dcmon.console.names;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Registry;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the pages call units and divisions: each registered unit's name, division and industry, and the names of
 * the divisions (GB/T 2260), from the registry and reference tables the monitoring job runs with. InfluxDB and the
 * alerts carry only codes. A code the registry does not know has no name: its JSON fields are left null, never
 * guessed. Immutable.
 */
public final class Names {
    private static final Names NONE = new Names(List.of(), Map.of());

    private final Map<String, Enterprise> units;
    private final Map<String, String> divisions;

    private Names(Collection<Enterprise> units, Map<String, String> divisions) {
        Map<String, Enterprise> m = new LinkedHashMap<>();
        for (Enterprise e : units) m.put(e.code(), e);
        this.units = Map.copyOf(m);
        this.divisions = Map.copyOf(divisions);
    }

    /** No registry: codes only, as before the console read one. */
    public static Names none() {
        return NONE;
    }

    /**
     * @param divisions division code to name, the province included (the reference tables' {@code divisions})
     */
    public static Names of(Registry registry, Map<String, String> divisions) {
        return new Names(registry.enterprises(), divisions);
    }

    /** @return the registered unit with this credit code, or null */
    public Enterprise unit(String code) {
        return code == null ? null : units.get(code);
    }

    /** @return every registered unit, in no particular order */
    public Collection<Enterprise> units() {
        return units.values();
    }

    /** @return the unit's registered name, or null */
    public String unitName(String code) {
        Enterprise e = unit(code);
        return e == null ? null : e.name();
    }

    /** @return the division's name (市/州/林区, or the province), or null */
    public String divisionName(String code) {
        return code == null ? null : divisions.get(code);
    }

    /**
     * Adds {@code name}, {@code industry} (when the row lacks it) and {@code city_name} to a row that names a unit
     * in {@code codeField} and its division in {@code city}; the division from the registry when the row has none.
     */
    public ObjectNode addUnit(ObjectNode row, String codeField) {
        Enterprise e = unit(text(row, codeField));
        row.put("name", e == null ? null : e.name());
        if (text(row, "industry") == null) row.put("industry", e == null ? null : e.industry());
        String city = text(row, "city");
        if (city == null && e != null) city = e.city();
        row.put("city_name", divisionName(city));
        return row;
    }

    /** Adds {@code name} to a region row: the division's or province's name, null for a tier (the pages label it). */
    public ObjectNode addRegion(ObjectNode row, String level, String code) {
        row.put("name", "tier".equals(level) ? null : divisionName(code));
        return row;
    }

    /**
     * Adds {@code name} (the subject's: a unit's or a division's), {@code enterprise_name} and {@code city_name} to
     * an alert, whose subject is {@code level}, {@code code}, {@code enterprise}, {@code city}.
     */
    public ObjectNode addAlert(ObjectNode alert) {
        String level = text(alert, "level");
        String code = text(alert, "code");
        String name = switch (level == null ? "" : level) {
            case "enterprise", "gateway", "point", "product" -> unitName(text(alert, "enterprise"));
            case "city", "province" -> divisionName(code);
            default -> null;
        };
        alert.put("name", name);
        alert.put("enterprise_name", unitName(text(alert, "enterprise")));
        alert.put("city_name", divisionName(text(alert, "city")));
        return alert;
    }

    private static String text(ObjectNode row, String field) {
        JsonNode value = row.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
