package dcmon.monitoring;

import dcmon.core.reading.Rejection;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/** Side outputs of the job's functions. */
public final class Outputs {
    private Outputs() {}

    /** Readings and messages that are not counted, each with its reason. */
    public static final OutputTag<Rejection> REJECTED =
            new OutputTag<>("rejected", TypeInformation.of(Rejection.class));

    /** Changes of enterprise totals, to be rolled up into city, tier and province totals. */
    public static final OutputTag<RegionDelta> REGION_DELTAS =
            new OutputTag<>("region-deltas", TypeInformation.of(RegionDelta.class));

    /** Each enterprise's part of its city's, tier's and province's progress, after every evaluation. */
    public static final OutputTag<ProgressShare> PROGRESS_SHARES =
            new OutputTag<>("progress-shares", TypeInformation.of(ProgressShare.class));

    /** Alert events, encoded, for {@code dcmon.alerts}; their InfluxDB rows leave with the function's other rows. */
    public static final OutputTag<AlertMessage> ALERTS =
            new OutputTag<>("alerts", TypeInformation.of(AlertMessage.class));

    /** Month snapshots, encoded, for {@code dcmon.monthly}. */
    public static final OutputTag<MonthlyMessage> MONTHLY =
            new OutputTag<>("monthly", TypeInformation.of(MonthlyMessage.class));
}
