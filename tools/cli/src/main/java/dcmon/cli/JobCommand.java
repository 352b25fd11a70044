package dcmon.cli;

import dcmon.influx.InfluxSinkOptions;
import dcmon.monitoring.GatewayHealth;
import dcmon.monitoring.LocalJob;
import dcmon.monitoring.MonitoringOptions;
import dcmon.monitoring.RegistryDirectory;
import dcmon.monitoring.StateBackendType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "job",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the monitoring job on a local mini-cluster, resuming from its newest checkpoint.",
            "On a Flink cluster submit the job jar instead (main class dcmon.monitoring.MonitoringJob, same options as --name value)."
        })
final class JobCommand implements Callable<Integer> {
    @Option(
            names = "--kafka",
            defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    String kafka;

    @picocli.CommandLine.Mixin
    KafkaClientOptions kafkaClient;

    @Option(
            names = "--influx",
            defaultValue = "http://127.0.0.1:8086",
            description = "InfluxDB URL (default: ${DEFAULT-VALUE})")
    String influx;

    @Option(
            names = "--registry",
            defaultValue = "config/samples/hubei",
            description = "registry directory, reloaded on change (default: ${DEFAULT-VALUE})")
    Path registry;

    @Option(
            names = "--reference",
            defaultValue = "config/reference",
            description = "reference tables (default: ${DEFAULT-VALUE})")
    Path reference;

    @Option(
            names = "--checkpoints",
            defaultValue = "var/checkpoints",
            description = "checkpoint directory (default: ${DEFAULT-VALUE})")
    Path checkpoints;

    @Option(
            names = "--lateness",
            defaultValue = "P35D",
            description = "how late a reading may still correct its buckets (default: ${DEFAULT-VALUE})")
    Duration lateness;

    @Option(
            names = "--hot-window",
            defaultValue = "PT72H",
            description = "how far behind a point's newest reading every reading is still checked exactly; older"
                    + " ones only fill a recorded gap, else late_covered; at least PT24H (default: ${DEFAULT-VALUE})")
    Duration hotWindow;

    @Option(
            names = "--checkpoint-interval",
            defaultValue = "PT10S",
            description = "how often results are committed: InfluxDB rows flushed, Kafka output and offsets"
                    + " committed; after a crash the job replays at most this much; at least PT1S"
                    + " (default: ${DEFAULT-VALUE})")
    Duration checkpointInterval;

    @Option(names = "--parallelism", defaultValue = "2", description = "(default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(
            names = "--point-rollup-interval",
            defaultValue = "PT5M",
            description =
                    "how often a reporting point's day, month and year rows are rewritten; quarter-hour and enterprise rows go at once (default: ${DEFAULT-VALUE})")
    Duration pointRollupInterval;

    @Option(
            names = "--region-combine-interval",
            defaultValue = "PT0.2S",
            description =
                    "how long region deltas are summed on the enterprise task before the roll-ups get them; PT0S sends each at once (default: ${DEFAULT-VALUE})")
    Duration regionCombineInterval;

    @Option(
            names = "--influx-write-lanes",
            defaultValue = "2",
            description = "concurrent InfluxDB writes per sink instance, split by series (default: ${DEFAULT-VALUE})")
    int influxWriteLanes;

    @Option(
            names = "--influx-batch-size",
            defaultValue = "" + InfluxSinkOptions.DEFAULT_BATCH_SIZE,
            description =
                    "distinct rows a sink instance buffers before writing; larger coalesce more (faster catch-up with few readings per message) "
                            + "but rows wait longer, up to 1 s, before dashboards see them (default: ${DEFAULT-VALUE})")
    int influxBatchSize;

    @Option(
            names = "--influx-on-permanent-error",
            defaultValue = "fail",
            description = "fail (the first row InfluxDB refuses for good, e.g. a field type conflict, fails the job; "
                    + "a restart replays the same rows, so fix the cause) | dead-letter (refused rows go to Kafka "
                    + "topic dcmon.sink.dead-letter and the job goes on) (default: ${DEFAULT-VALUE})")
    String influxOnPermanentError;

    @Option(
            names = "--targets",
            defaultValue = "config/targets",
            description = "region targets and per-year settings; none when absent (default: ${DEFAULT-VALUE})")
    Path targets;

    @Option(
            names = "--alerts",
            defaultValue = "config/alerts.yaml",
            description = "alert rules, thresholds and labels (default: ${DEFAULT-VALUE})")
    Path alerts;

    @Option(
            names = "--progress-interval",
            defaultValue = "PT1M",
            description = "how often, in event time, a unit's or region's progress is recomputed while its usage"
                    + " changes; at least daily anyway (default: ${DEFAULT-VALUE})")
    Duration progressInterval;

    @Option(
            names = "--month-close-grace",
            defaultValue = "P3D",
            description = "how long after a month's end (Asia/Shanghai, event time) the job closes it and sends its"
                    + " snapshots to dcmon.monthly; shorter than 28 days (default: ${DEFAULT-VALUE})")
    Duration monthCloseGrace;

    @Option(
            names = "--gateway-offline-after",
            description = "silence of a gateway that raises gateway.offline, as an ISO duration (PT30M); default: the"
                    + " rule's threshold in the alert rules, which this scales to its clock")
    Duration gatewayOfflineAfter;

    @Option(
            names = "--gateway-disconnect-grace",
            defaultValue = "PT5M",
            description = "how long a gateway's offline status must last before it raises gateway.offline (default:"
                    + " ${DEFAULT-VALUE})")
    Duration gatewayDisconnectGrace;

    @Option(
            names = "--state-backend",
            defaultValue = "hashmap",
            description =
                    "hashmap (state on the Java heap) | rocksdb (state on local disk next to the checkpoints, incremental checkpoints: "
                            + "for state larger than the heap) (default: ${DEFAULT-VALUE})")
    String stateBackend;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        StateBackendType backend;
        try {
            backend = StateBackendType.parse(stateBackend);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--" + e.getMessage());
        }
        if (checkpointInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            // shorter intervals make checkpoints the job's main work, and PT0S would switch exactly-once off
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--checkpoint-interval must be at least PT1S, was " + checkpointInterval);
        }
        java.util.Map<String, String> kafkaProperties = kafkaClient.properties();
        MonitoringOptions o;
        try {
            o = MonitoringOptions.builder()
                    .kafkaBootstrap(kafka)
                    .kafkaProperties(kafkaProperties)
                    .influxUrl(influx)
                    .registry(registry, reference)
                    .targets(targets, alerts)
                    .progressInterval(progressInterval)
                    .monthCloseGrace(monthCloseGrace)
                    .gatewayHealth(new GatewayHealth.Options(gatewayOfflineAfter, gatewayDisconnectGrace))
                    .lateness(lateness)
                    .hotWindow(hotWindow)
                    .checkpointInterval(checkpointInterval)
                    .parallelism(parallelism)
                    .pointRollupInterval(pointRollupInterval)
                    .regionCombineInterval(regionCombineInterval)
                    .influxWriteLanes(influxWriteLanes)
                    .influxBatchSize(influxBatchSize)
                    .stateBackend(backend)
                    .influxOnPermanentError(influxOnPermanentError)
                    .build();
        } catch (IllegalArgumentException e) {
            // the options check their values and name the option (e.g. "influx-batch-size must be at least 1, was 0")
            throw new CommandLine.ParameterException(spec.commandLine(), "--" + e.getMessage());
        }
        RegistryDirectory dir = new RegistryDirectory(registry, reference, 10_000);
        dir.loadOrThrow();
        LocalJob job;
        try {
            job = LocalJob.start(o, dir, checkpoints);
        } catch (LocalJob.StateBackendMismatch e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        System.out.println("monitoring job running"
                + job.restoredFrom().map(p -> ", resumed from " + p).orElse(""));
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                job.close();
                            } catch (Exception e) {
                                System.err.println("stopping the job: " + e);
                            }
                        },
                        "job-shutdown"));
        job.client().getJobExecutionResult().get();
        return 0;
    }
}
