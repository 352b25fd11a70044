package dcmon.simulator;

import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.convert.EnergyConversion;
import dcmon.core.convert.FootprintBuffer;
import dcmon.core.reference.ReferenceData;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Point;
import dcmon.core.registry.Registry;
import dcmon.core.registry.Role;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The months of this year before a simulation starts, as the units would have reported them: each unit's baseline
 * rate (which the load model's rates, the ones the simulator publishes at, add up to) times the month's hours, with
 * the policy share and CO₂ of its own mix of energies, and its product output at the model's rates. With these as {@code reported_months}, a simulation that starts today still gives every
 * unit a whole year to date, so its progress against its cap is what the targets were set for.
 */
public final class ReportedHistory {
    private ReportedHistory() {}

    /** The months for the units a simulation's scenarios make run ahead or miss their intensity target. */
    public static Map<String, List<Month>> months(
            Registry registry, ReferenceData reference, long seed, long from, Scenarios scenarios) {
        Map<String, Double> load = new java.util.HashMap<>();
        Map<String, Double> output = new java.util.HashMap<>();
        for (Scenarios.Ahead a : scenarios.ahead()) load.put(a.code(), a.factor());
        Scenarios.IntensityMiss miss = scenarios.intensityMiss();
        if (miss != null) output.put(miss.code(), miss.outputShare());
        return months(registry, reference, seed, from, load, output);
    }

    /** One unit's figures for one month. */
    public record Month(YearMonth month, double tce, double tcePolicy, Double tco2, Map<String, Double> output) {}

    /**
     * The months of {@code from}'s year before {@code from}'s month, for every unit, its load scaled by its factor
     * and its output by its output factor (1 when not given); whole tce and tonnes, output rounded to whole units.
     */
    public static Map<String, List<Month>> months(
            Registry registry,
            ReferenceData reference,
            long seed,
            long from,
            Map<String, Double> loadFactors,
            Map<String, Double> outputFactors) {
        EnergyConversion conversion = new EnergyConversion(reference);
        LoadModel model = new LoadModel(seed, conversion);
        LocalDate start = ShanghaiCalendar.date(from);
        Map<String, List<Month>> out = new LinkedHashMap<>();
        for (Enterprise e : registry.enterprises()) {
            double factor = loadFactors.getOrDefault(e.code(), 1.0);
            double outputFactor = outputFactors.getOrDefault(e.code(), 1.0);
            FootprintBuffer hour = new FootprintBuffer();
            Map<String, Double> outputPerHour = new LinkedHashMap<>();
            for (Point p : e.points()) {
                double rate = model.typicalRatePerHour(e, p) * factor;
                if (p.role() == Role.PRODUCT || p.role() == Role.WORKLOAD) {
                    outputPerHour.merge(p.product(), rate * outputFactor, Double::sum);
                } else if (p.role().isEnergy()) {
                    conversion.convert(p, rate, start.getYear(), hour);
                }
            }
            // the total follows the baseline, as the load model's rates do (outputs deducted); the policy share and
            // the CO₂ per tce come from the unit's own mix of energies, where that mix has a positive total
            double tcePerHour = (e.baseline() != null ? e.baseline().consumptionTce() : LoadModel.DEFAULT_ANNUAL_TCE)
                    * factor
                    / 8760.0;
            boolean mix = hour.tce > 0;
            double policyShare = mix && hour.tcePolicy >= 0 ? Math.min(1, hour.tcePolicy / hour.tce) : 1;
            Double co2PerTce = mix && hour.tco2 > 0 ? hour.tco2 / hour.tce : null;
            List<Month> months = new ArrayList<>();
            for (int m = 1; m < start.getMonthValue(); m++) {
                YearMonth month = YearMonth.of(start.getYear(), m);
                double hours = month.lengthOfMonth() * 24.0;
                Map<String, Double> output = new LinkedHashMap<>();
                outputPerHour.forEach((product, rate) -> output.put(product, (double) Math.round(rate * hours)));
                double tce = Math.round(tcePerHour * hours);
                months.add(new Month(
                        month,
                        tce,
                        Math.round(tce * policyShare),
                        co2PerTce == null ? null : (double) Math.round(tce * co2PerTce),
                        output));
            }
            out.put(e.code(), months);
        }
        return out;
    }

    /**
     * Copies the registry directory {@code from} to {@code to}, adding to each unit the months it does not report
     * itself. Other files are copied as they are; the YAML is rewritten without its comments.
     */
    public static void writeRegistry(Path from, Path to, Map<String, List<Month>> months) throws IOException {
        Files.createDirectories(to);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(160);
        Yaml yaml = new Yaml(options);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.sorted().toList()) {
                if (!Files.isRegularFile(f)) continue;
                Path target = to.resolve(f.getFileName().toString());
                String name = f.getFileName().toString();
                if (!(name.endsWith(".yaml") || name.endsWith(".yml"))) {
                    Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    continue;
                }
                Object doc;
                try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                    doc = yaml.load(r);
                }
                if (doc instanceof Map<?, ?> top && top.get("enterprises") instanceof List<?> units) {
                    for (Object u : units) if (u instanceof Map<?, ?> unit) addMonths(cast(unit), months);
                }
                try (Writer w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
                    w.write("# Generated from " + name
                            + " with the months before the simulation reported; do not edit.\n");
                    yaml.dump(doc, w);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    @SuppressWarnings("unchecked")
    private static void addMonths(Map<String, Object> unit, Map<String, List<Month>> months) {
        List<Month> mine = months.get(String.valueOf(unit.get("code")));
        if (mine == null || mine.isEmpty()) return;
        Object existing = unit.get("reported_months");
        List<Object> reported = existing instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
        List<String> already = new ArrayList<>();
        for (Object r : reported) if (r instanceof Map<?, ?> m) already.add(String.valueOf(m.get("month")));
        for (Month m : mine) {
            if (already.contains(m.month().toString())) continue;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("month", m.month().toString());
            // whole numbers, written as plain integers
            r.put("tce", Math.round(m.tce()));
            r.put("tce_policy", Math.round(m.tcePolicy()));
            if (m.tco2() != null) r.put("tco2", Math.round(m.tco2()));
            if (!m.output().isEmpty()) {
                Map<String, Long> output = new LinkedHashMap<>();
                m.output().forEach((k, v) -> output.put(k, Math.round(v)));
                r.put("output", output);
            }
            reported.add(r);
        }
        unit.put("reported_months", reported);
    }
}
