package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The exporter command's mistakes: one line naming the option or the file, exit 1, nothing started. */
class ExporterCommandTest {
    @TempDir
    Path dir;

    private static String failing(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            String home = System.getProperty("dcmon.home", "../..");
            String[] all = new String[args.length + 3];
            all[0] = "exporter";
            all[1] = "--reference";
            all[2] = Path.of(home, "config/reference").toString();
            System.arraycopy(args, 0, all, 3, args.length);
            assertThat(new CommandLine(new Dcmon()).execute(all)).isEqualTo(1);
        } finally {
            System.setErr(err);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anUnknownLanguageIsRefusedNamingTheOption() {
        assertThat(failing("--lang", "fr")).isEqualTo("dcmon exporter: --lang: unknown language 'fr': use zh or en\n");
    }

    @Test
    void aBrokenRegistryIsReportedByFileAndLine() throws Exception {
        Files.writeString(dir.resolve("enterprises.yaml"), "enterprises: [");
        String err = failing("--registry", dir.toString());
        assertThat(err).startsWith("dcmon exporter: configuration errors:").contains("enterprises.yaml");
    }
}
