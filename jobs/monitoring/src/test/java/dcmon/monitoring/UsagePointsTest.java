package dcmon.monitoring;

import static dcmon.monitoring.TestRegistry.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dcmon.core.calendar.Period;
import dcmon.core.registry.Enterprise;
import dcmon.core.usage.UsageTotals;
import dcmon.influx.SeriesPoint;
import org.junit.jupiter.api.Test;

/** The totals rows are made from shapes; they must be exactly the rows a builder makes by name. */
class UsagePointsTest {
    private static final long DAY = at("2026-11-24T00:00:00+08:00");

    private static UsageTotals totals(double tce, String... products) {
        UsageTotals t = new UsageTotals();
        t.tce = tce;
        t.tceEqualValue = tce * 2;
        t.tcePolicy = tce / 2;
        t.tco2 = tce * 3;
        t.estimated = 1;
        for (int i = 0; i < products.length; i++) t.addOutput(products[i], 10.5 * (i + 1));
        return t;
    }

    private static SeriesPoint.Builder byName(String measurement, UsageTotals t) {
        SeriesPoint.Builder b = SeriesPoint.builder(measurement)
                .field("tce", t.tce)
                .field("tce_equal_value", t.tceEqualValue)
                .field("tce_policy", t.tcePolicy)
                .field("tco2", t.tco2)
                .field("estimated", t.isEstimated())
                .timeMillis(DAY);
        for (int i = 0; i < t.products.length; i++) b.field("output_" + t.products[i], t.outputs[i]);
        return b;
    }

    @Test
    void anEnterpriseRowIsTheRowABuilderMakesWhateverItsProductsAndTheirOrder() {
        Enterprise steel = registry().enterprise(STEEL);
        for (UsageTotals t : new UsageTotals[] {
            totals(1.25),
            totals(2.5, "crude-steel"),
            totals(3.75, "rolled-steel", "crude-steel"),
            totals(5, "crude-steel", "rolled-steel"),
            totals(1.25)
        }) {
            SeriesPoint expected = byName("enterprise_usage", t)
                    .tag("enterprise", STEEL)
                    .tag("city", "420100")
                    .tag("tier", "hundred")
                    .tag("industry", "C31")
                    .tag("period", "day")
                    .build();
            assertThat(UsagePoints.enterpriseUsage(steel, Period.DAY, DAY, t)).isEqualTo(expected);
        }
    }

    @Test
    void aRegionRowIsTheRowABuilderMakes() {
        UsageTotals t = totals(7.5, "clinker");
        SeriesPoint expected = byName("region_usage", t)
                .tag("level", "city")
                .tag("region", "420500")
                .tag("period", "day")
                .build();
        assertThat(UsagePoints.regionUsage(UsagePoints.LEVEL_CITY, "420500", Period.DAY, DAY, t))
                .isEqualTo(expected);
    }

    @Test
    void aTotalThatIsNotFiniteIsRefusedAsByTheBuilder() {
        UsageTotals t = totals(Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> UsagePoints.regionUsage(UsagePoints.LEVEL_PROVINCE, "420000", Period.DAY, DAY, t))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tce is not finite");
    }
}
