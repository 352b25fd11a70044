package dcmon.core.targets;

import dcmon.core.config.ConfigError;
import dcmon.core.config.ConfigException;
import dcmon.core.config.YamlFile;
import dcmon.core.config.YamlMapping;
import dcmon.core.reference.ReferenceData;
import dcmon.core.registry.Co2IntensityTarget;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.IntensityTarget;
import dcmon.core.registry.Level;
import dcmon.core.registry.Product;
import dcmon.core.registry.Registry;
import dcmon.core.registry.TargetFields;
import dcmon.core.registry.Tier;
import dcmon.core.registry.YearTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads {@code config/targets/}: every {@code *.yaml} file, in sorted order, with a top-level {@code regions:}
 * list (province, divisions and tiers with their year targets) and/or {@code years:} (per-year settings:
 * {@code cap_basis}). Validation is complete, with errors as {@code file:line: field: message}.
 */
public final class TargetsLoader {
    private static final List<String> TOP = List.of("regions", "years", "verified", "source", "note");
    private static final List<String> REGION =
            List.of("level", "code", "name", "targets", "verified", "source", "note");
    private static final List<String> TARGET =
            List.of("year", "total_cap_tce", "co2_cap_t", "intensity", "co2_intensity", "verified", "note");
    private static final List<String> INTENSITY = List.of("product", "kgce_per_unit");
    private static final List<String> CO2_INTENSITY = List.of("product", "kgco2_per_unit");
    private static final List<String> YEAR = List.of("cap_basis", "note");

    private final ReferenceData ref;
    private final Set<String> products = new TreeSet<>();
    private final List<ConfigError> errors = new ArrayList<>();
    private final Map<RegionKey, String> names = new LinkedHashMap<>();
    private final Map<RegionKey, List<YearTarget>> targets = new LinkedHashMap<>();
    private final Map<RegionKey, String> declaredAt = new HashMap<>();
    private final Map<Integer, CapBasis> basis = new LinkedHashMap<>();

    private TargetsLoader(ReferenceData ref, Registry registry) {
        this.ref = ref;
        for (Enterprise e : registry.enterprises()) for (Product p : e.products()) products.add(p.id());
    }

    /**
     * @param dir      the targets directory; a missing directory means no region targets and GB/T 2589 caps
     * @param registry the loaded registry: region intensity targets must name a product some unit declares
     */
    public static RegionTargets load(Path dir, ReferenceData ref, Registry registry) throws ConfigException {
        if (!Files.isDirectory(dir)) return RegionTargets.NONE;
        return new TargetsLoader(ref, registry).run(dir);
    }

    private RegionTargets run(Path dir) throws ConfigException {
        for (Path path : files(dir)) {
            YamlFile f = YamlFile.read(path, path.toString(), errors);
            if (f.root() == null) continue;
            YamlMapping top = f.mapping(f.root(), "", "a targets file", TOP);
            if (top == null) continue;
            top.bool("verified", false);
            top.text("source", false);
            top.text("note", false);
            regions(top);
            years(top);
        }
        if (!errors.isEmpty()) throw new ConfigException(errors);
        return new RegionTargets(names, targets, basis);
    }

