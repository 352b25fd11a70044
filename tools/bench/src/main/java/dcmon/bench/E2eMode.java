package dcmon.bench;

import dcmon.bridge.BridgeConfig;
import dcmon.bridge.MqttKafkaBridge;
import dcmon.core.Topics;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.registry.Registry;
import dcmon.influx.InfluxQuery;
import dcmon.influx.InfluxSink;
import dcmon.influx.SeriesPoint;
import dcmon.monitoring.LocalJob;
import dcmon.monitoring.MonitoringOptions;
import dcmon.monitoring.RegistryProvider;
import dcmon.stack.LocalStack;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * {@code bench e2e}: gateway traffic at a controlled, rising rate → Mosquitto → bridges (shared subscription) →
 * Kafka → job → InfluxDB, everything on this machine. Each step offers a rate for a while and measures what
 * the broker acknowledged, what the job committed, the publish-to-InfluxDB latency of probes, and CPU per
 * component. Past saturation the publishers are held back by their acknowledgement windows; at the end the
 * province total in InfluxDB must equal the bare loop's total for exactly the messages acknowledged, so nothing
 * acknowledged was lost or counted twice.
 */
final class E2eMode implements BenchMode {
    /** A sustained step keeps up with at least this share of the offered rate ... */
    static final double KEEPS_UP = 0.95;
    /** ... with a p99 latency of at most this. */
    static final double P99_GOAL_MS = 2_000;

    record Step(
            long offered,
            double published,
            double consumed,
            double p50,
            double p99,
            int probes,
            long backlog,
            String cpu) {
        /** Kept up: the job took at least {@link #KEEPS_UP} of the offered rate, and p99 stayed within the goal. */
        boolean sustained() {
            return consumed >= KEEPS_UP * offered && p99 <= P99_GOAL_MS;
        }

        /**
         * What went through end to end: the rate the broker acknowledged, or the job's if lower. The job's rate alone
         * overstates a step in which it also drains what an earlier step (or the warm-up) left in Kafka.
         */
        double carried() {
            return Math.min(published, consumed);
        }
    }

    @Override
    public List<String> spread() {
        return List.of("readings_per_s", "p99_ms");
    }

    /** The step of the highest offered rate that was sustained, or null. */
    static Step bestSustained(List<Step> steps) {
        Step best = null;
        for (Step s : steps) {
            if (s.sustained() && (best == null || s.offered > best.offered)) best = s;
        }
        return best;
    }

