package dcmon.simulator;

import dcmon.core.config.ConfigException;
import dcmon.core.config.TrustedCa;
import dcmon.core.reading.MessageValidator;
import dcmon.core.reference.ReferenceData;
import dcmon.core.reference.ReferenceLoader;
import dcmon.core.registry.Registry;
import dcmon.core.registry.RegistryLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.SocketFactory;

/**
 * Everything a simulator run needs. Build with {@link #builder()}; every setter also has a string form so a
 * command line maps onto it flag by flag. {@link Builder#build()} checks the combination and loads the
 * registry and reference tables when given as directories.
 */
public final class SimulatorOptions {
    public static final Set<Integer> CADENCES = Set.of(1, 5, 15);
    public static final String DEFAULT_MQTT_URL = "tcp://127.0.0.1:1883";
    public static final String DEFAULT_CLIENT_ID = "dcmon-simulator";
    public static final long DEFAULT_SEED = 1;

    private final Registry registry;
    private final ReferenceData reference;
    private final String mqttUrl;
    private final String clientId;
    private final String username;
    private final char[] password;
    private final Map<String, GatewayLogin> gatewayLogins;
    private final Path mqttCaFile;
    private final Instant from;
    private final Instant to;
    private final int cadenceMinutes;
    private final Mode mode;
    private final double maxMessagesPerSecond;
    private final double speed;
    private final int uploadTicksPerMessage;
    private final int maxInFlight;
    private final boolean connectionPerGateway;
    private final Faults faults;
    private final Scenarios scenarios;
    private final long seed;
    private final Duration lateness;
    private final Duration hotWindow;
    private final Path groundTruthFile;
    private final Clock clock;
    private final Consumer<OutgoingMessage> onPublish;

