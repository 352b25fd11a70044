package dcmon.simulator;

import dcmon.core.reading.RejectReason;

/**
 * A fault the simulator can inject, with its command-line name and the rejection the job must produce for it
 * (null when the fault must be absorbed without a rejection: duplicates, reordering, gaps, rollovers, resets).
 */
public enum FaultKind {
    /** a QoS 1 redelivery: the identical bytes published again a few ticks later */
    DUPLICATE("dup", null),
    /** a gateway's messages of a few consecutive ticks published in reverse order */
    REORDER("reorder", null),
    /** a gateway offline for a stretch of ticks; its readings uploaded after live data resumed (store-and-forward) */
    GAP("gap", null),
    /** a register started just below its rollover value so that it wraps */
    ROLLOVER("rollover", null),
    /** a meter replaced right after a reading: the next reading is the consumption since, counted from zero */
    RESET("reset", null),
    /** the same point and ts published again later with another value */
    CONFLICT("conflict", RejectReason.CONFLICT),
    /** an extra off-grid reading far above the plausible rate */
    SPIKE("spike", RejectReason.SUSPECT_STEP),
    /** an extra off-grid reading below the previous one that is neither a rollover nor a reset */
    NEGATIVE_STEP("negative-step", RejectReason.NEGATIVE_STEP),
    /** a payload that is not JSON */
    MALFORMED_JSON("malformed", RejectReason.MALFORMED_JSON),
    /** JSON that is not a dcmon.readings/1 message (wrong schema, gateway or readings missing or mistyped) */
    WRONG_SCHEMA("wrong-schema", RejectReason.WRONG_SCHEMA),
    /** a readings message on the topic of an enterprise that is not registered */
    UNKNOWN_ENTERPRISE("unknown-enterprise", RejectReason.UNKNOWN_ENTERPRISE),
    /** a readings message on the topic of a gateway the enterprise does not have */
    UNKNOWN_GATEWAY("unknown-gateway", RejectReason.UNKNOWN_GATEWAY),
    /** a message whose payload gateway differs from the topic's gateway */
    GATEWAY_MISMATCH("gateway-mismatch", RejectReason.GATEWAY_MISMATCH),
    /** a reading of the enterprise's own point sent through another of its gateways */
    FOREIGN_GATEWAY_POINT("foreign-gateway-point", RejectReason.GATEWAY_MISMATCH),
    /** a reading of a point registered nowhere */
    UNKNOWN_POINT("unknown-point", RejectReason.UNKNOWN_POINT),
    /** a reading on enterprise B's topic carrying a point only enterprise A has */
    SPOOF("spoof", RejectReason.ENTERPRISE_MISMATCH),
    /** a reading whose ts is missing, unparseable or without offset */
    BAD_TIMESTAMP("bad-ts", RejectReason.BAD_TIMESTAMP),
    /** a reading whose value is missing, null or not a number */
    BAD_VALUE("bad-value", RejectReason.BAD_VALUE),
    /** a reading with a value below zero */
    NEGATIVE_VALUE("negative-value", RejectReason.NEGATIVE_VALUE),
    /** a reading stamped a day ahead of now */
    FUTURE_TIMESTAMP("future", RejectReason.FUTURE_TIMESTAMP),
    /** a reading older than the job's lateness */
    TOO_LATE("too-late", RejectReason.TOO_LATE),
    /**
     * a re-sent reading of a cumulative point from beyond the job's hot window (72 h behind the point's newest
     * reading), into a stretch its other readings already counted
     */
    LATE_COVERED("late-covered", RejectReason.LATE_COVERED),
    /** a payload above 256 KiB */
    OVERSIZED("oversized", RejectReason.OVERSIZED);

    private final String cliName;
    private final RejectReason reason;

    FaultKind(String cliName, RejectReason reason) {
        this.cliName = cliName;
        this.reason = reason;
    }

    /** Name used in {@code --faults} lists and in the ground truth. */
    public String cliName() {
        return cliName;
    }

    /** The rejection the job must produce, or null when the fault must be absorbed. */
    public RejectReason reason() {
        return reason;
    }

    /** Faults decided per tick that must not overlap each other or a gap/reorder window. */
    boolean orderSensitive() {
        return this == RESET || this == CONFLICT || this == SPIKE || this == NEGATIVE_STEP;
    }

    /** Faults added as an extra, standalone message. */
    boolean messageLevel() {
        return this == MALFORMED_JSON
                || this == WRONG_SCHEMA
                || this == UNKNOWN_ENTERPRISE
                || this == UNKNOWN_GATEWAY
                || this == GATEWAY_MISMATCH
                || this == OVERSIZED;
    }

    /** Faults added as an extra reading to a regular message of the gateway. */
    boolean readingLevel() {
        return this == FOREIGN_GATEWAY_POINT
                || this == UNKNOWN_POINT
                || this == SPOOF
                || this == BAD_TIMESTAMP
                || this == BAD_VALUE
                || this == NEGATIVE_VALUE
                || this == FUTURE_TIMESTAMP
                || this == TOO_LATE
                || this == LATE_COVERED;
    }

    public static FaultKind ofCliName(String name) {
        for (FaultKind k : values()) if (k.cliName.equals(name)) return k;
        throw new IllegalArgumentException("unknown fault '" + name + "'; known: " + names());
    }

    public static String names() {
        StringBuilder b = new StringBuilder();
        for (FaultKind k : values()) {
            if (b.length() > 0) b.append(',');
            b.append(k.cliName);
        }
        return b.toString();
    }
}
