package dcmon.core.registry;

import dcmon.core.config.YamlMapping;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the target fields shared by the registry and the region targets: levels (a number, or basic and
 * incentive), the five-year block and reported months. Errors go to the file's error list, as everywhere.
 */
public final class TargetFields {
    private TargetFields() {}

    /** A calendar month written {@code YYYY-MM}. */
    public static final Pattern MONTH = Pattern.compile("[0-9]{4}-[0-9]{2}");

    private static final List<String> LEVEL = List.of("basic", "incentive");
    private static final List<String> FIVE_YEAR =
            List.of("base_year", "required_reduction", "co2_required_reduction", "products", "verified", "note");
    private static final List<String> FIVE_YEAR_PRODUCT = List.of("product", "kgce_per_unit", "kgco2_per_unit");
    private static final List<String> REPORTED = List.of("month", "tce", "tce_policy", "tco2", "output", "note");

    /**
     * A positive target value written as a number (the basic level) or as {@code {basic, incentive}}; the
     * incentive level is the stricter one, so it may not exceed the basic level.
     */
    public static Level level(YamlMapping m, String key, boolean required) {
        Node v = m.value(key);
        if (!(v instanceof MappingNode)) {
            Double basic = m.positive(key, required);
            return basic == null ? null : Level.of(basic);
        }
        YamlMapping l = m.mapping(key, required, "a target level", LEVEL);
        if (l == null) return null;
        Double basic = l.positive("basic", true);
        Double incentive = l.positive("incentive", false);
        if (basic != null && incentive != null && incentive > basic) {
            l.error(
                    "incentive",
                    "the incentive level is the stricter one and may not exceed the basic level " + YamlMapping.s(basic)
                            + ", found " + YamlMapping.s(incentive));
            return null;
        }
        return basic == null ? null : new Level(basic, incentive);
    }

    /** The enterprise's {@code five_year} block, or null when absent or invalid. */
    static FiveYearTarget fiveYear(YamlMapping m, Set<String> productIds, Baseline baseline) {
        YamlMapping f = m.mapping("five_year", false, "the five-year block", FIVE_YEAR);
        if (f == null) return null;
        Integer baseYear = f.integer("base_year", true, 1990, FiveYearTarget.END_YEAR - 1);
        if (baseYear != null && baseline != null && baseYear < baseline.year()) {
            f.error("base_year", "base year " + baseYear + " is before the baseline year " + baseline.year());
            baseYear = null;
        }
        Double r = reduction(f, "required_reduction", true);
        Double co2 = reduction(f, "co2_required_reduction", false);
        f.bool("verified", false);
        f.text("note", false);
        List<FiveYearTarget.FiveYearBase> bases = fiveYearBases(f, productIds);
        if (baseYear == null || r == null || bases == null || (f.has("co2_required_reduction") && co2 == null)) {
            return null;
        }
        return new FiveYearTarget(baseYear, r, co2, bases);
    }

    /** A reduction share in [0, 1): 1 or more would take the final milestone to or below zero. */
    private static Double reduction(YamlMapping f, String key, boolean required) {
        Double r = f.nonNegative(key, required);
        if (r != null && r >= 1) {
            f.error(
                    key,
                    "a reduction of " + YamlMapping.s(r * 100) + " % takes the " + FiveYearTarget.END_YEAR
                            + " milestone to " + YamlMapping.s(100 - r * 100) + " % of the base, at or below zero;"
                            + " write the share as a fraction below 1 (0.135 for 13.5 %)");
            return null;
        }
        return r;
    }

    private static List<FiveYearTarget.FiveYearBase> fiveYearBases(YamlMapping f, Set<String> productIds) {
        List<Node> items = f.list("products", true);
        if (items == null) return null;
        List<FiveYearTarget.FiveYearBase> out = new ArrayList<>();
        Map<String, Integer> lines = new HashMap<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            YamlMapping b = f.file()
                    .mapping(items.get(i), f.field("products") + "[" + i + "]", "a five-year base", FIVE_YEAR_PRODUCT);
            if (b == null) {
                ok = false;
                continue;
            }
            String product = b.text("product", true);
            if (product != null && !productIds.contains(product)) {
                b.error("product", RegistryLoader.notDeclared(product, productIds));
                product = null;
            } else if (product != null && lines.putIfAbsent(product, b.lineOf("product")) != null) {
                b.error(
                        "product",
                        "duplicate five-year base for '" + product + "' (first on line " + lines.get(product) + ")");
                product = null;
            }
            Double kgce = b.positive("kgce_per_unit", true);
            Double kgco2 = b.positive("kgco2_per_unit", false);
            if (product == null || kgce == null || (b.has("kgco2_per_unit") && kgco2 == null)) ok = false;
            else out.add(new FiveYearTarget.FiveYearBase(product, kgce, kgco2));
        }
        return ok ? out : null;
    }

    /** The enterprise's {@code reported_months}: unique months {@code YYYY-MM} with their figures. */
    static List<ReportedMonth> reportedMonths(YamlMapping m, Set<String> productIds) {
        List<ReportedMonth> out = new ArrayList<>();
        List<Node> items = m.list("reported_months", false);
        if (items == null) return out;
        Map<YearMonth, Integer> lines = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            YamlMapping r = m.file()
                    .mapping(items.get(i), m.field("reported_months") + "[" + i + "]", "a reported month", REPORTED);
            if (r == null) continue;
            YearMonth month = month(r, "month");
            if (month != null) {
                Integer first = lines.putIfAbsent(month, r.lineOf("month"));
                if (first != null) {
                    r.error("month", "duplicate reported month " + month + " (first on line " + first + ")");
                    month = null;
                }
            }
            Double tce = r.nonNegative("tce", true);
            Double policy = r.nonNegative("tce_policy", false);
            Double tco2 = r.nonNegative("tco2", false);
            r.text("note", false);
            Map<String, Double> output = output(r, productIds);
            if (month != null
                    && tce != null
                    && output != null
                    && (policy != null || !r.has("tce_policy"))
                    && (tco2 != null || !r.has("tco2"))) {
                out.add(new ReportedMonth(month, tce, policy, tco2, output));
            }
        }
        return out;
    }

    /** A month written {@code YYYY-MM}, or null with an error. */
    public static YearMonth month(YamlMapping r, String key) {
        String text = r.text(key, true);
        if (text == null) return null;
        try {
            if (MONTH.matcher(text).matches()) return YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            // falls through to the error below
        }
        r.error(key, "'" + text + "' is not a month; write it YYYY-MM, e.g. 2026-01");
        return null;
    }

    private static Map<String, Double> output(YamlMapping r, Set<String> productIds) {
        YamlMapping o = r.mapping("output", false, "the output", null);
        Map<String, Double> out = new LinkedHashMap<>();
        if (o == null) return r.has("output") ? null : out;
        boolean ok = true;
        for (String product : o.keys()) {
            Double amount = o.nonNegative(product, true);
            if (!productIds.contains(product)) {
                o.error(product, RegistryLoader.notDeclared(product, productIds));
                ok = false;
            } else if (amount == null) {
                ok = false;
            } else {
                out.put(product, amount);
            }
        }
        return ok ? out : null;
    }
}
