package dcmon.cli.chaos;

import java.util.List;
import java.util.Locale;

/** The outcome of a chaos run: the check before the first fault, one per fault, and the summary line. */
public record ChaosReport(List<Check> checks) {
    /** The name of the check before any fault. */
    static final String BASELINE = "baseline";

    public ChaosReport {
        checks = List.copyOf(checks);
    }

    /** Faults injected (the baseline check is not one). */
    public long faults() {
        return checks.stream().filter(c -> !c.name().equals(BASELINE)).count();
    }

    /**
     * What one check found.
     *
     * @param recoverySeconds from the moment the fault was undone until the results were exact (or the limit)
     * @param lost            values below the ground truth or missing when the limit was reached, not reported by an
     *                        earlier check (-1: InfluxDB did not answer)
     * @param doubleCounted   values above the ground truth or not expected at all, not reported earlier
     * @param alertEvents     committed events on dcmon.alerts so far
     * @param repeatedAlerts  events repeating an (id, seq) already there, not reported earlier
     * @param published       messages the gateways had published
     */
    public record Check(
            String name,
            String description,
            boolean exact,
            double recoverySeconds,
            long lost,
            long doubleCounted,
            long alertEvents,
            long repeatedAlerts,
            long published,
            String problem) {
        /** Whether nothing was lost, counted twice or repeated, and the fault went as expected. */
        public boolean ok() {
            return exact && repeatedAlerts == 0 && problem.isEmpty();
        }

        /** This check with what the fault observed added to its description and what went wrong to its problem. */
        Check with(List<String> observations, List<String> problems) {
            String d =
                    observations.isEmpty() ? description : description + " (" + String.join(", ", observations) + ")";
            List<String> all = new java.util.ArrayList<>(problems); // how the fault went first
            if (!problem.isEmpty()) all.add(problem);
            return new Check(
                    name,
                    d,
                    exact,
                    recoverySeconds,
                    lost,
                    doubleCounted,
                    alertEvents,
                    repeatedAlerts,
                    published,
                    String.join("; ", all));
        }

        String line() {
            return String.format(
                            Locale.ROOT,
                            "%-20s %s  recovered in %.1f s  lost=%d double_counted=%d alerts=%d repeated=%d published=%d  %s",
                            name,
                            ok() ? "exact" : "FAILED",
                            recoverySeconds,
                            Math.max(lost, 0),
                            doubleCounted,
                            alertEvents,
                            repeatedAlerts,
                            published,
                            description)
                    + (problem.isEmpty() ? "" : " — " + problem);
        }
    }

    /** Values found short or missing, each counted by the check after the fault that left it so. */
    public long lost() {
        return checks.stream().mapToLong(c -> c.lost() < 0 ? 1 : c.lost()).sum();
    }

    /** Values found too high or unexpected, and alert events repeated. */
    public long doubleCounted() {
        return checks.stream()
                .mapToLong(c -> c.doubleCounted() + c.repeatedAlerts())
                .sum();
    }

    public double maxRecoverySeconds() {
        return checks.stream().mapToDouble(Check::recoverySeconds).max().orElse(0);
    }

    /** Whether every check was exact. */
    public boolean ok() {
        return checks.stream().allMatch(Check::ok);
    }

    public String resultLine() {
        return String.format(
                Locale.ROOT,
                "RESULT mode=chaos faults=%d lost=%d double_counted=%d max_recovery_s=%.1f",
                faults(),
                lost(),
                doubleCounted(),
                maxRecoverySeconds());
    }
}
