package dcmon.monitoring;

import dcmon.core.Topics;
import dcmon.core.config.ClientProperties;
import dcmon.core.config.ConfigException;
import dcmon.core.reading.MessageValidator;
import dcmon.influx.InfluxSinkOptions;
import dcmon.influx.PermanentErrorMode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.util.ParameterTool;

/**
 * Typed options of the monitoring job, immutable and checked when built. Build with {@link #builder()}, change with
 * {@link #toBuilder()}; every option has a default fit for the embedded stack. On a cluster they come as
 * {@code --name value} arguments (see {@link #fromArgs}).
 *
 * <p>The options, by their accessors:
 * <ul>
 * <li>{@code kafkaBootstrap}: Kafka bootstrap servers
 * <li>{@code kafkaProperties}: further Kafka client properties of every source and sink (security: SASL, TLS), from
 *     {@code --kafka-properties FILE} ({@link ClientProperties}); never shown by {@link #toString()}
 * <li>{@code groupId}: consumer group (offsets live in checkpoints; the group only shows progress)
 * <li>{@code registryDir}: registry directory (reloaded on change)
 * <li>{@code referenceDir}: reference tables directory
 * <li>{@code targetsDir}: region targets and per-year settings (read at start; a missing directory: none)
 * <li>{@code alertsFile}: alert rules, thresholds and labels (read at start)
 * <li>{@code progressInterval}: how often, in event time, a subject's progress is recomputed while its usage
 *     changes (and at least daily); alerts are evaluated with it
 * <li>{@code monthCloseGrace}: how long after a month's end (Asia/Shanghai, event time) the month is closed and
 *     its snapshots go to {@code dcmon.monthly} (default 3 days; shorter than 28 days, so that the days of the
 *     month's recent rate are still held)
 * <li>{@code gatewayHealth}: when a silent or disconnected gateway raises {@code gateway.offline}
 *     ({@link GatewayHealth.Options}: {@code --gateway-offline-after}, {@code --gateway-disconnect-grace})
 * <li>{@code influxUrl}: InfluxDB base URL (v1 API); user information in it is masked in {@link #toString()}
 * <li>{@code influxDatabase}: InfluxDB database
 * <li>{@code lateness}: how old a reading may be, relative to its receipt, and still correct its buckets
 * <li>{@code hotWindow}: how far behind a point's newest reading every reading is still checked exactly (duplicate,
 *     conflict, re-split); older ones only go into a recorded gap (default 72 h, at least 24 h; docs/design.md,
 *     <i>Late data</i>)
 * <li>{@code futureAllowance}: clock skew tolerated before a timestamp counts as in the future
 * <li>{@code checkpointInterval}: how often results are committed (sinks flush on every checkpoint)
 * <li>{@code parallelism}: job parallelism
 * <li>{@code transactionalIdPrefix}: prefix of the Kafka transactions of the exactly-once rejected-topic sink
 * <li>{@code pointRollupInterval}: how often a reporting point's day, month and year rows are rewritten (its
 *     quarter-hour rows and all enterprise and region rows are written at once); zero: with every message
 * <li>{@code regionCombineInterval}: how long the enterprise task sums region deltas before sending them to the
 *     roll-ups ({@link RegionDeltaCombiner}); zero sends each delta at once
 * <li>{@code influxWriteLanes}: concurrent InfluxDB writes per sink instance, split by series (default 2: InfluxDB
 *     parses and indexes requests in parallel, and with one write at a time per instance it sat half idle;
 *     docs/benchmarks.md, <i>InfluxDB write lanes</i>)
 * <li>{@code influxBatchSize}: distinct rows a sink instance buffers before it writes them; rows of the same series
 *     and time coalesce within a buffer. Larger buffers write fewer rows when messages carry few readings (a
 *     catch-up at one reading per message: a third faster with 20,000), but rows wait longer, up to the sink's
 *     flush interval (1 s), before dashboards see them (default {@link InfluxSinkOptions#DEFAULT_BATCH_SIZE};
 *     docs/benchmarks.md, <i>InfluxDB sink batch size</i>)
 * <li>{@code stateBackend}: where state lives: on the heap (default) or in RocksDB with incremental checkpoints,
 *     for state larger than the heap ({@link StateBackendType})
 * <li>{@code influxOnPermanentError}: what the InfluxDB sink does with rows InfluxDB refuses for good: fail the job
 *     (default) or put them in Kafka topic {@code dcmon.sink.dead-letter} and go on ({@link PermanentErrorMode};
 *     docs/notes.md, <i>InfluxDB sink</i>)
 * </ul>
 */
