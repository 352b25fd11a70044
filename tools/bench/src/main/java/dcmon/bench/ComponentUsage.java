package dcmon.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time and memory per component while everything runs on one machine: Mosquitto and influxd are
 * processes of their own (read from /proc); the publishers, bridges, Kafka broker and Flink job share this
 * JVM, so their CPU is told apart by thread name. {@code jvm-other} is the rest of this JVM's CPU (the process's
 * total from /proc less the named threads): the garbage collector and the JIT compilers, which the JVM does not
 * list among its threads, shared pools, and threads that ended meanwhile.
 */
final class ComponentUsage {
    static final List<String> COMPONENTS =
            List.of("publishers", "mosquitto", "bridge", "kafka", "job", "influxd", "jvm-other");
    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final String publisherPrefix;
    private final String bridgePrefix;

    ComponentUsage(String publisherPrefix, String bridgePrefix) {
        this.publisherPrefix = publisherPrefix;
        this.bridgePrefix = bridgePrefix;
    }

    /** CPU nanoseconds so far per component. */
    Map<String, Long> cpu() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String c : COMPONENTS) out.put(c, 0L);
        long named = 0;
        for (long id : threads.getAllThreadIds()) {
            ThreadInfo info = threads.getThreadInfo(id);
            long t = threads.getThreadCpuTime(id);
            if (info == null || t < 0) continue;
            String component = component(info.getThreadName());
            if (component.equals("jvm-other")) continue;
            out.merge(component, t, Long::sum);
            named += t;
        }
        out.put("jvm-other", Math.max(0, processCpu(ProcessHandle.current()) - named));
        out.put("mosquitto", child("mosquitto").map(ComponentUsage::processCpu).orElse(0L));
        out.put("influxd", child("influxd").map(ComponentUsage::processCpu).orElse(0L));
        return out;
    }

    /** Resident memory in bytes of the server processes, and the heap in use of this JVM. */
    Map<String, Long> memory() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("mosquitto_rss", processRss("mosquitto"));
        out.put("influxd_rss", processRss("influxd"));
        out.put("jvm_heap_used", memory.getHeapMemoryUsage().getUsed());
        return out;
    }

    private String component(String thread) {
        if (thread.contains(publisherPrefix) || thread.startsWith("bench-publisher")) return "publishers";
        if (thread.contains(bridgePrefix) || thread.startsWith("bridge-")) return "bridge";
        if (thread.startsWith("data-plane-kafka")
                || thread.startsWith("kafka-")
                || thread.contains("raft")
                || thread.startsWith("broker-")
                || thread.startsWith("controller-")
                || thread.startsWith("ExpirationReaper")
                || thread.startsWith("LogDirFailureHandler")
                || thread.startsWith("group-coordinator")
                || thread.startsWith("transaction-")
                || thread.startsWith("quorum")) return "kafka";
        if (thread.contains("(1/")
                || thread.contains("(2/")
                || thread.contains("(3/")
                || thread.contains("(4/")
                || thread.startsWith("Source")
                || thread.startsWith("flink-")
                || thread.contains("pekko")
                || thread.startsWith("Kafka Fetcher")
                || thread.startsWith("Checkpoint")
                || thread.startsWith("AsyncOperations")
                || thread.startsWith("jobmanager")
                || thread.startsWith("mini-cluster")) return "job";
        return "jvm-other";
    }

    private static Optional<ProcessHandle> child(String command) {
        return ProcessHandle.current()
                .descendants()
                .filter(p ->
                        p.info().command().map(c -> c.endsWith("/" + command)).orElse(false))
                .findFirst();
    }

    /** CPU nanoseconds of a process (all its threads, ended ones included), 0 when it is gone. */
    private static long processCpu(ProcessHandle p) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
            return ticks * 1_000_000_000L / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return 0L;
        }
    }

    private static long processRss(String command) {
        return child(command)
                .map(p -> {
                    try {
                        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
                            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                        }
                    } catch (IOException | RuntimeException e) {
                        // the process is gone
                    }
                    return 0L;
                })
                .orElse(0L);
    }
}
