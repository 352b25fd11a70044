package dcmon.cli;

import dcmon.console.auth.Role;
import dcmon.console.auth.User;
import dcmon.console.auth.Users;
import dcmon.console.db.Database;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "users",
        mixinStandardHelpOptions = true,
        description = "Manages the console's accounts (passwords are read from standard input, never from arguments).",
        subcommands = {
            UsersCommand.Add.class,
            UsersCommand.Passwd.class,
            UsersCommand.Disable.class,
            UsersCommand.Enable.class,
            UsersCommand.ListUsers.class
        })
final class UsersCommand implements Runnable {
    /** Recorded as the actor of changes made from the command line. */
    static final String ACTOR = "cli";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The first line of standard input, without its line end. */
    static String readPassword(InputStream in) throws IOException {
        String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isEmpty()) throw new IllegalArgumentException("no password on standard input");
        return line;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Creates an account.")
    static final class Add implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--role", required = true, description = "province, city, enterprise or admin")
        String role;

        @Option(names = "--city", description = "division code of a city user, e.g. 420100")
        String city;

        @Option(names = "--enterprise", description = "unified social credit code of an enterprise user")
        String enterprise;

        @Option(names = "--password-stdin", required = true, description = "read the password from standard input")
        boolean passwordStdin;

        @Mixin
        PostgresOptions postgres;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (Database db = postgres.open()) {
                User user = new Users(db).add(ACTOR, name, Role.parse(role), city, enterprise, readPassword(System.in));
                spec.commandLine()
                        .getOut()
                        .println("added " + user.name() + " (" + user.role().wire()
                                + (user.city() == null ? "" : " " + user.city())
                                + (user.enterprise() == null ? "" : " " + user.enterprise()) + ")");
                return 0;
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 1;
            }
        }
    }

    @Command(
            name = "passwd",
            mixinStandardHelpOptions = true,
            description = "Sets an account's password and ends its sessions.")
    static final class Passwd extends AccountChange {
        @Option(names = "--password-stdin", required = true, description = "read the password from standard input")
        boolean passwordStdin;

        @Override
        String change(Users users, String name) throws Exception {
            users.setPassword(ACTOR, name, readPassword(System.in));
            return "password of " + name + " changed";
        }
    }

    @Command(
            name = "disable",
            mixinStandardHelpOptions = true,
            description = "Disables an account: it can no longer log in, and its sessions end.")
    static final class Disable extends AccountChange {
        @Override
        String change(Users users, String name) {
            users.disable(ACTOR, name);
            return name + " disabled";
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enables a disabled account.")
    static final class Enable extends AccountChange {
        @Override
        String change(Users users, String name) {
            users.enable(ACTOR, name);
            return name + " enabled";
        }
    }

    /** A change of one existing account: prints what it did, or why not (unknown account, refused password). */
    abstract static class AccountChange implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Mixin
        PostgresOptions postgres;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /** @return what was done, for the operator */
        abstract String change(Users users, String name) throws Exception;

        @Override
        public Integer call() throws Exception {
            try (Database db = postgres.open()) {
                spec.commandLine().getOut().println(change(new Users(db), name));
                return 0;
            } catch (IllegalArgumentException | NoSuchElementException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the accounts.")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        PostgresOptions postgres;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (Database db = postgres.open()) {
                for (User u : new Users(db).list()) {
                    spec.commandLine()
                            .getOut()
                            .printf(
                                    "%-20s %-10s %-8s %-20s %s%n",
                                    u.name(),
                                    u.role().wire(),
                                    u.city() == null ? "-" : u.city(),
                                    u.enterprise() == null ? "-" : u.enterprise(),
                                    u.disabled() ? "disabled" : "enabled");
                }
                return 0;
            }
        }
    }
}
