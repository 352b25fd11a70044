package dcmon.influx;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@link InfluxSink}. Build with {@link #builder(String)}; {@code username},
 * {@code password} and {@code retentionPolicy} are {@code null} when not set.
 *
 * @param url base URL of the InfluxDB HTTP API, e.g. {@code http://127.0.0.1:8086}
 * @param database database written to (default {@value #DEFAULT_DATABASE})
 * @param username user, or {@code null} when authentication is off
 * @param password password of {@code username}, or {@code null}
 * @param batchSize distinct points buffered before a write (default {@value #DEFAULT_BATCH_SIZE})
 * @param maxRetries retries of a failed write before the sink fails (default {@value #DEFAULT_MAX_RETRIES})
 * @param initialBackoff pause before the first retry, doubled for each further one (default 200 ms)
 * @param retentionPolicy retention policy written to, or {@code null} for the database's default
 * @param createDatabase whether the sink runs {@code CREATE DATABASE} when it opens (default false:
 *     it needs admin rights when authentication is on)
 * @param requestTimeout connect, read and write timeout of one HTTP request (default 30 s)
 * @param flushInterval longest time a point waits in the buffer before it is written, so dashboards follow
 *     within about this delay whatever the checkpoint interval; zero writes only when the batch is full and
 *     on checkpoints (default 1 s)
 * @param writeLanes concurrent writes per sink instance (default 1). InfluxDB parses and indexes requests in
 *     parallel, so two or more lanes raise what one sink gets through; each series always goes by the same lane,
 *     so its updates still land in order
 * @param onPermanentError what happens when InfluxDB refuses rows with an error no retry can fix (default
 *     {@link PermanentErrorMode#FAIL}; {@link PermanentErrorMode#DEAD_LETTER} needs {@link InfluxSink}'s
 *     {@link DeadLetters.Factory})
 */
public record InfluxSinkOptions(
        String url,
        String database,
        String username,
        String password,
        int batchSize,
        int maxRetries,
        Duration initialBackoff,
        String retentionPolicy,
        boolean createDatabase,
        Duration requestTimeout,
        Duration flushInterval,
        int writeLanes,
        PermanentErrorMode onPermanentError)
        implements Serializable {

    public static final String DEFAULT_DATABASE = InfluxSchema.DATABASE;
    public static final int DEFAULT_BATCH_SIZE = 5000;
    public static final int DEFAULT_MAX_RETRIES = 5;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_WRITE_LANES = 1;
    public static final PermanentErrorMode DEFAULT_ON_PERMANENT_ERROR = PermanentErrorMode.FAIL;

    public InfluxSinkOptions {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(flushInterval, "flushInterval");
        Objects.requireNonNull(onPermanentError, "onPermanentError");
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("username and password go together");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1: " + batchSize);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
        }
        if (initialBackoff.isNegative() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("backoff and timeout must be positive");
        }
        if (flushInterval.isNegative()) {
            throw new IllegalArgumentException("flushInterval must not be negative: " + flushInterval);
        }
        if (writeLanes < 1) {
            throw new IllegalArgumentException("writeLanes must be at least 1: " + writeLanes);
        }
    }

    public static Builder builder(String url) {
        return new Builder(url);
    }

    /** The defaults for everything but the URL. */
    public static InfluxSinkOptions defaults(String url) {
        return builder(url).build();
    }

    public Builder toBuilder() {
        return new Builder(url)
                .database(database)
                .credentials(username, password)
                .batchSize(batchSize)
                .maxRetries(maxRetries)
                .initialBackoff(initialBackoff)
                .retentionPolicy(retentionPolicy)
                .createDatabase(createDatabase)
                .requestTimeout(requestTimeout)
                .flushInterval(flushInterval)
                .writeLanes(writeLanes)
                .onPermanentError(onPermanentError);
    }

    /** Leaves the password out, because options end up in logs and job graphs. */
    @Override
    public String toString() {
        return "InfluxSinkOptions[url=" + url + ", database=" + database + ", username=" + username
                + ", password=" + (password == null ? null : "***") + ", batchSize=" + batchSize
                + ", maxRetries=" + maxRetries + ", initialBackoff=" + initialBackoff
                + ", retentionPolicy=" + retentionPolicy + ", createDatabase=" + createDatabase
                + ", requestTimeout=" + requestTimeout + ", flushInterval=" + flushInterval
                + ", writeLanes=" + writeLanes + ", onPermanentError=" + onPermanentError + "]";
    }

    public static final class Builder {
        private final String url;
        private String database = DEFAULT_DATABASE;
        private String username;
        private String password;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private String retentionPolicy;
        private boolean createDatabase;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
        private int writeLanes = DEFAULT_WRITE_LANES;
        private PermanentErrorMode onPermanentError = DEFAULT_ON_PERMANENT_ERROR;

        private Builder(String url) {
            this.url = url;
        }

        public Builder database(String database) {
            this.database = database;
            return this;
        }

        public Builder credentials(String username, String password) {
            this.username = username;
            this.password = password;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
            return this;
        }

        public Builder retentionPolicy(String retentionPolicy) {
            this.retentionPolicy = retentionPolicy;
            return this;
        }

        public Builder createDatabase(boolean createDatabase) {
            this.createDatabase = createDatabase;
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        public Builder flushInterval(Duration flushInterval) {
            this.flushInterval = flushInterval;
            return this;
        }

        public Builder writeLanes(int writeLanes) {
            this.writeLanes = writeLanes;
            return this;
        }

        public Builder onPermanentError(PermanentErrorMode onPermanentError) {
            this.onPermanentError = onPermanentError;
            return this;
        }

        public InfluxSinkOptions build() {
            return new InfluxSinkOptions(
                    url,
                    database,
                    username,
                    password,
                    batchSize,
                    maxRetries,
                    initialBackoff,
                    retentionPolicy,
                    createDatabase,
                    requestTimeout,
                    flushInterval,
                    writeLanes,
                    onPermanentError);
        }
    }
}
