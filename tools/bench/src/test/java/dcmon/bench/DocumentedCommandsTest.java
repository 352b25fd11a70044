package dcmon.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code ./dcmon bench …} command in docs/benchmarks.md, in its code blocks and its tables, is one the bench
 * accepts as written: its options exist and pass the checks made before a run. Running them is the tiny-size tests'
 * job ({@link BenchCommandTest}); this keeps the documented sizes and options from rotting.
 */
class DocumentedCommandsTest {
    private static final Path DOC = Path.of("../../docs/benchmarks.md");
    // up to a closing backtick, a comment or the end of the line
    private static final Pattern COMMAND = Pattern.compile("\\./dcmon bench( [^`#|\\n]*)?");

    static List<String> documentedCommands(String text) {
        List<String> commands = new ArrayList<>();
        Matcher m = COMMAND.matcher(text);
        while (m.find()) commands.add(m.group().trim());
        return commands;
    }

    @Test
    void findsTheCommandsOfCodeBlocksAndTables() {
        assertThat(documentedCommands("| x | `./dcmon bench job --rounds 4` | 1 |\n"
                        + "DCMON_JAVA_OPTS=\"-Xmx8g\" ./dcmon bench bare --rounds 8  # comment\n"
                        + "./dcmon bench --help\n"))
                .containsExactly(
                        "./dcmon bench job --rounds 4", "./dcmon bench bare --rounds 8", "./dcmon bench --help");
    }

    @Test
    void everyCommandInTheBenchmarksDocIsAccepted() throws Exception {
        List<String> commands = documentedCommands(Files.readString(DOC));
        assertThat(commands).hasSizeGreaterThan(10);
        for (String command : commands) {
            String[] args = Arrays.stream(command.split("\\s+")).skip(2).toArray(String[]::new);
            BenchCommand bench = new BenchCommand();
            assertThatCode(() -> {
                        CommandLine.ParseResult parsed = new CommandLine(bench).parseArgs(args);
                        if (!parsed.isUsageHelpRequested()) bench.validated();
                    })
                    .as(command)
                    .doesNotThrowAnyException();
        }
    }
}
