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
            SimulateCommand.class,
            RegistryCommand.class,
            ExportCommand.class,
            GatewayCommand.class,
            dcmon.bench.BenchCommand.class,
            ConsoleCommand.class,
            UsersCommand.class,
            ScreenshotsCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {"", "./dcmon test   runs every test and the format check (handled by the launcher script)."})
public final class Dcmon implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new Dcmon())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
        // Flink, Kafka and Paho leave non-daemon threads behind; the command's result is final here
        System.exit(code);
    }
}