    @Override
    public BenchResult run(BenchCommand bench) throws Exception {
        PrintWriter out = bench.out();
        SyntheticRegistry synthetic = bench.synthetic();
        double readingsPerMessage =
                (double) synthetic.points() / synthetic.gateways().size();
        // event time starts 30 days back so the whole ramp stays inside the lateness and never in the future
        long start = ShanghaiCalendar.quarterStart(System.currentTimeMillis() - 30 * ShanghaiCalendar.DAY_MS);
        LatencyProbe probe = new LatencyProbe(start);
        Registry registry = probe.withProbe(synthetic.registry());
        Path work = bench.workDir();
        List<MqttKafkaBridge> bridges = new ArrayList<>();
        try (LocalStack stack = LocalStack.start(work.resolve("servers"), 0, 0, 0)) {
            for (int i = 1; i <= bench.bridges; i++) {
                MqttKafkaBridge b = new MqttKafkaBridge(BridgeConfig.builder()
                        .mqttUrl(stack.mosquitto.url())
                        .kafkaBootstrap(stack.kafka.bootstrapServers())
                        .clientId("bench-bridge-" + i)
                        .build());
                b.start();
                bridges.add(b);
            }
            MonitoringOptions o = MonitoringOptions.builder()
                    .kafkaBootstrap(stack.kafka.bootstrapServers())
                    .influxUrl(stack.influxd.url())
                    // the synthetic units have no region targets (an absent directory); the alert rules are the real
                    // ones
                    .targets(
                            work.resolve("no-region-targets"),
                            ReferenceDirs.defaultReference().resolveSibling("alerts.yaml"))
                    .parallelism(bench.parallelism)
                    .checkpointInterval(bench.checkpointInterval)
                    .stateBackend(bench.stateBackend())
                    .influxBatchSize(bench.influxBatchSize())
                    .build();
            KafkaProgress progress = new KafkaProgress(stack.kafka.admin(), Topics.READINGS_RAW, o.groupId());
            ComponentUsage usage = new ComponentUsage("bench-publisher", "bench-bridge");
            Sink<SeriesPoint> usageSink = new InfluxSink(o.influxSinkOptions());
            if (!bench.sink.equals("influx")) usageSink = new ProbeAndRegionRowsSink(usageSink, probe.enterprise);
            try (LocalJob job = LocalJob.start(
                            o,
                            RegistryProvider.fixed(registry, synthetic.reference()),
                            work.resolve("checkpoints"),
                            usageSink);
                    Publishers publishers =
                            new Publishers(stack.mosquitto.url(), bench.publishers, bench.window, "bench-publisher-");
                    Publishers probes = new Publishers(stack.mosquitto.url(), 1, 64, "bench-probe-");
                    InfluxQuery influx = InfluxQuery.connect(stack.influxd.url(), o.influxDatabase())) {
                out.printf(
                        "e2e: %d bridges, %d publisher connections, job parallelism %d, checkpoints every %s, %.1f readings per message%s%n",
                        bench.bridges,
                        bench.publishers,
                        bench.parallelism,
                        bench.checkpointInterval,
                        readingsPerMessage,
                        bench.sink.equals("influx") ? "" : "; InfluxDB takes only the probes' and the regions' rows");
                out.flush();

                while (job.client().getJobStatus().get() != org.apache.flink.api.common.JobStatus.RUNNING)
                    Thread.sleep(50);
                Load load = new Load(synthetic, start, publishers);
                AtomicInteger step = new AtomicInteger(-1);
                AtomicBoolean probing = new AtomicBoolean(true);
                Thread prober = thread("bench-probe", () -> {
                    while (probing.get()) {
                        byte[] p = probe.nextPayload();
                        probe.sent(step.get());
                        probes.publish(0, probe.topic(), p, 1);
                        Thread.sleep(bench.probeInterval.toMillis());
                    }
                });
                Thread poller = thread("bench-probe-poller", () -> {
                    while (probing.get() || probe.pending() > 0) {
                        try {
                            probe.poll(influx);
                        } catch (RuntimeException e) {
                            // the database appears with the job's first write
                        }
                        Thread.sleep(20);
                    }
                });
                load.start();
                // Warm up: for the first minute the JIT compilers take half a core or more (they are not among the
                // JVM's
                // listed threads, so they show in jvm-other), which measured as higher tails in the first steps.
                Map<String, Long> warmupCpu0 = usage.cpu();
                long warmupT0 = System.nanoTime();
                load.offer(bench.rates.get(0) / readingsPerMessage);
                Thread.sleep(bench.warmup.toMillis());
                out.printf(
                        "warm-up: offered %d readings/s for %s; cpu %% of a core: %s%n",
                        bench.rates.get(0),
                        bench.warmup,
                        cpuShares(warmupCpu0, usage.cpu(), (System.nanoTime() - warmupT0) / 1e9));
                out.flush();
                prober.start();
                poller.start();

                List<Step> steps = new ArrayList<>();
                CommitTimeline commits = new CommitTimeline(progress::committedByPartition, 100);
                for (int i = 0; i < bench.rates.size(); i++) {
                    long offered = bench.rates.get(i);
                    long t0 = System.nanoTime();
                    long acked0 = publishers.ackedReadings();
                    long committed0 = progress.committed();
                    Map<String, Long> cpu0 = usage.cpu();
                    step.set(i);
                    load.offer(offered / readingsPerMessage);
                    Thread.sleep(bench.step.toMillis());
                    double secs = (System.nanoTime() - t0) / 1e9;
                    double published = (publishers.ackedReadings() - acked0) / secs;
                    // between the checkpoints inside the step when there are two; else over the step (coarser)
                    double betweenCommits = commits.rate(t0, System.nanoTime()) * readingsPerMessage;
                    double consumed = !Double.isNaN(betweenCommits)
                            ? betweenCommits
                            : (progress.committed() - committed0) * readingsPerMessage / secs;
                    long backlog = publishers.acked() + probes.acked() - received(bridges);
                    String cpu = cpuShares(cpu0, usage.cpu(), secs);
                    steps.add(new Step(offered, published, consumed, Double.NaN, Double.NaN, 0, backlog, cpu));
                    out.printf(
                            "step %d: offered %d readings/s, acknowledged %.0f/s, job %.0f/s, broker backlog %d messages; cpu %% of a core: %s%n",
                            i + 1, offered, published, consumed, backlog, cpu);
                    out.flush();
                }
                load.stop();
                commits.close();
                probing.set(false);
                prober.join();
                publishers.awaitAcks();
                probes.awaitAcks();
                long acked = publishers.acked() + probes.acked();
                out.printf(
                        "ramp over: %d messages acknowledged (%d readings); waiting for the job to catch up…%n",
                        acked, publishers.ackedReadings());
                out.flush();
                long deadline = System.nanoTime() + bench.drainTimeout.toNanos();
                while (System.nanoTime() < deadline
                        && (forwarded(bridges) < acked
                                || progress.committed() < progress.end()
                                || probe.pending() > 0)) {
                    Thread.sleep(500);
                }
                poller.join(10_000);
                Map<String, Long> memory = usage.memory();

                // latencies per step, now that every probe is in
                for (int i = 0; i < steps.size(); i++) {
                    Step s = steps.get(i);
                    steps.set(
                            i,
                            new Step(
                                    s.offered,
                                    s.published,
                                    s.consumed,
                                    probe.quantile(i, 0.5),
                                    probe.quantile(i, 0.99),
                                    probe.count(i),
                                    s.backlog,
                                    s.cpu));
                }
                TotalCheck check = provinceCheck(synthetic, start, load.published(), influx, out);
                double saturation = 0;
                for (Step s : steps) {
                    saturation = Math.max(saturation, s.consumed);
                    out.printf(
                            "  offered %8d → acknowledged %9.0f, job %9.0f readings/s; latency p50 %6.0f ms p99 %6.0f ms (%d probes)%n",
                            s.offered, s.published, s.consumed, s.p50, s.p99, s.probes);
                }
                Step best = bestSustained(steps);
                out.printf(
                        "memory: mosquitto %d MiB, influxd %d MiB, JVM heap in use %d MiB%n",
                        memory.get("mosquitto_rss") >> 20,
                        memory.get("influxd_rss") >> 20,
                        memory.get("jvm_heap_used") >> 20);
                out.flush();
                return new BenchResult("e2e")
                        .put("readings_per_s", best == null ? 0 : best.carried(), 0)
                        .put("p50_ms", best == null ? Double.NaN : best.p50, 0)
                        .put("p99_ms", best == null ? Double.NaN : best.p99, 0)
                        .put("saturation_readings_per_s", saturation, 0)
                        .put("readings_per_message", readingsPerMessage, 1)
                        .put("acknowledged_messages", load.published())
                        .put("unseen_probes", probe.pending())
                        .require(
                                probe.pending() == 0,
                                probe.pending() + " latency probes never showed in InfluxDB within --drain-timeout")
                        .check("province_tce_check", check.ok(), check.reason())
                        .put("bridges", bench.bridges)
                        .put("parallelism", bench.parallelism)
                        .put("collector", BenchCommand.collector())
                        .put("state_backend", bench.stateBackend().flinkName())
                        .put("sink", bench.sink);
            } finally {
                for (MqttKafkaBridge b : bridges) b.close();
            }
        } finally {
            bench.cleanWorkDir(work);
        }
    }