public final class MonitoringOptions {
    public static final String DEFAULT_KAFKA_BOOTSTRAP = "127.0.0.1:9092";
    public static final String DEFAULT_GROUP_ID = "dcmon-monitoring";
    public static final Path DEFAULT_REGISTRY_DIR = Path.of("config/samples/hubei");
    public static final Path DEFAULT_REFERENCE_DIR = Path.of("config/reference");
    public static final String DEFAULT_INFLUX_URL = "http://127.0.0.1:8086";
    public static final String DEFAULT_INFLUX_DATABASE = "dcmon";
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);
    public static final int DEFAULT_PARALLELISM = 2;
    public static final String DEFAULT_TRANSACTIONAL_ID_PREFIX = "dcmon-monitoring";
    public static final Duration DEFAULT_POINT_ROLLUP_INTERVAL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REGION_COMBINE_INTERVAL = Duration.ofMillis(200);
    public static final int DEFAULT_INFLUX_WRITE_LANES = 2;
    public static final Path DEFAULT_TARGETS_DIR = Path.of("config/targets");
    public static final Path DEFAULT_ALERTS_FILE = Path.of("config/alerts.yaml");
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_MONTH_CLOSE_GRACE = Duration.ofDays(3);
    public static final Duration DEFAULT_HOT_WINDOW = Duration.ofHours(72);
    /** A day at least: a gateway's normal re-sends and a day's store-and-forward stay exact. */
    public static final Duration MIN_HOT_WINDOW = Duration.ofHours(24);
    /** The longest grace: the progress history holds the 31 days before now, and a month's close reads 30 of them. */
    static final Duration MAX_MONTH_CLOSE_GRACE = Duration.ofDays(28);

    private final String kafkaBootstrap;
    /** A TreeMap: serializable with the options, and in a stable order. */
    private final TreeMap<String, String> kafkaProperties;

    private final String groupId;
    private final Path registryDir;
    private final Path referenceDir;
    private final Path targetsDir;
    private final Path alertsFile;
    private final Duration progressInterval;
    private final Duration monthCloseGrace;
    private final GatewayHealth.Options gatewayHealth;
    private final String influxUrl;
    private final String influxDatabase;
    private final Duration lateness;
    private final Duration hotWindow;
    private final Duration futureAllowance;
    private final Duration checkpointInterval;
    private final int parallelism;
    private final String transactionalIdPrefix;
    private final Duration pointRollupInterval;
    private final Duration regionCombineInterval;
    private final int influxWriteLanes;
    private final int influxBatchSize;
    private final StateBackendType stateBackend;
    private final PermanentErrorMode influxOnPermanentError;

    private MonitoringOptions(Builder b) {
        kafkaBootstrap = required(b.kafkaBootstrap, "kafka");
        kafkaProperties = new TreeMap<>(required(b.kafkaProperties, "kafka-properties"));
        groupId = required(b.groupId, "group");
        registryDir = required(b.registryDir, "registry");
        referenceDir = required(b.referenceDir, "reference");
        targetsDir = required(b.targetsDir, "targets");
        alertsFile = required(b.alertsFile, "alerts");
        progressInterval = positive(b.progressInterval, "progress-interval");
        monthCloseGrace = notNegative(b.monthCloseGrace, "month-close-grace");
        if (monthCloseGrace.compareTo(MAX_MONTH_CLOSE_GRACE) >= 0) {
            throw new IllegalArgumentException(
                    "month-close-grace must be shorter than " + MAX_MONTH_CLOSE_GRACE + ", was " + monthCloseGrace);
        }
        gatewayHealth = required(b.gatewayHealth, "gateway-offline-after");
        influxUrl = required(b.influxUrl, "influx");
        influxDatabase = required(b.influxDatabase, "influx-db");
        lateness = notNegative(b.lateness, "lateness");
        hotWindow = required(b.hotWindow, "hot-window");
        if (hotWindow.compareTo(MIN_HOT_WINDOW) < 0) {
            throw new IllegalArgumentException(
                    "hot-window must be at least " + MIN_HOT_WINDOW + " (24 h), was " + hotWindow);
        }
        futureAllowance = notNegative(b.futureAllowance, "future-allowance");
        checkpointInterval = notNegative(b.checkpointInterval, "checkpoint-interval");
        parallelism = atLeastOne(b.parallelism, "parallelism");
        transactionalIdPrefix = required(b.transactionalIdPrefix, "transactional-id-prefix");
        pointRollupInterval = notNegative(b.pointRollupInterval, "point-rollup-interval");
        regionCombineInterval = notNegative(b.regionCombineInterval, "region-combine-interval");
        influxWriteLanes = atLeastOne(b.influxWriteLanes, "influx-write-lanes");
        influxBatchSize = atLeastOne(b.influxBatchSize, "influx-batch-size");
        stateBackend = required(b.stateBackend, "state-backend");
        influxOnPermanentError = required(b.influxOnPermanentError, "influx-on-permanent-error");
    }

    // checks name the option as its command-line argument does, so that a refused value points at what to change
    private static <T> T required(T value, String option) {
        if (value == null) throw new IllegalArgumentException(option + " must be given");
        return value;
    }

    private static Duration notNegative(Duration d, String option) {
        if (required(d, option).isNegative()) {
            throw new IllegalArgumentException(option + " must not be negative, was " + d);
        }
        return d;
    }

    private static Duration positive(Duration d, String option) {
        if (required(d, option).isNegative() || d.isZero()) {
            throw new IllegalArgumentException(option + " must be positive, was " + d);
        }
        return d;
    }

    private static int atLeastOne(int n, String option) {
        if (n < 1) throw new IllegalArgumentException(option + " must be at least 1, was " + n);
        return n;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every option at its default. */
    public static MonitoringOptions defaults() {
        return builder().build();
    }

    /** A builder holding these options, to change some of them. */
    public Builder toBuilder() {
        return new Builder()
                .kafkaBootstrap(kafkaBootstrap)
                .kafkaProperties(kafkaProperties)
                .groupId(groupId)
                .registry(registryDir, referenceDir)
                .targets(targetsDir, alertsFile)
                .progressInterval(progressInterval)
                .monthCloseGrace(monthCloseGrace)
                .gatewayHealth(gatewayHealth)
                .influxUrl(influxUrl)
                .influxDatabase(influxDatabase)
                .lateness(lateness)
                .hotWindow(hotWindow)
                .futureAllowance(futureAllowance)
                .checkpointInterval(checkpointInterval)
                .parallelism(parallelism)
                .transactionalIdPrefix(transactionalIdPrefix)
                .pointRollupInterval(pointRollupInterval)
                .regionCombineInterval(regionCombineInterval)
                .influxWriteLanes(influxWriteLanes)
                .influxBatchSize(influxBatchSize)
                .stateBackend(stateBackend)
                .influxOnPermanentError(influxOnPermanentError);
    }

    /** Options from {@code --kafka host:port --registry dir --reference dir --influx url --lateness P35D …}. */
    public static MonitoringOptions fromArgs(String[] args) {
        ParameterTool p = ParameterTool.fromArgs(args);
        MonitoringOptions d = defaults();
        return builder()
                .kafkaBootstrap(p.get("kafka", d.kafkaBootstrap))
                .kafkaProperties(kafkaProperties(p.get("kafka-properties")))
                .groupId(p.get("group", d.groupId))
                .registry(
                        Path.of(p.get("registry", d.registryDir.toString())),
                        Path.of(p.get("reference", d.referenceDir.toString())))
                .targets(
                        Path.of(p.get("targets", d.targetsDir.toString())),
                        Path.of(p.get("alerts", d.alertsFile.toString())))
                .progressInterval(Duration.parse(p.get("progress-interval", d.progressInterval.toString())))
                .monthCloseGrace(Duration.parse(p.get("month-close-grace", d.monthCloseGrace.toString())))
                .gatewayHealth(GatewayHealth.Options.fromArgs(args))
                .influxUrl(p.get("influx", d.influxUrl))
                .influxDatabase(p.get("influx-db", d.influxDatabase))
                .lateness(Duration.parse(p.get("lateness", d.lateness.toString())))
                .hotWindow(Duration.parse(p.get("hot-window", d.hotWindow.toString())))
                .futureAllowance(Duration.parse(p.get("future-allowance", d.futureAllowance.toString())))
                .checkpointInterval(Duration.parse(p.get("checkpoint-interval", d.checkpointInterval.toString())))
                .parallelism(p.getInt("parallelism", d.parallelism))
                .transactionalIdPrefix(p.get("transactional-id-prefix", d.transactionalIdPrefix))
                .pointRollupInterval(Duration.parse(p.get("point-rollup-interval", d.pointRollupInterval.toString())))
                .regionCombineInterval(
                        Duration.parse(p.get("region-combine-interval", d.regionCombineInterval.toString())))
                .influxWriteLanes(p.getInt("influx-write-lanes", d.influxWriteLanes))
                .influxBatchSize(p.getInt("influx-batch-size", d.influxBatchSize))
                .stateBackend(StateBackendType.parse(p.get("state-backend", d.stateBackend.flinkName())))
                .influxOnPermanentError(p.get("influx-on-permanent-error", d.influxOnPermanentError.option()))
                .build();
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    /** Further client properties for every Kafka source and sink of the job; empty without a file. */
    public Map<String, String> kafkaProperties() {
        return java.util.Collections.unmodifiableMap(kafkaProperties);
    }

    /** The file's properties, or none; a bad file is an {@link IllegalArgumentException} naming file and line. */
    static Map<String, String> kafkaProperties(String file) {
        if (file == null) return Map.of();
        try {
            return ClientProperties.load(Path.of(file));
        } catch (ConfigException e) {
            throw new IllegalArgumentException("kafka-properties: " + e.getMessage(), e);
        }
    }

    public String groupId() {
        return groupId;
    }

    public Path registryDir() {
        return registryDir;
    }

    public Path referenceDir() {
        return referenceDir;
    }

    public Path targetsDir() {
        return targetsDir;
    }

    public Path alertsFile() {
        return alertsFile;
    }

    public Duration progressInterval() {
        return progressInterval;
    }

    public Duration monthCloseGrace() {
        return monthCloseGrace;
    }

    public GatewayHealth.Options gatewayHealth() {
        return gatewayHealth;
    }

    public String influxUrl() {
        return influxUrl;
    }

    public String influxDatabase() {
        return influxDatabase;
    }

    public Duration lateness() {
        return lateness;
    }

    public Duration hotWindow() {
        return hotWindow;
    }

    public Duration futureAllowance() {
        return futureAllowance;
    }

    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    public int parallelism() {
        return parallelism;
    }

    public String transactionalIdPrefix() {
        return transactionalIdPrefix;
    }

    public Duration pointRollupInterval() {
        return pointRollupInterval;
    }

    public Duration regionCombineInterval() {
        return regionCombineInterval;
    }

    public int influxWriteLanes() {
        return influxWriteLanes;
    }

    public int influxBatchSize() {
        return influxBatchSize;
    }

    public StateBackendType stateBackend() {
        return stateBackend;
    }

    public PermanentErrorMode influxOnPermanentError() {
        return influxOnPermanentError;
    }

    public String rawTopic() {
        return Topics.READINGS_RAW;
    }

    public String rejectedTopic() {
        return Topics.READINGS_REJECTED;
    }

    public String alertsTopic() {
        return Topics.ALERTS;
    }

    public String monthlyTopic() {
        return Topics.MONTHLY;
    }

    public InfluxSinkOptions influxSinkOptions() {
        return InfluxSinkOptions.builder(influxUrl)
                .database(influxDatabase)
                .createDatabase(true)
                .writeLanes(influxWriteLanes)
                .batchSize(influxBatchSize)
                .onPermanentError(influxOnPermanentError)
                .build();
    }

    /** Masks the user information of the InfluxDB URL ({@code http://user:password@host}): options end up in logs. */
    @Override
    public String toString() {
        return "MonitoringOptions[kafkaBootstrap=" + kafkaBootstrap + ", kafkaProperties=" + kafkaProperties.keySet()
                + ", groupId=" + groupId
                + ", registryDir=" + registryDir + ", referenceDir=" + referenceDir
                + ", targetsDir=" + targetsDir + ", alertsFile=" + alertsFile + ", progressInterval=" + progressInterval
                + ", monthCloseGrace=" + monthCloseGrace
                + ", gatewayHealth=" + gatewayHealth
                + ", influxUrl=" + maskUserInfo(influxUrl) + ", influxDatabase=" + influxDatabase
                + ", lateness=" + lateness + ", hotWindow=" + hotWindow + ", futureAllowance=" + futureAllowance
                + ", checkpointInterval=" + checkpointInterval + ", parallelism=" + parallelism
                + ", transactionalIdPrefix=" + transactionalIdPrefix + ", pointRollupInterval=" + pointRollupInterval
                + ", regionCombineInterval=" + regionCombineInterval + ", influxWriteLanes=" + influxWriteLanes
                + ", influxBatchSize=" + influxBatchSize + ", stateBackend=" + stateBackend
                + ", influxOnPermanentError=" + influxOnPermanentError + "]";
    }

    /** The URL with any user information replaced by {@code ***}; a URL that does not parse is masked whole. */
    static String maskUserInfo(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getRawUserInfo() == null) return url;
            return url.replace(uri.getRawUserInfo() + "@", "***@");
        } catch (Exception e) {
            return "***";
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MonitoringOptions m && values().equals(m.values());
    }

    @Override
    public int hashCode() {
        return values().hashCode();
    }

    private List<Object> values() {
        return List.of(
                kafkaBootstrap,
                kafkaProperties,
                groupId,
                registryDir,
                referenceDir,
                targetsDir,
                alertsFile,
                progressInterval,
                monthCloseGrace,
                gatewayHealth,
                influxUrl,
                influxDatabase,
                lateness,
                hotWindow,
                futureAllowance,
                checkpointInterval,
                parallelism,
                transactionalIdPrefix,
                pointRollupInterval,
                regionCombineInterval,
                influxWriteLanes,
                influxBatchSize,
                stateBackend,
                influxOnPermanentError);
    }

    /** Options by name, each at its default until set; {@link #build()} checks them. */
    public static final class Builder {
        private String kafkaBootstrap = DEFAULT_KAFKA_BOOTSTRAP;
        private Map<String, String> kafkaProperties = Map.of();
        private String groupId = DEFAULT_GROUP_ID;
        private Path registryDir = DEFAULT_REGISTRY_DIR;
        private Path referenceDir = DEFAULT_REFERENCE_DIR;
        private Path targetsDir = DEFAULT_TARGETS_DIR;
        private Path alertsFile = DEFAULT_ALERTS_FILE;
        private Duration progressInterval = DEFAULT_PROGRESS_INTERVAL;
        private Duration monthCloseGrace = DEFAULT_MONTH_CLOSE_GRACE;
        private GatewayHealth.Options gatewayHealth = GatewayHealth.Options.defaults();
        private String influxUrl = DEFAULT_INFLUX_URL;
        private String influxDatabase = DEFAULT_INFLUX_DATABASE;
        private Duration lateness = MessageValidator.DEFAULT_LATENESS;
        private Duration hotWindow = DEFAULT_HOT_WINDOW;
        private Duration futureAllowance = MessageValidator.DEFAULT_FUTURE_ALLOWANCE;
        private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
        private int parallelism = DEFAULT_PARALLELISM;
        private String transactionalIdPrefix = DEFAULT_TRANSACTIONAL_ID_PREFIX;
        private Duration pointRollupInterval = DEFAULT_POINT_ROLLUP_INTERVAL;
        private Duration regionCombineInterval = DEFAULT_REGION_COMBINE_INTERVAL;
        private int influxWriteLanes = DEFAULT_INFLUX_WRITE_LANES;
        private int influxBatchSize = InfluxSinkOptions.DEFAULT_BATCH_SIZE;
        private StateBackendType stateBackend = StateBackendType.HASHMAP;
        private PermanentErrorMode influxOnPermanentError = PermanentErrorMode.FAIL;

        private Builder() {}

        public Builder kafkaBootstrap(String servers) {
            this.kafkaBootstrap = servers;
            return this;
        }

        /** Client properties for security (SASL, TLS) or tuning, added to every Kafka source and sink. */
        public Builder kafkaProperties(Map<String, String> properties) {
            this.kafkaProperties = properties;
            return this;
        }

        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        /** The registry directory and the reference tables it is validated against. */
        public Builder registry(Path registryDir, Path referenceDir) {
            this.registryDir = registryDir;
            this.referenceDir = referenceDir;
            return this;
        }

        /** The region targets directory and the alert rules file. */
        public Builder targets(Path targetsDir, Path alertsFile) {
            this.targetsDir = targetsDir;
            this.alertsFile = alertsFile;
            return this;
        }

        public Builder progressInterval(Duration interval) {
            this.progressInterval = interval;
            return this;
        }

        public Builder monthCloseGrace(Duration grace) {
            this.monthCloseGrace = grace;
            return this;
        }

        public Builder gatewayHealth(GatewayHealth.Options options) {
            this.gatewayHealth = options;
            return this;
        }

        public Builder influxUrl(String url) {
            this.influxUrl = url;
            return this;
        }

        public Builder influxDatabase(String database) {
            this.influxDatabase = database;
            return this;
        }

        public Builder hotWindow(Duration hotWindow) {
            this.hotWindow = hotWindow;
            return this;
        }

        public Builder lateness(Duration lateness) {
            this.lateness = lateness;
            return this;
        }

        public Builder futureAllowance(Duration allowance) {
            this.futureAllowance = allowance;
            return this;
        }

        public Builder checkpointInterval(Duration interval) {
            this.checkpointInterval = interval;
            return this;
        }

        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        public Builder transactionalIdPrefix(String prefix) {
            this.transactionalIdPrefix = prefix;
            return this;
        }

        public Builder pointRollupInterval(Duration interval) {
            this.pointRollupInterval = interval;
            return this;
        }

        public Builder regionCombineInterval(Duration interval) {
            this.regionCombineInterval = interval;
            return this;
        }

        public Builder influxWriteLanes(int lanes) {
            this.influxWriteLanes = lanes;
            return this;
        }

        public Builder influxBatchSize(int rows) {
            this.influxBatchSize = rows;
            return this;
        }

        public Builder stateBackend(StateBackendType backend) {
            this.stateBackend = backend;
            return this;
        }

        public Builder influxOnPermanentError(PermanentErrorMode mode) {
            this.influxOnPermanentError = mode;
            return this;
        }

        /** The mode by its option value, {@code fail} or {@code dead-letter}. */
        public Builder influxOnPermanentError(String mode) {
            try {
                this.influxOnPermanentError = PermanentErrorMode.parse(mode);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("influx-on-permanent-error " + e.getMessage(), e);
            }
            return this;
        }

        public MonitoringOptions build() {
            return new MonitoringOptions(this);
        }
    }
}
