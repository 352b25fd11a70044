package dcmon.core.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.calendar.Period;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.convert.EnergyConversion;
import dcmon.core.reference.EnergyType;
import dcmon.core.reference.ReferenceData;
import dcmon.core.registry.Point;
import dcmon.core.registry.PointKind;
import dcmon.core.registry.Role;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeriodTotalsTest {
    // coefficients that are binary fractions, so every sum below is exact
    private static final ReferenceData REF = new ReferenceData(
            Map.of("raw-coal", new EnergyType("raw-coal", "原煤", "kg", 0.5, 0.25, Map.of(), "test", false)),
            Map.of(2026, 0.25),
            Map.of(2026, 0.5),
            Map.of("420000", "湖北省"),
            "420000");
    private static final EnergyConversion CONVERSION = new EnergyConversion(REF);
    private static final Point COAL = new Point(
            "P1", "GW01", "raw-coal", null, "kg", PointKind.CUMULATIVE, 0, Role.INPUT, null, 1e9, 15, false, null);
    private static final Point STEEL = new Point(
            "P2", "GW01", null, null, "t", PointKind.CUMULATIVE, 0, Role.PRODUCT, "crude-steel", 1e9, 15, false, null);

    private static long at(String iso) {
        return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
    }

    private static long key(Period p, String iso) {
        return UsageKeys.key(p, at(iso));
    }

    @Test
    void aShareCountsInItsQuarterDayMonthAndYearWithExactSums() {
        PeriodTotals totals = new PeriodTotals(new LinkedHashMap<>());
        long q1 = at("2026-11-24T10:15:00+08:00");
        long q2 = at("2026-11-24T10:30:00+08:00");
        totals.addBucketShare(CONVERSION, COAL, q1, 1000, 0);
        totals.addBucketShare(CONVERSION, COAL, q1, 2000, 1);
        totals.addBucketShare(CONVERSION, COAL, q2, 4000, 0);
        // back to the first bucket after another one: the kept totals must be those of q1 again
        totals.addBucketShare(CONVERSION, COAL, q1, 8000, 0);
        totals.addBucketShare(CONVERSION, STEEL, q2, 3.5, 0);

        Map<Long, UsageTotals> m = totals.byPeriod();
        // 1,000 kg × 0.5 kgce/kg = 0.5 tce; CO₂ 0.25 t/kg × 1,000 kg = 250 t
        assertThat(m.get(key(Period.QUARTER, "2026-11-24T10:15:00+08:00")).tce).isEqualTo(0.5 + 1.0 + 4.0);
        assertThat(m.get(key(Period.QUARTER, "2026-11-24T10:15:00+08:00")).tco2).isEqualTo(250.0 + 500 + 2000);
        assertThat(m.get(key(Period.QUARTER, "2026-11-24T10:15:00+08:00")).estimated)
                .isEqualTo(1);
        assertThat(m.get(key(Period.QUARTER, "2026-11-24T10:30:00+08:00")).tce).isEqualTo(2.0);
        assertThat(m.get(key(Period.QUARTER, "2026-11-24T10:30:00+08:00")).output("crude-steel"))
                .isEqualTo(3.5);
        for (Period p : new Period[] {Period.DAY, Period.MONTH, Period.YEAR}) {
            UsageTotals t = m.get(UsageKeys.key(p, p.start(q1)));
            assertThat(t.tce).as(p.name()).isEqualTo(7.5);
            assertThat(t.tco2).as(p.name()).isEqualTo(3750.0);
            assertThat(t.estimated).as(p.name()).isEqualTo(1);
            assertThat(t.output("crude-steel")).as(p.name()).isEqualTo(3.5);
        }
        assertThat(m).hasSize(5);
    }

    @Test
    void bucketsAcrossTheNewYearInShanghaiGoToTheirOwnDayMonthAndYear() {
        Map<Long, UsageTotals> m = new LinkedHashMap<>();
        PeriodTotals totals = new PeriodTotals(m);
        long lastOf2026 = at("2026-12-31T23:45:00+08:00");
        long firstOf2027 = at("2027-01-01T00:00:00+08:00");
        totals.addBucketShare(CONVERSION, COAL, lastOf2026, 1000, 0);
        totals.addBucketShare(CONVERSION, COAL, firstOf2027, 2000, 0);

        assertThat(m.get(UsageKeys.key(Period.YEAR, ShanghaiCalendar.yearStart(lastOf2026))).tce)
                .isEqualTo(0.5);
        assertThat(m.get(UsageKeys.key(Period.YEAR, ShanghaiCalendar.yearStart(firstOf2027))).tce)
                .isEqualTo(1.0);
        assertThat(m.get(key(Period.MONTH, "2027-01-01T00:00:00+08:00")).tce).isEqualTo(1.0);
        assertThat(m.get(key(Period.DAY, "2026-12-31T00:00:00+08:00")).tce).isEqualTo(0.5);
        // keys in first-touched order: the job emits rows in this order
        List<Period> order = new ArrayList<>();
        for (long k : m.keySet()) order.add(UsageKeys.period(k));
        assertThat(order)
                .containsExactly(
                        Period.QUARTER,
                        Period.DAY,
                        Period.MONTH,
                        Period.YEAR,
                        Period.QUARTER,
                        Period.DAY,
                        Period.MONTH,
                        Period.YEAR);
    }
}
