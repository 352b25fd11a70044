package dcmon.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The dcmon command line. The launcher script {@code ./dcmon} builds the project when needed and runs this. */
@Command(
        name = "dcmon",
        mixinStandardHelpOptions = true,
        version = "dcmon 0.1.0",
        description = "Energy and carbon dual-control monitoring of key energy-using units (重点用能单位能耗双控监测).",
        subcommands = {
            DemoCommand.class,
            BridgeCommand.class,
            JobCommand.class,
            ClusterCommand.class,
            SimulateCommand.class,
            RegistryCommand.class,
            ExportCommand.class,
            ExporterCommand.class,
            GatewayCommand.class,
            MqttAuthCommand.class,
            dcmon.bench.BenchCommand.class,
            ConsoleCommand.class,
            UsersCommand.class,
            ScreenshotsCommand.class,
            ChaosCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {"", "./dcmon test   runs every test and the format check (handled by the launcher script)."})
public final class Dcmon implements Runnable {
    /** Set to 1 to see the stack trace of a failure that a command did not explain itself. */
    static final String TRACE_ENV = "DCMON_TRACE";

    /** The command line as {@code ./dcmon} runs it. */
    static CommandLine commandLine() {
        return new CommandLine(new Dcmon())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Dcmon::explain);
    }

    /**
     * What a command throws becomes one clear message, not a stack trace: a configuration's errors as the loader
     * placed them (file, line, field; exit 1), a value an option's builder refused (exit 2, like picocli's own
     * usage errors), anything else with its cause (exit 1; {@code DCMON_TRACE=1} adds the trace).
     */
    static int explain(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        String name = cmd.getCommandSpec().qualifiedName();
        java.io.PrintWriter err = cmd.getErr();
        if (e instanceof dcmon.core.config.ConfigException c) {
            err.println(name + ": " + c.getMessage());
            return 1;
        }
        if (e instanceof IllegalArgumentException) {
            err.println(name + ": " + namingTheOption(String.valueOf(e.getMessage()), cmd.getCommandSpec(), parsed));
            err.println("see '" + name + " --help'");
            return 2;
        }
        err.println(name + ": failed: " + causes(e));
        if ("1".equals(System.getenv(TRACE_ENV))) e.printStackTrace(err);
        else err.println("(" + TRACE_ENV + "=1 shows where)");
        return 1;
    }

    private static final java.util.regex.Pattern LEADING_NAME = java.util.regex.Pattern.compile("^([a-z][A-Za-z]*)\\b");

    /**
     * A builder names a value by its Java name ({@code maxInFlight must be 1..65535}) or quotes it ({@code unknown
     * fault 'gremlins'}); the user typed an option ({@code --max-in-flight}, {@code --faults}). The message then says
     * the option: instead of a leading name that is one of the command's options, or before it when it quotes the
     * value of an option given.
     */
    static String namingTheOption(String message, CommandLine.Model.CommandSpec spec, CommandLine.ParseResult parsed) {
        java.util.regex.Matcher m = LEADING_NAME.matcher(message);
        if (m.find()) {
            String option = "--" + m.group(1).replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
            if (spec.findOption(option) != null) return option + message.substring(m.end());
        }
        CommandLine.ParseResult leaf = parsed;
        while (leaf != null && leaf.hasSubcommand()) leaf = leaf.subcommand();
        if (leaf == null) return message;
        for (CommandLine.Model.OptionSpec o : leaf.matchedOptions()) {
            for (String value : o.stringValues()) {
                String head = value.split("[:,/@]", 2)[0];
                if (!head.isEmpty() && message.contains("'" + head + "'")) return o.longestName() + ": " + message;
            }
        }
        return message;
    }

    /** The messages of an exception and its causes, each once. */
    static String causes(Throwable e) {
        StringBuilder b = new StringBuilder();
        String last = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (m.equals(last)) continue;
            if (b.length() > 0) b.append(": ");
            b.append(m);
            last = m;
        }
        return b.toString();
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        // Flink, Kafka and Paho leave non-daemon threads behind; the command's result is final here
        System.exit(code);
    }
}
