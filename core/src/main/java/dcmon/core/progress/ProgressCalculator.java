package dcmon.core.progress;

import dcmon.core.registry.Co2IntensityTarget;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.FiveYearTarget;
import dcmon.core.registry.IntensityTarget;
import dcmon.core.registry.Product;
import dcmon.core.registry.Registry;
import dcmon.core.registry.YearTarget;
import dcmon.core.targets.CapBasis;
import dcmon.core.targets.RegionKey;
import dcmon.core.targets.RegionTargets;
import dcmon.core.targets.Regions;
import dcmon.core.targets.Subject;
import dcmon.core.usage.UsageTotals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Dual-control progress as pure functions of targets and totals.
 *
 * <p>Year-end projection: with a seasonal profile, ytd ÷ seasonal share elapsed; without one (or before any of
 * the profile's weight has elapsed), ytd + the recent daily rate × days left, the recent rate being the
 * recent window's total over its length in days (by default the last 30 days), or the year-to-date daily rate
 * when no window is given.
 */
public final class ProgressCalculator {
    private ProgressCalculator() {}

    public static final String SEASONAL = "seasonal";
    public static final String RECENT_RATE = "recent-rate";
    public static final String EXPLICIT = "explicit";
    public static final String FIVE_YEAR = "five-year";

    /**
     * A measured window just before {@code now} for the recent-rate projection.
     *
     * @param totals measured totals over the window
     * @param days   its length in days (30 by default; shorter when monitoring started later)
     */
    public record Recent(UsageTotals totals, double days) {
        public static final Recent NONE = new Recent(new UsageTotals(), 0);
    }

    /**
     * An enterprise's progress.
     *
     * @param measuredMonths measured totals by month number of {@code year}; reported months replace them
     * @param profile        seasonal profile from a previous full year of the unit's usage, or null
     */
    public static Progress enterprise(
            Enterprise e,
            RegionTargets config,
            int year,
            long now,
            Map<Integer, UsageTotals> measuredMonths,
            Recent recent,
            SeasonalProfile profile) {
        YearToDate usage = YearToDate.of(year, now, measuredMonths, e.reportedMonths());
        List<ProductProgress> products = new ArrayList<>();
        List<ProductUsage> ytd = ProductUsage.of(e, usage.ytd());
        List<ProductUsage> mtd = ProductUsage.of(e, usage.mtd());
        YearTarget target = e.target(year);
        for (int i = 0; i < ytd.size(); i++) {
            Product p = e.products().get(i);
            products.add(product(p.id(), p.unit(), year, ytd.get(i), mtd.get(i), target, e.fiveYear(), baseOf(e, p)));
        }
        return subject(
                Subject.enterprise(e),
                e.name(),
                year,
                now,
                config.capBasis(year),
                target,
                usage,
                recent,
                profile,
                products);
    }

    /**
     * A region's progress, its target its own or derived from its units' ({@link Regions#target}).
     *
     * @param usage       the region's totals: the sum of its units' {@link YearToDate}s
     * @param ytdProducts the sum of its units' {@link ProductUsage}s ({@link ProductUsage#sum}), year to date
     * @param mtdProducts the same, month to date
     */
    public static Progress region(
            RegionKey region,
            RegionTargets config,
            Registry registry,
            long now,
            YearToDate usage,
            List<ProductUsage> ytdProducts,
            List<ProductUsage> mtdProducts,
            Recent recent,
            SeasonalProfile profile) {
        int year = usage.year();
        YearTarget target = Regions.target(config, registry, region, year);
        List<ProductProgress> products = new ArrayList<>();
        for (ProductUsage y : ytdProducts) {
            ProductUsage m = mtdProducts.stream()
                    .filter(x -> x.product().equals(y.product()))
                    .findFirst()
                    .orElse(new ProductUsage(y.product(), 0, 0, 0, 0));
            products.add(product(y.product(), null, year, y, m, target, null, null));
        }
        String name = config.names().getOrDefault(region, region.code());
        return subject(
                Subject.region(region),
                name,
                year,
                now,
                config.capBasis(year),
                target,
                usage,
                recent,
                profile,
                products);
    }

    /** The subject-level figures around already computed products. */
    static Progress subject(
            Subject subject,
            String name,
            int year,
            long now,
            CapBasis basis,
            YearTarget target,
            YearToDate usage,
            Recent recent,
            SeasonalProfile profile,
            List<ProductProgress> products) {
        UsageTotals ytd = usage.ytd();
        double timeShare = TimeShare.calendar(year, now);
        Double seasonal = profile == null ? null : profile.elapsedShare(year, now);
        double paceShare = seasonal != null ? seasonal : timeShare;
        double basisYtd = basis == CapBasis.POLICY ? ytd.tcePolicy : ytd.tce;
        double basisRecent = basis == CapBasis.POLICY ? recent.totals().tcePolicy : recent.totals().tce;
        boolean bySeason = seasonal != null && seasonal > 0;
        double projected = project(basisYtd, basisRecent, recent.days(), year, now, bySeason ? seasonal : null);
        double co2Projected =
                project(ytd.tco2, recent.totals().tco2, recent.days(), year, now, bySeason ? seasonal : null);

        Double cap = target == null || target.totalCapTce() <= 0 ? null : target.totalCapTce();
        Double capIncentive = cap == null ? null : target.totalCap().incentive();
        Double co2Cap = target == null || target.co2Cap() == null
                ? null
                : target.co2Cap().basic();
        Double completion = pct(basisYtd, cap);
        Double co2Completion = pct(ytd.tco2, co2Cap);
        Double savings = null;
        for (ProductProgress p : products) {
            if (p.energyChangeVsBaseTce() != null) {
                savings = (savings == null ? 0 : savings) + p.energyChangeVsBaseTce();
            }
        }
        return new Progress(
                subject,
                name,
                year,
                now,
                basis,
                timeShare * 100,
                seasonal == null ? null : seasonal * 100,
                ytd.tce,
                ytd.tcePolicy,
                ytd.tceEqualValue,
                ytd.tco2,
                usage.mtd().tce,
                usage.mtd().tcePolicy,
                usage.mtd().tco2,
                basisYtd,
                cap,
                capIncentive,
                completion,
                pct(basisYtd, capIncentive),
                completion == null ? null : completion - paceShare * 100,
                projected,
                pct(projected, cap),
                bySeason ? SEASONAL : RECENT_RATE,
                co2Cap,
                co2Completion,
                co2Completion == null ? null : co2Completion - paceShare * 100,
                co2Projected,
                pct(co2Projected, co2Cap),
                savings,
                usage.measured(),
                usage.reported(),
                ytd.isEstimated(),
                products);
    }

    /**
     * Year-end projection: ytd ÷ seasonal share when given, else ytd + daily rate × days left (the recent
     * window's rate, or the year-to-date rate without a window).
     */
    public static double project(
            double ytd, double recent, double recentDays, int year, long now, Double seasonalShare) {
        if (seasonalShare != null && seasonalShare > 0) return ytd / seasonalShare;
        double elapsed = TimeShare.daysElapsed(year, now);
        double rate = recentDays > 0 ? recent / recentDays : elapsed > 0 ? ytd / elapsed : 0;
        return ytd + rate * TimeShare.daysLeft(year, now);
    }

    /** Base values of a product: the five-year base when given, else the registry baseline. */
    record Base(int year, double kgce, Double kgco2, boolean fiveYear) {}

    static Base baseOf(Enterprise e, Product p) {
        FiveYearTarget f = e.fiveYear();
        FiveYearTarget.FiveYearBase b = f == null ? null : f.base(p.id());
        if (b != null) return new Base(f.baseYear(), b.kgcePerUnit(), b.kgco2PerUnit(), true);
        int year = e.baseline() == null ? 0 : e.baseline().year();
        return new Base(year, p.baselineKgcePerUnit(), p.baselineKgco2PerUnit(), false);
    }

    static ProductProgress product(
            String id,
            String unit,
            int year,
            ProductUsage ytd,
            ProductUsage mtd,
            YearTarget target,
            FiveYearTarget fiveYear,
            Base base) {
        Double kgce = ytd.kgcePerUnit();
        Double kgco2 = ytd.kgco2PerUnit();
        IntensityTarget explicit = target == null ? null : target.intensity(id);
        Double milestone = fiveYear == null ? null : fiveYear.kgceMilestone(id, year);
        Double targetKgce = explicit != null ? Double.valueOf(explicit.kgcePerUnit()) : milestone;
        String source = explicit != null ? EXPLICIT : milestone != null ? FIVE_YEAR : null;
        Co2IntensityTarget co2Explicit = target == null ? null : target.co2Intensity(id);
        Double co2Milestone = fiveYear == null ? null : fiveYear.kgco2Milestone(id, year);
        Double targetKgco2 = co2Explicit != null ? Double.valueOf(co2Explicit.kgco2PerUnit()) : co2Milestone;
        String co2Source = co2Explicit != null ? EXPLICIT : co2Milestone != null ? FIVE_YEAR : null;

        Double baseKgce = base == null ? null : base.kgce();
        Double baseKgco2 = base == null ? null : base.kgco2();
        boolean track = base != null && base.fiveYear() && fiveYear != null;
        Double due = track ? fiveYear.requiredReduction() * fiveYear.dueShare(year) * 100 : null;
        Double co2Due = track && fiveYear.co2RequiredReduction() != null
                ? fiveYear.co2RequiredReduction() * fiveYear.dueShare(year) * 100
                : null;
        return new ProductProgress(
                id,
                unit,
                ytd.output(),
                mtd.output(),
                kgce,
                mtd.kgcePerUnit(),
                targetKgce,
                explicit == null ? null : explicit.incentiveKgcePerUnit(),
                source,
                gapPct(kgce, targetKgce),
                base == null ? null : base.year(),
                baseKgce,
                gapPct(kgce, baseKgce),
                change(kgce, baseKgce, ytd.attributedOutput()),
                track ? fall(kgce, baseKgce) : null,
                due,
                kgco2,
                mtd.kgco2PerUnit(),
                targetKgco2,
                co2Source,
                gapPct(kgco2, targetKgco2),
                baseKgco2,
                gapPct(kgco2, baseKgco2),
                change(kgco2, baseKgco2, ytd.attributedOutput()),
                co2Due != null ? fall(kgco2, baseKgco2) : null,
                co2Due);
    }

    /** value ÷ of × 100, or null when either is unknown or {@code of} is not positive. */
    static Double pct(Double value, Double of) {
        return value == null || of == null || of <= 0 ? null : value / of * 100;
    }

    /** (value ÷ reference − 1) × 100, or null. */
    static Double gapPct(Double value, Double reference) {
        Double p = pct(value, reference);
        return p == null ? null : p - 100;
    }

    /** (1 − value ÷ base) × 100, or null. */
    static Double fall(Double value, Double base) {
        Double p = pct(value, base);
        return p == null ? null : 100 - p;
    }

    /** GB/T 13234 product method: (current − base) per unit × output, kg to t; negative = saved. */
    static Double change(Double current, Double base, double output) {
        return current == null || base == null ? null : (current - base) * output / 1000;
    }
}
