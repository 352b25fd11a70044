package dcmon.monitoring;

import dcmon.core.usage.UsageTotals;

/** Usage totals for tests, with binary-exact values so that sums compare exactly. */
final class TestTotals {
    private TestTotals() {}

    /** @param productAmount product id, amount, product id, amount, … */
    static UsageTotals of(
            double tce, double tceEqualValue, double tcePolicy, double tco2, int estimated, Object... productAmount) {
        UsageTotals t = new UsageTotals();
        t.tce = tce;
        t.tceEqualValue = tceEqualValue;
        t.tcePolicy = tcePolicy;
        t.tco2 = tco2;
        t.estimated = estimated;
        for (int i = 0; i < productAmount.length; i += 2)
            t.addOutput((String) productAmount[i], ((Number) productAmount[i + 1]).doubleValue());
        return t;
    }
}