    /** Whether the province's total matched, and if not, by how much. */
    private record TotalCheck(boolean ok, String reason) {}

    /** The province's year tce in InfluxDB against the bare loop over exactly the messages acknowledged. */
    private static TotalCheck provinceCheck(
            SyntheticRegistry synthetic, long start, long messages, InfluxQuery influx, PrintWriter out) {
        BareLoop loop = new BareLoop(synthetic);
        new SyntheticTraffic(synthetic, start, messages).forEachRemaining(loop::accept);
        double want = loop.provinceYearTce(start);
        List<Map<String, Object>> rows = influx.query(
                "SELECT last(tce) AS tce FROM region_usage WHERE \"level\" = 'province' AND \"period\" = 'year'"
                        + " AND \"region\" = '" + synthetic.reference().province() + "'");
        double got = rows.isEmpty() ? Double.NaN : ((Number) rows.get(0).get("tce")).doubleValue();
        out.printf(
                "province year tce: InfluxDB %.6f, expected for the %d acknowledged messages %.6f%n",
                got, messages, want);
        return new TotalCheck(
                JobMode.sameTotal(got, want),
                "the province's year total in InfluxDB is " + got + " tce; for the " + messages
                        + " acknowledged messages it must be " + want);
    }

    private static long received(List<MqttKafkaBridge> bridges) {
        return bridges.stream().mapToLong(MqttKafkaBridge::received).sum();
    }

