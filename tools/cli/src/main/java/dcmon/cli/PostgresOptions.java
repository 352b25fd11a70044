package dcmon.cli;

import dcmon.console.db.Database;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the console's PostgreSQL database is and how to log in to it; the password only ever from a file. */
final class PostgresOptions {
    @Option(
            names = "--postgres-url",
            defaultValue = "jdbc:postgresql://127.0.0.1:5432/dcmon",
            description = "JDBC URL of the console's database (default: ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--postgres-user", defaultValue = "dcmon", description = "(default: ${DEFAULT-VALUE})")
    String user;

    @Option(
            names = "--postgres-password-file",
            required = true,
            description = "file whose first line is the database password")
    Path passwordFile;

    /** Opens the database, applying pending migrations. */
    Database open() throws IOException {
        String password = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream()
                .findFirst()
                .orElse("");
        return Database.open(url, user, password);
    }
}
