package dcmon.cli.sheet;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Writes a registry directory into the spreadsheet template. It reads the YAML as written (scalars as their
 * text), so fields the loaded model does not keep (notes, {@code verified}, an absent tier) survive the round
 * trip. The caller checks the registry with the loader first.
 */
public final class RegistryExport {
    private RegistryExport() {}

    /** What was written. */
    public record Summary(int units, int points, List<String> notes) {}

    /** Writes the registry under {@code dir} to the workbook {@code out}. */
    public static Summary export(Path dir, Path out) throws IOException {
        List<Map<String, Object>> enterprises = new ArrayList<>();
        Set<String> allowlist = new LinkedHashSet<>();
        for (Path f : registryFiles(dir)) {
            Object top;
            try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                Node root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(r);
                top = root == null ? null : plain(root);
            }
            if (!(top instanceof Map<?, ?> m)) continue;
            for (Object code : list(m.get("credit_code_allowlist"))) allowlist.add(String.valueOf(code));
            for (Object e : list(m.get("enterprises"))) enterprises.add(map(e));
        }
        Rows rows = new Rows();
        Set<String> listed = new LinkedHashSet<>();
        for (Map<String, Object> e : enterprises) {
            String code = text(e.get("code"));
            if (allowlist.contains(code)) listed.add(code);
            rows.add(e, allowlist.contains(code));
        }
        List<String> notes = new ArrayList<>();
        for (String code : allowlist) {
            if (!listed.contains(code)) {
                notes.add("allow-listed code " + code + " belongs to no unit; the spreadsheet does not keep it");
            }
        }
        try (RegistryWorkbook wb = new RegistryWorkbook()) {
            wb.table(RegistryTemplate.UNITS, rows.units);
            wb.table(RegistryTemplate.PRODUCTS, rows.products);
            wb.table(RegistryTemplate.TARGETS, rows.targets);
            wb.table(RegistryTemplate.PRODUCT_TARGETS, rows.productTargets);
            wb.table(RegistryTemplate.REPORTED_MONTHS, rows.months);
            wb.table(RegistryTemplate.POINTS, rows.points);
            wb.write(out);
        }
        return new Summary(rows.units.size(), rows.points.size(), notes);
    }

    /** Writes the blank template: headings, drop-down lists and the instructions sheet. */
    public static void template(Path out) throws IOException {
        try (RegistryWorkbook wb = new RegistryWorkbook()) {
            for (RegistryTemplate.Table t : RegistryTemplate.TABLES) wb.table(t, List.of());
            wb.write(out);
        }
    }

    private static final class Rows {
        final List<Map<String, Object>> units = new ArrayList<>();
        final List<Map<String, Object>> products = new ArrayList<>();
        final List<Map<String, Object>> targets = new ArrayList<>();
        final List<Map<String, Object>> productTargets = new ArrayList<>();
        final List<Map<String, Object>> months = new ArrayList<>();
        final List<Map<String, Object>> points = new ArrayList<>();

        void add(Map<String, Object> e, boolean allowlisted) {
            String code = text(e.get("code"));
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("credit_code", code);
            u.put("name", text(e.get("name")));
            u.put("city", text(e.get("city")));
            u.put("tier", text(e.get("tier")));
            u.put("industry", text(e.get("industry")));
            Map<String, Object> baseline = map(e.get("baseline"));
            u.put("baseline_year", baseline.get("year"));
            u.put("baseline_tce", baseline.get("consumption_tce"));
            List<String> gateways = new ArrayList<>();
            for (Object g : list(e.get("gateways"))) gateways.add(text(map(g).get("id")));
            u.put("gateways", String.join(", ", gateways));
            if (allowlisted) u.put("allowlisted", Boolean.TRUE);
            Map<String, Object> five = map(e.get("five_year"));
            u.put("five_year_base_year", five.get("base_year"));
            u.put("five_year_reduction", five.get("required_reduction"));
            u.put("five_year_co2_reduction", five.get("co2_required_reduction"));
            u.put("five_year_verified", five.get("verified"));
            u.put("five_year_note", text(five.get("note")));
            units.add(u);

            Map<String, Map<String, Object>> bases = new LinkedHashMap<>();
            for (Object b : list(five.get("products"))) bases.put(text(map(b).get("product")), map(b));
            for (Object o : list(e.get("products"))) {
                Map<String, Object> p = map(o);
                Map<String, Object> r = row(code);
                String id = text(p.get("id"));
                r.put("product", id);
                r.put("unit", text(p.get("unit")));
                r.put("kind", text(p.get("kind")));
                r.put("baseline_kgce_per_unit", p.get("baseline_kgce_per_unit"));
                r.put("baseline_kgco2_per_unit", p.get("baseline_kgco2_per_unit"));
                Map<String, Object> b = bases.getOrDefault(id, Map.of());
                r.put("five_year_kgce_per_unit", b.get("kgce_per_unit"));
                r.put("five_year_kgco2_per_unit", b.get("kgco2_per_unit"));
                products.add(r);
            }
            for (Object o : list(e.get("targets"))) {
                Map<String, Object> t = map(o);
                Map<String, Object> r = row(code);
                r.put("year", t.get("year"));
                level(r, t.get("total_cap_tce"), "total_cap_tce", "total_cap_incentive_tce");
                level(r, t.get("co2_cap_t"), "co2_cap_t", "co2_cap_incentive_t");
                r.put("verified", t.get("verified"));
                r.put("note", text(t.get("note")));
                targets.add(r);
                Map<String, Map<String, Object>> byProduct = new LinkedHashMap<>();
                for (Object i : list(t.get("intensity"))) {
                    Map<String, Object> it = map(i);
                    Map<String, Object> pr = byProduct.computeIfAbsent(text(it.get("product")), k -> row(code));
                    level(pr, it.get("kgce_per_unit"), "kgce_per_unit", "kgce_incentive");
                }
                for (Object i : list(t.get("co2_intensity"))) {
                    Map<String, Object> it = map(i);
                    Map<String, Object> pr = byProduct.computeIfAbsent(text(it.get("product")), k -> row(code));
                    level(pr, it.get("kgco2_per_unit"), "kgco2_per_unit", "kgco2_incentive");
                }
                byProduct.forEach((product, pr) -> {
                    pr.put("year", t.get("year"));
                    pr.put("product", product);
                    productTargets.add(pr);
                });
            }
            for (Object o : list(e.get("reported_months"))) {
                Map<String, Object> m = map(o);
                Map<String, Object> r = row(code);
                r.put("month", text(m.get("month")));
                r.put("tce", m.get("tce"));
                r.put("tce_policy", m.get("tce_policy"));
                r.put("tco2", m.get("tco2"));
                List<String> output = new ArrayList<>();
                map(m.get("output")).forEach((k, v) -> output.add(k + "=" + number(v)));
                if (!output.isEmpty()) r.put("output", String.join("; ", output));
                r.put("note", text(m.get("note")));
                months.add(r);
            }
            for (Object o : list(e.get("points"))) {
                Map<String, Object> p = map(o);
                Map<String, Object> r = row(code);
                r.put("gateway", text(p.get("gateway")));
                r.put("point", text(p.get("id")));
                r.put("role", text(p.get("role")));
                r.put("energy", text(p.get("energy")));
                r.put("grade", text(p.get("grade")));
                r.put("unit", text(p.get("unit")));
                r.put("product", text(p.get("product")));
                r.put("kind", text(p.get("kind")));
                r.put("rollover", p.get("rollover"));
                r.put("period", p.get("period"));
                r.put("max_rate_per_hour", p.get("max_rate_per_hour"));
                r.put("renewable", p.get("renewable"));
                r.put("kgce_per_unit", p.get("kgce_per_unit"));
                points.add(r);
            }
        }

        private static Map<String, Object> row(String code) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("credit_code", code);
            return r;
        }

        private static void level(Map<String, Object> r, Object v, String basic, String incentive) {
            if (v instanceof Map<?, ?> m) {
                r.put(basic, m.get("basic"));
                r.put(incentive, m.get("incentive"));
            } else {
                r.put(basic, v);
            }
        }
    }

    /** A YAML node as maps, lists, BigDecimal numbers, Booleans and strings (the scalar's text as written). */
    private static Object plain(Node n) {
        if (n instanceof MappingNode m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : String.valueOf(t.getKeyNode());
                out.put(key, plain(t.getValueNode()));
            }
            return out;
        }
        if (n instanceof SequenceNode s) {
            List<Object> out = new ArrayList<>();
            for (Node item : s.getValue()) out.add(plain(item));
            return out;
        }
        ScalarNode s = (ScalarNode) n;
        Tag tag = s.getTag();
        if (tag.equals(Tag.NULL)) return null;
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            try {
                return new BigDecimal(s.getValue().replace("_", ""));
            } catch (NumberFormatException e) {
                return s.getValue();
            }
        }
        if (tag.equals(Tag.BOOL)) {
            String b = s.getValue().toLowerCase();
            return b.equals("true") || b.equals("yes") || b.equals("on");
        }
        return s.getValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<Object> list(Object o) {
        return o instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    private static String text(Object o) {
        if (o == null) return null;
        if (o instanceof BigDecimal d) return d.toPlainString();
        return String.valueOf(o);
    }

    private static String number(Object o) {
        return o instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString() : String.valueOf(o);
    }

    /** The loader's files: every *.yaml / *.yml under the directory, hidden ones skipped, in sorted path order. */
    static List<Path> registryFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> {
                        for (Path part : dir.relativize(p)) if (part.toString().startsWith(".")) return false;
                        String name = p.getFileName().toString();
                        return name.endsWith(".yaml") || name.endsWith(".yml");
                    })
                    .sorted(Comparator.comparing(
                            p -> dir.relativize(p).toString().replace('\\', '/')))
                    .toList();
        }
    }
}
