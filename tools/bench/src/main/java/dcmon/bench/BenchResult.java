package dcmon.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one run of a bench mode found: the {@code key=value} pairs of its RESULT line, in order, and the reasons
 * it failed, if any. A check is a key reading {@code ok} or {@code FAIL}; a failed check or requirement fails the
 * run. {@link #summarize} folds repeated runs into one line with the spread of the chosen figures.
 */
final class BenchResult {
    static final String OK = "ok";
    static final String FAIL = "FAIL";

    private final Map<String, String> fields = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();

    BenchResult(String mode) {
        fields.put("mode", mode);
    }

    BenchResult put(String key, Object value) {
        fields.put(key, String.valueOf(value));
        return this;
    }

    /** A figure with {@code decimals} digits after the point. */
    BenchResult put(String key, double value, int decimals) {
        return put(key, String.format(Locale.ROOT, "%." + decimals + "f", value));
    }

    /** A check: {@code key=ok}, or {@code key=FAIL} and the run fails for {@code reason}. */
    BenchResult check(String key, boolean ok, String reason) {
        put(key, ok ? OK : FAIL);
        return require(ok, reason);
    }

    /** Fails the run for {@code reason} unless {@code ok}. */
    BenchResult require(boolean ok, String reason) {
        if (!ok) failures.add(reason);
        return this;
    }

    boolean ok() {
        return failures.isEmpty();
    }

    List<String> failures() {
        return failures;
    }

    String get(String key) {
        return fields.get(key);
    }

    double number(String key) {
        String v = fields.get(key);
        if (v == null) throw new IllegalArgumentException("no " + key + " in " + line());
        return Double.parseDouble(v);
    }

    /** {@code mode=… key=value …}: the RESULT line without its first word. */
    String line() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            if (b.length() > 0) b.append(' ');
            b.append(f.getKey()).append('=').append(f.getValue());
        }
        return b.toString();
    }

    /**
     * One result for runs of the same command: the median run's pairs (by the first of {@code spread}), each
     * {@code spread} figure followed by its {@code _min}, {@code _median} and {@code _max} over the runs, every
     * check {@code FAIL} if it failed in any run, {@code repeat=} the number of runs, and every run's failures.
     */
    static BenchResult summarize(List<BenchResult> runs, List<String> spread) {
        List<BenchResult> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(r -> r.number(spread.get(0))));
        BenchResult median = sorted.get((sorted.size() - 1) / 2);
        BenchResult sum = new BenchResult(median.get("mode"));
        for (Map.Entry<String, String> f : median.fields.entrySet()) {
            String key = f.getKey();
            if (key.equals("mode")) continue;
            if (isCheck(f.getValue())) {
                boolean all = runs.stream().allMatch(r -> OK.equals(r.get(key)));
                sum.put(key, all ? OK : FAIL);
            } else {
                sum.put(key, f.getValue());
            }
            if (spread.contains(key)) sum.putSpread(key, runs, decimals(f.getValue()));
        }
        sum.put("repeat", runs.size());
        for (BenchResult r : runs) sum.failures.addAll(r.failures);
        return sum;
    }

    private void putSpread(String key, List<BenchResult> runs, int decimals) {
        double[] v = runs.stream().mapToDouble(r -> r.number(key)).sorted().toArray();
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        put(key + "_min", v[0], decimals);
        put(key + "_median", median, decimals);
        put(key + "_max", v[n - 1], decimals);
    }

    private static boolean isCheck(String value) {
        return value.equals(OK) || value.equals(FAIL);
    }

    private static int decimals(String number) {
        int dot = number.indexOf('.');
        return dot < 0 ? 0 : number.length() - dot - 1;
    }
}
