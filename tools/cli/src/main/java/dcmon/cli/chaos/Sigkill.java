package dcmon.cli.chaos;

import java.util.concurrent.TimeUnit;

/** Killing a process as a power cut or the kernel's OOM killer would: SIGKILL, nothing runs on its way out. */
final class Sigkill {
    private Sigkill() {}

    /** Sends SIGKILL ({@link ProcessHandle#destroyForcibly()} on Linux) and waits until the process is gone. */
    static void kill(ProcessHandle process) throws InterruptedException {
        process.destroyForcibly();
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("process " + process.pid() + " survived SIGKILL", e);
        }
    }

    static void kill(long pid) throws InterruptedException {
        ProcessHandle p = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no process " + pid));
        kill(p);
    }
}
