package dcmon.core.alert;

/**
 * Applies a rule's thresholds to a value. Pure.
 *
 * <p>Hysteresis: for the severity an alert already holds and the ones below it, the threshold is moved by the
 * rule's clear margin in the clearing direction (down for rules where larger is worse); higher severities use
 * their plain thresholds. A value hovering at a threshold therefore does not switch the alert on and off.
 */
public final class RuleEvaluator {
    private RuleEvaluator() {}

    /** The highest severity the value reaches, or null. */
    public static Evaluation evaluate(RuleConfig rule, double value) {
        return evaluate(rule, value, null);
    }

    /**
     * @param held the severity the alert currently holds, or null when it is not active
     * @return the highest severity the value reaches with hysteresis, or null when none (the condition ended)
     */
    public static Evaluation evaluate(RuleConfig rule, double value, Severity held) {
        Severity[] all = Severity.values();
        for (int i = all.length - 1; i >= 0; i--) {
            Severity s = all[i];
            Double t = rule.thresholds().get(s);
            if (t == null) continue;
            double effective = held != null && s.compareTo(held) <= 0 ? relaxed(rule, t) : t;
            if (rule.compare().passes(value, effective)) return new Evaluation(s, t);
        }
        return null;
    }

    private static double relaxed(RuleConfig rule, double threshold) {
        return rule.compare().upward() ? threshold - rule.clearMargin() : threshold + rule.clearMargin();
    }
}
