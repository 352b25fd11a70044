package dcmon.core.usage;

import dcmon.core.convert.FootprintBuffer;
import java.util.Arrays;

/**
 * Running totals of one enterprise or region over one period: the four energy/carbon totals, how many
 * estimated bucket shares they contain, and product (or workload) output per product id.
 * Used both as an absolute total and as a delta; a plain mutable value (a Flink POJO).
 */
public final class UsageTotals {
    public double tce;
    public double tceEqualValue;
    public double tcePolicy;
    public double tco2;
    /** Number of estimated bucket shares included; &gt; 0 means the total is (partly) estimated. */
    public int estimated;

    public String[] products = new String[0];
    public double[] outputs = new double[0];

    public UsageTotals() {}

    public void add(FootprintBuffer f) {
        tce += f.tce;
        tceEqualValue += f.tceEqualValue;
        tcePolicy += f.tcePolicy;
        tco2 += f.tco2;
    }

    public void addOutput(String product, double amount) {
        int i = indexOf(product);
        if (i < 0) {
            products = Arrays.copyOf(products, products.length + 1);
            outputs = Arrays.copyOf(outputs, outputs.length + 1);
            i = products.length - 1;
            products[i] = product;
        }
        outputs[i] += amount;
    }

    /** Adds another totals value (a delta or a part) to this one. */
    public void add(UsageTotals o) {
        tce += o.tce;
        tceEqualValue += o.tceEqualValue;
        tcePolicy += o.tcePolicy;
        tco2 += o.tco2;
        estimated += o.estimated;
        for (int i = 0; i < o.products.length; i++) addOutput(o.products[i], o.outputs[i]);
    }

    public double output(String product) {
        int i = indexOf(product);
        return i < 0 ? 0 : outputs[i];
    }

    public boolean isEstimated() {
        return estimated > 0;
    }

    private int indexOf(String product) {
        for (int i = 0; i < products.length; i++) if (products[i].equals(product)) return i;
        return -1;
    }
}
