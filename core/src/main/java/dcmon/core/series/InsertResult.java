package dcmon.core.series;

import dcmon.core.reading.RejectReason;

/** What became of a reading offered to a {@link PointSeries}. */
public enum InsertResult {
    ACCEPTED(null),
    /** accepted, and a step next to it is a register reset or meter change (alerted) */
    ACCEPTED_RESET(null),
    /** accepted, and a step next to it wrapped past the rollover value */
    ACCEPTED_ROLLOVER(null),
    /** the same (point, ts, value) again: counted once already */
    DUPLICATE(null),
    CONFLICT(RejectReason.CONFLICT),
    NEGATIVE_STEP(RejectReason.NEGATIVE_STEP),
    SUSPECT_STEP(RejectReason.SUSPECT_STEP),
    /** older than what the series still keeps: it can no longer be placed between its neighbours */
    BEFORE_FLOOR(RejectReason.TOO_LATE),
    /**
     * older than the hot window and not into a recorded gap: its interval is counted already from the readings
     * around it, which are no longer all kept
     */
    LATE_COVERED(RejectReason.LATE_COVERED);

    private final RejectReason rejectReason;

    InsertResult(RejectReason rejectReason) {
        this.rejectReason = rejectReason;
    }

    /** The reason to reject with, or null when the reading counts (or counted already). */
    public RejectReason rejectReason() {
        return rejectReason;
    }

    public boolean accepted() {
        return this == ACCEPTED || this == ACCEPTED_RESET || this == ACCEPTED_ROLLOVER;
    }
}
