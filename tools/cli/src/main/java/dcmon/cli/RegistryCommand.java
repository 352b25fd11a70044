package dcmon.cli;

import dcmon.cli.sheet.RegistryExport;
import dcmon.cli.sheet.RegistryImport;
import dcmon.cli.sheet.RegistryTemplate;
import dcmon.cli.sheet.RegistryWorkbook;
import dcmon.core.alert.AlertConfigLoader;
import dcmon.core.config.ConfigError;
import dcmon.core.config.ConfigException;
import dcmon.core.reference.ReferenceData;
import dcmon.core.reference.ReferenceLoader;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Registry;
import dcmon.core.registry.RegistryLoad;
import dcmon.core.registry.RegistryLoader;
import dcmon.core.registry.Tier;
import dcmon.core.targets.RegionTargets;
import dcmon.core.targets.TargetsLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "registry",
        description = "Registry tools.",
        subcommands = {
            RegistryCommand.Check.class,
            RegistryCommand.Import.class,
            RegistryCommand.Export.class,
            RegistryCommand.Template.class
        })
final class RegistryCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("usage: dcmon registry check [DIR] | import UNITS.xlsx|UNITS.csv --out DIR"
                + " | export [DIR] --out FILE.xlsx | template [--out FILE.xlsx]");
    }

    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = "Validates a registry directory, the region targets and the alert rules; prints every"
                    + " error and warning with file, line and field. Warnings do not fail the check.")
    static final class Check implements Callable<Integer> {
        @Parameters(
                index = "0",
                arity = "0..1",
                defaultValue = "config/samples/hubei",
                description = "registry directory (default: ${DEFAULT-VALUE})")
        Path registry;

        @Option(
                names = "--reference",
                defaultValue = "config/reference",
                description = "reference tables (default: ${DEFAULT-VALUE})")
        Path reference;

        @Option(
                names = "--targets",
                defaultValue = "config/targets",
                description = "region targets and per-year settings; skipped when absent (default: ${DEFAULT-VALUE})")
        Path targets;

        @Option(
                names = "--alerts",
                defaultValue = "config/alerts.yaml",
                description = "alert rules; skipped when absent (default: ${DEFAULT-VALUE})")
        Path alerts;

        @Override
        public Integer call() {
            return run(registry, reference, targets, alerts, System.out, System.err);
        }

        /** The check, printing to the given streams; 0 when it passes. */
        static int run(Path registry, Path reference, Path targets, Path alerts, PrintStream out, PrintStream err) {
            try {
                ReferenceData ref = ReferenceLoader.load(reference);
                RegistryLoad loaded = RegistryLoader.check(registry, ref);
                Registry reg = loaded.registry();
                RegionTargets regions = TargetsLoader.load(targets, ref, reg);
                if (Files.isRegularFile(alerts)) AlertConfigLoader.load(alerts);
                for (ConfigError w : loaded.warnings()) out.println("warning: " + w);
                Map<Tier, Integer> tiers = new EnumMap<>(Tier.class);
                Map<String, Integer> cities = new TreeMap<>();
                int gateways = 0, points = 0;
                for (Enterprise e : reg.enterprises()) {
                    tiers.merge(e.tier(), 1, Integer::sum);
                    cities.merge(e.city(), 1, Integer::sum);
                    gateways += e.gateways().size();
                    points += e.points().size();
                }
                out.printf(
                        "OK %s: %d enterprises, %d gateways, %d points, %d cities%n",
                        registry, reg.size(), gateways, points, cities.size());
                tiers.forEach((t, n) -> out.printf("  %s %s: %d%n", t.labelZh(), t.code(), n));
                if (Files.isDirectory(targets)) {
                    out.printf(
                            "OK %s: %d regions with targets%n",
                            targets, regions.targets().size());
                }
                if (Files.isRegularFile(alerts)) out.printf("OK %s%n", alerts);
                if (!loaded.warnings().isEmpty())
                    out.printf("%d warning(s)%n", loaded.warnings().size());
                return 0;
            } catch (ConfigException e) {
                for (ConfigError error : e.errors()) err.println(error);
                err.printf("%d error(s)%n", e.errors().size());
                return 1;
            }
        }
    }

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description = "Turns the registry spreadsheet (UNITS.xlsx, or UNITS.csv with the other tables as CSV"
                    + " files) into registry YAML under --out. Every row is checked; each error names sheet, row"
                    + " and column, and with any error nothing is written. The output is then checked like"
                    + " `registry check`.")
    static final class Import implements Callable<Integer> {
        @Parameters(index = "0", description = "the workbook (.xlsx) or the units table (.csv)")
        Path units;

        @Option(names = "--out", required = true, description = "registry directory to write")
        Path out;

        @Option(names = "--force", description = "replace --out when it exists and is not empty")
        boolean force;

        @Option(names = "--points", description = "CSV: the points table (计量点)")
        Path points;

        @Option(names = "--products", description = "CSV: the products table (产品)")
        Path products;

        @Option(names = "--targets", description = "CSV: the yearly targets table (年度目标)")
        Path targets;

        @Option(names = "--product-targets", description = "CSV: the product targets table (产品目标)")
        Path productTargets;

        @Option(names = "--reported-months", description = "CSV: the reported months table (上报月度)")
        Path reportedMonths;

        @Option(
                names = "--reference",
                defaultValue = "config/reference",
                description = "reference tables (default: ${DEFAULT-VALUE})")
        Path reference;

        @Option(
                names = "--region-targets",
                defaultValue = "config/targets",
                description = "region targets checked with the output; skipped when absent (default: ${DEFAULT-VALUE})")
        Path regionTargets;

        @Option(
                names = "--alerts",
                defaultValue = "config/alerts.yaml",
                description = "alert rules; skipped when absent (default: ${DEFAULT-VALUE})")
        Path alerts;

        @Override
        public Integer call() throws IOException {
            ReferenceData ref;
            try {
                ref = ReferenceLoader.load(reference);
            } catch (ConfigException e) {
                for (ConfigError err : e.errors()) System.err.println(err);
                return 1;
            }
            String name = units.getFileName().toString().toLowerCase(Locale.ROOT);
            boolean csv = name.endsWith(".csv");
            Map<RegistryTemplate.Table, Path> csvFiles = new LinkedHashMap<>();
            csvFiles.put(RegistryTemplate.UNITS, units);
            csvFiles.put(RegistryTemplate.PRODUCTS, products);
            csvFiles.put(RegistryTemplate.TARGETS, targets);
            csvFiles.put(RegistryTemplate.PRODUCT_TARGETS, productTargets);
            csvFiles.put(RegistryTemplate.REPORTED_MONTHS, reportedMonths);
            csvFiles.put(RegistryTemplate.POINTS, points);
            csvFiles.values().removeIf(java.util.Objects::isNull);
            if (!csv && csvFiles.size() > 1) {
                System.err.println("--points, --products, --targets, --product-targets and --reported-months are for"
                        + " CSV files; a workbook holds every table as a sheet");
                return 2;
            }
            for (Path f : csvFiles.values()) {
                if (!Files.isRegularFile(f)) {
                    System.err.println(f + ": file not found");
                    return 1;
                }
            }
            Path target = out.toAbsolutePath().normalize();
            Path parent = Files.createDirectories(target.getParent());
            if (Files.exists(target) && !force && !isEmptyDirectory(target)) {
                System.err.println(out + " exists and is not empty; use --force to replace it");
                return 1;
            }
            RegistryImport.Result r;
            try {
                r = csv ? RegistryImport.csv(csvFiles, ref, parent) : RegistryImport.xlsx(units, ref, parent);
            } catch (IOException | RuntimeException e) {
                // POI reports a file that is no workbook with unchecked exceptions
                System.err.println(units + ": cannot be read as " + (csv ? "CSV (UTF-8)" : "an .xlsx workbook") + ": "
                        + e.getMessage());
                return 1;
            }
            for (String w : r.warnings()) System.out.println("warning: " + w);
            if (!r.ok()) {
                for (String e : r.errors()) System.err.println(e);
                System.err.printf("%d error(s); nothing written%n", r.errors().size());
                return 1;
            }
            Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".import-");
            try {
                Files.writeString(tmp.resolve(RegistryImport.FILE), r.yaml(), StandardCharsets.UTF_8);
                RegistryWorkbook.readable(tmp, "rwxr-xr-x");
                RegistryWorkbook.readable(tmp.resolve(RegistryImport.FILE), "rw-r--r--");
                ByteArrayOutputStream quiet = new ByteArrayOutputStream();
                ByteArrayOutputStream problems = new ByteArrayOutputStream();
                int code = Check.run(
                        tmp,
                        reference,
                        regionTargets,
                        alerts,
                        new PrintStream(quiet, true, StandardCharsets.UTF_8),
                        new PrintStream(problems, true, StandardCharsets.UTF_8));
                if (code != 0) {
                    System.err.print(problems.toString(StandardCharsets.UTF_8));
                    System.err.println("the imported registry fails the check; nothing written");
                    return 1;
                }
                replace(tmp, target);
            } finally {
                deleteTree(tmp);
            }
            System.out.printf(
                    "wrote %s: %d units, %d points from %s%n",
                    out.resolve(RegistryImport.FILE), r.units(), r.points(), units.getFileName());
            return Check.run(out, reference, regionTargets, alerts, System.out, System.err);
        }

        private static boolean isEmptyDirectory(Path dir) throws IOException {
            if (!Files.isDirectory(dir)) return false;
            try (Stream<Path> s = Files.list(dir)) {
                return s.findAny().isEmpty();
            }
        }

        /** Moves the finished directory into place; an old one is moved aside first and then deleted. */
        private static void replace(Path tmp, Path target) throws IOException {
            Path old = null;
            if (Files.exists(target)) {
                old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (old != null) Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
                throw e;
            }
            if (old != null) deleteTree(old);
        }

        private static void deleteTree(Path dir) throws IOException {
            if (!Files.exists(dir)) return;
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = "Writes a registry directory into the spreadsheet template, for editing in Excel and"
                    + " `registry import` again.")
    static final class Export implements Callable<Integer> {
        @Parameters(
                index = "0",
                arity = "0..1",
                defaultValue = "config/samples/hubei",
                description = "registry directory (default: ${DEFAULT-VALUE})")
        Path registry;

        @Option(names = "--out", required = true, description = "the workbook to write (.xlsx)")
        Path out;

        @Option(
                names = "--reference",
                defaultValue = "config/reference",
                description = "reference tables (default: ${DEFAULT-VALUE})")
        Path reference;

        @Override
        public Integer call() throws IOException {
            try {
                RegistryLoader.check(registry, ReferenceLoader.load(reference));
            } catch (ConfigException e) {
                for (ConfigError err : e.errors()) System.err.println(err);
                System.err.printf(
                        "%d error(s); fix the registry before exporting it%n",
                        e.errors().size());
                return 1;
            }
            RegistryExport.Summary s = RegistryExport.export(registry, out);
            for (String n : s.notes()) System.out.println("note: " + n);
            System.out.printf("wrote %s: %d units, %d points from %s%n", out, s.units(), s.points(), registry);
            return 0;
        }
    }

    @Command(
            name = "template",
            mixinStandardHelpOptions = true,
            description = "Writes the blank registry spreadsheet: every sheet with its headings, drop-down lists"
                    + " and the instructions sheet (说明).")
    static final class Template implements Callable<Integer> {
        @Option(
                names = "--out",
                defaultValue = "config/templates/registry-template.xlsx",
                description = "the workbook to write (default: ${DEFAULT-VALUE})")
        Path out;

        @Override
        public Integer call() throws IOException {
            RegistryExport.template(out);
            System.out.println("wrote " + out);
            return 0;
        }
    }
}
