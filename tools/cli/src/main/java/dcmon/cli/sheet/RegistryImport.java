package dcmon.cli.sheet;

import dcmon.cli.sheet.RegistryTemplate.Column;
import dcmon.cli.sheet.RegistryTemplate.Table;
import dcmon.cli.sheet.Tables.DataRow;
import dcmon.cli.sheet.Tables.Finding;
import dcmon.cli.sheet.Tables.Loc;
import dcmon.cli.sheet.Tables.TableData;
import dcmon.core.config.ConfigError;
import dcmon.core.config.ConfigException;
import dcmon.core.reference.ReferenceData;
import dcmon.core.registry.CreditCode;
import dcmon.core.registry.RegistryLoad;
import dcmon.core.registry.RegistryLoader;
import dcmon.core.registry.Tier;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the registry spreadsheet (or its CSV files) into registry YAML: every row is checked, the YAML is built
 * and loaded with {@link RegistryLoader}, and every finding is reported with its sheet, row and column. Nothing
 * is returned when any error is found.
 */
public final class RegistryImport {
    /** The file name of the imported registry in the output directory. */
    public static final String FILE = "registry.yaml";

    private static final Pattern MONTH = Pattern.compile("[0-9]{4}-[0-9]{2}");
    private static final Pattern LIST_SEPARATOR = Pattern.compile("[,，;；\\s]+");

    /**
     * The outcome: the YAML text when there were no errors, every error and warning in workbook order.
     *
     * @param yaml     the registry file's text, or null when there were errors
     * @param units    number of units imported
     * @param points   number of points imported
     */
    public record Result(String yaml, List<String> errors, List<String> warnings, int units, int points) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private final ReferenceData ref;
    private final List<Finding> errors = new ArrayList<>();
    private final List<Finding> warnings = new ArrayList<>();
    /** required columns a table lacks: reported once for the heading row, not again for each row */
    private final Map<Table, Set<String>> missingColumns = new HashMap<>();

    private RegistryImport(ReferenceData ref) {
        this.ref = ref;
    }

    /** Imports a workbook. */
    public static Result xlsx(Path workbook, ReferenceData ref, Path scratch) throws IOException {
        RegistryImport imp = new RegistryImport(ref);
        Map<Table, TableData> tables = Tables.readXlsx(workbook, imp.errors);
        return imp.run(tables, scratch);
    }

    /**
     * Imports CSV files: one per table; tables without a file are empty.
     *
     * @param files the units file under {@link RegistryTemplate#UNITS}, the others under their tables
     */
    public static Result csv(Map<Table, Path> files, ReferenceData ref, Path scratch) throws IOException {
        RegistryImport imp = new RegistryImport(ref);
        Map<Table, TableData> tables = new LinkedHashMap<>();
        for (Table t : RegistryTemplate.TABLES) {
            Path f = files.get(t);
            tables.put(t, f == null ? TableData.empty(t, t.key() + ".csv") : Tables.readCsv(t, f, imp.errors));
        }
        return imp.run(tables, scratch);
    }

    // ---- the YAML tree, with each value's place in the workbook

    /** A YAML mapping built from one row; {@code columns} says which cell each key came from. */
    private static final class Node {
        final Loc loc;
        final Map<String, Object> fields = new LinkedHashMap<>();
        final Map<String, Loc> columns = new HashMap<>();
        /** keys whose cell had an error already reported: the loader's findings on them are dropped */
        final Set<String> bad = new HashSet<>();

        Node(Loc loc) {
            this.loc = loc;
        }

        @SuppressWarnings("unchecked")
        List<Object> list(String key) {
            return (List<Object>) fields.computeIfAbsent(key, k -> new ArrayList<>());
        }
    }

    private static final class Unit {
        final Node node;
        final Map<String, Loc> products = new HashMap<>();
        final Map<Long, Node> targets = new HashMap<>();
        final Map<Long, Loc> targetRows = new HashMap<>();
        final Map<String, Loc> productTargets = new HashMap<>();
        final Map<String, Loc> months = new HashMap<>();
        final Map<String, Loc> points = new HashMap<>();
        final Set<String> gateways = new HashSet<>();
        Node fiveYear;
        boolean allowlisted;

