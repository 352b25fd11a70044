package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.simulator.Scenarios;
import dcmon.simulator.SimulatorOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The simulate and demo commands' scenario options: off for simulate, the demo set for demo, named ones replace. */
class SimulateCommandTest {
    static final Path HOME = Path.of(System.getProperty("dcmon.home", "../.."));
    static final String STEEL = "91420112MA4ALXWN9U";

    private static SimulatorOptions simulate(String... args) throws Exception {
        SimulateCommand cmd = new SimulateCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.options()
                .registryDir(HOME.resolve("config/samples/hubei"))
                .referenceDir(HOME.resolve("config/reference"))
                .build();
    }

    @Test
    void simulateRunsNoScenarioUnlessAsked() throws Exception {
        assertThat(simulate().scenarios().isNone()).isTrue();

        SimulatorOptions o = simulate("--scenarios", "demo", "--scenario", "stuck-meter:" + STEEL + "/COKE-01@6h");
        assertThat(o.scenarios().ahead()).hasSize(Scenarios.DEMO_AHEAD_UNITS);
        assertThat(o.scenarios().stuckMeter().code()).isEqualTo(STEEL);
        assertThat(o.scenarios().describe(o.registry()))
                .anySatisfy(l -> assertThat(l).startsWith("stuck-meter: " + STEEL + "/COKE-01"));

        SimulatorOptions one = simulate("--scenario", "silent-gateway:" + STEEL + "/GW02@wall:2m");
        assertThat(one.scenarios().silentGateway().gateway()).isEqualTo("GW02");
        assertThat(one.scenarios().ahead()).isEmpty();
        assertThat(one.scenarios().stuckMeter()).isNull();
    }

    @Test
    void demoPicksTheDemoSetUnlessSwitchedOffAndTheHelpListsTheScenarios() {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs();
        assertThat(demo.scenarios).isEqualTo("demo");
        new CommandLine(demo).parseArgs("--scenarios", "none");
        assertThat(demo.scenarios).isEqualTo("none");

        for (String command : new String[] {"simulate", "demo"}) {
            StringWriter out = new StringWriter();
            CommandLine cli = new CommandLine(new Dcmon());
            cli.setOut(new PrintWriter(out, true));
            assertThat(cli.execute(command, "--help")).isZero();
            assertThat(out.toString())
                    .contains("--scenarios", "--scenario=KIND:WHAT", "silent-gateway:CODE/GW[@after]", "130 % of its");
        }
    }
}
