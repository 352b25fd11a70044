package dcmon.cli;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "registry", description = "Registry tools.", subcommands = RegistryCommand.Check.class)
final class RegistryCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("usage: dcmon registry check [DIR]");
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
            try {
                ReferenceData ref = ReferenceLoader.load(reference);
                RegistryLoad loaded = RegistryLoader.check(registry, ref);
                Registry reg = loaded.registry();
                RegionTargets regions = TargetsLoader.load(targets, ref, reg);
                if (Files.isRegularFile(alerts)) AlertConfigLoader.load(alerts);
                for (ConfigError w : loaded.warnings()) System.out.println("warning: " + w);
                Map<Tier, Integer> tiers = new EnumMap<>(Tier.class);
                Map<String, Integer> cities = new TreeMap<>();
                int gateways = 0, points = 0;
                for (Enterprise e : reg.enterprises()) {
                    tiers.merge(e.tier(), 1, Integer::sum);
                    cities.merge(e.city(), 1, Integer::sum);
                    gateways += e.gateways().size();
                    points += e.points().size();
                }
                System.out.printf(
                        "OK %s: %d enterprises, %d gateways, %d points, %d cities%n",
                        registry, reg.size(), gateways, points, cities.size());
                tiers.forEach((t, n) -> System.out.printf("  %s %s: %d%n", t.labelZh(), t.code(), n));
                if (Files.isDirectory(targets)) {
                    System.out.printf(
                            "OK %s: %d regions with targets%n",
                            targets, regions.targets().size());
                }
                if (Files.isRegularFile(alerts)) System.out.printf("OK %s%n", alerts);
                if (!loaded.warnings().isEmpty())
                    System.out.printf("%d warning(s)%n", loaded.warnings().size());
                return 0;
            } catch (ConfigException e) {
                for (ConfigError err : e.errors()) System.err.println(err);
                System.err.printf("%d error(s)%n", e.errors().size());
                return 1;
            }
        }
    }
}