    private static long forwarded(List<MqttKafkaBridge> bridges) {
        return bridges.stream()
                .mapToLong(b -> b.metrics().forwarded()
                        + b.metrics().rejected().values().stream()
                                .mapToLong(Long::longValue)
                                .sum())
                .sum();
    }

    private static String cpuShares(Map<String, Long> before, Map<String, Long> after, double secs) {
        StringBuilder b = new StringBuilder();
        after.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ")
                .append(k)
                .append('=')
                .append(Math.round((v - before.getOrDefault(k, 0L)) / 1e7 / secs)));
        return b.toString();
    }

    interface Body {
        void run() throws Exception;
    }

    private static Thread thread(String name, Body body) {
        Thread t = new Thread(
                () -> {
                    try {
                        body.run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (Exception e) {
                        throw new IllegalStateException(name + " failed", e);
                    }
                },
                name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Generates the traffic in order and publishes each message on its gateway's connection at the offered rate.
     * Publishing does not wait for the broker; a full connection window blocks the generator, and the offered rate
     * then drops to what the broker acknowledges. (Publishing from the generator itself, without a sender thread
     * per connection, spares a hand-over between threads per message: the publishers are load, not dcmon.)
     */
    private static final class Load {
        private final SyntheticTraffic traffic;
        private final Publishers publishers;
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicLong generated = new AtomicLong();
        private volatile double messagesPerSecond;
        private volatile boolean running = true;

        Load(SyntheticRegistry synthetic, long start, Publishers publishers) {
            this.traffic = new SyntheticTraffic(synthetic, start, Long.MAX_VALUE);
            this.publishers = publishers;
            threads.add(thread("bench-publisher-generator", this::generate));
        }

        void start() {
            threads.forEach(Thread::start);
        }

        void offer(double perSecond) {
            messagesPerSecond = perSecond;
        }

        private void generate() throws InterruptedException {
            long windowStart = System.nanoTime();
            long inWindow = 0;
            double rate = messagesPerSecond;
            while (running) {
                if (rate != messagesPerSecond) {
                    rate = messagesPerSecond;
                    windowStart = System.nanoTime();
                    inWindow = 0;
                }
                long due = (long) ((System.nanoTime() - windowStart) / 1e9 * rate);
                if (inWindow >= due) {
                    Thread.sleep(1);
                    continue;
                }
                SyntheticMessage m = traffic.next();
                publishers.publish(
                        Math.floorMod(m.mqttTopic().hashCode(), publishers.size()),
                        m.mqttTopic(),
                        m.payload(),
                        m.readings());
                generated.incrementAndGet();
                inWindow++;
            }
        }

        /** Stops generating; what was generated is still published. Returns once every sender is done. */
        void stop() throws InterruptedException {
            running = false;
            for (Thread t : threads) t.join();
        }

        /** Messages generated (and, after {@link #stop}, all handed to the broker): a prefix of the traffic. */
        long published() {
            return generated.get();
        }
    }
}
