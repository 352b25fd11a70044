package dcmon.stack;

import java.util.ArrayList;
import java.util.List;

/** How the local stack launches a server binary. */
final class ServerProcess {
    private ServerProcess() {}

    /**
     * The command line, run in a session of its own when {@code setsid} is there: Ctrl-C in a terminal signals
     * the whole foreground process group, and the servers must outlive that signal long enough for dcmon to
     * stop the bridge and the job first and then stop them in order. setsid execs in place, so the pid is the
     * server's own.
     */
    static ProcessBuilder builder(String... command) {
        List<String> line = new ArrayList<>();
        SystemPackages.locate("setsid").ifPresent(p -> line.add(p.toString()));
        line.addAll(List.of(command));
        return new ProcessBuilder(line);
    }
}
