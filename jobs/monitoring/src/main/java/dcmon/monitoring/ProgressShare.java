package dcmon.monitoring;

import dcmon.core.progress.ProductUsage;
import dcmon.core.progress.YearToDate;
import dcmon.core.usage.UsageTotals;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * One enterprise's part in a region's progress for one year, as of its last evaluation: what the region sums. A
 * region keeps the latest share of each member, so a share replaces the one before rather than adding to it.
 * A Flink POJO.
 */
public final class ProgressShare {
    /** city | tier | province */
    public String level;

    public String region;
    public String enterprise;
    public int year;
    /**
     * Null for a live share; for a closed month ({@code 2026-11}), the member's figures as of the month's end, sent
     * when its snapshot of that month changed (docs/design.md, *Month close*).
     */
    public String closedMonth;

    public UsageTotals ytd;
    public UsageTotals mtd;
    public UsageTotals recent;
    public double recentDays;

    /** Product ids, with their year-to-date and month-to-date usage by index. */
    public String[] products;

    public double[] ytdOutput;
    public double[] ytdAttributedOutput;
    public double[] ytdTce;
    public double[] ytdTco2;
    public double[] mtdOutput;
    public double[] mtdAttributedOutput;
    public double[] mtdTce;
    public double[] mtdTco2;

    /** Months measured and reported, as {@code 2026-03}. */
    public String[] measured;

    public String[] reported;
    /** The twelve month totals (tce) of the year before, or null when the unit has not all of them. */
    public double[] previousYear;

    public ProgressShare() {}

    static ProgressShare of(
            String level,
            String region,
            String enterprise,
            YearToDate usage,
            List<ProductUsage> ytdProducts,
            List<ProductUsage> mtdProducts,
            UsageTotals recent,
            double recentDays,
            double[] previousYear) {
        ProgressShare s = new ProgressShare();
        s.level = level;
        s.region = region;
        s.enterprise = enterprise;
        s.year = usage.year();
        s.ytd = usage.ytd();
        s.mtd = usage.mtd();
        s.recent = recent;
        s.recentDays = recentDays;
        int n = ytdProducts.size();
        s.products = new String[n];
        s.ytdOutput = new double[n];
        s.ytdAttributedOutput = new double[n];
        s.ytdTce = new double[n];
        s.ytdTco2 = new double[n];
        s.mtdOutput = new double[n];
        s.mtdAttributedOutput = new double[n];
        s.mtdTce = new double[n];
        s.mtdTco2 = new double[n];
        for (int i = 0; i < n; i++) {
            ProductUsage y = ytdProducts.get(i);
            ProductUsage m = mtdProducts.get(i);
            s.products[i] = y.product();
            s.ytdOutput[i] = y.output();
            s.ytdAttributedOutput[i] = y.attributedOutput();
            s.ytdTce[i] = y.tce();
            s.ytdTco2[i] = y.tco2();
            s.mtdOutput[i] = m.output();
            s.mtdAttributedOutput[i] = m.attributedOutput();
            s.mtdTce[i] = m.tce();
            s.mtdTco2[i] = m.tco2();
        }
        s.measured = usage.measured().stream().map(YearMonth::toString).toArray(String[]::new);
        s.reported = usage.reported().stream().map(YearMonth::toString).toArray(String[]::new);
        s.previousYear = previousYear;
        return s;
    }

    /** The key a region keeps this share under: one per enterprise and year. */
    String memberKey() {
        return enterprise + "|" + year;
    }

    String rollupKey() {
        return level + "|" + region;
    }

    List<ProductUsage> ytdProducts() {
        List<ProductUsage> out = new ArrayList<>(products.length);
        for (int i = 0; i < products.length; i++) {
            out.add(new ProductUsage(products[i], ytdOutput[i], ytdAttributedOutput[i], ytdTce[i], ytdTco2[i]));
        }
        return out;
    }

    List<ProductUsage> mtdProducts() {
        List<ProductUsage> out = new ArrayList<>(products.length);
        for (int i = 0; i < products.length; i++) {
            out.add(new ProductUsage(products[i], mtdOutput[i], mtdAttributedOutput[i], mtdTce[i], mtdTco2[i]));
        }
        return out;
    }
}
