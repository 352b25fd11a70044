package dcmon.core.progress;

import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Product;
import dcmon.core.registry.ProductKind;
import dcmon.core.usage.UsageTotals;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One product's output and the energy attributed to it over a period.
 *
 * <p>Attribution is kept simple: a unit that declares exactly one product of kind {@code product} attributes
 * its whole GB/T 2589 consumption and CO₂ to it; a unit without products and exactly one workload attributes
 * them to the workload. Otherwise nothing is attributed (points do not yet carry a product), and the unit
 * consumption of such products is left empty. Regions add their units' figures; unit consumption is then the
 * attributed energy over the output of the units that attributed it.
 *
 * @param output           total output, in the product's unit
 * @param attributedOutput output of the units whose energy is attributed to this product
 * @param tce              attributed GB/T 2589 consumption, tce
 * @param tco2             attributed CO₂, t
 */
public record ProductUsage(String product, double output, double attributedOutput, double tce, double tco2) {

    /** kgce per unit, or null when nothing is attributed. */
    public Double kgcePerUnit() {
        return attributedOutput > 0 ? tce * 1000 / attributedOutput : null;
    }

    /** kgCO₂ per unit, or null when nothing is attributed. */
    public Double kgco2PerUnit() {
        return attributedOutput > 0 ? tco2 * 1000 / attributedOutput : null;
    }

    /** The enterprise's products over one period's totals, in declaration order. */
    public static List<ProductUsage> of(Enterprise e, UsageTotals t) {
        String whole = wholeEnergyProduct(e);
        List<ProductUsage> out = new ArrayList<>();
        for (Product p : e.products()) {
            double output = t.output(p.id());
            boolean attributed = p.id().equals(whole) && output > 0;
            out.add(new ProductUsage(
                    p.id(), output, attributed ? output : 0, attributed ? t.tce : 0, attributed ? t.tco2 : 0));
        }
        return out;
    }

    /** The product that takes the unit's whole energy, or null (see the class comment). */
    public static String wholeEnergyProduct(Enterprise e) {
        List<Product> products = e.products().stream()
                .filter(p -> p.kind() != ProductKind.WORKLOAD)
                .toList();
        List<Product> workloads = e.products().stream()
                .filter(p -> p.kind() == ProductKind.WORKLOAD)
                .toList();
        if (products.size() == 1) return products.get(0).id();
        if (products.isEmpty() && workloads.size() == 1) return workloads.get(0).id();
        return null;
    }

    /** Per-product sums over several subjects' lists (a region's units), by product id in first-seen order. */
    public static List<ProductUsage> sum(List<List<ProductUsage>> parts) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (List<ProductUsage> part : parts) {
            for (ProductUsage u : part) {
                double[] s = sums.computeIfAbsent(u.product(), k -> new double[4]);
                s[0] += u.output;
                s[1] += u.attributedOutput;
                s[2] += u.tce;
                s[3] += u.tco2;
            }
        }
        List<ProductUsage> out = new ArrayList<>();
        sums.forEach((p, s) -> out.add(new ProductUsage(p, s[0], s[1], s[2], s[3])));
        return out;
    }
}
