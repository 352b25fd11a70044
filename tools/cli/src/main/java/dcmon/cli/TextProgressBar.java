package dcmon.cli;

import java.io.PrintStream;

/**
 * A one-line progress bar on a terminal ({@code [#####.....] 5/10 what}), redrawn in place; elsewhere (a pipe, a
 * log) one plain line per step.
 */
final class TextProgressBar {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final String label;
    private int lastLength;

    TextProgressBar(PrintStream out, boolean terminal, String label) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
    }

    static TextProgressBar onStderr(String label) {
        return new TextProgressBar(System.err, System.console() != null, label);
    }

    void step(int done, int total, String what) {
        int filled = total == 0 ? WIDTH : Math.min(WIDTH, done * WIDTH / total);
        String line =
                label + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total + " " + what;
        if (terminal) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            if (done >= total) out.println();
            lastLength = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends a bar left open by a failure, so that the error starts on its own line. */
    void abort() {
        if (terminal && lastLength > 0) out.println();
        lastLength = 0;
    }
}
