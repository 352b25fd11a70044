package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The options of {@code ./dcmon screenshots} (the command itself is run by hand, not by the tests). */
class ScreenshotsCommandTest {

    @Test
    void optionsHaveTheirDefaultsAndAreParsed() {
        ScreenshotsCommand defaults = new ScreenshotsCommand();
        new CommandLine(defaults).parseArgs();
        assertThat(defaults.out).isEqualTo(Path.of("docs/screenshots"));
        assertThat(defaults.registry).isEqualTo(Path.of("config/samples/hubei"));
        assertThat(defaults.reference).isEqualTo(Path.of("config/reference"));
        assertThat(defaults.data).isEqualTo(Path.of("var/screenshots"));
        assertThat(defaults.size).isEqualTo("1280x800");

        ScreenshotsCommand given = new ScreenshotsCommand();
        new CommandLine(given).parseArgs("--out", "build/shots", "--size", "1024x768", "--registry", "r");
        assertThat(given.out).isEqualTo(Path.of("build/shots"));
        assertThat(given.size).isEqualTo("1024x768");
        assertThat(given.registry).isEqualTo(Path.of("r"));
    }

    @Test
    void aMalformedSizeIsRefusedWithItsOptionBeforeAnythingStarts() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream before = System.err;
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = new CommandLine(new ScreenshotsCommand()).execute("--size", "big");
        } finally {
            System.setErr(before);
        }
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("dcmon screenshots: --size must be WIDTHxHEIGHT such as 1280x800 (was 'big')"
                        + System.lineSeparator());
    }

    @Test
    void theReadmeListsEveryPicture() {
        String readme = ScreenshotsCommand.readme(
                List.of(
                        new ScreenshotsCommand.Shot("login.png", "登录", "Log in"),
                        new ScreenshotsCommand.Shot("users.png", "用户管理（管理员）", "Users (admin)")),
                Path.of("config/samples/hubei"));
        assertThat(readme)
                .contains("every unit of the registry `config/samples/hubei`.")
                .endsWith("| file | 页面 | page |\n|------|------|------|\n"
                        + "| [login.png](login.png) | 登录 | Log in |\n"
                        + "| [users.png](users.png) | 用户管理（管理员） | Users (admin) |\n");
    }

    @Test
    void theConsoleReadsTheSampleRegistryUnlessTold() {
        ConsoleCommand console = new ConsoleCommand();
        new CommandLine(console).parseArgs("--registry", "var/demo/registry", "--postgres-password-file", "pw");
        assertThat(console.registry).isEqualTo(Path.of("var/demo/registry"));
        assertThat(console.reference).isEqualTo(Path.of("config/reference"));
    }
}