        Unit(Node node) {
            this.node = node;
        }
    }

    private Result run(Map<Table, TableData> tables, Path scratch) throws IOException {
        for (TableData d : tables.values()) missingColumns.put(d.table(), d.missing());
        Map<String, Unit> units = new LinkedHashMap<>();
        List<String> allowlist = new ArrayList<>();
        Map<String, Loc> unitRows = new HashMap<>();
        for (DataRow row : tables.get(RegistryTemplate.UNITS).rows()) unit(row, units, unitRows, allowlist);
        for (DataRow row : tables.get(RegistryTemplate.PRODUCTS).rows()) product(row, units);
        for (DataRow row : tables.get(RegistryTemplate.TARGETS).rows()) target(row, units);
        for (DataRow row : tables.get(RegistryTemplate.PRODUCT_TARGETS).rows()) productTarget(row, units);
        for (DataRow row : tables.get(RegistryTemplate.REPORTED_MONTHS).rows()) month(row, units);
        int points = 0;
        for (DataRow row : tables.get(RegistryTemplate.POINTS).rows()) if (point(row, units)) points++;
        for (Unit u : units.values()) {
            if (u.points.isEmpty()) {
                error(
                        at(u.node.loc, RegistryTemplate.UNITS, "credit_code"),
                        "the unit has no measurement point: add its rows to sheet " + RegistryTemplate.POINTS.zh());
                u.node.bad.add("points");
            }
        }

        List<Node> enterprises = new ArrayList<>();
        for (Unit u : units.values()) enterprises.add(u.node);
        String yaml =
                emit(allowlist, enterprises, tables.get(RegistryTemplate.UNITS).file());

        if (!units.isEmpty()) {
            Path dir = Files.createTempDirectory(scratch, ".registry-check-");
            Path file = dir.resolve(FILE);
            try {
                Files.writeString(file, yaml, StandardCharsets.UTF_8);
                RegistryLoad load = RegistryLoader.check(dir, ref);
                for (ConfigError w : load.warnings()) {
                    Finding f = place(w, enterprises);
                    if (f != null) warnings.add(f);
                }
            } catch (ConfigException e) {
                for (ConfigError err : e.errors()) {
                    Finding f = place(err, enterprises);
                    if (f != null) errors.add(f);
                }
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        } else if (errors.isEmpty()) {
            errors.add(new Finding(
                    new Loc(
                            tables.get(RegistryTemplate.UNITS).file(),
                            tables.get(RegistryTemplate.UNITS).sheet(),
                            0,
                            null,
                            0,
                            0),
                    "no units: sheet " + RegistryTemplate.UNITS.zh() + " has no data rows"));
        }
        Collections.sort(errors);
        Collections.sort(warnings);
        List<String> e = errors.stream().map(Finding::toString).toList();
        List<String> w = warnings.stream().map(Finding::toString).toList();
        return new Result(e.isEmpty() ? yaml : null, e, w, units.size(), points);
    }

    // ---- rows

    private void unit(DataRow row, Map<String, Unit> units, Map<String, Loc> rows, List<String> allowlist) {
        Table t = RegistryTemplate.UNITS;
        Node n = new Node(row.loc());
        String code = row.cells().get("credit_code");
        Loc codeAt = at(row.loc(), t, "credit_code");
        if (code != null) {
            Loc first = rows.putIfAbsent(code, row.loc());
            if (first != null) {
                error(codeAt, "duplicate credit code '" + code + "' (first in row " + first.row() + ")");
                return;
            }
        }
        Unit u = new Unit(n);
        Boolean allow = (Boolean) value(row, t, "allowlisted", n, null);
        u.allowlisted = Boolean.TRUE.equals(allow);
        set(row, t, "credit_code", n, "code");
        if (code != null) {
            String format = CreditCode.formatProblem(code);
            String check = format == null ? CreditCode.problem(code) : null;
            if (format != null) {
                error(codeAt, "'" + code + "' is not a unified social credit code (GB 32100): " + format);
                n.bad.add("code");
            } else if (check != null && !u.allowlisted) {
                error(
                        codeAt,
                        "'" + code + "' fails the GB 32100 check: " + check + "; correct it, or set "
                                + t.column("allowlisted").heading() + " to 是 if it is registered so");
                n.bad.add("code");
            }
            if (format == null && u.allowlisted) allowlist.add(code);
        }
        set(row, t, "name", n, "name");
        set(row, t, "city", n, "city");
        String tier = row.cells().get("tier");
        if (tier != null) {
            for (Tier x : Tier.values()) if (x.labelZh().equals(tier)) tier = x.code();
            n.fields.put("tier", tier);
            n.columns.put("tier", at(row.loc(), t, "tier"));
        }
        set(row, t, "industry", n, "industry");
        Node baseline = new Node(row.loc());
        set(row, t, "baseline_year", baseline, "year");
        set(row, t, "baseline_tce", baseline, "consumption_tce");
        n.fields.put("baseline", baseline);
        n.columns.put("baseline", at(row.loc(), t, "baseline_year"));
        @SuppressWarnings("unchecked")
        List<String> gateways = (List<String>) value(row, t, "gateways", n, "gateways");
        if (gateways != null) {
            Loc gwAt = at(row.loc(), t, "gateways");
            n.columns.put("gateways", gwAt);
            List<Object> list = n.list("gateways");
            for (String g : gateways) {
                if (!u.gateways.add(g)) {
                    error(gwAt, "gateway '" + g + "' is listed twice");
                    continue;
                }
                Node gn = new Node(row.loc());
                gn.fields.put("id", g);
                gn.columns.put("id", gwAt);
                list.add(gn);
            }
        }
        boolean fiveYear = false;
        for (String k : List.of(
                "five_year_base_year",
                "five_year_reduction",
                "five_year_co2_reduction",
                "five_year_verified",
                "five_year_note")) {
            fiveYear |= row.cells().containsKey(k);
        }
        if (fiveYear) fiveYear(u, row);
        if (code != null) units.put(code, u);
    }

    private Node fiveYear(Unit u, DataRow unitRow) {
        if (u.fiveYear != null) return u.fiveYear;
        Table t = RegistryTemplate.UNITS;
        Node f = new Node(u.node.loc);
        u.fiveYear = f;
        u.node.fields.put("five_year", f);
        u.node.columns.put("five_year", at(u.node.loc, t, "five_year_base_year"));
        if (unitRow != null) {
            set(unitRow, t, "five_year_base_year", f, "base_year");
            set(unitRow, t, "five_year_reduction", f, "required_reduction");
            set(unitRow, t, "five_year_co2_reduction", f, "co2_required_reduction");
            set(unitRow, t, "five_year_verified", f, "verified");
            set(unitRow, t, "five_year_note", f, "note");
        } else {
            f.columns.put("base_year", at(u.node.loc, t, "five_year_base_year"));
            f.columns.put("required_reduction", at(u.node.loc, t, "five_year_reduction"));
        }
        return f;
    }

    /** The row's unit, or null with an error. */
    private Unit unitOf(DataRow row, Table t, Map<String, Unit> units) {
        String code = row.cells().get("credit_code");
        if (code == null) {
            error(at(row.loc(), t, "credit_code"), "must not be empty");
            return null;
        }
        Unit u = units.get(code);
        if (u == null) {
            error(
                    at(row.loc(), t, "credit_code"),
                    "unit '" + code + "' is not in sheet " + RegistryTemplate.UNITS.zh());
        }
        return u;
    }

    private void product(DataRow row, Map<String, Unit> units) {
        Table t = RegistryTemplate.PRODUCTS;
        Unit u = unitOf(row, t, units);
        if (u == null) return;
        String id = row.cells().get("product");
        if (id != null) {
            Loc first = u.products.putIfAbsent(id, row.loc());
            if (first != null) {
                error(
                        at(row.loc(), t, "product"),
                        "duplicate product '" + id + "' of unit " + code(u) + " (first in row " + first.row() + ")");
                return;
            }
        }
        Node p = new Node(row.loc());
        set(row, t, "product", p, "id");
        set(row, t, "unit", p, "unit");
        set(row, t, "kind", p, "kind");
        set(row, t, "baseline_kgce_per_unit", p, "baseline_kgce_per_unit");
        set(row, t, "baseline_kgco2_per_unit", p, "baseline_kgco2_per_unit");
        u.node.list("products").add(p);
        if (row.cells().containsKey("five_year_kgce_per_unit") || row.cells().containsKey("five_year_kgco2_per_unit")) {
            Node b = new Node(row.loc());
            set(row, t, "product", b, "product");
            set(row, t, "five_year_kgce_per_unit", b, "kgce_per_unit");
            set(row, t, "five_year_kgco2_per_unit", b, "kgco2_per_unit");
            fiveYear(u, null).list("products").add(b);
        }
    }

    private void target(DataRow row, Map<String, Unit> units) {
        Table t = RegistryTemplate.TARGETS;
        Unit u = unitOf(row, t, units);
        if (u == null) return;
        Node n = new Node(row.loc());
        Long year = (Long) value(row, t, "year", n, "year");
        if (year != null) {
            Loc first = u.targetRows.putIfAbsent(year, row.loc());
            if (first != null) {
                error(
                        at(row.loc(), t, "year"),
                        "duplicate year " + year + " of unit " + code(u) + " (first in row " + first.row() + ")");
                return;
            }
            u.targets.put(year, n);
        }
        n.columns.put("year", at(row.loc(), t, "year"));
        if (year != null) n.fields.put("year", year);
        level(row, t, n, "total_cap_tce", "total_cap_tce", "total_cap_incentive_tce");
        level(row, t, n, "co2_cap_t", "co2_cap_t", "co2_cap_incentive_t");
        set(row, t, "verified", n, "verified");
        set(row, t, "note", n, "note");
        u.node.list("targets").add(n);
    }

    private void productTarget(DataRow row, Map<String, Unit> units) {
        Table t = RegistryTemplate.PRODUCT_TARGETS;
        Unit u = unitOf(row, t, units);
        if (u == null) return;
        Node scratch = new Node(row.loc());
        Long year = (Long) value(row, t, "year", scratch, "year");
        String product = row.cells().get("product");
        if (year == null || product == null) {
            if (product == null) error(at(row.loc(), t, "product"), "must not be empty");
            return;
        }
        Node target = u.targets.get(year);
        if (target == null) {
            error(
                    at(row.loc(), t, "year"),
                    "unit " + code(u) + " has no row for " + year + " in sheet " + RegistryTemplate.TARGETS.zh());
            return;
        }
        Loc first = u.productTargets.putIfAbsent(year + "/" + product, row.loc());
        if (first != null) {
            error(
                    at(row.loc(), t, "product"),
                    "duplicate target for '" + product + "' in " + year + " (first in row " + first.row() + ")");
            return;
        }
        boolean kgce = row.cells().containsKey("kgce_per_unit") || row.cells().containsKey("kgce_incentive");
        boolean kgco2 = row.cells().containsKey("kgco2_per_unit") || row.cells().containsKey("kgco2_incentive");
        if (!kgce && !kgco2) {
            error(
                    at(row.loc(), t, "kgce_per_unit"),
                    "give " + t.column("kgce_per_unit").heading() + " or "
                            + t.column("kgco2_per_unit").heading());
            return;
        }
        if (kgce) {
            Node it = new Node(row.loc());
            set(row, t, "product", it, "product");
            level(row, t, it, "kgce_per_unit", "kgce_per_unit", "kgce_incentive");
            target.list("intensity").add(it);
        }
        if (kgco2) {
            Node it = new Node(row.loc());
            set(row, t, "product", it, "product");
            level(row, t, it, "kgco2_per_unit", "kgco2_per_unit", "kgco2_incentive");
            target.list("co2_intensity").add(it);
        }
    }

    private void month(DataRow row, Map<String, Unit> units) {
        Table t = RegistryTemplate.REPORTED_MONTHS;
        Unit u = unitOf(row, t, units);
        if (u == null) return;
        String month = row.cells().get("month");
        if (month != null) {
            Loc first = u.months.putIfAbsent(month, row.loc());
            if (first != null) {
                error(
                        at(row.loc(), t, "month"),
                        "duplicate month " + month + " of unit " + code(u) + " (first in row " + first.row() + ")");
                return;
            }
        }
        Node n = new Node(row.loc());
        set(row, t, "month", n, "month");
        set(row, t, "tce", n, "tce");
        set(row, t, "tce_policy", n, "tce_policy");
        set(row, t, "tco2", n, "tco2");
        Object output = value(row, t, "output", n, "output");
        if (output != null) {
            Node o = new Node(row.loc());
            @SuppressWarnings("unchecked")
            Map<String, BigDecimal> amounts = (Map<String, BigDecimal>) output;
            Loc outAt = at(row.loc(), t, "output");
            amounts.forEach((k, v) -> {
                o.fields.put(k, v);
                o.columns.put(k, outAt);
            });
            n.fields.put("output", o);
            n.columns.put("output", outAt);
        }
        set(row, t, "note", n, "note");
        u.node.list("reported_months").add(n);
    }

    private boolean point(DataRow row, Map<String, Unit> units) {
        Table t = RegistryTemplate.POINTS;
        Unit u = unitOf(row, t, units);
        if (u == null) return false;
        String id = row.cells().get("point");
        if (id != null) {
            Loc first = u.points.putIfAbsent(id, row.loc());
            if (first != null) {
                error(
                        at(row.loc(), t, "point"),
                        "duplicate point id '" + id + "' of unit " + code(u) + " (first in row " + first.row() + ")");
                return false;
            }
        } else {
            u.points.put("#" + row.loc().row(), row.loc());
        }
        Node p = new Node(row.loc());
        set(row, t, "point", p, "id");
        set(row, t, "gateway", p, "gateway");
        set(row, t, "energy", p, "energy");
        set(row, t, "grade", p, "grade");
        set(row, t, "unit", p, "unit");
        set(row, t, "role", p, "role");
        set(row, t, "product", p, "product");
        set(row, t, "kind", p, "kind");
        set(row, t, "rollover", p, "rollover");
        set(row, t, "period", p, "period");
        set(row, t, "max_rate_per_hour", p, "max_rate_per_hour");
        set(row, t, "renewable", p, "renewable");
        set(row, t, "kgce_per_unit", p, "kgce_per_unit");
        u.node.list("points").add(p);
        return true;
    }

    private static String code(Unit u) {
        Object c = u.node.fields.get("code");
        return c == null ? "?" : c.toString();
    }

    // ---- cells

    /** Puts the column's parsed value under {@code key}, remembering its cell; a bad cell is marked. */
    private void set(DataRow row, Table t, String column, Node n, String key) {
        Object v = value(row, t, column, n, key);
        n.columns.put(key, at(row.loc(), t, column));
        if (v != null) n.fields.put(key, v);
    }

    /** A target level: the basic value alone, or {basic, incentive}. */
    private void level(DataRow row, Table t, Node n, String key, String basicColumn, String incentiveColumn) {
        Node l = new Node(row.loc());
        Object basic = value(row, t, basicColumn, n, key);
        Object incentive = value(row, t, incentiveColumn, n, key);
        Loc basicAt = at(row.loc(), t, basicColumn);
        n.columns.put(key, basicAt);
        if (incentive == null) {
            if (basic != null) n.fields.put(key, basic);
            return;
        }
        if (basic != null) l.fields.put("basic", basic);
        l.fields.put("incentive", incentive);
        l.columns.put("basic", basicAt);
        l.columns.put("incentive", at(row.loc(), t, incentiveColumn));
        n.fields.put(key, l);
    }

    /** The cell parsed by its column's type; null when empty or bad (the error recorded, the key marked). */
    private Object value(DataRow row, Table t, String column, Node n, String key) {
        Column c = t.column(column);
        String text = row.cells().get(column);
        Loc at = at(row.loc(), t, column);
        if (text == null) {
            if (c.required()) {
                if (!missingColumns.getOrDefault(t, Set.of()).contains(column)) error(at, "must not be empty");
                if (key != null) n.bad.add(key);
            }
            return null;
        }
        Object v = parse(c, text, at);
        if (v == null && key != null) n.bad.add(key);
        return v;
    }

    private Object parse(Column c, String text, Loc at) {
        switch (c.type()) {
            case TEXT:
                return text;
            case INT: {
                BigDecimal d = decimal(text);
                if (d == null || d.stripTrailingZeros().scale() > 0) {
                    error(at, "'" + text + "' is not a whole number");
                    return null;
                }
                try {
                    return d.longValueExact();
                } catch (ArithmeticException e) {
                    error(at, "'" + text + "' is too large");
                    return null;
                }
            }
            case DECIMAL: {
                BigDecimal d = decimal(text);
                if (d == null) error(at, "'" + text + "' is not a number");
                return d;
            }
            case BOOL:
                switch (text.toLowerCase()) {
                    case "是", "true", "yes", "y", "1", "√":
                        return Boolean.TRUE;
                    case "否", "false", "no", "n", "0":
                        return Boolean.FALSE;
                    default:
                        error(at, "'" + text + "' is not 是 or 否 (yes or no)");
                        return null;
                }
            case LIST: {
                List<String> items = new ArrayList<>();
                for (String s : LIST_SEPARATOR.split(text)) if (!s.isEmpty()) items.add(s);
                return items;
            }
            case MONTH:
                if (!MONTH.matcher(text).matches()) {
                    error(at, "'" + text + "' is not a month; write it YYYY-MM, e.g. 2026-01");
                    return null;
                }
                return text;
            case OUTPUT: {
                Map<String, BigDecimal> out = new LinkedHashMap<>();
                boolean ok = true;
                for (String part : text.split("[;；\\n]")) {
                    if (part.isBlank()) continue;
                    int eq = part.indexOf('=');
                    String product = eq < 0 ? "" : part.substring(0, eq).strip();
                    BigDecimal amount =
                            eq < 0 ? null : decimal(part.substring(eq + 1).strip());
                    if (product.isEmpty() || amount == null) {
                        error(at, "'" + part.strip() + "' is not product=amount, e.g. clinker=1163120");
                        ok = false;
                    } else if (out.put(product, amount) != null) {
                        error(at, "product '" + product + "' appears twice");
                        ok = false;
                    }
                }
                return ok ? out : null;
            }
            default:
                throw new IllegalStateException(c.type().toString());
        }
    }

    private static BigDecimal decimal(String text) {
        String t = text.replace(",", "").replace("_", "").strip();
        if (!t.matches("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?")) return null;
        return new BigDecimal(t);
    }

    private static Loc at(Loc row, Table t, String column) {
        Column c = t.column(column);
        return row.withColumn(c, t.columns().indexOf(c));
    }

    private void error(Loc at, String message) {
        errors.add(new Finding(at, message));
    }

    // ---- the loader's findings, placed in the workbook

    private static final Pattern STEP = Pattern.compile("([^.\\[]+)((?:\\[[0-9]+\\])*)");

    /**
     * The loader's finding placed at the cell its field came from, found by following its path (such as
     * {@code enterprises[3].targets[1].total_cap_tce.incentive}) through the built tree; null when the field's
     * cell already had an error of its own.
     */
    private static Finding place(ConfigError e, List<Node> enterprises) {
        Loc loc = null;
        Node cur = null;
        Object value = enterprises;
        boolean first = true;
        for (String part : e.field().split("\\.")) {
            java.util.regex.Matcher m = STEP.matcher(part);
            if (!m.matches()) break;
            String name = m.group(1);
            List<Integer> indexes = new ArrayList<>();
            for (String i : m.group(2).replace("]", "").split("\\["))
                if (!i.isEmpty()) indexes.add(Integer.parseInt(i));
            if (first) {
                if (!name.equals("enterprises")) break;
                first = false;
            } else {
                if (cur.bad.contains(name)) return null;
                Loc col = cur.columns.get(name);
                if (col != null) loc = col;
                value = cur.fields.get(name);
            }
            for (int i : indexes) {
                value = value instanceof List<?> l && i < l.size() ? l.get(i) : null;
            }
            if (!(value instanceof Node n)) break;
            if (!indexes.isEmpty() || loc == null || cur == null || cur.columns.get(name) == null) loc = n.loc;
            cur = n;
        }
        if (loc == null) return new Finding(new Loc(FILE, null, e.line(), e.field(), -1, 0), e.message());
        return new Finding(loc, e.message());
    }

    // ---- YAML text

    private static String emit(List<String> allowlist, List<Node> enterprises, String source) {
        StringBuilder b = new StringBuilder();
        b.append("# Registry imported from ")
                .append(source)
                .append(" (./dcmon registry import). Edit the spreadsheet and import it again;\n")
                .append("# ./dcmon registry export writes this registry back into the spreadsheet.\n\n");
        if (!allowlist.isEmpty()) {
            b.append("credit_code_allowlist:\n");
            for (String c : allowlist) b.append("  - ").append(quote(c)).append('\n');
            b.append('\n');
        }
        b.append("enterprises:");
        if (enterprises.isEmpty()) b.append(" []");
        b.append('\n');
        for (Node e : enterprises) {
            String lead = "  - ";
            for (Map.Entry<String, Object> f : e.fields.entrySet()) {
                Object v = f.getValue();
                b.append(lead).append(f.getKey()).append(':');
                lead = "    ";
                if (v instanceof List<?> list && f.getKey().equals("gateways")) {
                    b.append(' ').append(flow(list)).append('\n');
                } else if (v instanceof List<?> list) {
                    if (list.isEmpty()) {
                        b.append(" []\n");
                        continue;
                    }
                    b.append('\n');
                    for (Object item : list)
                        b.append("      - ").append(flow(item)).append('\n');
                } else {
                    b.append(' ').append(flow(v)).append('\n');
                }
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String flow(Object v) {
        if (v instanceof Node n) {
            StringBuilder b = new StringBuilder("{ ");
            boolean first = true;
            for (Map.Entry<String, Object> f : n.fields.entrySet()) {
                if (!first) b.append(", ");
                first = false;
                b.append(plainKey(f.getKey()) ? f.getKey() : quote(f.getKey()))
                        .append(": ")
                        .append(flow(f.getValue()));
            }
            return b.append(first ? "}" : " }").toString();
        }
        if (v instanceof List<?> list) {
            StringBuilder b = new StringBuilder("[ ");
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) b.append(", ");
                b.append(flow(list.get(i)));
            }
            return b.append(list.isEmpty() ? "]" : " ]").toString();
        }
        if (v instanceof BigDecimal d) return d.stripTrailingZeros().toPlainString();
        if (v instanceof Long || v instanceof Boolean) return v.toString();
        String text = String.valueOf(v);
        return plainText(text) ? text : quote(text);
    }

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    private static final Set<String> RESERVED = Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null");

    /** Ids and keys that YAML reads back as the same text unquoted (no numbers, booleans or nulls). */
    private static boolean plainText(String s) {
        return PLAIN.matcher(s).matches() && !RESERVED.contains(s.toLowerCase(java.util.Locale.ROOT));
    }

    private static boolean plainKey(String key) {
        return key.matches("[a-z_0-9]+") && !key.matches("[0-9_]+");
    }

    /** A YAML double-quoted scalar (JSON escapes are valid YAML). */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