    private SimulatorOptions(Builder b, Registry registry, ReferenceData reference, Scenarios scenarios) {
        this.registry = registry;
        this.reference = reference;
        this.mqttUrl = b.mqttUrl;
        this.clientId = b.clientId;
        this.username = b.username;
        this.password = b.password;
        this.gatewayLogins = Map.copyOf(b.gatewayLogins);
        this.mqttCaFile = b.mqttCaFile;
        this.from = b.from;
        this.to = b.to;
        this.cadenceMinutes = b.cadenceMinutes;
        this.mode = b.mode;
        this.maxMessagesPerSecond = b.maxMessagesPerSecond;
        this.speed = b.speed;
        this.uploadTicksPerMessage = b.uploadTicksPerMessage;
        this.maxInFlight = b.maxInFlight;
        this.connectionPerGateway = b.connectionPerGateway;
        this.faults = b.faults;
        this.scenarios = scenarios;
        this.seed = b.seed;
        this.lateness = b.lateness;
        this.hotWindow = b.hotWindow;
        this.groundTruthFile = b.groundTruthFile;
        this.clock = b.clock;
        this.onPublish = b.onPublish;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Registry registry() {
        return registry;
    }

    public ReferenceData reference() {
        return reference;
    }

    public String mqttUrl() {
        return mqttUrl;
    }

    public String clientId() {
        return clientId;
    }

    public String username() {
        return username;
    }

    public char[] password() {
        return password == null ? null : password.clone();
    }

    /** Each gateway's own login by {@link GatewayLogin#key}; empty: every connection uses {@link #username()}. */
    public Map<String, GatewayLogin> gatewayLogins() {
        return gatewayLogins;
    }

    /** The CA an {@code ssl://} broker must present a certificate from; null: the JVM's default trust. */
    public Path mqttCaFile() {
        return mqttCaFile;
    }

    /** Sockets for the MQTT connections: TLS trusting {@link #mqttCaFile()}, or null for Paho's default. */
    SocketFactory socketFactory() {
        return mqttCaFile == null ? null : TrustedCa.socketFactory(mqttCaFile);
    }

    /** First tick (rounded up to the cadence). */
    public Instant from() {
        return from;
    }

    /** Last tick, inclusive (totals cover [from, to)); null in LIVE mode means: until stopped. */
    public Instant to() {
        return to;
    }

    public int cadenceMinutes() {
        return cadenceMinutes;
    }

    public Mode mode() {
        return mode;
    }

    /** Publish rate limit; 0 means unlimited. */
    public double maxMessagesPerSecond() {
        return maxMessagesPerSecond;
    }

    /** LIVE catch-up: simulated seconds per wall-clock second (never beyond now); 0 means as fast as allowed. */
    public double speed() {
        return speed;
    }

    /** Ticks batched into one store-and-forward upload message. */
    public int uploadTicksPerMessage() {
        return uploadTicksPerMessage;
    }

    /** Publishes awaiting their PUBACK at most (also bounded by the broker's receive maximum). */
    public int maxInFlight() {
        return maxInFlight;
    }

    /** One MQTT connection per gateway, each with its Last Will, as real gateways connect; else one for all. */
    public boolean connectionPerGateway() {
        return connectionPerGateway;
    }

    public Faults faults() {
        return faults;
    }

    /** The scenarios, their units resolved against the registry ({@link Scenarios#none()} by default). */
    public Scenarios scenarios() {
        return scenarios;
    }

    public long seed() {
        return seed;
    }

    /** The job's hot window: the late-covered fault re-sends a reading from beyond it. */
    public Duration hotWindow() {
        return hotWindow;
    }

    /** The job's lateness: readings older than this are too late (the too-late fault goes beyond it). */
    public Duration lateness() {
        return lateness;
    }

    /** Where to write the ground truth JSON at the end, or null. */
    public Path groundTruthFile() {
        return groundTruthFile;
    }

    public Clock clock() {
        return clock;
    }

    /** Called for each message after it was handed to the MQTT client, in publish order; null for none. */
    public Consumer<OutgoingMessage> onPublish() {
        return onPublish;
    }

    public static final class Builder {
        private Registry registry;
        private ReferenceData reference;
        private Path registryDir;
        private Path referenceDir;
        private String mqttUrl = DEFAULT_MQTT_URL;
        private String clientId = DEFAULT_CLIENT_ID;
        private String username;
        private char[] password;
        private final Map<String, GatewayLogin> gatewayLogins = new LinkedHashMap<>();
        private Path mqttCaFile;
        private Instant from;
        private Instant to;
        private int cadenceMinutes = 15;
        private Mode mode = Mode.HISTORY;
        private double maxMessagesPerSecond;
        private double speed;
        private int uploadTicksPerMessage = 4;
        private int maxInFlight = 1000;
        private boolean connectionPerGateway = true;
        private Faults faults = Faults.none();
        private Scenarios scenarios = Scenarios.none();
        private long seed = DEFAULT_SEED;
        private Duration lateness = MessageValidator.DEFAULT_LATENESS;
        private Duration hotWindow = Duration.ofHours(72);
        private Path groundTruthFile;
        private Clock clock = Clock.systemUTC();
        private Consumer<OutgoingMessage> onPublish;

        private Builder() {}

        public Builder registry(Registry r) {
            this.registry = r;
            return this;
        }

        public Builder reference(ReferenceData r) {
            this.reference = r;
            return this;
        }

        /** Registry YAML directory, loaded at {@link #build()} unless a {@link Registry} is given. */
        public Builder registryDir(Path dir) {
            this.registryDir = dir;
            return this;
        }

        /** Reference tables directory, loaded at {@link #build()} unless {@link ReferenceData} is given. */
        public Builder referenceDir(Path dir) {
            this.referenceDir = dir;
            return this;
        }

        public Builder mqttUrl(String url) {
            this.mqttUrl = url;
            return this;
        }

        public Builder clientId(String id) {
            this.clientId = id;
            return this;
        }

        public Builder credentials(String username, char[] password) {
            this.username = username;
            this.password = password == null ? null : password.clone();
            return this;
        }

        /**
         * Each gateway connects with its own login (key {@code enterprise/gateway}), as the broker's ACL expects; a
         * gateway without one cannot connect.
         */
        public Builder gatewayLogins(Map<String, GatewayLogin> logins) {
            this.gatewayLogins.clear();
            this.gatewayLogins.putAll(logins);
            return this;
        }

        /** PEM file of the CA the {@code ssl://} broker's certificate must come from. */
        public Builder mqttCaFile(Path file) {
            this.mqttCaFile = file;
            return this;
        }

        public Builder from(Instant t) {
            this.from = t;
            return this;
        }

        /** ISO-8601 with offset ({@code 2026-11-24T00:00+08:00}), an instant ({@code ...Z}), or a Shanghai local time. */
        public Builder from(String t) {
            return from(parseTime("from", t));
        }

        public Builder to(Instant t) {
            this.to = t;
            return this;
        }

        public Builder to(String t) {
            return to(t == null || t.isBlank() ? null : parseTime("to", t));
        }

        public Builder cadenceMinutes(int m) {
            this.cadenceMinutes = m;
            return this;
        }

        public Builder mode(Mode m) {
            this.mode = m;
            return this;
        }

        public Builder mode(String m) {
            return mode(Mode.parse(m));
        }

        public Builder maxMessagesPerSecond(double r) {
            this.maxMessagesPerSecond = r;
            return this;
        }

        public Builder speed(double s) {
            this.speed = s;
            return this;
        }

        public Builder uploadTicksPerMessage(int n) {
            this.uploadTicksPerMessage = n;
            return this;
        }

        public Builder maxInFlight(int n) {
            this.maxInFlight = n;
            return this;
        }

        public Builder connectionPerGateway(boolean v) {
            this.connectionPerGateway = v;
            return this;
        }

        public Builder faults(Faults f) {
            this.faults = Objects.requireNonNull(f, "faults");
            return this;
        }

        /** {@code all}, {@code none} or a list such as {@code dup,reorder,gap} (see {@link Faults#parse}). */
        public Builder faults(String spec) {
            return faults(Faults.parse(spec));
        }

        public Builder scenarios(Scenarios s) {
            this.scenarios = Objects.requireNonNull(s, "scenarios");
            return this;
        }

        /**
         * {@code none}, {@code demo} or kinds to pick units for, plus explicit entries such as
         * {@code silent-gateway:CODE/GW01@wall:2m} (see {@link Scenarios#parse}).
         */
        public Builder scenarios(String base, List<String> explicit) {
            return scenarios(Scenarios.parse(base, explicit));
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public Builder lateness(Duration d) {
            this.lateness = d;
            return this;
        }

        /** {@code 35d}, {@code 36h}, {@code 90m} or an ISO-8601 duration ({@code P35D}). */
        public Builder lateness(String d) {
            return lateness(parseDuration(d));
        }

        public Builder hotWindow(Duration d) {
            this.hotWindow = d;
            return this;
        }

        /** As {@link #lateness(String)}: {@code 72h} or {@code PT72H}. */
        public Builder hotWindow(String d) {
            return hotWindow(parseDuration(d));
        }

        public Builder groundTruthFile(Path file) {
            this.groundTruthFile = file;
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        public Builder onPublish(Consumer<OutgoingMessage> listener) {
            this.onPublish = listener;
            return this;
        }

        /**
         * Checks the options and loads registry and reference data given as directories.
         *
         * @throws IllegalArgumentException for an invalid combination
         * @throws ConfigException when a registry or reference directory does not load
         */
        public SimulatorOptions build() throws ConfigException {
            ReferenceData ref = reference;
            if (ref == null) {
                if (referenceDir == null)
                    throw new IllegalArgumentException("reference data or a reference directory is required");
                ref = ReferenceLoader.load(referenceDir);
            }
            Registry reg = registry;
            if (reg == null) {
                if (registryDir == null)
                    throw new IllegalArgumentException("a registry or a registry directory is required");
                reg = RegistryLoader.load(registryDir, ref);
            }
            check();
            Scenarios resolved = scenarios.isNone() ? scenarios : scenarios.resolve(reg, from);
            return new SimulatorOptions(this, reg, ref, resolved);
        }

        private void check() {
            if (!CADENCES.contains(cadenceMinutes))
                throw new IllegalArgumentException("cadence must be 1, 5 or 15 minutes, not " + cadenceMinutes);
            if (from == null) throw new IllegalArgumentException("from is required");
            if (mode == Mode.HISTORY && to == null)
                throw new IllegalArgumentException("to is required in HISTORY mode");
            if (to != null && to.isBefore(from))
                throw new IllegalArgumentException("to " + to + " is before from " + from);
            if (maxMessagesPerSecond < 0 || Double.isNaN(maxMessagesPerSecond))
                throw new IllegalArgumentException("maxMessagesPerSecond must be >= 0");
            if (speed < 0 || Double.isNaN(speed)) throw new IllegalArgumentException("speed must be >= 0");
            if (uploadTicksPerMessage < 1) throw new IllegalArgumentException("uploadTicksPerMessage must be >= 1");
            if (maxInFlight < 1) throw new IllegalArgumentException("maxInFlight must be >= 1");
            if (lateness == null || lateness.isNegative() || lateness.isZero())
                throw new IllegalArgumentException("lateness must be positive");
            if (hotWindow == null || hotWindow.compareTo(Duration.ofHours(24)) < 0)
                throw new IllegalArgumentException("hot-window must be at least 24h, as the job's, was " + hotWindow);
            if (mqttUrl == null || mqttUrl.isBlank()) throw new IllegalArgumentException("mqttUrl is required");
            if (clientId == null || clientId.isBlank()) throw new IllegalArgumentException("clientId is required");
            if (!gatewayLogins.isEmpty() && !connectionPerGateway) {
                throw new IllegalArgumentException(
                        "per-gateway logins need a connection per gateway: drop the single connection");
            }
            if (mqttCaFile != null && !mqttUrl.startsWith("ssl://")) {
                throw new IllegalArgumentException(
                        "a CA file is for TLS: the MQTT URL must start with ssl://, was " + mqttUrl);
            }
            if (mqttCaFile != null) TrustedCa.socketFactory(mqttCaFile); // a bad file fails here, named
            // the ground truth assumes every regular reading is accepted: none may be in the future or too late
            Instant now = clock.instant();
            if (mode == Mode.HISTORY && to.isAfter(now)) {
                throw new IllegalArgumentException(
                        "to " + to + " is after now " + now + ": HISTORY publishes only past ticks (use LIVE)");
            }
            Instant oldest = now.minus(lateness).plus(Duration.ofHours(1));
            if (from.isBefore(oldest)) {
                throw new IllegalArgumentException("from " + from + " is beyond the job's lateness of " + lateness
                        + " (earliest accepted: " + oldest + "); raise lateness to match the job's setting");
            }
        }
    }

    static Instant parseTime(String what, String s) {
        String t = Objects.requireNonNull(s, what).trim();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return Instant.parse(t);
            } catch (DateTimeParseException notInstant) {
                try {
                    return LocalDateTime.parse(t).toInstant(ZoneOffset.ofHours(8));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(what + ": '" + s + "' is not an ISO-8601 time", e);
                }
            }
        }
    }

    static Duration parseDuration(String s) {
        String t = Objects.requireNonNull(s, "duration").trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) return Duration.parse(t.toUpperCase(Locale.ROOT));
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 'd' -> Duration.ofDays(n);
                case 'h' -> Duration.ofHours(n);
                case 'm' -> Duration.ofMinutes(n);
                case 's' -> Duration.ofSeconds(n);
                default -> throw new IllegalArgumentException("unit must be d, h, m or s");
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + s + "' is not a duration such as 35d, 36h or P35D", e);
        }
    }

    /** The shortest of {@code 2d}, {@code 36h}, {@code 90m} or {@code 45s} that states the duration exactly. */
    static String formatDuration(Duration d) {
        long s = d.getSeconds();
        if (s % 86_400 == 0) return s / 86_400 + "d";
        if (s % 3_600 == 0) return s / 3_600 + "h";
        if (s % 60 == 0) return s / 60 + "m";
        return s + "s";
    }
}
