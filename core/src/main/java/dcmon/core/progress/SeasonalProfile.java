package dcmon.core.progress;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Monthly weights of a year's consumption, taken from a previous full year of the subject's own usage: the share
 * of the year's total each month had. The seasonal elapsed share at an instant is the weight of the months
 * already over plus the current month's weight times its elapsed calendar share.
 */
public final class SeasonalProfile implements Serializable {
    private final double[] weights;

    private SeasonalProfile(double[] weights) {
        this.weights = weights;
    }

    /**
     * @param monthly the twelve monthly totals of a previous full year, January first
     * @return the profile, or null when the totals cannot make one (not 12, negative, or all zero)
     */
    public static SeasonalProfile fromMonthlyTotals(double[] monthly) {
        if (monthly == null || monthly.length != 12) return null;
        double sum = 0;
        for (double m : monthly) {
            if (!(m >= 0) || !Double.isFinite(m)) return null;
            sum += m;
        }
        if (sum <= 0) return null;
        double[] w = new double[12];
        for (int i = 0; i < 12; i++) w[i] = monthly[i] / sum;
        return new SeasonalProfile(w);
    }

    /** Weight of a month (1–12). */
    public double weight(int month) {
        return weights[month - 1];
    }

    /** The seasonal share of {@code year} elapsed at {@code now}, within [0, 1]. */
    public double elapsedShare(int year, long now) {
        double share = 0;
        for (int m = 1; m <= 12; m++) share += weights[m - 1] * TimeShare.month(year, m, now);
        return share;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeasonalProfile p && Arrays.equals(weights, p.weights);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(weights);
    }
}
