package dcmon.core.registry;

import dcmon.core.config.ConfigError;
import dcmon.core.config.ConfigException;
import dcmon.core.config.YamlFile;
import dcmon.core.config.YamlMapping;
import dcmon.core.reference.EnergyType;
import dcmon.core.reference.ReferenceData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads and validates the registry: every {@code *.yaml} / {@code *.yml} file under a directory (recursively,
 * in sorted order), each with a top-level {@code enterprises:} list and optionally a
 * {@code credit_code_allowlist:} of codes accepted although their check character fails. Field names are
 * those of docs/design.md, *Registry*. Enterprises keep file order.
 *
 * <p>Validation is complete rather than fail-fast: {@link #load} throws one {@link ConfigException} carrying
 * every error, each with the file (as given), the 1-based line and a dotted field path such as
 * {@code enterprises[3].points[0].rollover}.
 */
public final class RegistryLoader {
    /** Gateway, point and product ids appear in MQTT topics and InfluxDB tags: no wildcards, slashes or spaces. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    /** GB/T 4754 section letter, optionally with its 2-digit division (C31). */
    public static final Pattern INDUSTRY = Pattern.compile("[A-T]([0-9]{2})?");
    /** Interval periods: 1 or 5 minutes, or a multiple of the 15-minute standard that divides a day. */
    public static final Set<Integer> PERIODS = Set.copyOf(IntStream.rangeClosed(1, 1440)
            .filter(m -> 1440 % m == 0 && (m % 15 == 0 || m == 1 || m == 5))
            .boxed()
            .toList());

    private static final int MIN_YEAR = 1990;
    private static final int MAX_YEAR = 2100;

    private static final List<String> TOP = List.of("enterprises", "credit_code_allowlist");
    private static final List<String> ENTERPRISE = List.of(
            "code",
            "name",
            "city",
            "tier",
            "industry",
            "baseline",
            "products",
            "targets",
            "five_year",
            "reported_months",
            "gateways",
            "points");
    private static final List<String> BASELINE = List.of("year", "consumption_tce");
    private static final List<String> PRODUCT =
            List.of("id", "unit", "kind", "baseline_kgce_per_unit", "baseline_kgco2_per_unit");
    private static final List<String> TARGET =
            List.of("year", "total_cap_tce", "co2_cap_t", "intensity", "co2_intensity", "verified", "note");
    private static final List<String> INTENSITY = List.of("product", "kgce_per_unit");
    private static final List<String> CO2_INTENSITY = List.of("product", "kgco2_per_unit");
    private static final List<String> GATEWAY = List.of("id");
    private static final List<String> POINT = List.of(
            "id",
            "gateway",
            "energy",
            "grade",
            "unit",
            "kind",
            "rollover",
            "role",
            "product",
            "max_rate_per_hour",
            "period",
            "renewable",
            "kgce_per_unit");
    private static final List<String> ENERGY_ONLY = List.of("energy", "grade", "renewable", "kgce_per_unit");

    private final ReferenceData ref;
    private final List<ConfigError> errors = new ArrayList<>();
    private final List<ConfigError> warnings = new ArrayList<>();
    /** The current enterprise's product targets: location, with the product id as message. */
    private final List<ConfigError> productTargets = new ArrayList<>();

    private final Set<String> allowlist = new HashSet<>();
    /** credit code → "file:line" of its first declaration */
    private final Map<String, String> codes = new HashMap<>();

    private RegistryLoader(ReferenceData ref) {
        this.ref = ref;
    }

    /**
     * @param registryDir directory of registry files; error messages name files under it as given
     * @param ref         reference tables: energy keys, units and grades, divisions
     * @throws ConfigException with every error found
     */
    public static Registry load(Path registryDir, ReferenceData ref) throws ConfigException {
        return check(registryDir, ref).registry();
    }

    /**
     * Loads like {@link #load} and also returns the warnings: findings that do not stop the registry from
     * loading, such as a product target whose output no point counts (it may be reported by hand).
     */
    public static RegistryLoad check(Path registryDir, ReferenceData ref) throws ConfigException {
        RegistryLoader loader = new RegistryLoader(ref);
        Registry registry = loader.run(registryDir);
        return new RegistryLoad(registry, loader.warnings);
    }

    private Registry run(Path dir) throws ConfigException {
        List<YamlMapping> files = new ArrayList<>();
        List<Path> paths = registryFiles(dir);
        for (Path path : paths) {
            YamlFile f = YamlFile.read(path, path.toString(), errors);
            if (f.root() == null) continue;
            YamlMapping top = f.mapping(f.root(), "", "a registry file", TOP);
            if (top == null) continue;
            if (!top.has("enterprises") && !top.has("credit_code_allowlist")) {
                top.error(
                        "enterprises",
                        "a registry file needs a top-level enterprises: list" + " (or a credit_code_allowlist:)");
            }
            readAllowlist(top);
            files.add(top);
        }
        // the allow-list applies across files, so it is complete before any code is checked
        List<Enterprise> enterprises = new ArrayList<>();
        for (YamlMapping top : files) {
            List<Node> items = top.list("enterprises", false);
            if (items == null) continue;
            for (int i = 0; i < items.size(); i++) {
                Enterprise e = enterprise(top.file(), items.get(i), "enterprises[" + i + "]");
                if (e != null) enterprises.add(e);
            }
        }
        if (!errors.isEmpty()) {
            // group by file in reading order; within a file, errors stay in the order they were found
            Map<String, Integer> fileOrder = new HashMap<>();
            for (Path path : paths) fileOrder.putIfAbsent(path.toString(), fileOrder.size());
            List<ConfigError> sorted = new ArrayList<>(errors);
            sorted.sort(Comparator.comparing(e -> fileOrder.getOrDefault(e.file(), -1)));
            throw new ConfigException(sorted);
        }
        return new Registry(enterprises);
    }

    private List<Path> registryFiles(Path dir) throws ConfigException {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(List.of(new ConfigError(dir.toString(), 0, "", "registry directory not found")));
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> isRegistryFile(dir.relativize(p)))
                    .sorted(Comparator.comparing(
                            p -> dir.relativize(p).toString().replace('\\', '/')))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new ConfigException(List.of(new ConfigError(dir.toString(), 0, "", "cannot list directory: " + e)));
        }
        if (files.isEmpty()) {
            throw new ConfigException(List.of(
                    new ConfigError(dir.toString(), 0, "", "no registry files (*.yaml, *.yml) in this directory")));
        }
        return files;
    }

    /** YAML files, skipping hidden files and folders (editor backups, VCS metadata). */
    private static boolean isRegistryFile(Path relative) {
        for (Path part : relative) if (part.toString().startsWith(".")) return false;
        String name = relative.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private void readAllowlist(YamlMapping top) {
        List<Node> items = top.list("credit_code_allowlist", false);
        if (items == null) return;
        for (int i = 0; i < items.size(); i++) {
            String path = top.field("credit_code_allowlist") + "[" + i + "]";
            String code = top.file().text(items.get(i), path);
            if (code == null) continue;
            String problem = CreditCode.formatProblem(code);
            if (problem != null) {
                top.file()
                        .error(
                                items.get(i),
                                path,
                                "'" + code + "' cannot be allow-listed: " + problem
                                        + " (the allow-list only waives the check character)");
            } else {
                allowlist.add(code);
            }
        }
    }

    private Enterprise enterprise(YamlFile f, Node node, String path) {
        int errorsBefore = errors.size();
        YamlMapping m = f.mapping(node, path, "an enterprise", ENTERPRISE);
        if (m == null) return null;

        String code = creditCode(m);
        String name = m.text("name", true);
        String city = city(m);
        Tier tier = null;
        String tierText = m.text("tier", false);
        if (tierText != null) {
            tier = Tier.ofCode(tierText);
            if (tier == null)
                m.error("tier", "unknown tier '" + tierText + "'; allowed: hundred, thousand, ten-thousand");
        }
        String industry = m.text("industry", true);
        if (industry != null && !INDUSTRY.matcher(industry).matches()) {
            m.error(
                    "industry",
                    "'" + industry + "' is not a GB/T 4754 code; expected a section letter A–T,"
                            + " optionally followed by its 2-digit division, e.g. C31");
        }
        Baseline baseline = baseline(m);
        if (tier == null && tierText == null && baseline != null) tier = Tier.fromBaseline(baseline.consumptionTce());

        Map<String, String> productUnits = new LinkedHashMap<>();
        List<Product> products = products(m, productUnits);
        FiveYearTarget fiveYear = TargetFields.fiveYear(m, productUnits.keySet(), baseline);
        Set<String> co2Based = co2Based(products, fiveYear);
        List<YearTarget> targets = targets(m, productUnits.keySet(), co2Based, baseline);
        List<ReportedMonth> reported = TargetFields.reportedMonths(m, productUnits.keySet());
        Set<String> gatewayIds = new LinkedHashSet<>();
        List<Gateway> gateways = gateways(m, gatewayIds);
        List<Point> points = points(m, gatewayIds, productUnits);
        warnUncountedProducts(points);

        if (errors.size() != errorsBefore) return null;
        return new Enterprise(
                code,
                name,
                city,
                tier,
                industry,
                baseline,
                withKinds(products, points),
                targets,
                gateways,
                points,
                fiveYear,
                reported);
    }

    /** Products with a CO₂ base value, on the product or in the five-year block. */
    private static Set<String> co2Based(List<Product> products, FiveYearTarget fiveYear) {
        Set<String> ids = new HashSet<>();
        for (Product p : products) if (p.baselineKgco2PerUnit() != null) ids.add(p.id());
        if (fiveYear != null) {
            for (FiveYearTarget.FiveYearBase b : fiveYear.bases()) if (b.kgco2PerUnit() != null) ids.add(b.product());
        }
        return ids;
    }

    /** A product without a kind is a workload when a workload point counts it, else a product. */
    private static List<Product> withKinds(List<Product> products, List<Point> points) {
        List<Product> out = new ArrayList<>();
        for (Product p : products) {
            if (p.kind() != null) {
                out.add(p);
                continue;
            }
            boolean workload = points.stream().anyMatch(q -> q.role() == Role.WORKLOAD && p.id().equals(q.product()));
            out.add(new Product(
                    p.id(),
                    p.unit(),
                    p.baselineKgcePerUnit(),
                    workload ? ProductKind.WORKLOAD : ProductKind.PRODUCT,
                    p.baselineKgco2PerUnit()));
        }
        return out;
    }

    /** A target for a product no point counts is allowed (output reported by hand), but worth a warning. */
    private void warnUncountedProducts(List<Point> points) {
        Set<String> counted = new HashSet<>();
        for (Point p : points) if (p.product() != null) counted.add(p.product());
        for (ConfigError ref : productTargets) {
            String product = ref.message();
            if (counted.contains(product)) continue;
            warnings.add(new ConfigError(
                    ref.file(),
                    ref.line(),
                    ref.field(),
                    "no product or workload point counts '"
                            + product
                            + "': its output must be reported by hand (reported_months) for its unit consumption"
                            + " to be computed"));
        }
        productTargets.clear();
    }

    private String creditCode(YamlMapping m) {
        String code = m.text("code", true);
        if (code == null) return null;
        String formatProblem = CreditCode.formatProblem(code);
        if (formatProblem != null) {
            m.error("code", "'" + code + "' is not a unified social credit code (GB 32100): " + formatProblem);
            return null;
        }
        String checkProblem = CreditCode.problem(code);
        if (checkProblem != null && !allowlist.contains(code)) {
            m.error(
                    "code",
                    "'" + code + "' fails the GB 32100 check: " + checkProblem
                            + "; correct it, or list it under credit_code_allowlist if it is registered so");
        }
        String here = m.file().file() + ":" + m.lineOf("code");
        String first = codes.putIfAbsent(code, here);
        if (first != null) m.error("code", "duplicate credit code '" + code + "', first declared at " + first);
        return code;
    }

    private String city(YamlMapping m) {
        String city = m.text("city", true);
        if (city == null) return null;
        if (city.equals(ref.province())) {
            m.error(
                    "city",
                    "'" + city + "' is the province itself; give the city or prefecture (allowed: " + divisionList()
                            + ")");
        } else if (!ref.isDivision(city)) {
            m.error("city", "unknown division '" + city + "'; allowed: " + divisionList());
        }
        return city;
    }

    private String divisionList() {
        return new TreeMap<>(ref.divisions())
                .entrySet().stream()
                        .filter(e -> !e.getKey().equals(ref.province()))
                        .map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", "));
    }

    private Baseline baseline(YamlMapping m) {
        YamlMapping b = m.mapping("baseline", true, "the baseline", BASELINE);
        if (b == null) return null;
        Integer year = b.integer("year", true, MIN_YEAR, MAX_YEAR);
        Double tce = b.nonNegative("consumption_tce", true);
        return year == null || tce == null ? null : new Baseline(year, tce);
    }

    /**
     * Fills {@code units} with every declared product id (unit null when invalid) so references resolve. A
     * product without {@code kind} gets it from its points later ({@link #withKinds}).
     */
    private List<Product> products(YamlMapping m, Map<String, String> units) {
        List<Node> items = m.list("products", false);
        List<Product> products = new ArrayList<>();
        if (items == null) return products;
        Map<String, Integer> lines = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            YamlMapping p = m.file().mapping(items.get(i), m.field("products") + "[" + i + "]", "a product", PRODUCT);
            if (p == null) continue;
            String id = id(p, "id", "product", lines);
            String unit = p.text("unit", true);
            ProductKind kind = null;
            String kindText = p.text("kind", false);
            if (kindText != null) {
                kind = ProductKind.ofCode(kindText);
                if (kind == null) p.error("kind", "unknown kind '" + kindText + "'; allowed: product, workload");
            }
            Double kgce = p.positive("baseline_kgce_per_unit", true);
            Double kgco2 = p.positive("baseline_kgco2_per_unit", false);
            if (id != null) units.put(id, unit);
            if (id != null && unit != null && kgce != null && (kindText == null || kind != null)) {
                products.add(new Product(id, unit, kgce, kind, kgco2));
            }
        }
        return products;
    }

    private List<YearTarget> targets(YamlMapping m, Set<String> productIds, Set<String> co2Based, Baseline baseline) {
        List<Node> items = m.list("targets", false);
        List<YearTarget> targets = new ArrayList<>();
        if (items == null) return targets;
        Map<Integer, Integer> yearLines = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            YamlMapping t = m.file().mapping(items.get(i), m.field("targets") + "[" + i + "]", "a target", TARGET);
            if (t == null) continue;
            int errorsBefore = errors.size();
            Integer year = t.integer("year", true, MIN_YEAR, MAX_YEAR);
            if (year != null) {
                Integer first = yearLines.putIfAbsent(year, t.lineOf("year"));
                if (first != null) t.error("year", "duplicate target year " + year + " (first on line " + first + ")");
                else if (baseline != null && year < baseline.year()) {
                    t.error("year", "target year " + year + " is before the baseline year " + baseline.year());
                }
            }
            Level cap = TargetFields.level(t, "total_cap_tce", true);
            Level co2Cap = TargetFields.level(t, "co2_cap_t", false);
            t.bool("verified", false);
            t.text("note", false);
            List<IntensityTarget> intensity = intensity(t, productIds);
            List<Co2IntensityTarget> co2 = co2Intensity(t, productIds, co2Based);
            if (errors.size() == errorsBefore) targets.add(new YearTarget(year, cap, co2Cap, intensity, co2));
        }
        return targets;
    }

    private List<IntensityTarget> intensity(YamlMapping t, Set<String> productIds) {
        List<IntensityTarget> out = new ArrayList<>();
        List<Node> items = t.list("intensity", false);
        if (items == null) return out;
        Map<String, Integer> lines = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            YamlMapping it = t.file()
                    .mapping(items.get(i), t.field("intensity") + "[" + i + "]", "an intensity target", INTENSITY);
            if (it == null) continue;
            String product = targetProduct(it, productIds, lines, "intensity target");
            Level kgce = TargetFields.level(it, "kgce_per_unit", true);
            if (product != null && kgce != null) out.add(new IntensityTarget(product, kgce.basic(), kgce.incentive()));
        }
        return out;
    }

    private List<Co2IntensityTarget> co2Intensity(YamlMapping t, Set<String> productIds, Set<String> co2Based) {
        List<Co2IntensityTarget> out = new ArrayList<>();
        List<Node> items = t.list("co2_intensity", false);
        if (items == null) return out;
        Map<String, Integer> lines = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            YamlMapping it = t.file()
                    .mapping(
                            items.get(i),
                            t.field("co2_intensity") + "[" + i + "]",
                            "a carbon intensity target",
                            CO2_INTENSITY);
            if (it == null) continue;
            String product = targetProduct(it, productIds, lines, "carbon intensity target");
            if (product != null && !co2Based.contains(product)) {
                it.error(
                        "product",
                        "no CO₂ baseline for '" + product + "': set baseline_kgco2_per_unit on the"
                                + " product or kgco2_per_unit in five_year.products");
                product = null;
            }
            Level kgco2 = TargetFields.level(it, "kgco2_per_unit", true);
            if (product != null && kgco2 != null) {
                out.add(new Co2IntensityTarget(product, kgco2.basic(), kgco2.incentive()));
            }
        }
        return out;
    }

    /** The declared, not yet targeted product of a target item; remembered for the uncounted-product warning. */
    private String targetProduct(YamlMapping it, Set<String> productIds, Map<String, Integer> lines, String what) {
        String product = it.text("product", true);
        if (product == null) return null;
        Integer first = lines.putIfAbsent(product, it.lineOf("product"));
        if (!productIds.contains(product)) {
            it.error("product", notDeclared(product, productIds));
            return null;
        }
        if (first != null) {
            it.error("product", "duplicate " + what + " for '" + product + "' (first on line " + first + ")");
            return null;
        }
        productTargets.add(new ConfigError(it.file().file(), it.lineOf("product"), it.field("product"), product));
        return product;
    }

    private List<Gateway> gateways(YamlMapping m, Set<String> ids) {
        List<Node> items = m.list("gateways", true);
        List<Gateway> gateways = new ArrayList<>();
        if (items == null) return gateways;
        if (items.isEmpty()) m.error("gateways", "an enterprise needs at least one gateway");
        Map<String, Integer> lines = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            YamlMapping g = m.file().mapping(items.get(i), m.field("gateways") + "[" + i + "]", "a gateway", GATEWAY);
            if (g == null) continue;
            String id = id(g, "id", "gateway", lines);
            if (id != null) {
                ids.add(id);
                gateways.add(new Gateway(id));
            }
        }
        return gateways;
    }

    private List<Point> points(YamlMapping m, Set<String> gatewayIds, Map<String, String> productUnits) {
        List<Node> items = m.list("points", true);
        List<Point> points = new ArrayList<>();
        if (items == null) return points;
        if (items.isEmpty()) m.error("points", "an enterprise needs at least one measurement point");
        Map<String, Integer> lines = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            YamlMapping p = m.file().mapping(items.get(i), m.field("points") + "[" + i + "]", "a point", POINT);
            if (p == null) continue;
            Point point = point(p, gatewayIds, productUnits, lines);
            if (point != null) points.add(point);
        }
        return points;
    }

    private Point point(
            YamlMapping p, Set<String> gatewayIds, Map<String, String> productUnits, Map<String, Integer> idLines) {
        int errorsBefore = errors.size();
        String id = id(p, "id", "point", idLines);
        String gateway = p.text("gateway", true);
        if (gateway != null && !gatewayIds.contains(gateway)) {
            p.error(
                    "gateway",
                    "gateway '" + gateway + "' is not declared in this enterprise's gateways (declared: "
                            + String.join(", ", gatewayIds) + ")");
        }
        Role role = null;
        String roleText = p.text("role", true);
        if (roleText != null) {
            role = Role.ofCode(roleText);
            if (role == null) {
                p.error(
                        "role",
                        "unknown role '" + roleText + "'; allowed: input, output, feedstock, product, workload");
            }
        }
        PointKind kind = PointKind.CUMULATIVE;
        String kindText = p.text("kind", false);
        if (kindText != null) {
            kind = PointKind.ofCode(kindText);
            if (kind == null) p.error("kind", "unknown kind '" + kindText + "'; allowed: cumulative, interval");
        }
        String energy = p.text("energy", false);
        String grade = p.text("grade", false);
        String unit = p.text("unit", true);
        String product = p.text("product", false);
        Double rollover = p.positive("rollover", false);
        Double maxRate = p.positive("max_rate_per_hour", true);
        Integer period = p.integer("period", false, 1, 1440);
        Boolean renewable = p.bool("renewable", false);
        Double kgce = p.positive("kgce_per_unit", false);

        if (role != null && role.isEnergy()) {
            checkEnergy(p, role, energy, grade, unit);
            if (p.has("product")) {
                p.error(
                        "product",
                        "product is only allowed on product and workload points; this point has role " + role.code());
            }
        } else if (role != null) {
            for (String key : ENERGY_ONLY) {
                if (p.has(key)) {
                    p.error(
                            key,
                            key + " is only allowed on input, output and feedstock points; this point has role "
                                    + role.code());
                }
            }
            checkProduct(p, role, product, unit, productUnits);
        }
        if (p.has("renewable")
                && role != null
                && role.isEnergy()
                && !(role == Role.INPUT && ReferenceData.ELECTRICITY.equals(energy))) {
            p.error(
                    "renewable",
                    "renewable is only allowed on electricity input points (green certificates);"
                            + " this point has role " + role.code() + " and energy " + energy);
        }
        if (kind == PointKind.INTERVAL && p.has("rollover")) {
            p.error(
                    "rollover",
                    "rollover is only allowed on cumulative points: an interval point reports amounts,"
                            + " which do not wrap");
        }
        if (kind == PointKind.CUMULATIVE && p.has("period")) {
            p.error(
                    "period",
                    "period is only allowed on interval points: a cumulative point reports register"
                            + " values, whose deltas cover the time between readings");
        }
        if (period != null && !PERIODS.contains(period)) {
            p.error(
                    "period",
                    "period must be 1, 5 or a multiple of 15 minutes that divides a day ("
                            + new TreeSet<>(PERIODS)
                                    .stream()
                                            .filter(x -> x >= 15)
                                            .map(String::valueOf)
                                            .collect(Collectors.joining(", "))
                            + "); found " + period);
        }

        if (errors.size() != errorsBefore || role == null || kind == null) return null;
        int periodMinutes = kind == PointKind.INTERVAL && period != null ? period : Point.DEFAULT_PERIOD_MINUTES;
        return new Point(
                id,
                gateway,
                role.isEnergy() ? energy : null,
                role.isEnergy() ? grade : null,
                unit,
                kind,
                rollover == null ? 0 : rollover,
                role,
                role.isEnergy() ? null : product,
                maxRate,
                periodMinutes,
                Boolean.TRUE.equals(renewable),
                kgce);
    }

    private void checkEnergy(YamlMapping p, Role role, String energy, String grade, String unit) {
        if (energy == null) {
            if (!p.has("energy")) {
                p.error(
                        "energy",
                        role.code() + " points need an energy key of the reference table; allowed: " + energyList());
            }
            return;
        }
        EnergyType row = ref.energy(energy);
        if (row == null) {
            p.error("energy", "unknown energy '" + energy + "'; allowed: " + energyList());
            return;
        }
        if (unit != null && !unit.equals(row.unit())) {
            p.error(
                    "unit",
                    "unit '" + unit + "' does not match energy '" + energy + "', which is measured in " + row.unit());
        }
        if (grade != null) {
            if (row.grades().isEmpty()) {
                p.error("grade", "energy '" + energy + "' has no grades; remove grade '" + grade + "'");
            } else if (!row.grades().containsKey(grade)) {
                p.error(
                        "grade",
                        "unknown grade '" + grade + "' of " + energy + "; allowed: "
                                + String.join(", ", new TreeSet<>(row.grades().keySet())));
            }
        }
    }

    private void checkProduct(YamlMapping p, Role role, String product, String unit, Map<String, String> units) {
        if (product == null) {
            if (!p.has("product")) {
                p.error(
                        "product",
                        role == Role.PRODUCT
                                ? "product points need product: the id of a product declared in products"
                                : "workload points need product: the workload name (e.g. freight-tkm), declared in products");
            }
            return;
        }
        if (!units.containsKey(product)) {
            p.error("product", notDeclared(product, units.keySet()));
            return;
        }
        String declared = units.get(product);
        if (unit != null && declared != null && !unit.equals(declared)) {
            p.error(
                    "unit",
                    "unit '" + unit + "' does not match product '" + product + "', which is counted in " + declared);
        }
    }

    static String notDeclared(String product, Set<String> declared) {
        return "product '" + product + "' is not declared in this enterprise's products (declared: "
                + (declared.isEmpty() ? "none" : String.join(", ", declared)) + ")";
    }

    private String energyList() {
        return String.join(", ", new TreeSet<>(ref.energies().keySet()));
    }

    /** A required id in the MQTT/InfluxDB-safe charset, unique among {@code lines}' ids. */
    private static String id(YamlMapping m, String key, String what, Map<String, Integer> lines) {
        String id = m.text(key, true);
        if (id == null) return null;
        if (!ID.matcher(id).matches()) {
            m.error(
                    key,
                    what + " id '" + id + "' may only use letters, digits, '_', '.' and '-' (1 to 64 characters;"
                            + " no spaces, '/', '+' or '#')");
            return null;
        }
        Integer first = lines.putIfAbsent(id, m.lineOf(key));
        if (first != null) {
            m.error(key, "duplicate " + what + " id '" + id + "' (first on line " + first + ")");
            return null;
        }
        return id;
    }
}
