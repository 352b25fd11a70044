package dcmon.cli;

import dcmon.monitoring.MonitoringOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The monitoring job's arguments for a cluster: the job's {@code --name value} options as given, with the files the
 * TaskManagers read made absolute (their working directory need not be this one) and the parallelism of the
 * submission. Checked here with the job's own parser, so that a bad value is refused before anything is submitted.
 */
final class ClusterJobArguments {
    private ClusterJobArguments() {}

    /** Options naming files or directories, with the job's defaults (relative to the repository). */
    static final Map<String, Path> PATHS = defaults();

    private static Map<String, Path> defaults() {
        Map<String, Path> m = new LinkedHashMap<>();
        m.put("registry", MonitoringOptions.DEFAULT_REGISTRY_DIR);
        m.put("reference", MonitoringOptions.DEFAULT_REFERENCE_DIR);
        m.put("targets", MonitoringOptions.DEFAULT_TARGETS_DIR);
        m.put("alerts", MonitoringOptions.DEFAULT_ALERTS_FILE);
        return m;
    }

    /**
     * @throws IllegalArgumentException naming the option when a value is missing or does not parse
     */
    static List<String> of(List<String> jobOptions, int parallelism) {
        Map<String, String> options = parse(jobOptions);
        PATHS.forEach((name, fallback) -> options.put(
                name,
                Path.of(options.getOrDefault(name, fallback.toString()))
                        .toAbsolutePath()
                        .normalize()
                        .toString()));
        options.put("parallelism", Integer.toString(parallelism));
        check(options);
        return List.of(toArgs(options));
    }

    /**
     * Parses the options with the job's own parser. Its errors do not say which option was wrong, so each option is
     * then parsed alone to find the one that fails.
     */
    private static void check(Map<String, String> options) {
        try {
            MonitoringOptions.fromArgs(toArgs(options));
        } catch (RuntimeException all) {
            for (Map.Entry<String, String> o : options.entrySet()) {
                try {
                    MonitoringOptions.fromArgs(new String[] {"--" + o.getKey(), o.getValue()});
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("--" + o.getKey() + " " + o.getValue() + ": " + message(e), e);
                }
            }
            throw new IllegalArgumentException(message(all), all);
        }
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static String[] toArgs(Map<String, String> options) {
        List<String> args = new ArrayList<>();
        options.forEach((k, v) -> {
            args.add("--" + k);
            args.add(v);
        });
        return args.toArray(String[]::new);
    }

    /** {@code --name value} pairs in order; a later value of the same name wins. */
    private static Map<String, String> parse(List<String> jobOptions) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < jobOptions.size(); i++) {
            String name = jobOptions.get(i);
            if (!name.startsWith("--") || name.length() == 2)
                throw new IllegalArgumentException("expected an option --name, found " + name);
            if (i + 1 >= jobOptions.size() || jobOptions.get(i + 1).startsWith("--"))
                throw new IllegalArgumentException(name + " needs a value");
            out.put(name.substring(2), jobOptions.get(++i));
        }
        return out;
    }
}
