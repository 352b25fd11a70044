package dcmon.cli;

import dcmon.core.config.ConfigError;
import dcmon.core.config.ConfigException;
import dcmon.core.reference.ReferenceData;
import dcmon.core.reference.ReferenceLoader;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Registry;
import dcmon.core.registry.RegistryLoader;
import dcmon.core.registry.Tier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "registry", description = "Registry tools.", subcommands = RegistryCommand.Check.class)
final class RegistryCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("usage: dcmon registry check [DIR]");
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validates a registry directory; prints every error with file, line and field.")
    static final class Check implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", defaultValue = "config/samples/hubei", description = "registry directory (default: ${DEFAULT-VALUE})")
        Path registry;

        @Option(names = "--reference", defaultValue = "config/reference", description = "reference tables (default: ${DEFAULT-VALUE})")
        Path reference;

        @Override
        public Integer call() {
            try {
                ReferenceData ref = ReferenceLoader.load(reference);
                Registry reg = RegistryLoader.load(registry, ref);
                Map<Tier, Integer> tiers = new EnumMap<>(Tier.class);
                Map<String, Integer> cities = new TreeMap<>();
                int gateways = 0, points = 0;
                for (Enterprise e : reg.enterprises()) {
                    tiers.merge(e.tier(), 1, Integer::sum);
                    cities.merge(e.city(), 1, Integer::sum);
                    gateways += e.gateways().size();
                    points += e.points().size();
                }
                System.out.printf("OK %s: %d enterprises, %d gateways, %d points, %d cities%n", registry, reg.size(), gateways, points, cities.size());
                tiers.forEach((t, n) -> System.out.printf("  %s %s: %d%n", t.labelZh(), t.code(), n));
                return 0;
            } catch (ConfigException e) {
                for (ConfigError err : e.errors()) System.err.println(err);
                System.err.printf("%d error(s) in %s%n", e.errors().size(), registry);
                return 1;
            }
        }
    }
}
