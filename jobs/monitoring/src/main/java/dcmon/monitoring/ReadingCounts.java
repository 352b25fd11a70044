package dcmon.monitoring;

import dcmon.core.reading.RejectReason;

/** Running counts of what became of the readings counted (plain fields; the job shows them as metrics). */
final class ReadingCounts {
    long counted;
    long duplicates;
    long late;
    long resets;
    long rollovers;
    private final long[] rejected = new long[RejectReason.values().length];

    void reject(RejectReason reason) {
        rejected[reason.ordinal()]++;
    }

    long rejected(RejectReason reason) {
        return rejected[reason.ordinal()];
    }
}
