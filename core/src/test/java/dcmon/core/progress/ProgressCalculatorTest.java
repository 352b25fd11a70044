package dcmon.core.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dcmon.core.registry.Baseline;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.FiveYearTarget;
import dcmon.core.registry.Gateway;
import dcmon.core.registry.IntensityTarget;
import dcmon.core.registry.Level;
import dcmon.core.registry.Product;
import dcmon.core.registry.ProductKind;
import dcmon.core.registry.Registry;
import dcmon.core.registry.ReportedMonth;
import dcmon.core.registry.Tier;
import dcmon.core.registry.YearTarget;
import dcmon.core.targets.CapBasis;
import dcmon.core.targets.RegionKey;
import dcmon.core.targets.RegionTargets;
import dcmon.core.targets.SubjectLevel;
import dcmon.core.usage.UsageTotals;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressCalculatorTest {
    static final double EPS = 1e-9;

    static long at(String iso) {
        return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
    }

    // ---- time share -------------------------------------------------------------------------------

    @Test
    void calendarShareCountsShanghaiDaysAndTheCurrentDaysFraction() {
        assertThat(TimeShare.calendar(2026, at("2026-07-02T12:00:00+08:00"))).isCloseTo(182.5 / 365, within(EPS));
        // a leap year has 366 days
        assertThat(TimeShare.calendar(2024, at("2024-12-31T12:00:00+08:00"))).isCloseTo(365.5 / 366, within(EPS));
        assertThat(TimeShare.calendar(2024, at("2024-03-01T00:00:00+08:00"))).isCloseTo(60.0 / 366, within(EPS));
    }

    @Test
    void theYearTurnsAtShanghaiMidnightNotUtcMidnight() {
        long newYear = at("2025-12-31T16:00:00Z"); // 2026-01-01 00:00 +08:00
        assertThat(TimeShare.calendar(2026, newYear)).isEqualTo(0.0);
        assertThat(TimeShare.calendar(2025, newYear)).isEqualTo(1.0);
        assertThat(TimeShare.calendar(2025, newYear - 3_600_000)).isCloseTo(1 - 1.0 / 24 / 365, within(EPS));
        assertThat(TimeShare.calendar(2026, at("2026-01-01T00:00:00Z"))).isCloseTo(8.0 / 24 / 365, within(EPS));
        assertThat(TimeShare.daysLeft(2026, at("2026-12-31T12:00:00+08:00"))).isCloseTo(0.5, within(EPS));
    }

    @Test
    void seasonalShareWeighsMonthsByAPreviousYear() {
        double[] monthly = {2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1};
        SeasonalProfile profile = SeasonalProfile.fromMonthlyTotals(monthly);
        assertThat(profile.weight(1)).isCloseTo(2.0 / 18, within(EPS));
        // half of the year's weight is over by 1 June; 15 of July's 31 days later two thirds and a bit
        assertThat(profile.elapsedShare(2026, at("2026-06-01T00:00:00+08:00"))).isCloseTo(10.0 / 18, within(EPS));
        assertThat(profile.elapsedShare(2026, at("2026-07-16T00:00:00+08:00")))
                .isCloseTo(12.0 / 18 + 1.0 / 18 * 15 / 31, within(EPS));
        assertThat(SeasonalProfile.fromMonthlyTotals(new double[12])).isNull();
        assertThat(SeasonalProfile.fromMonthlyTotals(new double[] {1, 2})).isNull();
    }

    // ---- projection -------------------------------------------------------------------------------

    @Test
    void projectsByTheRecentRateOrTheYearToDateRateWithoutAProfile() {
        long now = at("2026-07-02T12:00:00+08:00"); // 182.5 days elapsed, 182.5 left
        assertThat(ProgressCalculator.project(1000, 300, 30, 2026, now, null)).isCloseTo(2825, within(EPS));
        assertThat(ProgressCalculator.project(1000, 0, 0, 2026, now, null)).isCloseTo(2000, within(EPS));
    }

    @Test
    void projectsBySeasonWithAProfile() {
        assertThat(ProgressCalculator.project(1200, 300, 30, 2026, 0, 0.6)).isCloseTo(2000, within(EPS));
        assertThat(ProgressCalculator.project(1200, 0, 0, 2026, at("2026-07-02T12:00:00+08:00"), 0.0))
                .isCloseTo(2400, within(EPS)); // nothing of the profile elapsed yet: falls back to the rate
    }

    // ---- an enterprise ----------------------------------------------------------------------------

    static final String CODE = "91430111MA4L41YT1U";

    static Enterprise steel() {
        FiveYearTarget five = new FiveYearTarget(
                2025, 0.135, 0.18, List.of(new FiveYearTarget.FiveYearBase("crude-steel", 550, 1500.0)));
        YearTarget y2026 = new YearTarget(
                2026,
                new Level(3_300_000, 3_200_000.0),
                Level.of(9_000_000),
                List.of(new IntensityTarget("crude-steel", 545, 540.0)),
                List.of());
        ReportedMonth jan = new ReportedMonth(
                YearMonth.of(2026, 1), 360_000, 350_000.0, 900_000.0, Map.of("crude-steel", 600_000.0));
        return new Enterprise(
                CODE,
                "武汉示例钢铁",
                "420100",
                Tier.HUNDRED,
                "C31",
                new Baseline(2015, 3_450_000),
                List.of(
                        new Product("crude-steel", "t", 560),
                        new Product("freight-tkm", "tkm", 0.05, ProductKind.WORKLOAD, null)),
                List.of(y2026),
                List.of(new Gateway("GW01")),
                List.of(),
                five,
                List.of(jan));
    }

    /** February to June measured: 360,000 tce (340,000 policy), 880,000 t CO₂, 680,000 t steel a month. */
    static Map<Integer, UsageTotals> measured() {
        Map<Integer, UsageTotals> months = new HashMap<>();
        for (int m = 1; m <= 6; m++) {
            UsageTotals t = new UsageTotals();
            t.tce = 360_000;
            t.tcePolicy = 340_000;
            t.tceEqualValue = 500_000;
            t.tco2 = 880_000;
            t.addOutput("crude-steel", 680_000);
            months.put(m, t);
        }
        return months; // January's measured figures are replaced by the reported ones
    }

    static final long JULY_1 = at("2026-07-01T00:00:00+08:00"); // 181 of 365 days

    @Test
    void enterpriseProgressOnTheGbt2589Total() {
        Progress p = ProgressCalculator.enterprise(
                steel(), RegionTargets.NONE, 2026, JULY_1, measured(), ProgressCalculator.Recent.NONE, null);
        assertThat(p.capBasis()).isEqualTo(CapBasis.GBT2589);
        assertThat(p.monthsReported()).containsExactly(YearMonth.of(2026, 1));
        assertThat(p.monthsMeasured())
                .containsExactly(
                        YearMonth.of(2026, 2),
                        YearMonth.of(2026, 3),
                        YearMonth.of(2026, 4),
                        YearMonth.of(2026, 5),
                        YearMonth.of(2026, 6));
        assertThat(p.ytdTce()).isEqualTo(2_160_000);
        assertThat(p.ytdTcePolicy()).isEqualTo(2_050_000);
        assertThat(p.ytdTceEqualValue()).isEqualTo(2_500_000); // measured months only
        assertThat(p.ytdTco2()).isEqualTo(5_300_000);
        assertThat(p.mtdTce()).isEqualTo(0); // July has just begun
        assertThat(p.timePct()).isCloseTo(18100.0 / 365, within(EPS));
        assertThat(p.completionPct()).isCloseTo(2_160_000 / 3_300_000.0 * 100, within(EPS));
        assertThat(p.completionPct()).isCloseTo(65.454545454545, within(1e-9));
        assertThat(p.completionIncentivePct()).isCloseTo(67.5, within(EPS));
        assertThat(p.paceGapPp()).isCloseTo(65.454545454545 - 49.589041095890, within(1e-9));
        // year-to-date rate: 2,160,000 over 181 days, for 184 more days
        assertThat(p.projectedTce()).isCloseTo(2_160_000 * 365 / 181.0, within(1e-6));
        assertThat(p.projectionMethod()).isEqualTo("recent-rate");
        assertThat(p.co2CompletionPct()).isCloseTo(5_300_000 / 90_000.0, within(EPS));
    }

    @Test
    void thePolicyTotalCanBeTheCapBasis() {
        RegionTargets policy = new RegionTargets(Map.of(), Map.of(), Map.of(2026, CapBasis.POLICY));
        Progress p = ProgressCalculator.enterprise(
                steel(), policy, 2026, JULY_1, measured(), ProgressCalculator.Recent.NONE, null);
        assertThat(p.capBasis()).isEqualTo(CapBasis.POLICY);
        assertThat(p.ytdCapBasisTce()).isEqualTo(2_050_000);
        assertThat(p.ytdTce()).isEqualTo(2_160_000); // still reported
        assertThat(p.completionPct()).isCloseTo(2_050_000 / 33_000.0, within(EPS));
        assertThat(p.fields())
                .containsEntry("cap_basis", "policy")
                .containsEntry("ytd_tce", 2_160_000.0)
                .containsEntry("ytd_tce_policy", 2_050_000.0)
                .containsEntry("months_reported", 1)
                .containsEntry("reported_months", "2026-01");
    }

    @Test
    void productUnitConsumptionTargetsAndSavingsByTheProductMethod() {
        Progress p = ProgressCalculator.enterprise(
                steel(), RegionTargets.NONE, 2026, JULY_1, measured(), ProgressCalculator.Recent.NONE, null);
        ProductProgress steel = p.product("crude-steel");
        assertThat(steel.ytdOutput()).isEqualTo(4_000_000); // 600,000 reported + 5 × 680,000 measured
        assertThat(steel.ytdKgcePerUnit()).isCloseTo(540, within(EPS));
        assertThat(steel.targetKgcePerUnit()).isEqualTo(545);
        assertThat(steel.targetSource()).isEqualTo("explicit");
        assertThat(steel.targetGapPct()).isCloseTo((540 / 545.0 - 1) * 100, within(EPS));
        // against the five-year base 550: (540 − 550) kgce/t × 4,000,000 t = −40,000 tce, i.e. 40,000 tce saved
        assertThat(steel.baseYear()).isEqualTo(2025);
        assertThat(steel.energyChangeVsBaseTce()).isCloseTo(-40_000, within(1e-6));
        assertThat(steel.changeVsBasePct()).isCloseTo((540 / 550.0 - 1) * 100, within(EPS));
        assertThat(steel.fiveYearFallPct()).isCloseTo(1.818181818182, within(1e-9));
        assertThat(steel.fiveYearDuePct()).isCloseTo(2.7, within(EPS)); // 13.5 % × 1/5
        assertThat(p.energyChangeVsBaseTce()).isCloseTo(-40_000, within(1e-6));
        // carbon: 5,300,000 t over 4,000,000 t = 1325 kgCO2/t, milestone 1500 × (1 − 0.18 / 5) = 1446
        assertThat(steel.ytdKgco2PerUnit()).isCloseTo(1325, within(EPS));
        assertThat(steel.co2TargetKgco2PerUnit()).isCloseTo(1446, within(EPS));
        assertThat(steel.co2TargetSource()).isEqualTo("five-year");
        assertThat(steel.co2ChangeVsBaseT()).isCloseTo((1325 - 1500) * 4_000, within(1e-6));
        // the workload of a unit with one product gets no energy
        assertThat(p.product("freight-tkm").ytdKgcePerUnit()).isNull();
    }

    @Test
    void aYearWithoutAnExplicitIntensityTargetUsesTheFiveYearMilestone() {
        Progress p = ProgressCalculator.enterprise(
                steel(),
                RegionTargets.NONE,
                2027,
                at("2027-03-01T00:00:00+08:00"),
                measured(),
                ProgressCalculator.Recent.NONE,
                null);
        assertThat(p.capTce()).isNull();
        assertThat(p.completionPct()).isNull();
        ProductProgress steel = p.product("crude-steel");
        assertThat(steel.targetKgcePerUnit()).isCloseTo(550 * (1 - 0.135 * 2 / 5), within(EPS));
        assertThat(steel.targetSource()).isEqualTo("five-year");
        assertThat(steel.fiveYearDuePct()).isCloseTo(5.4, within(EPS));
    }

    @Test
    void seasonalProfileDrivesPaceAndProjection() {
        double[] flatFirstHalfHeavy = {2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1};
        Progress p = ProgressCalculator.enterprise(
                steel(),
                RegionTargets.NONE,
                2026,
                JULY_1,
                measured(),
                ProgressCalculator.Recent.NONE,
                SeasonalProfile.fromMonthlyTotals(flatFirstHalfHeavy));
        assertThat(p.timeSeasonalPct()).isCloseTo(1200.0 / 18, within(EPS));
        assertThat(p.paceGapPp()).isCloseTo(2_160_000 / 33_000.0 - 1200.0 / 18, within(EPS));
        assertThat(p.projectionMethod()).isEqualTo("seasonal");
        assertThat(p.projectedTce()).isCloseTo(3_240_000, within(1e-6)); // 2,160,000 ÷ 2/3
        assertThat(p.projectedPct()).isCloseTo(3_240_000 / 33_000.0, within(EPS));
    }

    @Test
    void regionProgressUsesTheSumOfItsUnitsCapsWithoutItsOwn() {
        Enterprise e = steel();
        Registry registry = new Registry(List.of(e));
        YearToDate usage = YearToDate.of(2026, JULY_1, measured(), e.reportedMonths());
        List<ProductUsage> products = ProductUsage.sum(List.of(ProductUsage.of(e, usage.ytd())));
        RegionKey wuhan = new RegionKey(SubjectLevel.CITY, "420100");
        Progress p = ProgressCalculator.region(
                wuhan,
                RegionTargets.NONE,
                registry,
                JULY_1,
                usage,
                products,
                List.of(),
                ProgressCalculator.Recent.NONE,
                null);
        assertThat(p.capTce()).isEqualTo(3_300_000);
        assertThat(p.subject().level()).isEqualTo(SubjectLevel.CITY);
        assertThat(p.product("crude-steel").ytdKgcePerUnit()).isCloseTo(540, within(EPS));
        assertThat(p.product("crude-steel").energyChangeVsBaseTce()).isNull(); // regions have no base
    }
}
