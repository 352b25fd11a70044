package dcmon.monitoring;

import dcmon.core.reading.Rejection;

/** Where counting sends what is not a row: rejected readings and the changes of the enterprise totals. */
interface UsageOutputs {
    void rejected(Rejection r);

    void regionDelta(RegionDelta d);
}
