package dcmon.monitoring;

import dcmon.core.alert.AlertConfig;
import dcmon.core.alert.AlertConfigLoader;
import dcmon.core.config.ConfigException;
import dcmon.core.reference.ReferenceData;
import dcmon.core.registry.Registry;
import dcmon.core.targets.RegionTargets;
import dcmon.core.targets.TargetsLoader;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * What progress and alerts need besides the registry: the region targets and per-year settings, and the alert
 * rules. Read once when the job is built, unlike the registry, which reloads on change: a changed threshold or
 * region target takes a restart from the last checkpoint, which keeps every alert's state.
 *
 * @param interval how often, in event time, a subject's progress is recomputed while its usage changes
 * @param monthCloseGrace how long after a month's end (event time) the month is closed ({@link MonthClose})
 */
public record ProgressSettings(RegionTargets targets, AlertConfig alerts, long interval, long monthCloseGrace)
        implements Serializable {

    /** With the default grace of the month close. */
    public ProgressSettings(RegionTargets targets, AlertConfig alerts, long interval) {
        this(targets, alerts, interval, MonitoringOptions.DEFAULT_MONTH_CLOSE_GRACE.toMillis());
    }

    /** Loads the targets directory and the alert rules file the options name, checked against the registry. */
    public static ProgressSettings load(MonitoringOptions o, Registry registry, ReferenceData reference)
            throws ConfigException {
        ProgressSettings s =
                load(o.targetsDir(), o.alertsFile(), o.progressInterval().toMillis(), registry, reference);
        return new ProgressSettings(
                s.targets(), s.alerts(), s.interval(), o.monthCloseGrace().toMillis());
    }

    public static ProgressSettings load(
            Path targetsDir, Path alertsFile, long intervalMs, Registry registry, ReferenceData reference)
            throws ConfigException {
        return new ProgressSettings(
                TargetsLoader.load(targetsDir, reference, registry), AlertConfigLoader.load(alertsFile), intervalMs);
    }

    /**
     * How long after the record that asked for an evaluation a paused input lets the processing-time fallback run it:
     * the interval and the watermark's out-of-orderness ({@link EvaluationClock}).
     */
    public long idleFallback() {
        return interval + MonitoringJob.OUT_OF_ORDERNESS.toMillis();
    }

    /** The next evaluation time after {@code ts}: the end of the interval that holds it. */
    public long nextEvaluation(long ts) {
        return Math.floorDiv(ts, interval) * interval + interval;
    }
}
