package dcmon.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** One stack of real servers per end-to-end test class, in a temporary directory, stopped after the class. */
abstract class EndToEndTestBase {
    @TempDir
    static Path dir;

    static EndToEnd e2e;

    @BeforeAll
    static void startServers() throws Exception {
        e2e = new EndToEnd(dir);
    }

    @AfterAll
    static void stopServers() {
        if (e2e != null) e2e.close();
        e2e = null;
    }
}
