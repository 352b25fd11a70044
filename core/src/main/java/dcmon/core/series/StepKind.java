package dcmon.core.series;

/** How two consecutive readings of a cumulative register relate. */
public enum StepKind {
    /** the register advanced by a plausible amount (or stood still) */
    NORMAL,
    /** the register wrapped past its rollover value */
    ROLLOVER,
    /** the register dropped to near zero: a reset or meter change; the new reading counts from zero */
    RESET,
    /** the register went back by an amount that is neither a rollover nor a reset: rejected */
    NEGATIVE,
    /** the register advanced faster than the point's plausible maximum rate: held as suspect */
    SUSPECT
}