    private static List<Path> files(Path dir) throws ConfigException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigError(dir.toString(), 0, "", "cannot list directory: " + e)));
        }
    }

    private void regions(YamlMapping top) {
        List<Node> items = top.list("regions", false);
        if (items == null) return;
        for (int i = 0; i < items.size(); i++) {
            YamlMapping r = top.file().mapping(items.get(i), "regions[" + i + "]", "a region", REGION);
            if (r == null) continue;
            RegionKey key = regionKey(r);
            String name = r.text("name", false);
            r.bool("verified", false);
            r.text("source", false);
            r.text("note", false);
            List<YearTarget> years = yearTargets(r);
            if (key == null) continue;
            String here = r.file().file() + ":" + r.lineOf("code");
            String first = declaredAt.putIfAbsent(key, here);
            if (first != null) {
                r.error("code", "duplicate region " + key + ", first declared at " + first);
                continue;
            }
            names.put(key, name != null ? name : defaultName(key));
            targets.put(key, years);
        }
    }

    private RegionKey regionKey(YamlMapping r) {
        String levelText = r.text("level", true);
        String code = r.text("code", true);
        SubjectLevel level = levelText == null ? null : SubjectLevel.ofCode(levelText);
        if (levelText != null && (level == null || !level.isRegion())) {
            r.error("level", "unknown region level '" + levelText + "'; allowed: province, city, tier");
            return null;
        }
        if (level == null || code == null) return null;
        boolean known = switch (level) {
            case PROVINCE -> code.equals(ref.province());
            case CITY -> ref.isDivision(code) && !code.equals(ref.province());
            default -> Tier.ofCode(code) != null;
        };
        if (!known) {
            r.error("code", "unknown " + level.code() + " code '" + code + "'; allowed: " + allowedCodes(level));
            return null;
        }
        return new RegionKey(level, code);
    }

    private String allowedCodes(SubjectLevel level) {
        return switch (level) {
            case PROVINCE -> ref.province();
            case CITY ->
                ref.divisions().keySet().stream()
                        .filter(c -> !c.equals(ref.province()))
                        .sorted()
                        .collect(Collectors.joining(", "));
            default -> Stream.of(Tier.values()).map(Tier::code).collect(Collectors.joining(", "));
        };
    }

    private String defaultName(RegionKey key) {
        if (key.level() == SubjectLevel.TIER) return Tier.ofCode(key.code()).labelZh();
        String name = ref.divisions().get(key.code());
        return name != null ? name : key.code();
    }

    private List<YearTarget> yearTargets(YamlMapping r) {
        List<YearTarget> out = new ArrayList<>();
        List<Node> items = r.list("targets", false);
        if (items == null) return out;
        Map<Integer, Integer> lines = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            YamlMapping t = r.file().mapping(items.get(i), r.field("targets") + "[" + i + "]", "a target", TARGET);
            if (t == null) continue;
            int before = errors.size();
            Integer year = t.integer("year", true, 1990, 2100);
            if (year != null && lines.putIfAbsent(year, t.lineOf("year")) != null) {
                t.error("year", "duplicate target year " + year + " (first on line " + lines.get(year) + ")");
            }
            Level cap = TargetFields.level(t, "total_cap_tce", false);
            Level co2 = TargetFields.level(t, "co2_cap_t", false);
            t.bool("verified", false);
            t.text("note", false);
            List<IntensityTarget> intensity = new ArrayList<>();
            List<Co2IntensityTarget> co2Intensity = new ArrayList<>();
            productTargets(
                    t,
                    "intensity",
                    INTENSITY,
                    "kgce_per_unit",
                    (p, l) -> intensity.add(new IntensityTarget(p, l.basic(), l.incentive())));
            productTargets(
                    t,
                    "co2_intensity",
                    CO2_INTENSITY,
                    "kgco2_per_unit",
                    (p, l) -> co2Intensity.add(new Co2IntensityTarget(p, l.basic(), l.incentive())));
            boolean empty = cap == null && co2 == null && intensity.isEmpty() && co2Intensity.isEmpty();
            if (empty && errors.size() == before) {
                t.error("year", "a region target needs total_cap_tce, co2_cap_t or an intensity target");
            }
            if (errors.size() == before) {
                // a region target without a total cap keeps the cap derived from its units: 0 marks "none"
                out.add(new YearTarget(year, cap == null ? Level.of(0) : cap, co2, intensity, co2Intensity));
            }
        }
        return out;
    }

    private void productTargets(
            YamlMapping t, String key, List<String> fields, String valueKey, BiConsumer<String, Level> sink) {
        List<Node> items = t.list(key, false);
        if (items == null) return;
        Set<String> seen = new TreeSet<>();
        for (int i = 0; i < items.size(); i++) {
            YamlMapping it = t.file().mapping(items.get(i), t.field(key) + "[" + i + "]", "a product target", fields);
            if (it == null) continue;
            String product = it.text("product", true);
            if (product != null && !products.contains(product)) {
                it.error("product", "unknown product '" + product + "': no unit in the registry declares it");
                product = null;
            } else if (product != null && !seen.add(product)) {
                it.error("product", "duplicate target for '" + product + "'");
                product = null;
            }
            Level level = TargetFields.level(it, valueKey, true);
            if (product != null && level != null) sink.accept(product, level);
        }
    }

    private void years(YamlMapping top) {
        YamlMapping years = top.mapping("years", false, "the per-year settings", null);
        if (years == null) return;
        for (String key : years.keys()) {
            Integer year = parseYear(key);
            if (year == null) {
                years.error(key, "'" + key + "' is not a year; write years as 4-digit numbers, e.g. 2026");
                continue;
            }
            YamlMapping y = years.mapping(key, true, "a year's settings", YEAR);
            if (y == null) continue;
            y.text("note", false);
            String text = y.text("cap_basis", true);
            if (text == null) continue;
            CapBasis b = CapBasis.ofCode(text);
            if (b == null) {
                y.error(
                        "cap_basis",
                        "unknown cap_basis '" + text + "'; allowed: gbt2589 (the GB/T 2589 total),"
                                + " policy (feedstock and green-certificate electricity deducted)");
            } else if (basis.putIfAbsent(year, b) != null) {
                y.error("cap_basis", "cap_basis for " + year + " is set in more than one file");
            }
        }
    }

    private static Integer parseYear(String key) {
        if (!key.matches("[0-9]{4}")) return null;
        int y = Integer.parseInt(key);
        return y >= 1990 && y <= 2100 ? y : null;
    }
}
